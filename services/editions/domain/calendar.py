"""Next year's edition dates from the school calendar (pure: the holiday dates are passed in).

The brief places the event "one week before and the first week of the Toussaint school holidays" (zone A
for Clermont-Ferrand): from the Monday of the week the holidays begin (they begin on a Saturday) to the
Friday of their first full week — 16–27 October in 2023, when the holidays began on Saturday 21 October.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

#: From the Monday of the week before the holidays to the Friday of the holidays' first week: 12 days.
EDITION_DAYS = 12


@dataclass(frozen=True, slots=True)
class EditionDates:
    start: date
    end: date
    #: The Toussaint school holidays (zone A), as the scenario format writes school holidays.
    school_holidays: list[dict[str, str]]
    #: Public holidays that fall inside the edition (the lead decides what to do with them).
    public_holidays: dict[date, str] = field(default_factory=dict)


def edition_dates(holidays: Iterable[date], *, public_holidays: Mapping[date, str] | None = None) -> EditionDates:
    """The edition around the Toussaint holidays given as their days (weekends included)."""
    days = sorted(holidays)
    if not days:
        raise ValueError("no Toussaint holiday dates")
    first, last = days[0], days[-1]
    start = first - timedelta(days=first.weekday())  # the Monday of the week the holidays begin
    if first.weekday() < 5:  # holidays beginning on a weekday: the week before them
        start -= timedelta(days=7)
    end = start + timedelta(days=EDITION_DAYS - 1)
    inside = {d: name for d, name in (public_holidays or {}).items() if start <= d <= end}
    return EditionDates(
        start=start,
        end=end,
        school_holidays=[{"start": first.isoformat(), "end": last.isoformat()}],
        public_holidays=dict(sorted(inside.items())),
    )


def next_code(code: str, year: int) -> str:
    """``cn2023`` → ``cn2024``: the year in the code replaced, else the year appended."""
    replaced, count = re.subn(r"(19|20)\d\d", str(year), code, count=1)
    return replaced if count else f"{code}-{year}"


def next_name(name: str, year: int) -> str:
    replaced, count = re.subn(r"(19|20)\d\d", str(year), name, count=1)
    return replaced if count else f"{name} {year}"


def shifted(day: date | None, *, old_start: date, new_start: date) -> date | None:
    """A date of the old edition (the proposals' closing day) moved with the edition."""
    return None if day is None else new_start + (day - old_start)
