"""Every bound the optimiser prints is a true lower bound.

The relaxation's soft floor is checked against exhaustive search on random tiny scenarios (every valid
schedule on the grid, scored by the independent checker), the solver's printed bound against the same search,
and the floor against the optima proven on the benchmark's instances (docs/benchmarks.md).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from services.scheduler.domain.candidates import compute_candidates
from services.scheduler.domain.solve.relaxation import SessionFloor, max_savings, soft_floor
from services.scheduler.domain.solve.solver import solve
from shared.scenario.generate import generate_scenario
from shared.scenario.model import Scenario
from tests.unit.scheduler.test_solver_properties import scenarios, valid_scores


def best_soft_within(scores: set[tuple[int, int]], allowance: int) -> int | None:
    """The least soft penalty among valid schedules whose unplaced weight is at most ``allowance``."""
    return min((soft for unplaced, soft in scores if unplaced <= allowance), default=None)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_sessions=3))
def test_the_soft_floor_bounds_every_schedule_that_places_as_much(scenario: Scenario) -> None:
    scores = valid_scores(scenario)
    candidates = compute_candidates(scenario)
    for allowance in sorted({unplaced for unplaced, _ in scores}):
        best = best_soft_within(scores, allowance)
        assert best is not None
        assert soft_floor(scenario, candidates, unplaced_weight=allowance) <= best


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_sessions=3))
def test_the_printed_bound_is_below_every_schedule_that_places_as_much(scenario: Scenario) -> None:
    schedule = solve(scenario, time_limit=3, workers=2).schedule
    scores = valid_scores(scenario)
    if not scores:
        assert schedule.status == "infeasible"
        return
    assert schedule.bound is not None
    assert schedule.score is not None
    assert schedule.bound["unplaced_weight"] <= min(scores)[0]
    best = best_soft_within(scores, schedule.score.unplaced_weight)
    assert best is not None
    assert schedule.bound["soft_penalty"] <= best


def test_unplacing_is_charged_by_weight_in_the_knapsack() -> None:
    """Two optional sessions saving 50 and 10 for 1000 each: 1500 of allowance saves 50 + half of 10."""
    floors = [
        SessionFloor(placed=50, unplaced=0, weight=1000, must_place=False),
        SessionFloor(placed=10, unplaced=0, weight=1000, must_place=False),
        SessionFloor(placed=90, unplaced=0, weight=1000, must_place=True),
    ]
    assert max_savings(floors, 1500) == 55
    assert max_savings(floors, 0) == 0
    assert max_savings(floors, 10_000) == 60


#: Optima proven by the optimiser on the benchmark's instances (docs/benchmarks.md, seed 2023): sessions, single
#: venue, re-optimisation against the generated published schedule, proven soft penalty (all placeable placed).
PROVEN = [
    (50, False, False, 1977),
    (150, False, False, 604),
    (150, True, False, 3009),
    (200, False, False, 843),
    (150, False, True, 2050),
]


@pytest.mark.parametrize(("sessions", "single_venue", "previous", "optimum"), PROVEN)
def test_the_soft_floor_stays_below_the_proven_optima(
    sessions: int, single_venue: bool, previous: bool, optimum: int
) -> None:
    scenario = generate_scenario(sessions=sessions, seed=2023, single_venue=single_venue, with_previous=previous)
    candidates = compute_candidates(scenario)
    placed_all = sum(o.session.weight for o in candidates.sessions if not o.placeable)
    floor = soft_floor(scenario, candidates, unplaced_weight=placed_all)
    assert 0 < floor <= optimum


def test_the_printed_soft_bound_is_at_least_every_session_at_its_cheapest() -> None:
    """Re-optimising 150 sessions, CP-SAT alone claimed 773 where the sessions' cheapest options add up to more."""
    scenario = generate_scenario(sessions=150, seed=2023, with_previous=True)
    candidates = compute_candidates(scenario)
    schedule = solve(scenario, time_limit=3, workers=2).schedule
    assert schedule.bound is not None
    assert schedule.score is not None
    floor = soft_floor(scenario, candidates, unplaced_weight=schedule.score.unplaced_weight)
    assert floor > 773
    assert floor <= schedule.bound["soft_penalty"] <= schedule.score.soft_penalty
