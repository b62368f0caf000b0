"""The frab-family exchange formats (``schedule.xml``, ``schedule.json``) read by conference apps and video teams.

Both follow the c3voc schemas (``../shared/spec/external/``): days hold rooms, rooms hold events; times
carry the edition's offset; GUIDs are UUID5 of the stable session UID, so they survive every version.
Room names are "venue — room", as two venues may both have a « Salle 1 ».
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lxml import etree

from services.scheduler.programme.model import Programme, ProgrammeSession
from shared.calendar_ids import session_uid

GENERATOR = "festplan"
GENERATOR_VERSION = "1.0"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
#: Hours a programme day spans at least, in local time, when its sessions do not stretch it further.
DAY_START = time(8, 0)
DAY_END = time(23, 0)
_NOT_ACRONYM = re.compile(r"[^a-z0-9_]")
_NOT_SLUG = re.compile(r"[^a-z0-9_-]+")
#: Characters XML 1.0 cannot carry at all (lxml refuses them): dropped from any text a person typed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def acronym(code: str) -> str:
    """The edition code made fit for both schemas' acronym patterns (lowercase, ``[a-z0-9_]``, 4+ chars)."""
    text = _NOT_ACRONYM.sub("_", code.lower())
    return text if len(text) >= 4 else text.ljust(4, "_")


def slug(programme: Programme, item: ProgrammeSession) -> str:
    text = _NOT_SLUG.sub("-", f"{acronym(programme.edition_code)}-{item.code.lower()}").strip("-_")
    return text or f"{acronym(programme.edition_code)}-{item.proposal_id}"


def event_guid(code: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, session_uid(code)))


def room_guid(programme: Programme, room_code: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"room-{programme.edition_code}-{room_code}@festplan"))


def person_guid(code: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"speaker-{code}@festplan"))


def room_label(item: ProgrammeSession) -> str:
    return f"{item.venue.name} — {item.room.name}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _local(value: datetime, zone: ZoneInfo) -> str:
    return value.replace(tzinfo=zone).isoformat()


def _day_bounds(day: date, sessions: list[ProgrammeSession], zone: ZoneInfo) -> tuple[str, str]:
    start = min([datetime.combine(day, DAY_START), *(s.start for s in sessions)])
    end = max([datetime.combine(day, DAY_END), *(s.end for s in sessions)])
    return _local(start, zone), _local(end, zone)


def _days(programme: Programme) -> list[tuple[int, date, list[ProgrammeSession]]]:
    by_day: dict[date, list[ProgrammeSession]] = {d: [] for d in programme.edition_days()}
    for item in programme.sessions:
        by_day.setdefault(item.day, []).append(item)
    return [(index, day, by_day[day]) for index, day in enumerate(sorted(by_day), start=1)]


def _rooms(sessions: list[ProgrammeSession]) -> dict[str, list[ProgrammeSession]]:
    """Sessions of one day by room label, rooms in the order of venue and room names."""
    rooms: dict[str, list[ProgrammeSession]] = {}
    for item in sorted(sessions, key=lambda s: (room_label(s), s.start)):
        rooms.setdefault(room_label(item), []).append(item)
    return rooms


def _event_url(base_url: str, item: ProgrammeSession) -> str:
    return f"{base_url.rstrip('/')}/programme/sessions/{item.code}"


def schedule_json(programme: Programme, *, base_url: str) -> dict[str, object]:
    """The ``schedule.json`` document (valid against the c3voc draft-06 schema)."""
    zone = ZoneInfo(programme.timezone)
    root = base_url.rstrip("/")
    days = []
    for index, day, sessions in _days(programme):
        day_start, day_end = _day_bounds(day, sessions, zone)
        rooms = {
            label: [_json_event(programme, item, zone=zone, base_url=root) for item in items]
            for label, items in _rooms(sessions).items()
        }
        days.append(
            {"index": index, "date": day.isoformat(), "day_start": day_start, "day_end": day_end, "rooms": rooms}
        )
    all_rooms = {room_label(s): s for s in programme.sessions}
    conference = {
        "acronym": acronym(programme.edition_code),
        "title": programme.edition_name,
        "start": programme.start_date.isoformat(),
        "end": programme.end_date.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": "00:15",
        "time_zone_name": programme.timezone,
        "url": f"{root}/programme",
        "rooms": [
            {
                "name": label,
                "guid": room_guid(programme, item.room.code),
                "capacity": item.capacity,
                "description": ", ".join(p for p in (item.venue.address, item.venue.commune) if p) or None,
            }
            for label, item in sorted(all_rooms.items())
        ],
        "days": days,
    }
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR, "version": GENERATOR_VERSION},
        "schedule": {"version": f"v{programme.version_number}", "base_url": f"{root}/", "conference": conference},
    }


