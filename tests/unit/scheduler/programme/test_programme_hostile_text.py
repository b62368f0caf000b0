"""Markup, quotes and formulas typed by strangers stay inert in XML, JSON, JSON-LD, ICS, CSV and XLSX."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import icalendar
from lxml import etree
from openpyxl import load_workbook

from services.scheduler.programme.exports import programme_csv, programme_xlsx
from services.scheduler.programme.frab import dumps_json, schedule_json, schedule_xml
from services.scheduler.programme.ics import build_calendar
from services.scheduler.programme.jsonld import event_data, script_json
from tests.factories.programme import HOSTILE_PARTNER, HOSTILE_SPEAKER, HOSTILE_TITLE, programme_in_memory


def hostile():  # type: ignore[no-untyped-def]
    programme = programme_in_memory(hostile=True)
    return programme, programme.session("se-666")


def test_xml_escapes_and_round_trips() -> None:
    programme, _ = hostile()
    body = schedule_xml(programme, base_url="https://x.example")
    assert b"<script>" not in body
    assert b"<b>Evil" not in body
    assert b"&lt;script&gt;" in body
    document = etree.fromstring(body)
    (event,) = document.xpath("//event[@id='5']")
    assert event.findtext("title") == HOSTILE_TITLE
    assert event.findtext("persons/person") == HOSTILE_SPEAKER
    assert event.findtext("subtitle") == HOSTILE_PARTNER


def test_control_characters_are_dropped_from_xml() -> None:
    from services.scheduler.programme.frab import xml_text

    assert xml_text("a\x00b\x0bc\td") == "abc\td"


def test_json_round_trips_exactly() -> None:
    programme, _ = hostile()
    document = json.loads(dumps_json(schedule_json(programme, base_url="https://x.example")))
    events = [e for d in document["schedule"]["conference"]["days"] for r in d["rooms"].values() for e in r]
    event = next(e for e in events if e["id"] == 5)
    assert event["title"] == HOSTILE_TITLE
    assert event["persons"][0]["name"] == HOSTILE_SPEAKER


def test_json_ld_cannot_close_its_script_element() -> None:
    programme, item = hostile()
    text = script_json(event_data(programme, item, url="https://x.example/programme/sessions/se-666"))
    assert "</script" not in text.lower()
    assert "<" not in text
    assert "&" not in text
    assert json.loads(text)["name"] == HOSTILE_TITLE
    assert json.loads(text)["sponsor"]["name"] == HOSTILE_PARTNER


def test_ics_escapes_and_round_trips() -> None:
    programme, item = hostile()
    body = build_calendar(programme, [item], name="x", base_url="https://x.example")
    event = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == HOSTILE_TITLE
    assert HOSTILE_SPEAKER in str(event["DESCRIPTION"])
    injected = replace(item, title="Atelier\r\nATTENDEE:mailto:evil@example.org\r\nEND:VEVENT; a, b")
    body = build_calendar(programme, [injected], name="x", base_url="https://x.example")
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert "ATTENDEE" not in event
    assert str(event["SUMMARY"]) == injected.title.replace("\r\n", "\n")  # line breaks kept, escaped
    assert b"\r\nATTENDEE" not in body


def test_csv_neutralises_formulas() -> None:
    programme, _ = hostile()
    rows = list(csv.reader(io.StringIO(programme_csv(programme, {}).decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == "se-666")
    assert row[13] == "'" + HOSTILE_SPEAKER  # intervenant·es column starts with "=": neutralised
    assert row[1] == HOSTILE_TITLE  # does not start like a formula: kept as typed
    for r in rows:
        assert not any(cell.startswith(("=", "+", "@")) for cell in r)


def test_xlsx_holds_no_formula() -> None:
    programme, _ = hostile()
    book = load_workbook(io.BytesIO(programme_xlsx(programme, {})))
    assert book.sheetnames[0] == "Séances"
    assert "20-10 hd" in book.sheetnames
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    day_sheet = book["20-10 hd"]
    values = [c.value for row in day_sheet.iter_rows() for c in row]
    assert "'" + HOSTILE_SPEAKER in values
    assert "'=1+1" in values
