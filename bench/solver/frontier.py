"""Issue 21's table: each case of the optimiser's frontier, its target, and what the previous festplan, the
current one and the best peer did on it in the same run, with a verdict read from the schedules themselves.

Every figure comes from the schedule files and ``festplan check --json``: the bound is the one festplan wrote
in its schedule (``bound``, ``status``), the score is the checker's, never the solver's own claim.
"""

from __future__ import annotations

from bench.solver.harness import PREVIOUS, Run
from bench.solver.instances import Instance
from bench.solver.report import GIGABYTE_MB, bound_of, solver_seconds

COLUMNS = (
    "cas / case",
    "instance",
    "temps / time",
    "objectif / target",
    "festplan précédent / previous",
    "festplan",
    "meilleur pair / best peer",
    "atteint / met",
)
#: The issue's figures: the re-optimisation's soft target and the bound an exact model proves in 300 s.
REOPT_SOFT, REOPT_BOUND = 4600, 2793
LARGE_SOFT_300, LARGE_SOFT_20 = 4500, 8000


def _int(run: Run, key: str) -> int:
    return int(run.check.get(key, 0) or 0)  # type: ignore[call-overload]


def _placement_proven(run: Run) -> bool:
    bound = bound_of(run)
    return bool(run.check) and (
        run.schedule.get("status") == "optimal" or (bound is not None and bound[0] == _int(run, "unplaced_weight"))
    )


def cell(run: Run | None) -> str:
    """What one solver did: placed, soft penalty, proof, time and memory."""
    if run is None:
        return "—"
    if not run.check:
        return run.error or "aucun programme / no schedule"
    text = f"{run.placed}/{run.instance.sessions} · douce {_int(run, 'soft_penalty')}"
    if not run.valid:
        text += " · INVALIDE"
    bound = bound_of(run)
    if run.schedule.get("status") == "optimal":
        text += " · optimal prouvé / proven"
    elif bound is not None:
        text += f" · borne / bound {bound[0]} / {bound[1]}"
    return text + f" · {solver_seconds(run):.1f} s · {run.peak_mb:.0f} Mo"


def _best_peer(runs: list[Run], limit: float) -> Run | None:
    peers = [r for r in runs if r.solver not in ("festplan", PREVIOUS) and (r.limit is None or r.limit == limit)]
    scored = [r for r in peers if r.check and r.valid]
    return min(scored, key=lambda r: r.score) if scored else (peers[0] if peers else None)


def _pick(runs: list[Run], solver: str, limit: float) -> Run | None:
    return next((r for r in runs if r.solver == solver and r.limit == limit), None)


def _most_placed_proven(runs: list[Run]) -> int | None:
    """The least unplaced weight some festplan run proved (its bound equals what it left out), if any."""
    proven = [_int(r, "unplaced_weight") for r in runs if r.solver == "festplan" and _placement_proven(r)]
    return min(proven) if proven else None


def _target(run: Run, runs: list[Run], limit: float) -> tuple[str, str, bool]:
    """(case, target, met) for festplan's run at ``limit`` on its instance."""
    instance = run.instance
    soft = _int(run, "soft_penalty")
    bound = bound_of(run)
    if instance.with_previous:
        strong = run.schedule.get("status") == "optimal" or (bound is not None and bound[1] >= REOPT_BOUND)
        met = run.valid and _placement_proven(run) and soft <= REOPT_SOFT and strong
        target = f"placement prouvé, douce ≤ {REOPT_SOFT}, borne ≥ {REOPT_BOUND} ou optimum prouvé"
        return f"réoptimisation {instance.sessions}", target, met
    if instance.sessions <= 200:
        proven = run.schedule.get("status") == "optimal"
        return "≤ 200 sessions, multi-lieux", "optimum prouvé / proven optimal", proven
    if limit >= 300:
        half = soft == 0 or (bound is not None and bound[1] >= soft / 2)
        small = run.peak_mb < 2 * GIGABYTE_MB
        met = run.valid and _placement_proven(run) and soft <= LARGE_SOFT_300 and half and small
        target = f"max placé prouvé, douce ≤ {LARGE_SOFT_300}, borne douce ≥ 50 %, < 2 Go"
        return f"{instance.sessions} sessions, 20 lieux", target, met
    most = _most_placed_proven(runs)
    all_placed = most is not None and _int(run, "unplaced_weight") <= most
    met = run.valid and all_placed and soft <= LARGE_SOFT_20
    return f"{instance.sessions} sessions", f"valide, tout le plaçable placé, douce ≤ {LARGE_SOFT_20}", met


def is_frontier_case(instance: Instance) -> bool:
    """Whether the issue names this kind of instance: several venues up to 200 sessions, a re-optimisation,
    600 sessions (a single venue or 300 sessions has targets of its own, in the other table)."""
    if instance.single_venue:
        return False
    return instance.with_previous or instance.sessions <= 200 or instance.sessions >= 600


def rows(runs: list[Run]) -> list[list[str]]:
    """One row per (instance, limit) of festplan's runs, for the issue's cases only."""
    if not runs or not is_frontier_case(runs[0].instance):
        return []
    out: list[list[str]] = []
    for limit in runs[0].instance.limits:
        current = _pick(runs, "festplan", limit)
        if current is None:
            continue
        case, target, met = _target(current, runs, limit)
        out.append(
            [
                case,
                current.instance.name,
                f"{limit:g} s",
                target,
                cell(_pick(runs, PREVIOUS, limit)),
                cell(current),
                (lambda peer: f"{peer.label} : {cell(peer)}" if peer else "—")(_best_peer(runs, limit)),
                "oui / yes" if met else "non / no",
            ]
        )
    return out
