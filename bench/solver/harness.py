"""The solver benchmark: every solver on the same generated instances, each in its own process with a time
limit and measured peak memory, every schedule written as a format-1 file and scored by ``festplan check --json``.

festplan runs at each peers' limit T and at T/2 (the issue's target: a lower score than every peer given half
their time). The greedy runs once per instance (one pass, no limit).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bench.solver import previous
from bench.solver.instances import Instance

PEERS = ("greedy", "conference-scheduler", "timefold")
#: festplan's own earlier revision, run beside the current one (bench/solver/previous.py).
PREVIOUS = previous.SOLVER
#: Time a run may take beyond its limit before it is stopped (Timefold's JVM start, CBC's model writing).
GRACE_SECONDS = 180.0


@dataclass(slots=True)
class Run:
    """One solver on one instance: how it went and what ``festplan check`` says of its schedule."""

    instance: Instance
    solver: str
    label: str
    limit: float | None
    seconds: float = 0.0
    peak_mb: float = 0.0
    exit_code: int | None = None
    timed_out: bool = False
    error: str | None = None
    check: dict[str, object] = field(default_factory=dict)
    schedule: dict[str, object] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return bool(self.check.get("valid"))

    @property
    def placed(self) -> int:
        return int(self.check.get("placed", 0) or 0)  # type: ignore[call-overload]

    @property
    def score(self) -> tuple[int, int, int]:
        """Lexicographic, lower is better: invalid or missing schedules rank after every valid one."""
        if not self.check:
            return (1, 10**12, 10**12)
        return (
            0 if self.valid else 1,
            int(self.check["unplaced_weight"]),  # type: ignore[call-overload]
            int(self.check["soft_penalty"]),
        )  # type: ignore[call-overload]


def _wait(process: subprocess.Popen, *, deadline: float) -> tuple[int | None, float, bool]:
    """Wait for the child; return (exit code, peak RSS in MB, whether it was stopped for overrunning)."""
    timed_out = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_maxrss / 1024, timed_out
        if time.monotonic() > deadline and not timed_out:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.1)


def run_solver(*, run: Run, scenario_file: Path, out_dir: Path, previous_tree: Path | None = None) -> Path:
    """Run one solver in a fresh process group (so that CBC and the JVM go with it); fill ``run``.

    The previous festplan runs from ``previous_tree`` through its own ``festplan solve`` (the file contract)."""
    out = out_dir / f"{run.instance.name}.{run.label.replace(' ', '_').replace('/', '-')}.schedule.json"
    out.unlink(missing_ok=True)
    limit = run.limit if run.limit is not None else 60.0
    command = [sys.executable, "-m", "bench.solver.run_one", run.solver, str(scenario_file), str(out), str(limit)]
    env, cwd = None, None
    if run.solver == PREVIOUS:
        if previous_tree is None:
            run.error = f"révision {previous.revision()} introuvable / revision not found"
            return out
        command, env, cwd = previous.command(previous_tree, scenario_file=scenario_file, out=out, limit=limit)
    began = time.monotonic()
    with open(out_dir / f"{out.stem}.log", "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env, cwd=cwd
        )
        run.exit_code, run.peak_mb, run.timed_out = _wait(process, deadline=began + limit + GRACE_SECONDS)
    run.seconds = time.monotonic() - began
    if run.exit_code != 0:
        tail = (out_dir / f"{out.stem}.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        run.error = "arrêté (temps dépassé) / stopped (overran)" if run.timed_out else (tail[-1] if tail else "?")
    return out


def festplan_check(scenario_file: Path, schedule_file: Path) -> dict[str, object]:
    """The verdict of ``festplan check --json`` (the project's CLI, in a process of its own)."""
    festplan = Path(sys.executable).with_name("festplan")
    command = [str(festplan)] if festplan.exists() else [sys.executable, "-m", "services"]
    done = subprocess.run(
        [*command, "check", str(scenario_file), str(schedule_file), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"festplan check: {done.stderr.strip()}")
    return json.loads(done.stdout)


def runs_of(instance: Instance, *, solvers: Iterable[str], halves: bool = True) -> list[Run]:
    """The runs on one instance: festplan at T (and T/2 unless ``halves`` is off), the previous festplan and
    the peers at T, the greedy once."""
    wanted = set(solvers)
    out: list[Run] = []
    if "greedy" in wanted:
        out.append(Run(instance=instance, solver="greedy", label="greedy", limit=None))
    for limit in instance.limits:
        if "festplan" in wanted:
            out.append(Run(instance=instance, solver="festplan", label=f"festplan {limit:g}s", limit=limit))
            if halves:
                out.append(
                    Run(instance=instance, solver="festplan", label=f"festplan {limit / 2:g}s (½)", limit=limit / 2)
                )
        if PREVIOUS in wanted:
            label = f"festplan {previous.revision()} {limit:g}s"
            out.append(Run(instance=instance, solver=PREVIOUS, label=label, limit=limit))
        out += [
            Run(instance=instance, solver=peer, label=f"{peer} {limit:g}s", limit=limit)
            for peer in ("conference-scheduler", "timefold")
            if peer in wanted
        ]
    return out


def run_instance(
    instance: Instance,
    *,
    out_dir: Path,
    solvers: Iterable[str],
    progress: Callable[[Run], None] | None = None,
    halves: bool = True,
) -> list[Run]:
    """Generate the instance, run every solver on it one after the other, score every schedule."""
    out_dir.mkdir(parents=True, exist_ok=True)
    scenario_file = instance.write(out_dir)
    runs = runs_of(instance, solvers=solvers, halves=halves)
    tree = previous.extract(previous.revision(), into=out_dir) if any(r.solver == PREVIOUS for r in runs) else None
    for run in runs:
        schedule_file = run_solver(run=run, scenario_file=scenario_file, out_dir=out_dir, previous_tree=tree)
        if schedule_file.exists():
            run.schedule = json.loads(schedule_file.read_text(encoding="utf-8"))
            run.check = festplan_check(scenario_file, schedule_file)
        if progress is not None:
            progress(run)
    return runs
