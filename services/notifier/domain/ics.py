"""Calendar attachments (RFC 5545 / iTIP RFC 5546) so speakers' calendars follow the programme.

Each session keeps the UID ``session-<code>@festplan`` for its whole life; every change raises
SEQUENCE (the schedule version number), so a calendar updates the event in place (METHOD:REQUEST)
or removes it (METHOD:CANCEL) instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from shared.calendar_ids import PRODID, session_uid

TZID = "Europe/Paris"


@dataclass(frozen=True)
class CalendarEvent:
    """One session as a calendar sees it; ``start``/``end`` are local wall-clock times of the event."""

    code: str
    title: str
    start: datetime
    end: datetime
    location: str
    description: str = ""
    sequence: int = 0
    cancelled: bool = False


def build_calendar(
    events: list[CalendarEvent],
    *,
    method: str,
    organizer_email: str,
    organizer_name: str,
    attendee_email: str,
    attendee_name: str | None,
    stamp: datetime,
) -> bytes:
    """A VCALENDAR with VTIMEZONE Europe/Paris; ``method`` is REQUEST, CANCEL or PUBLISH."""
    if method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise ValueError(f"unsupported iTIP method {method!r}")
    tz = ZoneInfo(TZID)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    for item in events:
        event = Event()
        event.add("uid", session_uid(item.code))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.replace(tzinfo=tz))
        event.add("dtend", item.end.replace(tzinfo=tz))
        event.add("summary", item.title)
        event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled or method == "CANCEL" else "CONFIRMED")
        organizer = vCalAddress(f"mailto:{organizer_email}")
        organizer.params["cn"] = vText(organizer_name)
        event["organizer"] = organizer
        attendee = vCalAddress(f"mailto:{attendee_email}")
        if attendee_name:
            attendee.params["cn"] = vText(attendee_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION" if method == "REQUEST" else "ACCEPTED")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
