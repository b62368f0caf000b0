"""Measure the optimiser on generated editions: status, placed, unplaced weight, soft penalty, bound, seconds, RSS.

Each size runs in a fresh process so that peak RSS is that of one solve. ``python -m
bench.solver.run [--sizes 50,150,200,300,600] [--time-limit 60] [--workers 2]`` prints a table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from time import perf_counter

#: Sizes the brief asks for, with the time limit each gets by default (600 sessions: 20 s, "valid within 20 s").
DEFAULT_SIZES = (50, 150, 200, 300, 600)
LIMIT_600 = 20.0


def measure(size: int, *, time_limit: float, workers: int, seed: int, previous: bool = False) -> dict[str, object]:
    """One solve of ``generate_scenario(sessions=size)`` (re-optimisation against a published schedule with
    ``previous``) in this process; the row of the table."""
    from services.scheduler.domain.checker.check import check
    from services.scheduler.domain.solve.solver import solve
    from shared.scenario.generate import generate_scenario

    scenario = generate_scenario(sessions=size, seed=seed, with_previous=previous)
    began = perf_counter()
    result = solve(scenario, time_limit=time_limit, workers=workers)
    seconds = perf_counter() - began
    schedule = result.schedule
    report = check(scenario, schedule)
    score, bound = schedule.score, schedule.bound or {}
    return {
        "sessions": f"{size}{' (re-opt)' if previous else ''}",
        "status": schedule.status,
        "placed": len(schedule.assignments),
        "unplaced_weight": score.unplaced_weight if score else None,
        "soft_penalty": score.soft_penalty if score else None,
        "bound": f"{bound.get('unplaced_weight')}/{bound.get('soft_penalty')}",
        "seconds": round(seconds, 1),
        "time_limit": time_limit,
        "checker_valid": report.valid,
        "checker_agrees": not report.differs_from(score),
        "greedy_unplaced": result.stats.get("greedy", {}).get("unplaced_weight"),  # type: ignore[union-attr]
        "hint_unplaced": result.stats.get("repaired", {}).get("unplaced_weight"),  # type: ignore[union-attr]
        "hint_soft": result.stats.get("repaired", {}).get("soft_penalty"),  # type: ignore[union-attr]
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def run(
    sizes: list[int] | tuple[int, ...] = DEFAULT_SIZES,
    time_limit: float = 60.0,
    *,
    workers: int = 2,
    seed: int = 2023,
    previous: bool = False,
) -> list[dict[str, object]]:
    """One row per size, each measured in a child process (600 sessions capped at 20 s)."""
    rows = []
    for size in sizes:
        limit = min(time_limit, LIMIT_600) if size >= 600 else time_limit
        child = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.solver.run",
                "--one",
                str(size),
                "--time-limit",
                str(limit),
                "--workers",
                str(workers),
                "--seed",
                str(seed),
                *(["--previous"] if previous else []),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    return rows


COLUMNS = (
    "sessions",
    "status",
    "placed",
    "unplaced_weight",
    "soft_penalty",
    "bound",
    "seconds",
    "time_limit",
    "checker_valid",
    "greedy_unplaced",
    "hint_unplaced",
    "hint_soft",
    "peak_rss_mb",
)


def table(rows: list[dict[str, object]]) -> str:
    widths = {c: max(len(c), *(len(str(r.get(c))) for r in rows)) for c in COLUMNS}
    lines = [" ".join(c.rjust(widths[c]) for c in COLUMNS)]
    lines += [" ".join(str(r.get(c)).rjust(widths[c]) for c in COLUMNS) for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark du solveur festplan / festplan solver benchmark")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument(
        "--previous",
        action="store_true",
        help="ré-optimisation contre un programme publié / re-optimise against a published schedule",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(
            json.dumps(
                measure(
                    args.one, time_limit=args.time_limit, workers=args.workers, seed=args.seed, previous=args.previous
                )
            )
        )
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(table(run(sizes, args.time_limit, workers=args.workers, seed=args.seed, previous=args.previous)))


if __name__ == "__main__":
    main()
