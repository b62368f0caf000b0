"""Peer: festplan's own first-fit greedy (the solver's starting hint), as the baseline every solver must beat.

The baseline lives with the benchmark, not in the solver's domain: the domain keeps only the first-fit
placement (:func:`~services.scheduler.domain.solve.greedy.greedy_spots`) that the solver uses as its hint.
"""

from __future__ import annotations

from time import perf_counter

from services.scheduler.domain.candidates import compute_candidates
from services.scheduler.domain.explain import unplaced_reasons
from services.scheduler.domain.model.output import schedule_of, score_with_checker
from services.scheduler.domain.solve.greedy import greedy_spots
from shared.scenario.model import Scenario, Schedule

NAME = "greedy"
LIMITS = "first fit, no search; every rule of the spec, soft terms only through its order of trial"


def greedy_schedule(scenario: Scenario, *, locale: str = "fr") -> Schedule:
    """The first-fit schedule alone (benchmark baseline), scored by the independent checker."""
    began = perf_counter()
    candidates = compute_candidates(scenario)
    spots = greedy_spots(scenario, candidates)
    valid = all(o.index in spots for o in candidates.sessions if o.must_place)
    reasons = unplaced_reasons(scenario, candidates, spots, locale=locale)
    schedule = schedule_of(scenario, candidates, spots, status="feasible" if valid else "unknown", reasons=reasons)
    schedule.score = score_with_checker(scenario, schedule)
    schedule.solver = {"name": "festplan-greedy", "seconds": round(perf_counter() - began, 3)}
    return schedule


def greedy_peer_schedule(scenario: Scenario, *, time_limit: float | None = None) -> Schedule:
    """The first-fit schedule; ``time_limit`` is accepted for a uniform signature and not needed (one pass)."""
    schedule = greedy_schedule(scenario)
    schedule.solver = {**(schedule.solver or {}), "name": NAME, "limits": LIMITS}
    return schedule
