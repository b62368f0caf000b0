"""From placements on the time axis back to a schedule of format 1."""

from __future__ import annotations

from datetime import timedelta

from services.scheduler.domain.candidates import Candidates
from services.scheduler.domain.solve.greedy import Spot
from shared.scenario.model import Assignment, Scenario, Schedule, Score, Unplaced


def schedule_of(
    scenario: Scenario,
    candidates: Candidates,
    spots: dict[int, Spot],
    *,
    status: str,
    reasons: dict[int, list[str]],
) -> Schedule:
    """Every session once: placed ones in ``assignments`` (with their end), the others in ``unplaced``."""
    assignments, unplaced = [], []
    for options in candidates.sessions:
        spot = spots.get(options.index)
        if spot is None:
            unplaced.append(Unplaced(session=options.session.id, reasons=reasons.get(options.index, [])))
            continue
        start = candidates.axis.to_datetime(spot.start)
        end = start + timedelta(minutes=options.session.duration_minutes)
        assignments.append(Assignment(session=options.session.id, room=spot.option.room.id, start=start, end=end))
    return Schedule(scenario_edition=scenario.edition.id, status=status, assignments=assignments, unplaced=unplaced)


def score_with_checker(scenario: Scenario, schedule: Schedule) -> Score:
    """The exact score by the independent checker (used for schedules the solver did not score itself)."""
    from services.scheduler.domain.checker.check import check

    return check(scenario, schedule).score
