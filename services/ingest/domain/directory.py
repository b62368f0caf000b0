"""The rules of the directory's rows, whichever way they come in (API, back office, spreadsheet) (pure): who is
sent a personal link, the readable code a row gets from its name, a venue's opening hours, a speaker's range.

A rule that refuses a spreadsheet row returns a :class:`RowProblem` (the column, the message key and its
values) for the importer to report on that row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from shared.spreadsheets.reader import normalise_header

#: The invitation each kind of person gets when the lead adds them (API, back office or spreadsheet).
INVITATION_KINDS = {"partner": "partner.invitation", "speaker": "speaker.invitation"}
#: How a spreadsheet says "until midnight".
MIDNIGHT = "24:00"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why a row cannot be taken: ``key`` names the message, ``params`` fill it in."""

    column: str
    key: str
    params: dict[str, str] = field(default_factory=dict)


def invites(role: str, email: str | None) -> bool:
    """Whether adding a ``role`` with this address records an invitation (a dry run counts them with this)."""
    return bool(email) and role in INVITATION_KINDS


def readable_code(base: str, taken: set[str]) -> str:
    """A readable code from a name (``Médiathèque de Riom`` → ``mediatheque-de-riom``), unique in ``taken``
    (which it joins)."""
    stem = normalise_header(base).replace(" ", "-")[:56] or "x"
    code, n = stem, 2
    while code in taken:
        code, n = f"{stem}-{n}", n + 1
    taken.add(code)
    return code


def hhmm(value: time | str) -> str:
    """A time as a spreadsheet shows it (``24:00`` stays a string)."""
    return value if isinstance(value, str) else f"{value.hour:02d}:{value.minute:02d}"


def opening_windows(
    *, days: str | None, opens: time | None, closes: time | str | None
) -> list[dict[str, str]] | RowProblem | None:
    """A venue's opening hours as scenario windows; ``None`` (always open) when the row gives no days nor hours."""
    if opens is None and closes is None:
        return None if days is None else [{"days": days, "from": "00:00", "to": MIDNIGHT}]
    if opens is None or closes is None:
        return RowProblem("opens" if opens is None else "closes", "cell.required")
    if closes != MIDNIGHT and closes <= opens:  # type: ignore[operator]
        return RowProblem("closes", "row.end_before_start", {"start": hhmm(opens), "end": hhmm(closes)})
    return [{"days": days or "all", "from": hhmm(opens), "to": hhmm(closes)}]


def day_range(day: date, start: time, end: time | str) -> tuple[datetime, datetime] | RowProblem:
    """A speaker's range on ``day``, up to the next midnight when it ends at ``24:00``; it must end after it starts."""
    begin = datetime.combine(day, start)
    next_day = datetime.combine(day + timedelta(days=1), time(0))
    finish = next_day if end == MIDNIGHT else datetime.combine(day, end)  # type: ignore[arg-type]  # only 24:00 is text
    if finish <= begin:
        return RowProblem("end", "row.end_before_start", {"start": hhmm(start), "end": hhmm(end)})
    return begin, finish
