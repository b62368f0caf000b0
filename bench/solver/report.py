"""The benchmark's tables as rows of text: one row per run, and the issue's targets with a verdict each."""

from __future__ import annotations

from bench.solver.harness import Run

RUN_COLUMNS = (
    "instance",
    "sessions",
    "solveur / solver",
    "valide / valid",
    "placées / placed",
    "poids non placé / unplaced weight",
    "pénalité douce / soft penalty",
    "borne, écart / bound, gap",
    "secondes / seconds",
    "mémoire max / peak memory",
    "notes",
)
TARGET_COLUMNS = ("objectif / target", "instance", "résultat / result", "atteint / met")
GIGABYTE_MB = 1024.0


def _yes(value: bool) -> str:
    return "oui / yes" if value else "non / no"


def bound_of(run: Run) -> tuple[int, int] | None:
    """The bound festplan wrote in its schedule, (unplaced weight, soft penalty); None when it wrote none."""
    bound = run.schedule.get("bound")
    if not isinstance(bound, dict):
        return None
    return int(bound.get("unplaced_weight", 0)), int(bound.get("soft_penalty", 0))


def solver_seconds(run: Run) -> float:
    """The solver's own time when its schedule says it, else the whole process's."""
    solver = run.schedule.get("solver")
    if isinstance(solver, dict) and isinstance(solver.get("seconds"), int | float):
        return float(solver["seconds"])
    return run.seconds


def bound_text(run: Run) -> str:
    """``optimal``, or the proven bound (unplaced weight / soft penalty) and the soft gap to it."""
    bound = bound_of(run)
    if run.schedule.get("status") == "optimal":
        return "optimal (prouvé / proven)"
    if bound is None or not run.check:
        return "—"
    weight, soft = int(run.check["unplaced_weight"]), int(run.check["soft_penalty"])  # type: ignore[call-overload]
    low_w, low_s = bound
    if weight > low_w:
        return f"poids ≥ {low_w} / weight ≥ {low_w}"
    gap = 0.0 if soft == 0 else 100.0 * (soft - low_s) / soft
    return f"{low_w} / {low_s} · écart {gap:.1f} %"


def notes_text(run: Run) -> str:
    parts = []
    if run.error:
        parts.append(run.error)
    status = run.schedule.get("status")
    if status:
        parts.append(str(status))
    solver = run.schedule.get("solver")
    if isinstance(solver, dict):
        if "setup_seconds" in solver:
            parts.append(f"démarrage JVM + traduction / JVM start + translation {solver['setup_seconds']:.0f} s")
        if "engine_status" in solver:
            parts.append(str(solver["engine_status"]))
    if run.check and not run.valid:
        codes = sorted({str(d["code"]) for d in run.check.get("violation_details", [])})  # type: ignore[union-attr]
        parts.append("violations : " + ", ".join(codes))
    return " · ".join(parts)


def run_row(run: Run) -> list[str]:
    total = run.instance.sessions
    if not run.check:
        return [
            run.instance.name,
            str(total),
            run.label,
            "—",
            "—",
            "—",
            "—",
            "—",
            f"{run.seconds:.1f}",
            f"{run.peak_mb:.0f} Mo",
            notes_text(run),
        ]
    return [
        run.instance.name,
        str(total),
        run.label,
        f"{_yes(run.valid)}" + ("" if run.valid else f" ({run.check['hard_violations']})"),
        f"{run.placed}/{total}",
        str(run.check["unplaced_weight"]),
        str(run.check["soft_penalty"]),
        bound_text(run),
        f"{run.seconds:.1f}",
        f"{run.peak_mb:.0f} Mo",
        notes_text(run),
    ]


def _festplan(runs: list[Run], limit: float) -> Run | None:
    return next((r for r in runs if r.solver == "festplan" and r.limit == limit), None)


def _peers_at(runs: list[Run], limit: float) -> list[Run]:
    return [r for r in runs if r.solver != "festplan" and (r.limit is None or r.limit == limit)]


def _score_text(run: Run) -> str:
    if not run.check:
        return "aucun programme / no schedule"
    return (
        f"{'valide' if run.valid else 'INVALIDE'} · {run.placed} placées · poids {run.check['unplaced_weight']}"
        f" · douce {run.check['soft_penalty']}"
    )


def instance_targets(runs: list[Run]) -> list[list[str]]:
    """The issue's targets that concern this instance's runs, each with what was measured and a verdict."""
    if not runs:
        return []
    instance = runs[0].instance
    rows: list[list[str]] = []
    for limit in instance.limits:
        full, half = _festplan(runs, limit), _festplan(runs, limit / 2)
        if full is None:
            continue
        seconds = solver_seconds(full)
        if not instance.single_venue and not instance.with_previous and instance.sessions <= 200:
            met = full.schedule.get("status") == "optimal"
            rows.append(
                [
                    f"optimum prouvé en {limit:g} s / proven optimal within {limit:g} s",
                    instance.name,
                    f"{full.schedule.get('status', '—')} en {seconds} s · {bound_text(full)}",
                    _yes(met),
                ]
            )
        if instance.with_previous:
            bound = full.schedule.get("bound") or {}
            met = bool(full.check) and bound.get("unplaced_weight") == full.check.get("unplaced_weight")
            rows.append(
                [
                    f"poids placé prouvé optimal en {limit:g} s, écart doux publié / placed weight proven "
                    f"optimal, soft gap reported",
                    instance.name,
                    bound_text(full),
                    _yes(met),
                ]
            )
        if instance.sessions >= 600:
            rows.append(
                [
                    f"programme valide, < 2 Go, en {limit:g} s / valid schedule under 2 GB",
                    instance.name,
                    f"{_score_text(full)} · {full.peak_mb:.0f} Mo",
                    _yes(full.valid and full.peak_mb < 2 * GIGABYTE_MB),
                ]
            )
        for peer in _peers_at(runs, limit):
            if not peer.check:
                continue
            more = full.placed >= peer.placed or not peer.valid
            rows.append(
                [
                    f"au moins autant de placées que {peer.label} / at least as many placed",
                    instance.name,
                    f"festplan {full.placed} · {peer.label} {peer.placed}" + ("" if peer.valid else " (invalide)"),
                    _yes(more),
                ]
            )
            if half is not None:
                rows.append(
                    [
                        f"score plus bas que {peer.label} en {limit / 2:g} s / lower score at half time",
                        instance.name,
                        f"festplan ½ : {_score_text(half)} — {peer.label} : {_score_text(peer)}",
                        _yes(half.score < peer.score),
                    ]
                )
    return rows
