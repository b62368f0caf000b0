"""A lower bound on the soft penalty that needs no solver: every session at its cheapest option, alone.

CP-SAT's own bound on the soft penalty comes from its LP relaxation, which with two workers misses most of
the enforced rows (venue ⇒ start, day links, stability): at 150 sessions re-optimised it claimed less than the
cost of putting every session in its cheapest room. This bound relaxes everything that couples sessions
(rooms, speakers, clashes, travel, territories that some session could cover) and keeps, per session, the
terms that depend on it alone: wasted seats, venue and date preferences, and stability against the published
version. Sessions left unplaced are chosen by a fractional knapsack over the unplaced weight still allowed,
so the bound holds for any schedule whose unplaced weight does not exceed the one given.

The solver reports ``max(CP-SAT's bound, this bound)``; both are valid, so their maximum is.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from services.scheduler.domain.candidates import Candidates, RoomOption, SessionOptions, TimeAxis
from services.scheduler.domain.model.soft import PREFERENCE, STABILITY_DATE, STABILITY_ROOM, STABILITY_TIME, TERRITORY
from shared.scenario.model import PreviousAssignment, Scenario


@dataclass(frozen=True, slots=True)
class SessionFloor:
    """The least a session can add to the soft penalty, placed and unplaced, and what unplacing it costs."""

    placed: int
    unplaced: int
    weight: int
    must_place: bool


def option_days(axis: TimeAxis, option: RoomOption) -> set[int]:
    return {k for lo, hi in option.starts for k in range(axis.day_index(lo), axis.day_index(hi) + 1)}


def cheapest_option(
    axis: TimeAxis, options: SessionOptions, option: RoomOption, previous: PreviousAssignment | None
) -> int:
    """Wasted seats + venue preference + the cheapest (date preference + stability) over the option's days."""
    session = options.session
    cost = (option.room.capacity - session.attendance) // 10
    if session.preferred_venues and option.venue.id not in session.preferred_venues:
        cost += PREFERENCE
    wanted = {axis.index_of(d) for d in session.preferred_dates or ()}
    kept_day = axis.index_of(previous.start.date()) if previous else None
    kept_unit = axis.from_datetime(previous.start) if previous else None
    best = None
    for day in option_days(axis, option):
        here = PREFERENCE if session.preferred_dates and day not in wanted else 0
        if previous is not None:
            if day != kept_day:
                here += STABILITY_DATE
            elif kept_unit is not None and any(lo <= kept_unit <= hi for lo, hi in option.starts):
                here += 0 if option.room.id == previous.room else STABILITY_ROOM
            else:
                here += STABILITY_TIME
        best = here if best is None else min(best, here)
    return cost + (best or 0)


def session_floors(scenario: Scenario, candidates: Candidates) -> list[SessionFloor]:
    """One floor per placeable session (in candidate order)."""
    previous = {p.session: p for p in scenario.previous or []}
    floors = []
    for options in candidates.placeable():
        before = previous.get(options.session.id)
        placed = min(cheapest_option(candidates.axis, options, o, before) for o in options.rooms)
        floors.append(
            SessionFloor(
                placed=placed,
                unplaced=STABILITY_DATE if before is not None else 0,
                weight=options.session.weight,
                must_place=options.must_place,
            )
        )
    return floors


def constant_floor(scenario: Scenario, candidates: Candidates) -> int:
    """What no placement can avoid: territories no candidate venue covers, published sessions never placeable."""
    reachable = {o.venue.territory for s in candidates.placeable() for o in s.rooms}
    territories = sum(TERRITORY for t in scenario.edition.territories if t not in reachable)
    known = {s.session.id: s for s in candidates.sessions}
    dropped = sum(
        STABILITY_DATE for p in scenario.previous or [] if p.session in known and not known[p.session].placeable
    )
    return territories + dropped


def max_savings(floors: list[SessionFloor], allowance: int) -> Fraction:
    """Most the soft penalty can drop by leaving sessions unplaced within ``allowance`` of unplaced weight
    (fractional knapsack: an upper bound of the integer one)."""
    items = [
        (Fraction(f.placed - f.unplaced, f.weight), f)
        for f in floors
        if not f.must_place and f.placed > f.unplaced and f.weight > 0
    ]
    items.sort(key=lambda item: item[0], reverse=True)
    saved, room = Fraction(0), Fraction(max(allowance, 0))
    for ratio, f in items:
        if room <= 0:
            break
        take = min(room, Fraction(f.weight))
        saved += ratio * take
        room -= take
    saved += sum(f.placed - f.unplaced for f in floors if not f.must_place and f.weight <= 0 and f.placed > f.unplaced)
    return saved


def soft_floor(scenario: Scenario, candidates: Candidates, *, unplaced_weight: int) -> int:
    """A lower bound on the soft penalty of every valid schedule whose unplaced weight is at most
    ``unplaced_weight`` (sessions pruned before the model count in it, as in the score)."""
    floors = session_floors(scenario, candidates)
    pruned = sum(o.session.weight for o in candidates.sessions if not o.placeable)
    total = constant_floor(scenario, candidates) + sum(f.placed for f in floors)
    savings = max_savings(floors, unplaced_weight - pruned)
    return total - int(-(-savings.numerator // savings.denominator))  # subtract ⌈savings⌉
