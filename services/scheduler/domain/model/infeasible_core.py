"""Which mandatory / fixed sessions cannot all be placed: a core found with CP-SAT assumptions, then shrunk."""

from __future__ import annotations

from time import perf_counter

from ortools.sat.python import cp_model

from services.scheduler.domain.candidates import Candidates
from services.scheduler.domain.model.build import build_model
from shared.scenario.model import Scenario


def infeasible_core(scenario: Scenario, candidates: Candidates, *, seconds: float) -> list[int] | None:
    """Session indices of a (deletion-minimal when time allows) infeasible set of must-place sessions.

    ``None`` when the model with every must-place session is feasible after all, or when no answer came in time.
    """
    deadline = perf_counter() + max(seconds, 0.5)
    sm = build_model(scenario, candidates, assume_musts=True, with_soft=False)
    literal_of = dict(sm.must)
    index_of = {lit.index: i for i, lit in literal_of.items()}

    def infeasible(indices: list[int], budget: float) -> tuple[bool | None, list[int]]:
        sm.model.clear_assumptions()
        sm.model.add_assumptions([literal_of[i] for i in indices])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(budget, 0.05)
        solver.parameters.num_workers = 1
        status = solver.solve(sm.model)
        if status == cp_model.INFEASIBLE:
            core = [index_of[v] for v in solver.sufficient_assumptions_for_infeasibility() if v in index_of]
            return True, core or indices
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False, []
        return None, []

    verdict, core = infeasible(sorted(literal_of), deadline - perf_counter())
    if not verdict:
        return None
    for index in list(core):
        if len(core) == 1 or perf_counter() >= deadline:
            break
        trial = [i for i in core if i != index]
        shrunk, smaller = infeasible(trial, min(1.0, deadline - perf_counter()))
        if shrunk:
            core = [i for i in trial if i in smaller] or trial
    return sorted(core)
