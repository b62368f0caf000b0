"""An empty .xlsx template per kind: the expected headers, help in the second row, ready to fill in Excel."""

from __future__ import annotations

import io

from services.ingest.imports.kinds import Column, KindSpec, ValueType

_HEADER_FILL = "FFDDE6F0"
_HELP_FILL = "FFF4F4F4"
_BOOL_LIST = '"oui,non"'
_FILLED_ROWS = 2000  # how far down the oui/non drop-downs reach


def header_text(column: Column, locale: str) -> str:
    """The header cell; a required column is marked with `` *`` (ignored when the file is read back)."""
    return column.label(locale) + (" *" if column.required else "")


def write_template(spec: KindSpec, locale: str = "fr") -> bytes:
    """The template of ``spec`` as .xlsx bytes: frozen header, help row, column widths, oui/non drop-downs."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (spec.label_en if locale == "en" else spec.label_fr)[:31]
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    help_fill = PatternFill("solid", fgColor=_HELP_FILL)
    help_font = Font(italic=True, color="FF555555")
    wrap = Alignment(wrap_text=True, vertical="top")
    yes_no = DataValidation(type="list", formula1=_BOOL_LIST, allow_blank=True)
    yes_no.error = "oui ou non / yes or no"
    yes_no.errorTitle = "festplan"
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index, value=header_text(column, locale))
        head.font, head.fill = bold, header_fill
        help_text = column.help_en if locale == "en" else column.help_fr
        helper = sheet.cell(row=2, column=index, value=help_text)
        helper.font, helper.fill, helper.alignment = help_font, help_fill, wrap
        if column.required:
            head.comment = Comment("Obligatoire / Required", "festplan")
        sheet.column_dimensions[letter].width = max(column.width, len(head.value) + 2)
        if column.type == ValueType.boolean:
            yes_no.add(f"{letter}3:{letter}{_FILLED_ROWS}")
        if column.type in (ValueType.code, ValueType.text):  # keep 03000 and 1-2 as typed
            for row in range(3, 3 + 200):
                sheet.cell(row=row, column=index).number_format = "@"
    if yes_no.sqref:
        sheet.add_data_validation(yes_no)
    sheet.row_dimensions[2].height = 45
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
