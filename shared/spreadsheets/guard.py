"""Refusing hostile spreadsheets before they are read: zip bombs, XML entities, sheets too big to hold.

An .xlsx is a zip of XML parts. A few kilobytes can declare a million rows, a 16,384-column dimension, a
300 MB cell or an entity that expands a billion times, and openpyxl would build all of it in memory. So,
before openpyxl opens the file: the zip's central directory (sizes only, nothing decompressed) is checked
for total size and compression ratio, then every XML part is streamed once through expat with handlers
that count rows, columns and the characters of each cell and refuse DTDs and entities, in constant memory,
stopping at the first limit passed. Python's zipfile never inflates an entry past the size the central
directory declares, so those declared sizes bound what is read. The CSV reader counts the same limits.

Pure: bytes and an :class:`ImportLimits` in, :class:`~shared.spreadsheets.reader.FileProblem` out.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from shared.spreadsheets.problems import FileProblem

#: Parts smaller than this may compress as well as they like (a tiny repetitive part is harmless).
_RATIO_FLOOR_BYTES = 1024 * 1024
_MAX_ENTRIES = 10_000
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 64 * 1024
_COLUMN = re.compile(r"^\$?([A-Za-z]{1,3})")
_ROW = re.compile(r"(\d+)$")


class _Refused(Exception):
    """Raised inside the expat handlers to stop the scan at once."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """How big a spreadsheet the import reads (``FESTPLAN_IMPORT_*`` settings)."""

    #: Data rows, under the header line.
    max_rows: int = 50_000
    max_columns: int = 200
    #: Excel's own limit for one cell.
    max_cell_chars: int = 32_767
    max_uncompressed_bytes: int = 50 * 1024 * 1024
    max_compression_ratio: int = 100

    @classmethod
    def from_settings(cls, settings: Any) -> ImportLimits:
        return cls(
            max_rows=settings.import_max_rows,
            max_columns=settings.import_max_columns,
            max_cell_chars=settings.import_max_cell_chars,
            max_uncompressed_bytes=settings.import_max_uncompressed_mb * 1024 * 1024,
            max_compression_ratio=settings.import_max_compression_ratio,
        )


def check_xlsx(data: bytes, limits: ImportLimits) -> None:
    """Refuse the workbook (raise ``FileProblem``) when its archive or any of its XML parts passes a limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            _check_directory(parts, limits)
            for part in parts:
                if part.filename.lower().endswith(_XML_SUFFIXES):
                    with archive.open(part) as stream:
                        _scan_xml(stream, limits)
    except _Refused as refused:
        raise FileProblem(refused.key, **refused.params) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        raise FileProblem("file.not_xlsx") from None


def _check_directory(parts: list[zipfile.ZipInfo], limits: ImportLimits) -> None:
    """Sizes as the central directory declares them: nothing is inflated yet."""
    if len(parts) > _MAX_ENTRIES:
        raise _Refused("file.archive_entries", limit=_MAX_ENTRIES)
    total = sum(part.file_size for part in parts)
    if total > limits.max_uncompressed_bytes:
        raise _Refused("file.archive_too_large", limit=limits.max_uncompressed_bytes // (1024 * 1024))
    for part in parts:
        if part.file_size < _RATIO_FLOOR_BYTES:
            continue
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise _Refused("file.archive_ratio", part=part.filename, limit=limits.max_compression_ratio)


#: SpreadsheetML's namespace, transitional and strict: only its ``row``, ``c`` and ``si`` are cells.
_SHEET_NAMESPACES = frozenset(
    {"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"}
)


def _local(name: str) -> str:
    namespace, _, local = name.rpartition(" ")
    return local if namespace in _SHEET_NAMESPACES else ""


class _SheetCounter:
    """expat handlers counting rows, columns and cell characters of one XML part, refusing DTDs and entities."""

    def __init__(self, limits: ImportLimits) -> None:
        self.limits = limits
        self.rows = 0
        self.column = 0
        self.in_cell = False
        self.chars = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "row":
            self.rows = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.rows + 1
            self.column = 0
            if self.rows > self.limits.max_rows + 1:  # the header, then the data rows
                raise _Refused("file.too_many_rows", limit=self.limits.max_rows)
        elif tag == "c":
            self.column = _column_number(attrs.get("r"), self.column + 1)
            if self.column > self.limits.max_columns:
                raise _Refused("file.too_many_columns", limit=self.limits.max_columns, line=self.rows)
            self.in_cell, self.chars = True, 0
        elif tag == "si":  # one shared string: a cell's text kept apart
            self.in_cell, self.chars = True, 0

    def end(self, name: str) -> None:
        if _local(name) in ("c", "si"):
            self.in_cell = False

    def text(self, data: str) -> None:
        if self.in_cell:
            self.chars += len(data)
            if self.chars > self.limits.max_cell_chars:
                raise _Refused("file.cell_too_large", limit=self.limits.max_cell_chars)

    def doctype(self, *_args: object) -> None:
        raise _Refused("file.xml_entities")


def _column_number(reference: str | None, default: int) -> int:
    """``AB12`` → 28; a cell without a reference is the one after the previous."""
    match = _COLUMN.match(reference or "")
    if not match or not _ROW.search(reference or ""):
        return default
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return number


def _scan_xml(stream: Any, limits: ImportLimits) -> None:
    """Stream one part through expat, chunk by chunk; no tree is built and no text is kept."""
    counter = _SheetCounter(limits)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    parser.CharacterDataHandler = counter.text
    parser.StartDoctypeDeclHandler = counter.doctype
    parser.EntityDeclHandler = counter.doctype
    parser.ExternalEntityRefHandler = counter.doctype
    parser.buffer_text = False
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise _Refused("file.not_xlsx") from None


# --- CSV -------------------------------------------------------------------------------------------------


def check_csv_row(cells: list[str], *, line: int, limits: ImportLimits) -> None:
    """Refuse a CSV as soon as a row passes the row, column or cell limit (checked while reading)."""
    if line > limits.max_rows + 1:  # the header, then the data rows
        raise FileProblem("file.too_many_rows", limit=limits.max_rows)
    if len(cells) > limits.max_columns:
        raise FileProblem("file.too_many_columns", limit=limits.max_columns, line=line)
    if any(len(cell) > limits.max_cell_chars for cell in cells):
        raise FileProblem("file.cell_too_large", limit=limits.max_cell_chars)
