"""schedule.xml and schedule.json validate against the c3voc schemas copied in the kit."""

from __future__ import annotations

import json

import jsonschema
from lxml import etree

from services.scheduler.programme.frab import acronym, schedule_json, schedule_xml
from tests.conftest import kit_file
from tests.factories.programme import programme_in_memory

BASE = "https://festplan.example.org"


def xml_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(kit_file("spec", "external", "schedule.xml.xsd"))))


def json_validator() -> jsonschema.Draft6Validator:
    schema = json.loads(kit_file("spec", "external", "schedule.json.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


def test_schedule_xml_is_valid_against_the_xsd() -> None:
    for hostile in (False, True):
        document = etree.fromstring(schedule_xml(programme_in_memory(hostile=hostile), base_url=BASE))
        schema = xml_schema()
        assert schema.validate(document), schema.error_log


def test_schedule_xml_content() -> None:
    document = etree.fromstring(schedule_xml(programme_in_memory(), base_url=BASE))
    assert document.findtext("conference/acronym") == "cn2023"
    assert document.findtext("conference/time_zone_name") == "Europe/Paris"
    days = document.findall("day")
    assert len(days) == 12
    assert days[0].get("date") == "2023-10-16"
    assert days[0].get("index") == "1"
    (event,) = document.xpath("//event[title='Atelier FALC numérique']")
    assert event.findtext("date") == "2023-10-18T10:00:00+02:00"
    assert event.findtext("start") == "10:00"
    assert event.findtext("duration") == "02:00"
    assert event.getparent().get("name") == "Maison des services d'Ambert — Petite salle"
    assert [p.text for p in event.findall("persons/person")] == ["Bruno Diallo"]


def test_schedule_json_is_valid_against_the_draft6_schema() -> None:
    for hostile in (False, True):
        document = schedule_json(programme_in_memory(hostile=hostile), base_url=BASE)
        errors = [f"{list(e.path)}: {e.message}" for e in json_validator().iter_errors(document)]
        assert errors == []


def test_schedule_json_content() -> None:
    document = schedule_json(programme_in_memory(), base_url=BASE)
    conference = document["schedule"]["conference"]
    assert conference["daysCount"] == 12
    assert len(conference["days"]) == 12
    events = [e for d in conference["days"] for room in d["rooms"].values() for e in room]
    assert len(events) == 4
    assert len({e["guid"] for e in events}) == 4
    first = next(e for e in events if e["title"] == "Les écrans et les tout-petits")
    assert first["url"] == f"{BASE}/programme/sessions/se-001"
    assert first["type"] == "round_table"
    assert first["subtitle"] == "Médiathèque de Riom"


def test_guids_are_stable_across_renderings() -> None:
    one = schedule_json(programme_in_memory(), base_url=BASE)
    two = schedule_json(programme_in_memory(sequences={"se-001": 3}), base_url=BASE)
    guids = [
        [e["guid"] for d in doc["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
        for doc in (one, two)
    ]
    assert guids[0] == guids[1]


def test_acronym_fits_both_schemas() -> None:
    assert acronym("CN 2023") == "cn_2023"
    assert acronym("ab") == "ab__"
