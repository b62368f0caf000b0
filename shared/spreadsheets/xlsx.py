"""The first sheet of an .xlsx, streamed by openpyxl's read-only mode and counted row by row.

Called after :func:`shared.spreadsheets.guard.check_xlsx` has bounded the archive and its XML; the
sheet's declared dimension is still never trusted (it would make openpyxl pad every row to its width) and
rows and columns are counted again as they come, so no limit depends on a single check.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from shared.spreadsheets.guard import ImportLimits
from shared.spreadsheets.problems import FileProblem

#: What openpyxl raises on a workbook it cannot understand (XML syntax errors are ``SyntaxError``s).
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError, IndexError, AttributeError)


def xlsx_rows(data: bytes, limits: ImportLimits) -> list[list[Any]]:
    """The first sheet, streamed: its declared dimension is ignored and rows are counted as they come."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _XLSX_ERRORS:
        raise FileProblem("file.not_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # a declared A1:XFD1048576 would pad every row to 16,384 cells
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > limits.max_rows:  # the header, then the data rows
                raise FileProblem("file.too_many_rows", limit=limits.max_rows)
            if len(row) > limits.max_columns:
                raise FileProblem("file.too_many_columns", limit=limits.max_columns, line=len(rows) + 1)
            rows.append(list(row))
        return rows
    except FileProblem:
        raise
    except _XLSX_ERRORS:
        raise FileProblem("file.not_xlsx") from None
    finally:
        workbook.close()