def _json_event(programme: Programme, item: ProgrammeSession, *, zone: ZoneInfo, base_url: str) -> dict[str, object]:
    return {
        "guid": event_guid(item.code),
        "id": item.proposal_id,
        "date": _local(item.start, zone),
        "start": item.start.strftime("%H:%M"),
        "end": _local(item.end, zone),
        "duration": _hhmm(item.duration_minutes),
        "room": room_label(item),
        "slug": slug(programme, item),
        "url": _event_url(base_url, item),
        "title": item.title,
        "subtitle": item.partner.name if item.partner else None,
        "track": item.theme,
        "type": item.kind or "other",
        "language": "fr",
        "abstract": item.description or "",
        "description": item.accessibility_note,
        "do_not_record": None,
        "persons": [{"name": p.name, "guid": person_guid(p.code)} for p in item.speakers],
        "links": [],
    }


def dumps_json(document: dict[str, object]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def schedule_xml(programme: Programme, *, base_url: str) -> bytes:
    """The ``schedule.xml`` document (valid against the c3voc XSD); lxml escapes every text it is given."""
    zone = ZoneInfo(programme.timezone)
    root_url = base_url.rstrip("/")
    schedule = etree.Element("schedule")
    etree.SubElement(schedule, "generator", name=GENERATOR, version=GENERATOR_VERSION)
    etree.SubElement(schedule, "url").text = f"{root_url}/api/v1/programme.xml"
    etree.SubElement(schedule, "version").text = f"v{programme.version_number}"
    conference = etree.SubElement(schedule, "conference")
    days = _days(programme)
    for tag, value in (
        ("title", programme.edition_name),
        ("acronym", acronym(programme.edition_code)),
        ("start", programme.start_date.isoformat()),
        ("end", programme.end_date.isoformat()),
        ("days", str(len(days))),
        ("timeslot_duration", "00:15"),
        ("base_url", f"{root_url}/"),
        ("url", f"{root_url}/programme"),
        ("time_zone_name", programme.timezone),
    ):
        etree.SubElement(conference, tag).text = xml_text(value)
    for index, day, sessions in days:
        day_start, day_end = _day_bounds(day, sessions, zone)
        day_el = etree.SubElement(schedule, "day", date=day.isoformat(), start=day_start, end=day_end, index=str(index))
        for label, items in _rooms(sessions).items():
            guid = room_guid(programme, items[0].room.code)
            room_el = etree.SubElement(day_el, "room", name=xml_text(label), guid=guid)
            for item in items:
                _xml_event(room_el, programme, item, zone=zone, base_url=root_url)
    return etree.tostring(schedule, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _xml_event(
    parent: etree._Element, programme: Programme, item: ProgrammeSession, *, zone: ZoneInfo, base_url: str
) -> None:
    event = etree.SubElement(parent, "event", id=str(item.proposal_id), guid=event_guid(item.code))
    fields = [
        ("room", room_label(item)),
        ("title", item.title),
        ("subtitle", item.partner.name if item.partner else ""),
        ("type", item.kind or "other"),
        ("date", _local(item.start, zone)),
        ("start", item.start.strftime("%H:%M")),
        ("duration", _hhmm(item.duration_minutes)),
        ("abstract", item.description or ""),
        ("track", item.theme or ""),
        ("language", "fr"),
        ("description", item.accessibility_note or ""),
        ("url", _event_url(base_url, item)),
    ]
    for tag, value in fields:
        etree.SubElement(event, tag).text = xml_text(value)
    persons = etree.SubElement(event, "persons")
    for person in item.speakers:
        person_el = etree.SubElement(persons, "person", id=str(person.id), guid=person_guid(person.code))
        person_el.text = xml_text(person.name)
    etree.SubElement(event, "links")
