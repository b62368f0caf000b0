"""Peer: festplan's own first-fit greedy (the solver's starting hint), as the baseline every solver must beat."""

from __future__ import annotations

from services.scheduler.domain.greedy import greedy_schedule
from shared.scenario.model import Scenario, Schedule

NAME = "greedy"
LIMITS = "first fit, no search; every rule of the spec, soft terms only through its order of trial"


def greedy_peer_schedule(scenario: Scenario, *, time_limit: float | None = None) -> Schedule:
    """The first-fit schedule; ``time_limit`` is accepted for a uniform signature and not needed (one pass)."""
    schedule = greedy_schedule(scenario)
    schedule.solver = {**(schedule.solver or {}), "name": NAME, "limits": LIMITS}
    return schedule
