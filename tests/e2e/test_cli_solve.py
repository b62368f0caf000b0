"""``festplan solve`` end to end: the installed console script, real files, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from shared.scenario.dump import dump_scenario, write_json
from shared.scenario.generate import generate_scenario
from shared.scenario.model import Placement
from tests.factories.scenarios import base_scenario, dt, session

FESTPLAN = Path(sys.executable).with_name("festplan")


def festplan(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_")}
    env |= {"FESTPLAN_VAR_DIR": str(tmp_path / "var"), "FESTPLAN_LOCALE": "fr"}
    return subprocess.run(
        [str(FESTPLAN), *map(str, args)], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_solve_writes_a_valid_schedule_that_check_accepts(tmp_path: Path) -> None:
    scenario_file, out = tmp_path / "scenario.json", tmp_path / "out" / "schedule.json"
    write_json(scenario_file, dump_scenario(generate_scenario(sessions=25, seed=7)))
    result = festplan(
        tmp_path, "solve", "--scenario", scenario_file, "--out", out, "--time-limit", "5", "--workers", "2"
    )
    assert result.returncode == 0, result.stderr
    assert "statut" in result.stdout
    assert "borne prouvée" in result.stdout
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "festplan-schedule/1"
    assert doc["status"] in ("optimal", "feasible")
    assert doc["solver"]["name"] == "festplan"
    assert len(doc["assignments"]) + len(doc["unplaced"]) == 25
    checked = festplan(tmp_path, "check", scenario_file, out)
    assert checked.returncode == 0, checked.stdout
    score = doc["score"]
    assert f"pénalité douce : {score['soft_penalty']} " in checked.stdout.splitlines()[-1]
    assert f"poids non placé : {score['unplaced_weight']} " in checked.stdout.splitlines()[-1]


def test_infeasible_scenario_exits_1_and_still_writes_the_file(tmp_path: Path) -> None:
    fixed = Placement(room="riom-audito", start=dt("2023-10-18T10:00"))
    scenario = base_scenario(sessions=[session("se-001", fixed=fixed), session("se-002", fixed=fixed)])
    scenario_file, out = tmp_path / "scenario.json", tmp_path / "schedule.json"
    write_json(scenario_file, dump_scenario(scenario))
    result = festplan(tmp_path, "solve", "--scenario", scenario_file, "--out", out, "--time-limit", "5")
    assert result.returncode == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["status"] == "infeasible"
    assert doc["unplaced"][0]["reasons"][0].startswith("sessions obligatoires ou fixées incompatibles")


def test_bad_scenario_file_exits_2_naming_the_file_and_the_json_path(tmp_path: Path) -> None:
    scenario_file = tmp_path / "broken.json"
    doc = dump_scenario(base_scenario(sessions=[session("se-001")]))
    doc["sessions"][0]["duration_minutes"] = "long"
    write_json(scenario_file, doc)
    result = festplan(tmp_path, "solve", "--scenario", scenario_file, "--out", tmp_path / "o.json")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{scenario_file}: $.sessions[0].duration_minutes: ")
    assert not (tmp_path / "o.json").exists()
