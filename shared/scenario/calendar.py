"""The calendar rules of scenario-format 1, written once so that the solver and the checker agree.

Day sets (``all``, ``weekdays``, ``weekend``, ``school_days``, ``holidays``), daily windows as minute
ranges, and the exact ``YYYY-MM-DDTHH:MM`` / ``HH:MM`` spellings. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from shared.scenario.model import DayWindow, Edition, TimeRange

MINUTES_PER_DAY = 24 * 60
WHOLE_DAY: tuple[int, int] = (0, MINUTES_PER_DAY)

_DT_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HHMM_RE = re.compile(r"\d{2}:\d{2}")


# --- spellings -------------------------------------------------------------------------------------------------


def parse_dt(text: str) -> datetime:
    """``2023-10-18T14:00`` → naive datetime; anything else (seconds, offset, 24:00) raises ValueError."""
    if not isinstance(text, str) or not _DT_RE.fullmatch(text):
        raise ValueError(f"not YYYY-MM-DDTHH:MM: {text!r}")
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"not a YYYY-MM-DDTHH:MM date-time: {text!r}") from None


def fmt_dt(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def parse_date(text: str) -> date:
    """``2023-10-18`` → date, exactly that spelling."""
    if not isinstance(text, str) or not _DATE_RE.fullmatch(text):
        raise ValueError(f"not YYYY-MM-DD: {text!r}")
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"not a YYYY-MM-DD date: {text!r}") from None


def fmt_date(value: date) -> str:
    return value.isoformat()


def parse_hhmm(text: str, *, allow_24: bool = False) -> int:
    """``08:30`` → 510 minutes after midnight; ``24:00`` → 1440 only when ``allow_24`` (a window's end)."""
    if not isinstance(text, str) or not _HHMM_RE.fullmatch(text):
        raise ValueError(f"not HH:MM: {text!r}")
    hours, minutes = int(text[:2]), int(text[3:])
    if allow_24 and hours == 24 and minutes == 0:
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59:
        raise ValueError(f"not a time of day: {text!r}")
    return hours * 60 + minutes


def fmt_hhmm(minute: int) -> str:
    """1440 → ``24:00``, 510 → ``08:30``."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def minute_of(value: datetime | time) -> int:
    """Minutes after midnight of a wall-clock time."""
    return value.hour * 60 + value.minute


def at_minute(day: date, minute: int) -> datetime:
    """The datetime ``minute`` minutes after midnight of ``day`` (1440 is the next midnight)."""
    return datetime.combine(day, time()) + timedelta(minutes=minute)


# --- day sets --------------------------------------------------------------------------------------------------


def edition_days(edition: Edition) -> list[date]:
    """Every date of the edition, first and last included."""
    count = (edition.end_date - edition.start_date).days + 1
    return [edition.start_date + timedelta(days=i) for i in range(max(count, 0))]


def in_school_holidays(edition: Edition, day: date) -> bool:
    """True when ``day`` falls inside one of the (inclusive) school-holiday ranges."""
    return any(r.start <= day <= r.end for r in edition.school_holidays)


def day_matches(edition: Edition, day: date, days: str) -> bool:
    """Whether ``day`` belongs to the day set ``days`` of the spec; an unknown set raises ValueError."""
    weekday = day.weekday() < 5
    if days == "all":
        return True
    if days == "weekdays":
        return weekday
    if days == "weekend":
        return not weekday
    if days == "school_days":
        return weekday and not in_school_holidays(edition, day)
    if days == "holidays":
        return in_school_holidays(edition, day)
    raise ValueError(f"unknown day set: {days!r}")


# --- minute ranges on one day ----------------------------------------------------------------------------------


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping union of half-open ranges (touching ranges are joined; empty ones dropped)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def distinct_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, de-duplicated, non-empty ranges, NOT merged: a session must fit inside one window of the spec."""
    return sorted({i for i in intervals if i[1] > i[0]})


def daily_intervals(edition: Edition, windows: list[DayWindow] | None, day: date) -> list[tuple[int, int]]:
    """Minute ranges of ``day``, one per window of ``windows`` whose day set matches; ``None`` means all day.

    An empty list means never. Ranges are NOT merged: the spec places a session "inside one of" the opening
    hours or audience windows, so 09:00–12:00 + 12:00–18:00 does not admit 11:00–13:00. Test with
    :func:`contains`.
    """
    if windows is None:
        return [WHOLE_DAY]
    return distinct_intervals((w.start_minute, w.end_minute) for w in windows if day_matches(edition, day, w.days))


def _clip(ranges: list[TimeRange], day: date) -> list[tuple[int, int]]:
    day_start = datetime.combine(day, time())
    day_end = day_start + timedelta(days=1)
    pieces = []
    for r in ranges:
        start, end = max(r.start, day_start), min(r.end, day_end)
        if end > start:
            pieces.append((_minutes_between(day_start, start), _minutes_between(day_start, end)))
    return pieces


def ranges_on_day(ranges: list[TimeRange] | None, day: date) -> list[tuple[int, int]]:
    """The part of each date-time range (a session's ``windows``) on ``day``, one minute range per window.

    ``None`` (key absent) means the whole day; a range running past midnight gives an end of 1440. Not merged,
    like :func:`daily_intervals`: a session lies inside one of its windows.
    """
    if ranges is None:
        return [WHOLE_DAY]
    return distinct_intervals(_clip(ranges, day))


def available_on_day(ranges: list[TimeRange] | None, day: date) -> list[tuple[int, int]]:
    """A speaker's availability on ``day`` as a merged union: adjacent ranges make one available stretch.

    Rule 4 counts a booking "outside their availability", so only the union matters there.
    """
    if ranges is None:
        return [WHOLE_DAY]
    return merge_intervals(_clip(ranges, day))


def _minutes_between(earlier: datetime, later: datetime) -> int:
    return int((later - earlier).total_seconds()) // 60


def contains(intervals: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of the ``intervals``."""
    return any(a <= start and end <= b for a, b in intervals)


def intersect(left: list[tuple[int, int]], right: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairwise intersections, not merged: a range lies inside one result iff inside one of each side."""
    out = []
    for a1, b1 in left:
        for a2, b2 in right:
            start, end = max(a1, a2), min(b1, b2)
            if end > start:
                out.append((start, end))
    return distinct_intervals(out)
