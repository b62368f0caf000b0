"""The CP-SAT side of the solve: the two phases over one model, the hints that seed them, and reading back.

Kept apart from :mod:`solve`, which decides what runs when (greedy, repair, phase 1, phase 2, fallbacks) and
builds the answer: this module only drives CP-SAT over a built :class:`ScheduleModel` and records what each
phase proved in a :class:`Best`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter

from ortools.sat.python import cp_model

from services.scheduler.domain.checker.soft import SOFT_TERMS
from services.scheduler.domain.model.variables import ScheduleModel
from services.scheduler.domain.solve.greedy import Spot

Progress = Callable[[dict[str, object]], None]
STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
    cp_model.MODEL_INVALID: "model_invalid",
}
#: Above this many variables presolve skips probing: at 600 sessions (24,000 variables) probing alone ate the
#: 20 s budget; at 300 (8,000) it costs ~20 s of 60 but raises the soft bound (768 against 714), so it stays.
PROBING_MAX_VARIABLES = 12_000


class Watcher(cp_model.CpSolverSolutionCallback):
    """Reports every improving solution of a phase as a progress event."""

    def __init__(
        self, *, sm: ScheduleModel, phase: int, began: float, progress: Progress | None, unplaced_bound: int | None
    ) -> None:
        super().__init__()
        self.sm, self.phase, self.began, self.progress = sm, phase, began, progress
        self.unplaced_bound = unplaced_bound
        self.unplaced = sm.unplaced_weight()
        self.soft = sm.soft_penalty()
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.progress is None:
            return
        bound = math.ceil(self.best_objective_bound - 1e-6)
        self.progress(
            {
                "phase": self.phase,
                "elapsed": round(perf_counter() - self.began, 3),
                "unplaced_weight": int(self.value(self.unplaced)),
                "soft_penalty": int(self.value(self.soft)),
                "bound": (
                    {"unplaced_weight": max(bound, self.sm.unplaced_constant), "soft_penalty": 0}
                    if self.phase == 1
                    else {"unplaced_weight": self.unplaced_bound, "soft_penalty": max(bound, 0)}
                ),
            }
        )


def read_spots(sm: ScheduleModel, solver: cp_model.CpSolver) -> dict[int, Spot]:
    spots = {}
    for index, sv in sm.vars.items():
        if solver.boolean_value(sv.placed):
            option = next(o for o, lit in sv.rooms if solver.boolean_value(lit))
            spots[index] = Spot(option, solver.value(sv.start))
    return spots


def add_hint(sm: ScheduleModel, spots: dict[int, Spot]) -> None:
    sm.model.clear_hints()
    for index, sv in sm.vars.items():
        spot = spots.get(index)
        sm.model.add_hint(sv.placed, spot is not None)
        sm.model.add_hint(sv.start, spot.start if spot else sv.span[0][0])
        if len(sv.rooms) > 1:
            for option, lit in sv.rooms:
                sm.model.add_hint(lit, spot is not None and spot.option.room_index == option.room_index)


def hint_solution(sm: ScheduleModel, solver: cp_model.CpSolver) -> None:
    """A complete hint (every variable, auxiliaries included) from a solution: CP-SAT starts right from it."""
    sm.model.clear_hints()
    for i in range(len(sm.model.proto.variables)):
        variable = sm.model.get_int_var_from_proto_index(i)
        sm.model.add_hint(variable, solver.value(variable))


def complete_hint(sm: ScheduleModel, spots: dict[int, Spot], *, seconds: float) -> int | None:
    """Extend the placements of ``spots`` to every variable (cheapest completion); its soft penalty, or None."""
    found = exact_soft(sm, spots, seconds=seconds)
    if found is None:
        add_hint(sm, spots)
        return None
    hint_solution(sm, found[2])
    return found[0]


def exact_soft(
    sm: ScheduleModel, spots: dict[int, Spot], *, seconds: float
) -> tuple[int, dict[str, int], cp_model.CpSolver] | None:
    """The exact soft penalty (and its terms) of given placements: the model with them fixed, auxiliaries minimised.

    A merely feasible CP-SAT solution may leave an auxiliary literal (a clash, a travel) set without need, so
    its objective only bounds the true penalty of its placements from above; this recomputes it.
    """
    add_hint(sm, spots)
    sm.model.minimize(sm.soft_penalty())
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    status = solver.solve(sm.model)
    if status != cp_model.OPTIMAL:
        return None
    terms = {name: int(solver.value(sm.soft_term(name))) for name in SOFT_TERMS}
    return round(solver.objective_value), terms, solver


def choose_subsolvers(parameters: cp_model.SatParameters, *, workers: int) -> None:
    """One worker proves while the other searches (issue 21).

    With two workers CP-SAT runs one full subsolver, ``default_lp`` (linearisation level 1: the enforced rows
    never reach the LP), and interleaves its LNS on the second. ``max_lp`` (level 2) in its place proved the
    re-optimisation of 150 sessions optimal in 13 s where ``default_lp`` left a bound of 773 against 2,063
    after 60 s; the LNS still search on the other worker. From four workers CP-SAT's own portfolio has both.
    """
    if workers <= 1:
        parameters.linearization_level = 2
    elif workers < 4:
        parameters.subsolvers.extend(["max_lp", "default_lp"][: workers - 1])


def run_phase(
    sm: ScheduleModel,
    *,
    phase: int,
    seconds: float,
    workers: int,
    began: float,
    progress: Progress | None,
    unplaced_bound: int | None = None,
) -> tuple[int, cp_model.CpSolver, float]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.05)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    choose_subsolvers(solver.parameters, workers=workers)
    if len(sm.model.proto.variables) > PROBING_MAX_VARIABLES:
        solver.parameters.cp_model_probing_level = 0
    watcher = Watcher(sm=sm, phase=phase, began=began, progress=progress, unplaced_bound=unplaced_bound)
    started = perf_counter()
    status = solver.solve(sm.model, watcher)
    return status, solver, perf_counter() - started


@dataclass(slots=True)
class Best:
    """The best placements so far and what is proven about them."""

    spots: dict[int, Spot]
    unplaced: int
    unplaced_bound: int
    phase1_optimal: bool = False
    phase2_optimal: bool = False
    soft_bound: int = 0


def phase_one(
    sm: ScheduleModel,
    best: Best,
    *,
    seconds: float,
    workers: int,
    began: float,
    progress: Progress | None,
    phases: list[dict[str, object]],
    keep_hint: bool = False,
) -> int:
    """Minimise the unplaced weight; keep its solution (as a complete hint) and its proven bound.

    With ``keep_hint`` (the current placements are valid and their hint complete, soft terms minimised), a
    solution that places no more keeps them: phase 1 ignores the soft terms, so its auxiliaries are arbitrary
    (at 600 sessions phase 2 started from 81,869 instead of the hint's 7,500).
    """
    sm.model.minimize(sm.unplaced_weight())
    status, solver, spent = run_phase(sm, phase=1, seconds=seconds, workers=workers, began=began, progress=progress)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    raw = solver.best_objective_bound
    if status != cp_model.INFEASIBLE and math.isfinite(raw):
        best.unplaced_bound = max(best.unplaced_bound, math.ceil(raw - 1e-6))
    phases.append(
        {
            "phase": 1,
            "status": STATUS_NAMES.get(status, str(status)),
            "seconds": round(spent, 3),
            "objective": round(solver.objective_value) if found else None,
            "bound": best.unplaced_bound,
        }
    )
    if found and not (keep_hint and round(solver.objective_value) >= best.unplaced):
        best.spots, best.unplaced = read_spots(sm, solver), round(solver.objective_value)
        hint_solution(sm, solver)
    best.phase1_optimal = status == cp_model.OPTIMAL or best.unplaced_bound >= best.unplaced
    if best.phase1_optimal:
        best.unplaced_bound = best.unplaced
    return status


def phase_two(
    sm: ScheduleModel,
    best: Best,
    *,
    seconds: float,
    workers: int,
    began: float,
    progress: Progress | None,
    phases: list[dict[str, object]],
) -> None:
    """Hold the unplaced weight at its best and minimise the soft penalty from the current hint."""
    sm.model.add(sm.unplaced_weight() <= best.unplaced)
    sm.model.minimize(sm.soft_penalty())
    status, solver, spent = run_phase(
        sm,
        phase=2,
        seconds=seconds,
        workers=workers,
        began=began,
        progress=progress,
        unplaced_bound=best.unplaced_bound,
    )
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    raw = solver.best_objective_bound
    bound = math.ceil(raw - 1e-6) if found and math.isfinite(raw) else 0
    phases.append(
        {
            "phase": 2,
            "status": STATUS_NAMES.get(status, str(status)),
            "seconds": round(spent, 3),
            "objective": round(solver.objective_value) if found else None,
            "bound": bound,
        }
    )
    if found:
        best.spots = read_spots(sm, solver)
        # phase 2 may place more than phase 1 did (a published session kept saves stability): score what it found
        best.unplaced = round(solver.value(sm.unplaced_weight()))
        best.phase1_optimal = best.phase1_optimal or best.unplaced_bound >= best.unplaced
        best.phase2_optimal = status == cp_model.OPTIMAL
        # a bound on the soft penalty of every schedule that places at least as much as the best one (phase 2's
        # row), hence of the lexicographic optimum, whether or not phase 1 proved its unplaced weight
        best.soft_bound = max(best.soft_bound, bound)
