"""``dump(parse(doc)) == doc`` for valid documents, including the absent-versus-empty distinctions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spec_example import spec_scenario, spec_schedule

from shared.scenario.dump import dump_scenario, dump_schedule, write_json
from shared.scenario.parse import load_scenario, load_schedule, parse_scenario, parse_schedule


def test_spec_example_round_trips() -> None:
    doc = spec_scenario()
    assert dump_scenario(parse_scenario(doc)) == doc


def test_spec_schedule_round_trips() -> None:
    doc = spec_schedule()
    assert dump_schedule(parse_schedule(doc)) == doc


def test_schedule_with_soft_terms_round_trips() -> None:
    doc = spec_schedule()
    doc["score"]["soft_terms"] = {"travel": 45, "territory": 200}
    del doc["bound"], doc["solver"]
    assert dump_schedule(parse_schedule(doc)) == doc


@pytest.mark.parametrize("key", ["fixed", "priority", "mandatory", "speakers", "windows", "required_features"])
def test_absent_optional_session_key_stays_absent(key: str) -> None:
    doc = spec_scenario()
    del doc["sessions"][0][key]
    again = dump_scenario(parse_scenario(doc))
    assert key not in again["sessions"][0]
    assert again == doc


def test_null_fixed_and_absent_fixed_differ() -> None:
    doc = spec_scenario()
    scenario = parse_scenario(doc)
    assert scenario.sessions[0].fixed is None
    assert scenario.sessions[0].fixed_key_present
    assert scenario.sessions[1].fixed is None
    assert not scenario.sessions[1].fixed_key_present
    assert dump_scenario(scenario)["sessions"][0]["fixed"] is None


@pytest.mark.parametrize(
    "key", ["timezone", "granularity_minutes", "school_holidays", "audience_windows", "territories"]
)
def test_absent_edition_key_stays_absent(key: str) -> None:
    doc = spec_scenario()
    del doc["edition"][key]
    if key == "granularity_minutes":
        parsed = parse_scenario(doc)
        assert parsed.edition.granularity_minutes == 15
    assert dump_scenario(parse_scenario(doc)) == doc


def test_empty_lists_stay_empty_and_previous_absent_stays_absent() -> None:
    doc = spec_scenario()
    del doc["previous"]
    doc["venues"][0]["opening"] = []
    doc["edition"]["territories"] = []
    assert dump_scenario(parse_scenario(doc)) == doc


def test_opening_until_midnight() -> None:
    doc = spec_scenario()
    doc["venues"][0]["opening"] = [{"days": "weekend", "from": "00:00", "to": "24:00"}]
    scenario = parse_scenario(doc)
    assert scenario.venues[0].opening[0].end_minute == 1440
    assert dump_scenario(scenario) == doc


def test_write_json_is_utf8_indented_and_atomic(tmp_path: Path) -> None:
    target = tmp_path / "out" / "scenario.json"
    write_json(target, spec_scenario())
    raw = target.read_text(encoding="utf-8")
    assert "Culture et numérique 2023" in raw  # accents kept, not \u00e9
    assert raw.startswith('{\n  "format"')
    assert [p.name for p in target.parent.iterdir()] == ["scenario.json"]  # no temp file left behind
    assert dump_scenario(load_scenario(target)) == spec_scenario()


def test_write_json_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "schedule.json"
    target.write_text("old", encoding="utf-8")
    write_json(target, spec_schedule())
    assert json.loads(target.read_text(encoding="utf-8")) == spec_schedule()
    assert dump_schedule(load_schedule(target)) == spec_schedule()
