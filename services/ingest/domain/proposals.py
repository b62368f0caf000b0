"""The rules of a session proposal (pure): when the call is open, which status allows which change, and what
a proposal's dates, duration and time ranges must respect in its edition.

A proposal is ``submitted``, then ``accepted`` or ``rejected`` by the lead; the partner may rewrite it while it
is ``submitted`` and withdraw it (submitted or accepted) while the call is open. A refusal names the rule in
French and English (:mod:`services.ingest.errors`), which the edges turn into a 404, 409 or 422.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.ingest.errors import Conflict, Invalid

#: The statuses these rules name (``shared.models.ProposalStatus`` holds them all).
SUBMITTED, REJECTED, WITHDRAWN = "submitted", "rejected", "withdrawn"
DEFAULT_ZONE = "Europe/Paris"
#: The time grid when an edition names none, in minutes.
DEFAULT_GRID = 15


class EditionCalendar(Protocol):
    """What the rules read of an edition (the ORM row has it; read-only, so a plain dataclass does too)."""

    @property
    def start_date(self) -> date: ...

    @property
    def end_date(self) -> date: ...

    @property
    def granularity_minutes(self) -> int | None: ...


def zone(name: str | None) -> ZoneInfo:
    """The edition's time zone, Europe/Paris when it names none or an unknown one."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def call_open(*, close_on: date | None, today: date) -> bool:
    """Partners may submit and change proposals up to and including ``close_on`` (no date: always)."""
    return close_on is None or today <= close_on


def require_open(*, close_on: date | None, today: date) -> None:
    """Refuse a partner's change once the call for proposals has closed."""
    if close_on is not None and not call_open(close_on=close_on, today=today):
        raise Conflict(
            f"l'appel à propositions est clos depuis le {close_on:%d/%m/%Y}",
            f"the call for proposals closed on {close_on}",
        )


def require_editable(status: str) -> None:
    """Only a proposal awaiting review can be rewritten by its partner."""
    if status != SUBMITTED:
        raise Conflict(
            "une proposition déjà examinée ou retirée ne peut plus être modifiée",
            "a proposal already reviewed or withdrawn can no longer be changed",
        )


def must_withdraw(status: str) -> bool:
    """Whether withdrawing changes anything (withdrawn already: no); a rejected proposal cannot be withdrawn."""
    if status == REJECTED:
        raise Conflict("une proposition refusée ne peut pas être retirée", "a rejected proposal cannot be withdrawn")
    return status != WITHDRAWN


def must_decide(*, status: str, message: str | None, decision: str, new_message: str) -> bool:
    """Whether the lead's decision changes anything (the same decision and message again: no).

    A proposal its partner withdrew can no longer be decided."""
    if status == WITHDRAWN:
        raise Conflict("la proposition a été retirée par le partenaire", "the partner withdrew this proposal")
    return not (status == decision and (message or "") == new_message)


def grid_of(edition: EditionCalendar) -> int:
    return edition.granularity_minutes or DEFAULT_GRID


def check_duration(edition: EditionCalendar, minutes: int) -> None:
    """A session lasts a whole number of the edition's time steps."""
    grid = grid_of(edition)
    if minutes % grid:
        raise Invalid(
            f"la durée doit être un multiple de {grid} minutes",
            f"the duration must be a multiple of {grid} minutes",
            field="duration_minutes",
        )


def check_dates(edition: EditionCalendar, days: Iterable[date]) -> None:
    """Preferred dates are dates of the edition."""
    for day in days:
        if not edition.start_date <= day <= edition.end_date:
            raise Invalid(
                f"le {day:%d/%m/%Y} n'est pas une date de l'édition",
                f"{day.isoformat()} is not a date of the edition",
                field="preferred_dates",
            )


def edition_bounds(edition: EditionCalendar) -> tuple[datetime, datetime]:
    """The edition's first instant and the midnight after its last day (local, naive)."""
    return (
        datetime.combine(edition.start_date, time()),
        datetime.combine(edition.end_date + timedelta(days=1), time()),
    )


def on_grid(value: datetime, granularity: int) -> bool:
    return value.second == 0 and value.microsecond == 0 and (value.hour * 60 + value.minute) % granularity == 0


def check_ranges(
    edition: EditionCalendar, ranges: Sequence[tuple[datetime, datetime]], *, field: str
) -> list[tuple[datetime, datetime]]:
    """Ranges inside the edition and on its time grid, sorted, overlapping or touching ones merged."""
    low, high = edition_bounds(edition)
    grid = grid_of(edition)
    for start, end in ranges:
        if start < low or end > high:
            raise Invalid(
                f"la plage {start:%d/%m/%Y %H:%M} – {end:%d/%m/%Y %H:%M} sort des dates de l'édition",
                f"range {start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M} lies outside the edition's dates",
                field=field,
            )
        if not (on_grid(start, grid) and on_grid(end, grid)):
            raise Invalid(
                f"les heures doivent être des multiples de {grid} minutes",
                f"times must be multiples of {grid} minutes",
                field=field,
            )
    return merge_ranges(ranges)


def merge_ranges(ranges: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The ranges sorted, overlapping or touching ones merged into one."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
