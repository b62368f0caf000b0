"""The .ics attachments parse back with icalendar, keep their UIDs and raise SEQUENCE."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

from icalendar import Calendar

from services.notifier.domain.examples import example_events
from services.notifier.domain.ics import build_calendar
from services.notifier.domain.message import Attachment, OutgoingEmail, build_mime

STAMP = datetime(2023, 10, 1, 8, tzinfo=UTC)


def _calendar(method: str, sequence: int = 1) -> bytes:
    events = [e.__class__(**{**e.__dict__, "sequence": sequence}) for e in example_events()]
    return build_calendar(
        events,
        method=method,
        organizer_email="culture-numerique@puy-de-dome.fr",
        organizer_name="Culture et numérique",
        attendee_email="speaker@example.org",
        attendee_name="Ana Ïs",
        stamp=STAMP,
    )


def test_request_has_timezone_uid_sequence_organizer_attendee():
    cal = Calendar.from_ical(_calendar("REQUEST", sequence=3))
    assert str(cal["method"]) == "REQUEST"
    timezones = [c for c in cal.walk("VTIMEZONE")]
    assert [str(t["tzid"]) for t in timezones] == ["Europe/Paris"]
    events = cal.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == ["session-S017@festplan", "session-S042@festplan"]
    first = events[0]
    assert int(first["sequence"]) == 3
    assert str(first["organizer"]) == "mailto:culture-numerique@puy-de-dome.fr"
    assert str(first["attendee"]) == "mailto:speaker@example.org"
    start = first.decoded("dtstart")
    assert (start.hour, str(start.tzinfo)) == (14, "Europe/Paris")
    assert start.utcoffset().total_seconds() == 7200  # CEST on 18 October


def test_cancel_marks_events_cancelled():
    cal = Calendar.from_ical(_calendar("CANCEL", sequence=4))
    assert str(cal["method"]) == "CANCEL"
    assert {str(e["status"]) for e in cal.walk("VEVENT")} == {"CANCELLED"}


def test_calendar_part_content_type_carries_the_method():
    email = OutgoingEmail(
        notification_id=7,
        message_id="<x@festplan>",
        sender="CN <cn@example.org>",
        recipient_email="s@example.org",
        recipient_name="S",
        subject="Changement",
        text="t",
        html="<p>h</p>",
        locale="fr",
        date=STAMP,
        attachments=(Attachment("invitation.ics", "text/calendar", _calendar("REQUEST", 2), method="REQUEST"),),
    )
    parsed = message_from_bytes(build_mime(email).as_bytes(), policy=policy.default)
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "REQUEST"
    again = Calendar.from_ical(parts[0].get_content())
    assert int(again.walk("VEVENT")[0]["sequence"]) == 2
