"""``festplan check`` end to end: real files in tmp_path, the installed console script, exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shared.scenario.dump import dump_scenario, dump_schedule, write_json
from shared.scenario.model import Score
from tests.factories.hard_cases_room_time import case_capacity

FESTPLAN = Path(sys.executable).with_name("festplan")


def festplan(tmp_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FESTPLAN_")}
    env |= {"FESTPLAN_VAR_DIR": str(tmp_path / "var"), "FESTPLAN_LOCALE": "fr"}
    return subprocess.run(
        [str(FESTPLAN), *map(str, args)], capture_output=True, text=True, env=env, timeout=60, check=False
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The capacity case written as files: the scenario, its broken and its fixed schedule."""
    case = case_capacity()
    paths = {
        "scenario": tmp_path / "scenario.json",
        "broken": tmp_path / "broken.json",
        "fixed": tmp_path / "fixed.json",
    }
    write_json(paths["scenario"], dump_scenario(case.scenario))
    write_json(paths["broken"], dump_schedule(case.broken))
    write_json(paths["fixed"], dump_schedule(case.fixed))
    return paths


def test_valid_schedule_exits_0_with_the_score_line(tmp_path: Path, files: dict[str, Path]) -> None:
    result = festplan(tmp_path, "check", files["scenario"], files["fixed"])
    assert result.returncode == 0, result.stderr
    # Hall René-Cassin: (150 − 120) // 10 = 3 wasted; Riom not reached: 200
    assert result.stdout.splitlines()[-1] == (
        "valide : oui · violations : 0 · poids non placé : 0 · pénalité douce : 203 (travel 0, venue_preference 0, "
        "date_preference 0, audience_clash 0, territory 200, wasted_seats 3, stability 0)"
    )


def test_invalid_schedule_exits_1_and_says_why_in_french(tmp_path: Path, files: dict[str, Path]) -> None:
    result = festplan(tmp_path, "check", files["scenario"], files["broken"])
    assert result.returncode == 1
    assert (
        "- [règle 1] se-001 « Session se-001 » : Salle Vercingétorix (40 places) trop petite pour "
        "120 personnes attendues"
    ) in result.stdout.splitlines()
    assert "valide : non · violations : 1 ·" in result.stdout


def test_json_output_is_one_object_in_the_chosen_language(tmp_path: Path, files: dict[str, Path]) -> None:
    result = festplan(tmp_path, "check", files["scenario"], files["broken"], "--json", "--lang", "en")
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert {
        "valid",
        "hard_violations",
        "violations",
        "unplaced_weight",
        "soft_penalty",
        "soft_terms",
        "placed",
        "unplaced",
        "score",
    } <= set(doc)
    assert doc["valid"] is False
    assert doc["violations"] == [
        'se-001 "Session se-001": Salle Vercingétorix (40 seats) too small for 120 expected attendees'
    ]
    # wasted_seats (40 − 120) // 10 = −8; territory Riom 200
    assert doc["score"] == {"hard_violations": 1, "unplaced_weight": 0, "soft_penalty": 192}
    assert doc["soft_terms"]["wasted_seats"] == -8
    assert (doc["placed"], doc["unplaced"]) == (1, 0)
    assert doc["score_matches"] is None


def test_a_wrong_declared_score_is_reported(tmp_path: Path, files: dict[str, Path]) -> None:
    case = case_capacity()
    case.fixed.score = Score(hard_violations=0, unplaced_weight=0, soft_penalty=180)
    write_json(files["fixed"], dump_schedule(case.fixed))
    result = festplan(tmp_path, "check", files["scenario"], files["fixed"])
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == (
        "score annoncé par le fichier : violations 0 · poids non placé 0 · pénalité douce 180 — différent du score "
        "recalculé"
    )
    as_json = json.loads(festplan(tmp_path, "check", files["scenario"], files["fixed"], "--json").stdout)
    assert as_json["score_matches"] is False
    assert as_json["declared_score"]["soft_penalty"] == 180


def test_a_right_declared_score_adds_nothing(tmp_path: Path, files: dict[str, Path]) -> None:
    case = case_capacity()
    case.fixed.score = Score(hard_violations=0, unplaced_weight=0, soft_penalty=203)
    write_json(files["fixed"], dump_schedule(case.fixed))
    result = festplan(tmp_path, "check", files["scenario"], files["fixed"])
    assert result.stdout.splitlines()[-1].startswith("valide : oui")


def test_format_error_exits_2_naming_file_and_json_path(tmp_path: Path, files: dict[str, Path]) -> None:
    doc = json.loads(files["fixed"].read_text(encoding="utf-8"))
    doc["assignments"][0]["start"] = "18/10/2023 14h"
    write_json(files["fixed"], doc)
    result = festplan(tmp_path, "check", files["scenario"], files["fixed"])
    assert result.returncode == 2
    assert result.stderr.startswith(f"{files['fixed']}: $.assignments[0].start: ")
    assert result.stdout == ""


def test_unreadable_files_exit_2(tmp_path: Path, files: dict[str, Path]) -> None:
    (tmp_path / "broken-json.json").write_text("{", encoding="utf-8")
    result = festplan(tmp_path, "check", tmp_path / "broken-json.json", files["fixed"])
    assert result.returncode == 2
    assert result.stderr.startswith(f"{tmp_path / 'broken-json.json'}: $: ")
    missing = festplan(tmp_path, "check", tmp_path / "absent.json", files["fixed"])
    assert missing.returncode == 2
    assert str(tmp_path / "absent.json") in missing.stderr
