"""The lead's pins as scenario-format 1 constraints, so the optimiser keeps pinned sessions where they are.

A pin may hold any of room, date and time. Format 1 has ``fixed`` (room *and* start), session
``windows`` and ``required_features`` — no "allowed rooms" — so:

* room + date + time → ``fixed`` at that room and start;
* a date and/or a time → the session's ``windows`` are narrowed to that day, to that start each day, or
  to that exact start (intersected with the windows it already had; when nothing is left the pin wins,
  because it is the lead's latest explicit decision);
* a room without the full placement → the room gets a private feature ``pin:<room>`` that the session
  requires, and ``allowed_venues`` becomes the room's venue: the only exact way to say "this room" in
  format 1. The feature shows in the exported scenario, which is why pins are applied only on request.

Pure functions over the dataclasses; the scenario passed in is not modified.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from shared.scenario.calendar import edition_days
from shared.scenario.model import Placement, Scenario, Session, TimeRange

PIN_FEATURE_PREFIX = "pin:"


@dataclass(frozen=True, slots=True)
class PinSpec:
    """One pin by codes: the session and whichever of room, date and time the lead pinned."""

    session: str
    room: str | None = None
    on_date: date | None = None
    at_time: time | None = None

    @property
    def is_full(self) -> bool:
        return self.room is not None and self.on_date is not None and self.at_time is not None


def pin_feature(room_code: str) -> str:
    """The private feature that ties a room-pinned session to its room."""
    return f"{PIN_FEATURE_PREFIX}{room_code}"


def apply_pins(scenario: Scenario, pins: list[PinSpec]) -> Scenario:
    """A copy of ``scenario`` in which every pin is a constraint (fixed, windows, pinned room)."""
    result = copy.deepcopy(scenario)
    sessions = {s.id: s for s in result.sessions}
    rooms = {room.id: (venue, room) for venue, room in result.rooms()}
    for pin in pins:
        target = sessions.get(pin.session)
        if target is None or (pin.room is not None and pin.room not in rooms):
            continue
        if pin.room is not None and pin.on_date is not None and pin.at_time is not None:
            target.fixed = Placement(room=pin.room, start=datetime.combine(pin.on_date, pin.at_time))
            target.fixed_key_present = True
            continue
        if pin.room is not None:
            venue, room = rooms[pin.room]
            feature = pin_feature(room.id)
            if feature not in room.features:
                room.features.append(feature)
            target.required_features = [*(target.required_features or []), feature]
            target.allowed_venues = [venue.id]
        pinned = pin_windows(scenario=result, session=target, pin=pin)
        if pinned is not None:
            target.windows = narrow_windows(target.windows, pinned, min_minutes=target.duration_minutes)
    return result


def pin_windows(*, scenario: Scenario, session: Session, pin: PinSpec) -> list[TimeRange] | None:
    """The time ranges a date and/or time pin allows, or ``None`` when the pin says nothing about time."""
    duration = timedelta(minutes=session.duration_minutes)
    if pin.on_date is not None and pin.at_time is not None:
        start = datetime.combine(pin.on_date, pin.at_time)
        return [TimeRange(start=start, end=start + duration)]
    if pin.on_date is not None:
        start = datetime.combine(pin.on_date, time())
        return [TimeRange(start=start, end=start + timedelta(days=1))]
    if pin.at_time is not None:
        ranges = []
        for day in edition_days(scenario.edition):
            start = datetime.combine(day, pin.at_time)
            if start + duration <= datetime.combine(day + timedelta(days=1), time()):
                ranges.append(TimeRange(start=start, end=start + duration))
        return ranges
    return None


def narrow_windows(
    current: list[TimeRange] | None, pinned: list[TimeRange], *, min_minutes: int = 1
) -> list[TimeRange]:
    """``current`` ∩ ``pinned``, keeping pieces long enough for the session; the pin alone when none is left."""
    if current is None:
        return pinned
    least = timedelta(minutes=min_minutes)
    overlap = [
        TimeRange(start=max(a.start, b.start), end=min(a.end, b.end))
        for a in current
        for b in pinned
        if min(a.end, b.end) - max(a.start, b.start) >= least
    ]
    return sorted(overlap, key=lambda r: r.start) or pinned
