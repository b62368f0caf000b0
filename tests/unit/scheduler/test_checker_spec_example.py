"""The example documents of ``scenario-format.md``, read from the kit, scored by hand.

The example scenario names venues it does not define (``riom-mediatheque``, ``lezoux-musee``); we add
them, and nothing else, so that it parses.
"""

from __future__ import annotations

import json
import re
from typing import Any

from services.scheduler.domain.checker.check import check
from shared.scenario.parse import parse_scenario, parse_schedule
from tests.conftest import kit_file


def spec_documents() -> tuple[dict[str, Any], dict[str, Any]]:
    """The two JSON blocks of the spec, the scenario completed with its two missing venues."""
    text = kit_file("spec", "scenario-format.md").read_text(encoding="utf-8")
    scenario, schedule = (json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S))
    scenario["venues"] += [
        {
            "id": "riom-mediatheque",
            "name": "Médiathèque de Riom",
            "territory": "Riom Limagne et Volcans",
            "rooms": [{"id": "riom-auditorium", "name": "Auditorium", "capacity": 80}],
        },
        {
            "id": "lezoux-musee",
            "name": "Musée de la Céramique",
            "rooms": [{"id": "lezoux-atelier", "name": "Atelier", "capacity": 25}],
        },
    ]
    travel = scenario["travel_minutes"]
    travel["hd"]["riom-mediatheque"] = 25
    travel["lezoux-musee"]["riom-mediatheque"] = 40
    travel["riom-mediatheque"] = {"hd": 25, "lezoux-musee": 40, "riom-mediatheque": 0}
    return scenario, schedule


def test_spec_example_as_written_lists_an_unknown_session() -> None:
    scenario_doc, schedule_doc = spec_documents()
    report = check(parse_scenario(scenario_doc), parse_schedule(schedule_doc))
    # se-001 in the Hall René-Cassin on Wed 18/10 14:00–15:30 breaks nothing; se-042 is not in the scenario.
    assert [v.code for v in report.violations] == ["unknown_session"]
    assert report.unplaced_weight == 0
    # venue_preference: hd is not riom-mediatheque → 20; date 18/10 preferred → 0;
    # territory: Riom and "..." unreached → 2 × 200; wasted_seats (150 − 60) // 10 = 9; stability unchanged → 0
    assert report.soft_terms == {
        "travel": 0,
        "venue_preference": 20,
        "date_preference": 0,
        "audience_clash": 0,
        "territory": 400,
        "wasted_seats": 9,
        "stability": 0,
    }
    assert report.soft_penalty == 429


def test_spec_example_with_its_unplaceable_session_declared() -> None:
    scenario_doc, schedule_doc = spec_documents()
    scenario_doc["sessions"].append(
        {
            "id": "se-042",
            "title": "Grand débat",
            "duration_minutes": 120,
            "expected_attendance": 400,
            "required_features": ["hearing_loop"],
        }
    )
    report = check(parse_scenario(scenario_doc), parse_schedule(schedule_doc))
    assert report.valid
    assert (report.placed, report.unplaced) == (1, 1)
    assert report.unplaced_weight == 1000
    assert report.soft_penalty == 429
    # the file claims 245: the checker says so
    assert report.differs_from(parse_schedule(schedule_doc).score)
