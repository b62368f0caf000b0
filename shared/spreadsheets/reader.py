"""Reading the spreadsheets French offices produce: .xlsx, and .csv in whatever Excel or LibreOffice wrote.

Pure: bytes in, a :class:`Table` of raw cells out (no database, no framework). CSV files may use ``;``
(French Excel) or ``,``, be UTF-8 with or without BOM or Windows-1252; everything else (UTF-16, binary,
an old .xls) is refused with a :class:`FileProblem` that says what to do. Cell values are converted by
the ``parse_*`` functions, which accept French spellings first (``16/10/2023``, ``14h30``, ``oui``) and
raise :class:`ValueProblem` with a message key of :mod:`shared.spreadsheets.texts`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from shared.addresses import is_email
from shared.spreadsheets.guard import ImportLimits, check_csv_row, check_xlsx
from shared.spreadsheets.problems import FileProblem, Problem
from shared.spreadsheets.xlsx import xlsx_rows

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = (".csv", ".xlsx")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ValueProblem(Problem):
    """One cell cannot be understood."""


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet: its header cells and data rows, each with the row number a person sees (header = 1)."""

    header: list[str | None]
    header_line: int
    rows: list[tuple[int, list[Any]]]


def read_table(data: bytes, filename: str, *, limits: ImportLimits | None = None) -> Table:
    """Read a .csv or .xlsx file, checking its extension against its content and its size against ``limits``."""
    limits = limits or ImportLimits()
    extension = PurePath(filename).suffix.lower()
    if len(data) > MAX_BYTES:
        raise FileProblem("file.too_large", limit=MAX_BYTES // (1024 * 1024))
    if extension == ".xls" or data.startswith(_OLE_MAGIC):
        raise FileProblem("file.xls")
    if extension not in EXTENSIONS:
        raise FileProblem("file.extension", extension=extension or "(aucune)")
    if not data.strip():
        raise FileProblem("file.empty")
    if extension == ".xlsx":
        if not data.startswith(_ZIP_MAGIC):
            raise FileProblem("file.not_xlsx")
        check_xlsx(data, limits)
        rows = xlsx_rows(data, limits)
    else:
        if data.startswith(_ZIP_MAGIC):
            raise FileProblem("file.xlsx_as_csv")
        rows = _csv_rows(decode_text(data), limits)
    return _table(rows)


def _table(rows: list[list[Any]]) -> Table:
    numbered = [(n, [_clean(v) for v in row]) for n, row in enumerate(rows, start=1)]
    numbered = [(n, cells) for n, cells in numbered if any(c is not None for c in cells)]
    if not numbered:
        raise FileProblem("file.empty")
    header_line, header = numbered[0]
    return Table(header=[None if c is None else str(c) for c in header], header_line=header_line, rows=numbered[1:])


def _clean(value: Any) -> Any:
    """Strip text (non-breaking spaces included) and turn empty cells into ``None``."""
    if isinstance(value, str):
        value = value.replace("\u00a0", " ").replace("\u202f", " ").strip()
        return value or None
    return value


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252; UTF-16 and binary data are refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise FileProblem("file.utf16")
    if _binary_ratio(data) > 0.01:
        raise FileProblem("file.binary")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem("file.encoding") from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise FileProblem("file.encoding") from None
    if "\x00" in text or _control_ratio(text) > 0.001:
        raise FileProblem("file.binary")
    return text


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without BOM: every other byte of the start is NUL."""
    head = data[:200]
    return len(head) >= 4 and head[1::2].count(0) >= len(head) // 2 * 0.9


def _binary_ratio(data: bytes) -> float:
    """Share of control bytes (NUL, escape…) in the start of the file: text has none, random data plenty."""
    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 32), 127))
    return controls / max(len(head), 1)


def _control_ratio(text: str) -> float:
    sample = text[:100_000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls / max(len(sample), 1)


def sniff_separator(text: str) -> str:
    """``;``, ``,`` or tab: whichever the header line uses most outside quotes (``;`` on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(";,\t", 0)
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ";"


def _csv_rows(text: str, limits: ImportLimits) -> list[list[Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    rows: list[list[Any]] = []
    try:
        for row in reader:
            check_csv_row(row, line=len(rows) + 1, limits=limits)
            rows.append(row)
    except csv.Error as error:
        if "field limit" in str(error):  # the csv module's own ceiling, above ours unless set higher
            raise FileProblem("file.cell_too_large", limit=limits.max_cell_chars) from None
        raise FileProblem("file.csv_syntax") from None
    return rows


# --- headers ---------------------------------------------------------------------------------------------


def normalise_header(text: str) -> str:
    """``Capacité (places) *`` → ``capacite places``: accents, case, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def column_letter(index: int) -> str:
    """0 → ``A``, 26 → ``AA``: how a person names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- cell values -----------------------------------------------------------------------------------------

_DATE_FR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(r"^(\d{1,2})\s*(?:[hH:]\s*(\d{2})?(?::(\d{2}))?)?$")
_BOOLS = {
    "oui": True,
    "o": True,
    "yes": True,
    "y": True,
    "vrai": True,
    "true": True,
    "1": True,
    "x": True,
    "non": False,
    "n": False,
    "no": False,
    "faux": False,
    "false": False,
    "0": False,
}


def text(value: Any) -> str:
    """Any cell as text (``150.0`` from Excel → ``150``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: Any) -> date:
    """``16/10/2023`` (also ``16/10/23``, ``16.10.2023``), ISO ``2023-10-16``, or an Excel date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    match = _DATE_FR.match(raw)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
        match = _DATE_ISO.match(raw.split("T")[0].split(" ")[0] if len(raw) > 10 else raw)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise ValueProblem("cell.date", value=raw)


def parse_time(value: Any, *, allow_midnight_end: bool = False) -> time | None:
    """``14h30``, ``14h``, ``14:30`` or an Excel time; ``24h`` gives ``None`` when allowed (end of day)."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60)
    raw = text(value)
    match = _TIME.match(raw)
    if match and (":" in raw or "h" in raw.lower()):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour == 24 and minute == 0 and allow_midnight_end:
            return None
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueProblem("cell.time", value=raw)


def parse_datetime(value: Any) -> datetime:
    """``16/10/2023 14h30``, ISO ``2023-10-16T14:30`` or an Excel date-time cell."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    raw = text(value)
    parts = raw.replace("T", " ").split(None, 1)
    if len(parts) == 2:
        try:
            day = parse_date(parts[0])
            moment = parse_time(parts[1].removeprefix("à ").strip())
            if moment is not None:
                return datetime.combine(day, moment)
        except ValueProblem:
            pass
    raise ValueProblem("cell.datetime", value=raw)


def parse_bool(value: Any) -> bool:
    """``oui``/``non`` (also yes/no, vrai/faux, 1/0, ``x`` for ticked) or an Excel boolean."""
    if isinstance(value, bool):
        return value
    raw = text(value)
    found = _BOOLS.get(normalise_header(raw))
    if found is None:
        raise ValueProblem("cell.bool", value=raw)
    return found


def parse_int(value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number; French thousands separators (``1 200``) accepted."""
    if isinstance(value, bool):
        raise ValueProblem("cell.int", value=text(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raw = text(value).replace(" ", "")
        if not re.fullmatch(r"[+-]?\d+(?:[.,]0+)?", raw):
            raise ValueProblem("cell.int", value=text(value))
        number = int(re.split(r"[.,]", raw)[0])
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ValueProblem("cell.int_range", value=number, minimum=minimum, maximum=maximum)
    return number


def parse_decimal(value: Any) -> float:
    """``45,7745`` (French) or ``45.7745``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raw = text(value).replace(" ", "")
    if not re.fullmatch(r"[+-]?\d+(?:[.,]\d+)?", raw):
        raise ValueProblem("cell.decimal", value=text(value))
    return float(raw.replace(",", "."))


def parse_duration(value: Any) -> int:
    """Minutes: ``90``, ``90 min``, ``1h30``, ``2h``, or an Excel time cell (``01:30``)."""
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    if isinstance(value, timedelta):
        return int(value.total_seconds() // 60)
    raw = text(value)
    compact = raw.lower().replace(" ", "")
    plain = re.fullmatch(r"(\d+)(?:min|mn|minutes?)?", compact)
    hours = re.fullmatch(r"(\d+)[h:](\d{2})?", compact)
    if plain:
        minutes = int(plain.group(1))
    elif hours:
        minutes = int(hours.group(1)) * 60 + int(hours.group(2) or 0)
    else:
        raise ValueProblem("cell.duration", value=raw)
    if minutes <= 0:
        raise ValueProblem("cell.duration", value=raw)
    return minutes


def parse_email(value: Any) -> str:
    """An address, lower-cased so that ``Marie@X.fr`` and ``marie@x.fr`` are one person."""
    raw = text(value)
    if not is_email(raw):
        raise ValueProblem("cell.email", value=raw)
    return raw.lower()


def parse_list(value: Any) -> list[str]:
    """``hd, riom-mediatheque`` (commas, semicolons or line breaks) → ``["hd", "riom-mediatheque"]``."""
    return [part.strip() for part in re.split(r"[,;\n|]", text(value)) if part.strip()]


def parse_date_list(value: Any) -> list[date]:
    """Several dates in one cell, ``16/10/2023, 18/10/2023``."""
    if isinstance(value, date | datetime):
        return [parse_date(value)]
    return [parse_date(part) for part in parse_list(value)]


def parse_choice(value: Any, choices: Mapping[str, str], *, labels: str) -> str:
    """One of ``choices`` (normalised spelling → stored value), spelled in French or English; ``labels`` for errors."""
    raw = text(value)
    found = choices.get(normalise_header(raw))
    if found is None:
        raise ValueProblem("cell.choice", value=raw, choices=labels)
    return found


def neutralise_cell(value: Any) -> Any:
    """Make a cell safe to open in a spreadsheet: text starting like a formula gets a leading apostrophe.

    Excel and LibreOffice run ``=HYPERLINK(…)`` or ``+cmd|…`` typed by a stranger into a proposal;
    OWASP's advice is to prefix such cells with ``'``. Numbers are left as they are.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
