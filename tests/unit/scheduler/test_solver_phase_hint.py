"""Phase 1 keeps the repaired greedy's complete hint when it places no more (its own auxiliaries are arbitrary)."""

from __future__ import annotations

from time import perf_counter

from services.scheduler.domain.candidates import compute_candidates
from services.scheduler.domain.model.build import build_model
from services.scheduler.domain.solve.greedy import greedy_spots
from services.scheduler.domain.solve.phases import Best, complete_hint, phase_one
from services.scheduler.domain.solve.repair import repair
from services.scheduler.domain.solve.solver import unplaced_of
from shared.scenario.generate import generate_scenario


def test_a_tie_in_phase_one_keeps_the_placements_and_the_complete_hint() -> None:
    scenario = generate_scenario(sessions=50, seed=2023)
    candidates = compute_candidates(scenario)
    spots = repair(scenario, candidates, greedy_spots(scenario, candidates, best_fit=True), seconds=5.0)
    sm = build_model(scenario, candidates)
    assert complete_hint(sm, spots, seconds=10.0) is not None
    hint = (list(sm.model.proto.solution_hint.vars), list(sm.model.proto.solution_hint.values))
    best = Best(spots=dict(spots), unplaced=unplaced_of(candidates, spots), unplaced_bound=0)
    phases: list[dict[str, object]] = []
    phase_one(sm, best, seconds=20.0, workers=1, began=perf_counter(), progress=None, phases=phases, keep_hint=True)
    assert phases[0]["status"] == "optimal"  # the repaired greedy places everything: phase 1 cannot do better
    assert best.phase1_optimal
    assert best.spots == spots
    assert (list(sm.model.proto.solution_hint.vars), list(sm.model.proto.solution_hint.values)) == hint
