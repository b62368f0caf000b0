"""The optimiser's pure entry point: scenario in, schedule of format 1 out (no database, no Celery).

Lexicographic in two phases over one model: phase 1 minimises the unplaced weight, phase 2 fixes it (to the
proven optimum, or the best found) and minimises the soft penalty, hinted with phase 1's schedule. The
first-fit greedy, seeded with the caller's hint and the previous schedule, then completed by the ejection
repair (:mod:`repair`), hints phase 1 and is the fallback when time runs out before CP-SAT finds anything. When
the repaired greedy places every placeable session, phase 1 is proven without CP-SAT and phase 2 gets all the time.

The phases themselves, their hints and the exact soft penalty are in :mod:`solve_phases`.
"""

from __future__ import annotations

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
from services.scheduler.domain.model.budget import CostTable, explain_cap, spots_cost
from services.scheduler.domain.model.build import build_model
from services.scheduler.domain.model.infeasible_core import infeasible_core
from services.scheduler.domain.model.output import schedule_of, score_with_checker
from services.scheduler.domain.model.variables import ScheduleModel
from services.scheduler.domain.solve.greedy import Spot, greedy_spots
from services.scheduler.domain.solve.phases import Best, Progress, complete_hint, exact_soft, phase_one, phase_two
from services.scheduler.domain.solve.relaxation import soft_floor
from services.scheduler.domain.solve.repair import repair
from shared.scenario.model import Scenario, Schedule, Score

#: Share of the remaining time phase 1 may use when it cannot be skipped (it stops early once optimal).
PHASE1_SHARE = 0.5
#: Share of the time left the ejection repair of the greedy placement may use (it stops once all is placed).
REPAIR_SHARE = 0.2


@dataclass(slots=True)
class SolveResult:
    """The schedule, plus figures about the run (phases, model size, greedy baseline)."""

    schedule: Schedule
    stats: dict[str, object] = field(default_factory=dict)


def festplan_version() -> str:
    try:
        return version("festplan")
    except PackageNotFoundError:
        return "0+unknown"


def unplaced_of(candidates: Candidates, spots: dict[int, Spot]) -> int:
    return sum(o.session.weight for o in candidates.sessions if o.index not in spots)


def solve(
    scenario: Scenario,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    progress: Progress | None = None,
    hint: Schedule | None = None,
    locale: str = "fr",
    budget: CostTable | None = None,
) -> SolveResult:
    """Best schedule found within ``time_limit`` seconds, with its proven bound and reasons for the unplaced.

    With a ``budget`` whose cap is set, the schedule's variable costs stay under the cap (a hard constraint).
    """
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
    if budget is not None and budget.cap_cents is not None:
        greedy_valid = greedy_valid and spots_cost(budget, candidates, greedy) <= budget.cap_cents
    sm = build_model(scenario, candidates, budget=budget)
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
        status = phase_one(
            sm,
            best,
            seconds=seconds,
            workers=workers,
            began=began,
            progress=progress,
            phases=phases,
            keep_hint=greedy_valid and greedy_soft is not None,
        )
        if status == cp_model.INFEASIBLE:
            core = infeasible_core(scenario, candidates, seconds=max(2.0, deadline - perf_counter()))
            return infeasible(scenario, candidates, core=core, began=began, stats=stats, locale=locale)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE) and not greedy_valid:
            return unknown(scenario, candidates, spots=greedy, began=began, stats=stats, locale=locale)
    if deadline - perf_counter() > 0.05:
        phase_two(
            sm, best, seconds=deadline - perf_counter(), workers=workers, began=began, progress=progress, phases=phases
        )
    result = finish(scenario, candidates, sm, best, began=began, stats=stats, locale=locale)
    if budget is not None:
        stats["variable_cost_cents"] = explain_cap(result.schedule, budget, candidates, best.spots, locale=locale)
    return result


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
    exact = exact_soft(sm, best.spots, seconds=10.0)
    # the relaxation's bound also closes the gap when CP-SAT's does not (e.g. every session at its cheapest)
    best.soft_bound = max(best.soft_bound, soft_floor(scenario, candidates, unplaced_weight=best.unplaced))
    if exact is not None and best.phase1_optimal and best.soft_bound >= exact[0]:
        best.phase2_optimal = True
    optimal = best.phase1_optimal and best.phase2_optimal
    reasons = unplaced_reasons(scenario, candidates, best.spots, locale=locale)
    schedule = schedule_of(
        scenario, candidates, best.spots, status="optimal" if optimal else "feasible", reasons=reasons
    )
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
    reasons = unplaced_reasons(scenario, candidates, spots, locale=locale)
    schedule = schedule_of(scenario, candidates, spots, status="unknown", reasons=reasons)
    schedule.score = score_with_checker(scenario, schedule)
    schedule.solver = solver_info(began=began, stats=stats)
    return SolveResult(schedule=schedule, stats=stats)
