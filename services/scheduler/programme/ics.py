"""iCalendar feeds of the published programme: stable UIDs, SEQUENCE per move, Europe/Paris VTIMEZONE."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vGeo

from services.scheduler.programme.model import Programme, ProgrammeSession
from shared.calendar_ids import PRODID, session_uid


def location(item: ProgrammeSession) -> str:
    venue = item.venue
    town = " ".join(p for p in (venue.postal_code, venue.commune) if p)
    return ", ".join(p for p in (item.room.name, venue.name, venue.address, town) if p)


def build_calendar(
    programme: Programme,
    sessions: Iterable[ProgrammeSession],
    *,
    name: str,
    base_url: str,
) -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) of ``sessions``, times in the edition's zone with its VTIMEZONE."""
    zone = ZoneInfo(programme.timezone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", programme.timezone)
    stamp = programme.published_at.astimezone(UTC)
    root = base_url.rstrip("/")
    for item in sessions:
        event = Event()
        event.add("uid", session_uid(item.code))
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.start.replace(tzinfo=zone))
        event.add("dtend", item.end.replace(tzinfo=zone))
        event.add("summary", item.title)
        event.add("location", location(item))
        if item.venue.lat is not None and item.venue.lon is not None:
            event.add("geo", vGeo((item.venue.lat, item.venue.lon)))
        lines = [item.description or ""]
        if item.speakers:
            lines.append("Intervenant·es : " + ", ".join(p.name for p in item.speakers))
        if item.partner is not None:
            lines.append("Partenaire : " + item.partner.name)
        event.add("description", "\n".join(line for line in lines if line))
        event.add("url", f"{root}/programme/sessions/{item.code}")
        if item.kind:
            event.add("categories", [item.kind])
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
