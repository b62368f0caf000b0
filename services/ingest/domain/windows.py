"""The proposal form's time windows: rows of a day, a start and an end time, filled in without JavaScript.

A window is stored as a range of local date-times that may span days; the form shows one row per day it
covers (an end of ``00:00`` is midnight, the end of that day), so every stored window comes back unchanged
once the service merges touching ranges again. Pure functions: no web framework, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

#: The API accepts at most this many windows; the form never reads more rows than that.
MAX_ROWS = 60
#: Blank rows offered below the filled ones, so a partner can add windows without JavaScript.
SPARE_ROWS = 2
MIN_ROWS = 3
_FIELDS = ("day", "start", "end")


@dataclass(frozen=True, slots=True)
class WindowProblem:
    """Why row ``row`` (counted from 1, as the form shows it) cannot be read; ``key`` names the sentence."""

    key: str
    row: int


def field_name(index: int, part: str) -> str:
    """``windows-0-day`` …: the first row's day is ``windows`` itself, so the error summary can link to it."""
    return "windows" if index == 0 and part == "day" else f"windows-{index}-{part}"


def rows_from_form(get: Callable[[str], object]) -> list[dict[str, str]]:
    """The rows as posted (stripped strings), up to the last one the browser sent."""
    rows = []
    for index in range(MAX_ROWS):
        raw = {part: get(field_name(index, part)) for part in _FIELDS}
        if all(value is None for value in raw.values()):
            break
        rows.append({part: str(value or "").strip() for part, value in raw.items()})
    return rows


def rows_from_stored(windows: list[Mapping[str, datetime]] | None) -> list[dict[str, str]]:
    """One row per day each window covers, in the form's own formats (ISO day, ``HH:MM``)."""
    rows = []
    for window in windows or []:
        start, end = window["start"], window["end"]
        while start < end:
            midnight = datetime.combine(start.date() + timedelta(days=1), time())
            stop = min(end, midnight)
            rows.append({"day": start.date().isoformat(), "start": f"{start:%H:%M}", "end": f"{stop:%H:%M}"})
            start = stop
    return rows


def padded(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows up to the last filled one, where they were (an error names its row by number), then blank ones:
    at least :data:`MIN_ROWS`, at most :data:`MAX_ROWS`."""
    used = max((number for number, row in enumerate(rows, start=1) if any(row.values())), default=0)
    count = min(MAX_ROWS, max(MIN_ROWS, used + SPARE_ROWS))
    return (rows[:used] + [dict.fromkeys(_FIELDS, "") for _ in range(count)])[:count]


def ranges_from_rows(rows: list[dict[str, str]]) -> tuple[list[dict[str, datetime]] | None, WindowProblem | None]:
    """The windows the rows state (``None`` when every row is blank), or the first row that cannot be read.

    Whether a window lies inside the edition and on its time grid is the service's check, shared with the API.
    """
    ranges: list[dict[str, datetime]] = []
    for number, row in enumerate(rows, start=1):
        if not any(row.get(part) for part in _FIELDS):
            continue
        if not all(row.get(part) for part in _FIELDS):
            return None, WindowProblem("window_incomplete", number)
        try:
            day = date.fromisoformat(row["day"])
            start, end = time.fromisoformat(row["start"]), time.fromisoformat(row["end"])
        except ValueError:
            return None, WindowProblem("window_unreadable", number)
        if start.tzinfo is not None or end.tzinfo is not None:
            return None, WindowProblem("window_unreadable", number)
        begin = datetime.combine(day, start)
        finish = datetime.combine(day + timedelta(days=1), time()) if end == time() else datetime.combine(day, end)
        if finish <= begin:
            return None, WindowProblem("window_order", number)
        ranges.append({"start": begin, "end": finish})
    return (ranges or None), None
