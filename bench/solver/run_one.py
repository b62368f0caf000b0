"""One benchmark run, in its own process: ``python -m bench.solver.run_one SOLVER SCENARIO OUT LIMIT``.

Each solver runs in a fresh process so that the parent can measure its peak memory alone (``os.wait4``) and
stop it when it overruns. The schedule is written as a format-1 file; nothing else is printed on success.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from shared.scenario.model import Scenario, Schedule


def _festplan(scenario: Scenario, *, time_limit: float) -> Schedule:
    from services.scheduler.domain.solve.solver import solve

    return solve(scenario, time_limit=time_limit, workers=2).schedule


def _greedy(scenario: Scenario, *, time_limit: float) -> Schedule:
    from bench.solver.peers_greedy import greedy_peer_schedule

    return greedy_peer_schedule(scenario, time_limit=time_limit)


def _conference_scheduler(scenario: Scenario, *, time_limit: float) -> Schedule:
    from bench.solver.peers_conference_scheduler import conference_scheduler_schedule

    return conference_scheduler_schedule(scenario, time_limit=time_limit)


def _timefold(scenario: Scenario, *, time_limit: float) -> Schedule:
    from bench.solver.peers_timefold import timefold_schedule

    return timefold_schedule(scenario, time_limit=time_limit)


SOLVERS: dict[str, Callable[..., Schedule]] = {
    "festplan": _festplan,
    "greedy": _greedy,
    "conference-scheduler": _conference_scheduler,
    "timefold": _timefold,
}


def main(argv: list[str]) -> int:
    from shared.scenario.dump import dump_schedule, write_json
    from shared.scenario.parse import load_scenario

    solver, scenario_file, out_file, limit = argv
    scenario = load_scenario(Path(scenario_file))
    schedule = SOLVERS[solver](scenario, time_limit=float(limit))
    write_json(Path(out_file), dump_schedule(schedule))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
