"""Pure shapes of the back-office pages: a speaker's availability grid, rooms' fill rates, territories covered.

No database here: the routes load rows, these functions turn them into what a table shows, and the
unit tests check them without I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

#: Parts of a day in the grid (the same as the speakers' own form): key, start, end.
PERIODS: tuple[tuple[str, time, time], ...] = (
    ("am", time(8), time(13)),
    ("pm", time(13), time(18)),
    ("eve", time(18), time(22)),
)
#: Hours a room is counted as usable each day of the edition, for the occupancy rate.
ROOM_HOURS_PER_DAY = 10


@dataclass(frozen=True, slots=True)
class Cell:
    """One part of one day: ``full``, ``part`` (with the covered ranges) or ``none``."""

    period: str
    state: str
    ranges: tuple[tuple[time, time], ...] = ()


@dataclass(frozen=True, slots=True)
class DayRow:
    day: date
    cells: tuple[Cell, ...]


def edition_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def availability_grid(
    *, start: date, end: date, ranges: Sequence[tuple[datetime, datetime]], given: bool
) -> list[DayRow]:
    """Each day × part of day, marked by how much of it the speaker's ranges cover (all when none were given)."""
    rows = []
    for day in edition_days(start, end):
        cells = []
        for key, begin_t, end_t in PERIODS:
            begin, finish = datetime.combine(day, begin_t), datetime.combine(day, end_t)
            if not given:
                cells.append(Cell(period=key, state="full"))
                continue
            pieces = sorted((max(s, begin), min(e, finish)) for s, e in ranges if s < finish and e > begin)
            covered = sum(((b - a) for a, b in pieces), timedelta())
            if not pieces:
                cells.append(Cell(period=key, state="none"))
            elif covered >= finish - begin:
                cells.append(Cell(period=key, state="full"))
            else:
                cells.append(Cell(period=key, state="part", ranges=tuple((a.time(), b.time()) for a, b in pieces)))
        rows.append(DayRow(day=day, cells=tuple(cells)))
    return rows


@dataclass(frozen=True, slots=True)
class Booking:
    """A placed session as the fill rate sees it."""

    room_id: int
    start: datetime
    end: datetime
    attendance: int | None


@dataclass(frozen=True, slots=True)
class RoomFill:
    room_id: int
    sessions: int
    hours: float
    occupancy_percent: int
    fill_percent: int | None


def room_fill(*, capacities: Mapping[int, int], bookings: Iterable[Booking], days: int) -> dict[int, RoomFill]:
    """Per room: sessions, hours booked, occupancy of the usable hours, and seats filled by expected attendance."""
    per_room: dict[int, list[Booking]] = {room_id: [] for room_id in capacities}
    for booking in bookings:
        per_room.setdefault(booking.room_id, []).append(booking)
    usable = max(days, 1) * ROOM_HOURS_PER_DAY
    out = {}
    for room_id, mine in per_room.items():
        hours = sum((b.end - b.start).total_seconds() for b in mine) / 3600
        capacity = capacities.get(room_id, 0)
        known = [b.attendance for b in mine if b.attendance is not None]
        fill = round(100 * sum(known) / (len(known) * capacity)) if known and capacity > 0 else None
        out[room_id] = RoomFill(
            room_id=room_id,
            sessions=len(mine),
            hours=round(hours, 1),
            occupancy_percent=round(100 * hours / usable),
            fill_percent=fill,
        )
    return out


def overall_fill(*, capacities: Mapping[int, int], bookings: Iterable[Booking]) -> int | None:
    """Expected attendance over seats, across every placed session whose attendance is known."""
    seats = attendance = 0
    for booking in bookings:
        if booking.attendance is not None and capacities.get(booking.room_id):
            seats += capacities[booking.room_id]
            attendance += booking.attendance
    return round(100 * attendance / seats) if seats else None


def territory_coverage(
    *, territories: Sequence[str], sessions_by_territory: Mapping[str, int]
) -> list[tuple[str, int]]:
    """The edition's territories with how many published sessions each hosts (0 for those not reached)."""
    return [(name, sessions_by_territory.get(name, 0)) for name in territories]
