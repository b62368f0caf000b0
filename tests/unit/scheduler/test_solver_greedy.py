"""The first-fit greedy (benchmark baseline and the solver's hint) is valid by construction, and so is the
best-fit variant the solver starts from."""

from __future__ import annotations

import pytest

from bench.solver.peers_greedy import greedy_schedule
from services.scheduler.domain.candidates import compute_candidates
from services.scheduler.domain.checker.check import check
from services.scheduler.domain.model.output import schedule_of
from services.scheduler.domain.solve.greedy import greedy_spots
from shared.scenario.generate import generate_scenario


@pytest.mark.parametrize("seed", [1, 7])
def test_greedy_schedule_is_valid_and_scored_by_the_checker(seed: int) -> None:
    scenario = generate_scenario(sessions=60, seed=seed)
    schedule = greedy_schedule(scenario)
    report = check(scenario, schedule)
    assert report.valid, [v.message_fr for v in report.violations]
    assert schedule.score == report.score
    assert len(schedule.assignments) + len(schedule.unplaced) == 60
    assert all(u.reasons for u in schedule.unplaced)


def test_best_fit_is_valid_and_no_worse_than_first_fit_on_a_generated_edition() -> None:
    scenario = generate_scenario(sessions=80, seed=3, with_previous=True)
    candidates = compute_candidates(scenario)
    reports = []
    for best_fit in (False, True):
        spots = greedy_spots(scenario, candidates, best_fit=best_fit)
        report = check(scenario, schedule_of(scenario, candidates, spots, status="feasible", reasons={}))
        assert report.valid, [v.message_fr for v in report.violations]
        reports.append(report)
    first, best = reports
    assert (best.unplaced_weight, best.soft_penalty) <= (first.unplaced_weight, first.soft_penalty)
