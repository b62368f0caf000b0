"""The iCalendar feed: parses back, one VTIMEZONE Europe/Paris with summer and winter time, stable UIDs."""

from __future__ import annotations

from datetime import datetime

import icalendar

from services.scheduler.programme.ics import build_calendar
from shared.calendar_ids import session_uid as uid
from tests.factories.programme import programme_in_memory


def calendar(**kwargs: object) -> icalendar.Calendar:
    programme = programme_in_memory(**kwargs)  # type: ignore[arg-type]
    body = build_calendar(programme, programme.sessions, name="Programme", base_url="https://x.example")
    return icalendar.Calendar.from_ical(body)


def test_calendar_parses_back_with_a_proper_vtimezone() -> None:
    cal = calendar()
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["METHOD"]) == "PUBLISH"
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Paris"
    assert zone.walk("DAYLIGHT")
    assert zone.walk("STANDARD")
    events = cal.walk("VEVENT")
    assert len(events) == 4
    for event in events:
        assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
        assert event.decoded("DTSTART").utcoffset().total_seconds() == 7200  # CEST in October 2023
        for key in ("UID", "DTSTAMP", "SUMMARY", "LOCATION", "SEQUENCE", "DTEND"):
            assert key in event


def test_event_fields() -> None:
    events = {str(e["UID"]): e for e in calendar(sequences={"se-002": 2}).walk("VEVENT")}
    event = events[uid("se-002")]
    assert str(event["SUMMARY"]) == "Atelier FALC numérique"
    assert int(event["SEQUENCE"]) == 2
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2023, 10, 18, 10, 0)
    assert "Petite salle, Maison des services d'Ambert" in str(event["LOCATION"])
    assert "63600 Ambert" in str(event["LOCATION"])
    assert event["GEO"].latitude == 45.5497
    assert str(event["URL"]) == "https://x.example/programme/sessions/se-002"


def test_uids_are_the_same_whatever_the_version() -> None:
    first = {str(e["UID"]) for e in calendar().walk("VEVENT")}
    second = {str(e["UID"]) for e in calendar(sequences={"se-001": 1}).walk("VEVENT")}
    assert first == second == {f"session-se-00{i}@festplan" for i in range(1, 5)}
