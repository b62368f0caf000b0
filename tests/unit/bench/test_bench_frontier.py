"""Issue 21's table and the previous festplan: the verdicts read from the schedules, and the earlier revision run
through its own ``festplan solve``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from bench.solver import frontier, previous
from bench.solver.harness import PREVIOUS, Run, festplan_check, run_solver, runs_of
from bench.solver.instances import Instance, frontier_plan

ROOT = Path(__file__).resolve().parents[3]


def _run(instance: Instance, *, solver: str, limit: float | None, soft: int, weight: int = 0, **schedule) -> Run:
    run = Run(instance=instance, solver=solver, label=solver, limit=limit)
    run.check = {"valid": True, "unplaced_weight": weight, "soft_penalty": soft, "placed": instance.sessions}
    run.schedule = {"status": "feasible", **schedule}
    run.peak_mb = 700.0
    return run


def _festplan(instance: Instance, limit: float, soft: int, weight: int, bound: tuple[int, int]) -> Run:
    """festplan's run at ``limit``: soft penalty, unplaced weight and the (unplaced, soft) bound it wrote."""
    return _run(
        instance,
        solver="festplan",
        limit=limit,
        soft=soft,
        weight=weight,
        bound={"unplaced_weight": bound[0], "soft_penalty": bound[1]},
    )


def test_the_previous_festplan_runs_at_each_limit_and_frontier_runs_skip_the_halves() -> None:
    labels = [r.label for r in runs_of(Instance("x", 10, (60.0,)), solvers=("festplan", PREVIOUS), halves=False)]
    assert labels == ["festplan 60s", f"festplan {previous.revision()} 60s"]
    plan = frontier_plan()
    assert {(i.sessions, i.with_previous) for i in plan} == {(200, False), (150, True), (600, False)}
    assert {i.seed for i in plan} == {2023, 7}


def test_600_at_300_s_needs_proven_placement_soft_target_and_a_soft_bound_of_half_the_score() -> None:
    instance = Instance("multi-600", 600, (300.0,))
    good = _festplan(instance, 300.0, soft=3005, weight=1000, bound=(1000, 2421))
    weak = _festplan(instance, 300.0, soft=3005, weight=1000, bound=(1000, 1400))
    unproven = _festplan(instance, 300.0, soft=3005, weight=1000, bound=(0, 2421))
    assert frontier.rows([good])[0][-1] == "oui / yes"
    assert frontier.rows([weak])[0][-1] == "non / no"
    assert frontier.rows([unproven])[0][-1] == "non / no"


def test_600_at_20_s_counts_as_all_placed_when_another_run_proved_that_maximum() -> None:
    instance = Instance("multi-600", 600, (20.0, 300.0))
    long = _festplan(instance, 300.0, soft=3005, weight=1000, bound=(1000, 2421))
    short = _festplan(instance, 20.0, soft=4100, weight=1000, bound=(0, 1700))
    fewer = _festplan(instance, 20.0, soft=4100, weight=3000, bound=(0, 1700))
    peer = _run(instance, solver="timefold", limit=20.0, soft=13451, weight=9000)
    by_limit = {row[2]: row for row in frontier.rows([short, long, peer])}
    assert by_limit["20 s"][-1] == "oui / yes"
    assert "timefold" in by_limit["20 s"][6]
    assert frontier.rows([fewer, long])[0][-1] == "non / no"


def test_reoptimisation_needs_an_optimum_or_a_bound_as_strong_as_the_exact_models() -> None:
    instance = Instance("reopt-150", 150, (60.0,), with_previous=True)
    optimal = _run(instance, solver="festplan", limit=60.0, soft=2050, weight=2000, status="optimal")
    weak = _festplan(instance, 60.0, soft=2050, weight=2000, bound=(2000, 773))
    assert frontier.rows([optimal])[0][-1] == "oui / yes"
    assert frontier.rows([weak])[0][-1] == "non / no"


def test_an_unknown_revision_is_said_not_raised(tmp_path: Path) -> None:
    assert previous.extract("0" * 40, into=tmp_path) is None


def test_the_previous_revision_solves_through_its_own_festplan_solve(tmp_path: Path) -> None:
    """HEAD stands for the previous revision here (a clone always has it): extracted, run, its schedule checked."""
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    tree = previous.extract(head.stdout.strip(), into=tmp_path)
    assert tree is not None
    assert (tree / "services" / "scheduler").is_dir()
    instance = Instance("tiny", 12, (5.0,))
    scenario = instance.write(tmp_path)
    run = Run(instance=instance, solver=PREVIOUS, label="previous", limit=5.0)
    out = run_solver(run=run, scenario_file=scenario, out_dir=tmp_path, previous_tree=tree)
    assert run.exit_code == 0, (tmp_path / f"{out.stem}.log").read_text()
    assert run.peak_mb > 0
    verdict = festplan_check(scenario, out)
    assert verdict["valid"] is True
    assert json.loads(out.read_text())["format"].startswith("festplan-schedule/")


def test_only_the_issues_cases_are_in_the_frontier_table() -> None:
    single = Instance("single-150", 150, (60.0,), single_venue=True)
    middle = Instance("multi-300", 300, (60.0,))
    for instance in (single, middle):
        assert frontier.rows([_run(instance, solver="festplan", limit=60.0, soft=100, status="optimal")]) == []
