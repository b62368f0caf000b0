"""The ejection repair of the greedy placement places more weight, never less, and never breaks a hard rule."""

from __future__ import annotations

import pytest

from services.scheduler.domain.candidates import compute_candidates
from services.scheduler.domain.checker.check import check
from services.scheduler.domain.model.output import schedule_of
from services.scheduler.domain.solve.greedy import greedy_spots
from services.scheduler.domain.solve.repair import repair
from shared.scenario.generate import generate_scenario


def test_repair_places_what_first_fit_left_out_on_a_generated_edition() -> None:
    scenario = generate_scenario(sessions=150, seed=2023)
    candidates = compute_candidates(scenario)
    greedy = greedy_spots(scenario, candidates, best_fit=True)
    repaired = repair(scenario, candidates, greedy, seconds=20.0)
    before = check(scenario, schedule_of(scenario, candidates, greedy, status="feasible", reasons={}))
    after = check(scenario, schedule_of(scenario, candidates, repaired, status="feasible", reasons={}))
    assert before.unplaced_weight > 0  # first-fit leaves sessions out on this edition
    assert after.valid, [v.message_fr for v in after.violations]
    assert after.unplaced_weight < before.unplaced_weight


@pytest.mark.parametrize("seed", [1, 5, 11])
def test_repair_never_loses_weight_nor_validity(seed: int) -> None:
    scenario = generate_scenario(sessions=70, seed=seed, days=4)
    candidates = compute_candidates(scenario)
    greedy = greedy_spots(scenario, candidates)
    repaired = repair(scenario, candidates, greedy, seconds=5.0)
    before = check(scenario, schedule_of(scenario, candidates, greedy, status="feasible", reasons={}))
    after = check(scenario, schedule_of(scenario, candidates, repaired, status="feasible", reasons={}))
    assert after.valid, [v.message_fr for v in after.violations]
    assert after.unplaced_weight <= before.unplaced_weight
    fixed = [o.index for o in candidates.sessions if o.session.fixed is not None and o.index in greedy]
    assert all(repaired[i] == greedy[i] for i in fixed)
