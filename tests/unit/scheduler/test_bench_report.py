"""The benchmark's bookkeeping: instances, the ranking of runs, the reading of other sections' Markdown tables."""

from __future__ import annotations

from bench.__main__ import markdown_tables, to_markdown
from bench.solver.harness import Run, runs_of
from bench.solver.instances import Instance, plan
from bench.solver.report import bound_text, instance_targets


def _run(
    instance: Instance,
    *,
    solver: str,
    label: str,
    limit: float | None,
    valid: bool,
    weight: int,
    soft: int,
    placed: int,
    schedule: dict | None = None,
) -> Run:
    run = Run(instance=instance, solver=solver, label=label, limit=limit)
    run.check = {
        "valid": valid,
        "hard_violations": 0 if valid else 2,
        "unplaced_weight": weight,
        "soft_penalty": soft,
        "placed": placed,
        "violation_details": [],
    }
    run.schedule = schedule or {"status": "feasible"}
    return run


def test_plans_cover_the_issue_sizes() -> None:
    assert [i.sessions for i in plan(quick=True)] == [50, 150]
    default = plan()
    assert {i.sessions for i in default} == {50, 150, 300, 600}
    assert any(i.single_venue for i in default)
    assert any(i.with_previous for i in default)
    assert next(i for i in plan(full=True) if i.sessions == 600).limits == (20.0, 300.0)


def test_festplan_runs_at_the_limit_and_at_half() -> None:
    labels = [r.label for r in runs_of(Instance("x", 10, (60.0,)), solvers=("festplan", "greedy", "timefold"))]
    assert labels == ["greedy", "festplan 60s", "festplan 30s (½)", "timefold 60s"]


def test_an_invalid_schedule_ranks_after_any_valid_one() -> None:
    instance = Instance("x", 10, (60.0,))
    invalid = _run(instance, solver="timefold", label="t", limit=60, valid=False, weight=0, soft=0, placed=10)
    valid = _run(instance, solver="festplan", label="f", limit=30, valid=True, weight=5000, soft=900, placed=5)
    assert valid.score < invalid.score


def test_targets_compare_half_time_festplan_with_each_peer() -> None:
    instance = Instance("multi-50", 50, (60.0,))
    runs = [
        _run(
            instance,
            solver="festplan",
            label="festplan 60s",
            limit=60,
            valid=True,
            weight=0,
            soft=100,
            placed=50,
            schedule={"status": "optimal", "bound": {"unplaced_weight": 0, "soft_penalty": 100}},
        ),
        _run(
            instance, solver="festplan", label="festplan 30s (½)", limit=30, valid=True, weight=0, soft=120, placed=50
        ),
        _run(instance, solver="timefold", label="timefold 60s", limit=60, valid=True, weight=0, soft=110, placed=50),
    ]
    verdicts = {row[0].split(" / ")[0]: row[3] for row in instance_targets(runs)}
    assert verdicts["optimum prouvé en 60 s"] == "oui / yes"
    assert verdicts["score plus bas que timefold 60s en 30 s"] == "non / no"  # 120 is not below 110
    assert verdicts["au moins autant de placées que timefold 60s"] == "oui / yes"


def test_bound_text_gives_the_soft_gap() -> None:
    run = _run(
        Instance("x", 10, (60.0,)),
        solver="festplan",
        label="f",
        limit=60,
        valid=True,
        weight=0,
        soft=200,
        placed=10,
        schedule={"status": "feasible", "bound": {"unplaced_weight": 0, "soft_penalty": 150}},
    )
    assert bound_text(run) == "0 / 150 · écart 25.0 %"


def test_markdown_tables_of_a_section_script_round_trip() -> None:
    printed = "Import\n| measure | rows |\n| --- | ---: |\n| first import | 10000 |\n\ndone in 3 s\n"
    tables, lines = markdown_tables(printed)
    assert tables == [(["measure", "rows"], [["first import", "10000"]])]
    assert lines == ["Import", "done in 3 s"]
    assert markdown_tables("\n".join(to_markdown(tables[0])))[0] == tables


def test_document_keeps_the_hand_written_analysis_last() -> None:
    from bench.__main__ import NOTES_HEADING, Section, document

    section = Section("import", "Import", tables=[(["a", "b"], [["1", "2"]])], lines=["fini / done"])
    notes = f"{NOTES_HEADING}\n\nLe solveur manque l'objectif 600 à 20 s.\n"
    text = document(sections=[section], about=[("cœurs / cores", "2")], command="python -m bench.__main__", notes=notes)
    assert "| cœurs / cores | 2 |" in text
    assert text.index("## Import") < text.index("| 1 | 2 |") < text.index(NOTES_HEADING)
    assert text.endswith(notes)
