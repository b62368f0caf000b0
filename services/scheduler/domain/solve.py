"""The optimiser's pure entry point: scenario in, schedule of format 1 out (no database, no Celery).

Lexicographic in two phases over one model: phase 1 minimises the unplaced weight, phase 2 fixes it (to the
proven optimum, or the best found) and minimises the soft penalty, hinted with phase 1's schedule. The
first-fit greedy, seeded with the caller's hint and the previous schedule, then completed by the ejection
repair (:mod:`repair`), hints phase 1 and is the fallback when time runs out before CP-SAT finds anything. When
the repaired greedy places every placeable session, phase 1 is proven without CP-SAT and phase 2 gets all the time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from time import perf_counter

import ortools
from ortools.sat.python import cp_model

from services.scheduler.domain.candidates import Candidates, compute_candidates
from services.scheduler.domain.explain import (
    core_reasons,
    other_infeasible_reason,
    pruning_reasons,
    unplaced_reasons,
)
from services.scheduler.domain.greedy import Spot, greedy_spots
from services.scheduler.domain.model import ScheduleModel, build_model
from services.scheduler.domain.model_core import infeasible_core
from services.scheduler.domain.model_output import schedule_of, score_with_checker
from services.scheduler.domain.model_soft import SOFT_TERMS
from services.scheduler.domain.repair import repair
from shared.scenario.model import Scenario, Schedule, Score

Progress = Callable[[dict[str, object]], None]
STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
    cp_model.MODEL_INVALID: "model_invalid",
}
#: Share of the remaining time phase 1 may use when it cannot be skipped (it stops early once optimal).
PHASE1_SHARE = 0.5
#: Share of the time left the ejection repair of the greedy placement may use (it stops once all is placed).
REPAIR_SHARE = 0.2
#: Above this many variables presolve skips probing: at 600 sessions (24,000 variables) probing alone ate the
#: 20 s budget; at 300 (8,000) it costs ~20 s of 60 but raises the soft bound (768 against 714), so it stays.
PROBING_MAX_VARIABLES = 12_000


@dataclass(slots=True)
class SolveResult:
    """The schedule, plus figures about the run (phases, model size, greedy baseline)."""

    schedule: Schedule
    stats: dict[str, object] = field(default_factory=dict)


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


def festplan_version() -> str:
    try:
        return version("festplan")
    except PackageNotFoundError:
        return "0+unknown"


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
    if len(sm.model.proto.variables) > PROBING_MAX_VARIABLES:
        solver.parameters.cp_model_probing_level = 0
    watcher = Watcher(sm=sm, phase=phase, began=began, progress=progress, unplaced_bound=unplaced_bound)
    started = perf_counter()
    status = solver.solve(sm.model, watcher)
    return status, solver, perf_counter() - started


def unplaced_of(candidates: Candidates, spots: dict[int, Spot]) -> int:
    return sum(o.session.weight for o in candidates.sessions if o.index not in spots)


@dataclass(slots=True)
class Best:
    """The best placements so far and what is proven about them."""

    spots: dict[int, Spot]
    unplaced: int
    unplaced_bound: int
    phase1_optimal: bool = False
    phase2_optimal: bool = False
    soft_bound: int = 0


def solve(
    scenario: Scenario,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    progress: Progress | None = None,
    hint: Schedule | None = None,
    locale: str = "fr",
) -> SolveResult:
    """Best schedule found within ``time_limit`` seconds, with its proven bound and reasons for the unplaced."""
    began = perf_counter()
    candidates = compute_candidates(scenario)
    # keep time after the phases for the exact score and the reasons, so that the whole call fits the limit
    deadline = began + time_limit - min(0.1 * time_limit, 0.5 + len(candidates.sessions) / 300)
    stats: dict[str, object] = {
        "workers": workers,
        "time_limit": time_limit,
        "sessions": len(candidates.sessions),
        "pruned": sum(not o.placeable for o in candidates.sessions),
        "phases": [],
    }
    if any(o.must_place and not o.placeable for o in candidates.sessions):
        core = [o.index for o in candidates.sessions if o.must_place and not o.placeable]
        return infeasible(scenario, candidates, core=core, began=began, stats=stats, locale=locale, pruned=True)

    seeds = {a.session: (a.room, a.start) for a in hint.assignments} if hint else None
    greedy = greedy_spots(scenario, candidates, seeds=seeds, best_fit=True)
    stats["greedy"] = {"placed": len(greedy), "unplaced_weight": unplaced_of(candidates, greedy)}
    if len(greedy) < len(candidates.placeable()):
        greedy = repair(scenario, candidates, greedy, seconds=REPAIR_SHARE * max(deadline - perf_counter(), 0))
    greedy_valid = all(o.index in greedy for o in candidates.sessions if o.must_place)
    sm = build_model(scenario, candidates)
    stats["model"] = {
        "variables": len(sm.model.proto.variables),
        "constraints": len(sm.model.proto.constraints),
        "build_seconds": round(perf_counter() - began, 3),
    }
    greedy_soft = complete_hint(sm, greedy, seconds=min(5.0, max(deadline - perf_counter(), 0) / 4))
    stats["repaired"] = {
        "placed": len(greedy),
        "unplaced_weight": unplaced_of(candidates, greedy),
        "valid": greedy_valid,
        "soft_penalty": greedy_soft,
    }

    floor = sm.unplaced_constant
    best = Best(spots=greedy, unplaced=unplaced_of(candidates, greedy), unplaced_bound=floor)
    phases: list[dict[str, object]] = stats["phases"]  # type: ignore[assignment]
    if greedy_valid and best.unplaced == floor:
        best.phase1_optimal = True
        phases.append({"phase": 1, "status": "skipped", "seconds": 0.0, "objective": best.unplaced, "bound": floor})
    else:
        seconds = (deadline - perf_counter()) * (PHASE1_SHARE if greedy_valid else 0.8)
        status = phase_one(sm, best, seconds=seconds, workers=workers, began=began, progress=progress, phases=phases)
        if status == cp_model.INFEASIBLE:
            core = infeasible_core(scenario, candidates, seconds=max(2.0, deadline - perf_counter()))
            return infeasible(scenario, candidates, core=core, began=began, stats=stats, locale=locale)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and not greedy_valid:
            return unknown(scenario, candidates, spots=greedy, began=began, stats=stats, locale=locale)
    if deadline - perf_counter() > 0.05:
        phase_two(
            sm, best, seconds=deadline - perf_counter(), workers=workers, began=began, progress=progress, phases=phases
        )
    return finish(scenario, candidates, sm, best, began=began, stats=stats, locale=locale)


def phase_one(
    sm: ScheduleModel,
    best: Best,
    *,
    seconds: float,
    workers: int,
    began: float,
    progress: Progress | None,
    phases: list[dict[str, object]],
) -> int:
    """Minimise the unplaced weight; keep its solution (as a complete hint) and its proven bound."""
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
    if found:
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
        best.phase2_optimal = status == cp_model.OPTIMAL
        # the soft bound only holds lexicographically once the unplaced weight is proven optimal
        best.soft_bound = max(bound, 0) if best.phase1_optimal else 0


def finish(
    scenario: Scenario,
    candidates: Candidates,
    sm: ScheduleModel,
    best: Best,
    *,
    began: float,
    stats: dict[str, object],
    locale: str,
) -> SolveResult:
    """The schedule of the best placements, scored exactly, with reasons for every unplaced session."""
    optimal = best.phase1_optimal and best.phase2_optimal
    reasons = unplaced_reasons(scenario, candidates, best.spots, locale=locale, proven=best.phase1_optimal)
    schedule = schedule_of(
        scenario, candidates, best.spots, status="optimal" if optimal else "feasible", reasons=reasons
    )
    exact = exact_soft(sm, best.spots, seconds=10.0)
    if exact is None:
        schedule.score = score_with_checker(scenario, schedule)
    else:
        schedule.score = Score(
            hard_violations=0, unplaced_weight=best.unplaced, soft_penalty=exact[0], soft_terms=exact[1]
        )
    stats["soft_terms"] = schedule.score.soft_terms
    schedule.bound = {
        "unplaced_weight": best.unplaced_bound,
        "soft_penalty": schedule.score.soft_penalty if optimal else best.soft_bound,
    }
    schedule.solver = solver_info(began=began, stats=stats)
    return SolveResult(schedule=schedule, stats=stats)


def solver_info(*, began: float, stats: dict[str, object]) -> dict[str, object]:
    return {
        "name": "festplan",
        "version": festplan_version(),
        "engine": f"OR-Tools CP-SAT {ortools.__version__}",
        "seconds": round(perf_counter() - began, 3),
        "workers": stats["workers"],
        "time_limit": stats["time_limit"],
        "phases": stats.get("phases", []),
    }


def infeasible(
    scenario: Scenario,
    candidates: Candidates,
    *,
    core: list[int] | None,
    began: float,
    stats: dict[str, object],
    locale: str,
    pruned: bool = False,
) -> SolveResult:
    """No valid schedule exists: every session unplaced, the conflicting must-place sessions named."""
    reasons: dict[int, list[str]] = {o.index: [other_infeasible_reason(locale)] for o in candidates.sessions}
    musts = [o for o in candidates.sessions if o.must_place]
    if pruned:
        for o in musts:
            if not o.placeable:
                reasons[o.index] = pruning_reasons(scenario, o, locale)
    else:
        reasons.update(core_reasons(scenario, candidates, core if core else [o.index for o in musts], locale=locale))
    stats["core"] = [candidates.sessions[i].session.id for i in core or []]
    schedule = schedule_of(scenario, candidates, {}, status="infeasible", reasons=reasons)
    schedule.score = score_with_checker(scenario, schedule)
    schedule.solver = solver_info(began=began, stats=stats)
    return SolveResult(schedule=schedule, stats=stats)


def unknown(
    scenario: Scenario,
    candidates: Candidates,
    *,
    spots: dict[int, Spot],
    began: float,
    stats: dict[str, object],
    locale: str,
) -> SolveResult:
    """Time ran out before any valid schedule: the greedy's partial one, marked ``unknown``."""
    reasons = unplaced_reasons(scenario, candidates, spots, locale=locale, proven=False)
    schedule = schedule_of(scenario, candidates, spots, status="unknown", reasons=reasons)
    schedule.score = score_with_checker(scenario, schedule)
    schedule.solver = solver_info(began=began, stats=stats)
    return SolveResult(schedule=schedule, stats=stats)
