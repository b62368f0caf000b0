"""Hostile spreadsheets, built in memory with :mod:`zipfile`: for the import's tests and its benchmark.

Each builder returns the bytes of a small file that would cost a naive reader far more than its size: a
million one-cell rows, one enormous cell, a declared ``A1:XFD1000`` dimension, a decompression bomb, an
XML entity payload (billion laughs, external entity). Sizes are parameters so that tests build small
versions and the benchmark the real ones; nothing is ever written to disk.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_REL}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
    '<sheets><sheet name="Lieux" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Code</t></is></c><c r="B1" t="inlineStr"><is><t>Nom</t></is></c></row>'
)
_SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?>{{prolog}}<worksheet xmlns="{_MAIN}">{{dimension}}<sheetData>'
_SHEET_END = "</sheetData></worksheet>"
_CHUNK_ROWS = 10_000


def workbook(sheet_chunks: Iterable[str], *, workbook_xml: str = _WORKBOOK) -> bytes:
    """A minimal .xlsx whose first sheet's XML is ``sheet_chunks`` joined (streamed into the archive)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook_xml)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_chunks:
                sheet.write(chunk.encode())
    return buffer.getvalue()


def _sheet(rows: Iterable[str], *, dimension: str = "", prolog: str = "") -> Iterable[str]:
    yield _SHEET_START.format(prolog=prolog, dimension=f'<dimension ref="{dimension}"/>' if dimension else "")
    yield _HEADER_ROW
    yield from rows
    yield _SHEET_END


def many_rows(count: int = 1_000_000) -> bytes:
    """``count`` one-cell rows under the header (the 4.9 MB file of issue 17 has a million)."""

    def rows() -> Iterable[str]:
        for start in range(2, count + 2, _CHUNK_ROWS):
            end = min(start + _CHUNK_ROWS, count + 2)
            yield "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(start, end))

    return workbook(_sheet(rows()))


def giant_cell(chars: int = 300_000_000) -> bytes:
    """One inline-string cell of ``chars`` characters (300 MB in issue 17, in a 300 KB file)."""

    def rows() -> Iterable[str]:
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = "A" * 1_000_000
        for done in range(0, chars, len(block)):
            yield block[: min(len(block), chars - done)]
        yield "</t></is></c></row>"

    return workbook(_sheet(rows()))


def varied_cell(chars: int) -> bytes:
    """One cell of ``chars`` varied characters: compresses poorly, so only the cell limit can refuse it."""
    text = "".join(chr(0x41 + (n * 7919) % 26) + chr(0x61 + (n * 104729) % 26) for n in range(chars // 2 + 1))
    return workbook(_sheet([f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text[:chars]}</t></is></c></row>']))


def declared_dimension(ref: str = "A1:XFD1000") -> bytes:
    """Two real rows, a declared dimension of ``ref`` (1.8 KB; 16 million padded cells for openpyxl)."""
    return workbook(_sheet(['<row r="2"><c r="A2"><v>1</v></c></row>'], dimension=ref))


def far_cell(column: str = "XFD", row: int = 2) -> bytes:
    """One cell in column ``column`` of row ``row``: the reader would pad the row to that width."""
    return workbook(_sheet([f'<row r="{row}"><c r="{column}{row}"><v>1</v></c></row>']))


def zip_bomb(megabytes: int = 1024) -> bytes:
    """A sheet padded with ``megabytes`` MB of whitespace: deflates about a thousand times."""

    def rows() -> Iterable[str]:
        block = " " * (1024 * 1024)
        for _ in range(megabytes):
            yield block

    return workbook(_sheet(rows()))


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    + "]>"
)


def billion_laughs() -> bytes:
    """Nested entities in the sheet (a billion ``lol`` once expanded) used in a cell."""
    return workbook(_sheet(['<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'], prolog=_LAUGHS))


def external_entity(target: str = "file:///etc/passwd") -> bytes:
    """XXE: the workbook part declares an entity read from ``target``, used in the sheet's name."""
    hostile = _WORKBOOK.replace('<?xml version="1.0" encoding="UTF-8"?>', "").replace('name="Lieux"', 'name="&xxe;"')
    prolog = f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM "{target}">]>'
    return workbook(_sheet([]), workbook_xml=prolog + hostile)
