"""What every peer adapter shares: spots on the candidates' time axis back to a format-1 schedule, scored."""

from __future__ import annotations

from time import perf_counter

from services.scheduler.domain.candidates import Candidates, SessionOptions
from services.scheduler.domain.model.output import schedule_of, score_with_checker
from services.scheduler.domain.solve.greedy import Spot
from shared.scenario.model import Scenario, Schedule

#: Words for a session a peer left out (peers do not explain themselves).
UNPLACED_BY = "non placée par {name} / left unplaced by {name}"


def peer_schedule(
    scenario: Scenario,
    candidates: Candidates,
    spots: dict[int, Spot],
    *,
    name: str,
    began: float,
    status: str,
    extra: dict[str, object] | None = None,
) -> Schedule:
    """A peer's placements as a format-1 schedule, scored by festplan's independent checker."""
    reasons = {o.index: [UNPLACED_BY.format(name=name)] for o in candidates.sessions if o.index not in spots}
    schedule = schedule_of(scenario, candidates, spots, status=status, reasons=reasons)
    schedule.score = score_with_checker(scenario, schedule)
    schedule.solver = {"name": name, "seconds": round(perf_counter() - began, 3), **(extra or {})}
    return schedule


def previous_units(scenario: Scenario, candidates: Candidates) -> dict[str, tuple[str, int | None]]:
    """Each previously published session id → (room id, start unit on the axis)."""
    return {p.session: (p.room, candidates.axis.from_datetime(p.start)) for p in scenario.previous or []}


def stability_cost(
    *, options: SessionOptions, room_id: str, start: int, per_day: int, previous: dict[str, tuple[str, int | None]]
) -> int:
    """The spec's stability points for placing this session at (room, start), against ``previous``."""
    before = previous.get(options.session.id)
    if before is None or before[1] is None:
        return 0
    old_room, old_start = before
    if old_start // per_day != start // per_day:
        return 100
    if old_start != start:
        return 40
    return 30 if old_room != room_id else 0


def unary_soft_cost(
    *, options: SessionOptions, spot: Spot, candidates: Candidates, previous: dict[str, tuple[str, int | None]]
) -> int:
    """Soft points that depend on one session's placement alone: wasted seats, preferences, stability."""
    session = options.session
    axis = candidates.axis
    cost = (spot.option.room.capacity - session.attendance) // 10
    if session.preferred_venues and spot.option.venue.id not in session.preferred_venues:
        cost += 20
    if session.preferred_dates and axis.date_of(axis.day_index(spot.start)) not in session.preferred_dates:
        cost += 20
    return cost + stability_cost(
        options=options, room_id=spot.option.room.id, start=spot.start, per_day=axis.per_day, previous=previous
    )
