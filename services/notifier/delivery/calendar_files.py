"""The .ics files attached to speakers' emails: ``REQUEST`` adds or moves their sessions, ``CANCEL`` removes one.

Each session keeps one UID across versions and a higher ``SEQUENCE`` with each published version, so
calendars update the event in place (:mod:`services.notifier.domain.ics` writes the file itself).
"""

from __future__ import annotations

from typing import Any

from services.notifier.domain.ics import CalendarEvent, build_calendar
from services.notifier.domain.message import Attachment
from shared.models.types import utcnow

#: ``(name, address)``.
Party = tuple[str | None, str]


def session_event(
    slot: dict[str, Any], *, sequence: int, code: str | None = None, title: str | None = None
) -> CalendarEvent:
    """One placed session as a calendar event (room, venue and address as its location)."""
    location = ", ".join(p for p in (slot.get("room_name"), slot.get("venue_name"), slot.get("venue_address")) if p)
    return CalendarEvent(
        code=code or slot["code"],
        title=title or slot["title"],
        start=slot["start"],
        end=slot["end"],
        location=location,
        sequence=sequence,
    )


def calendar_file(
    events: list[CalendarEvent], *, method: str, organizer: Party, attendee: Party, filename: str = "invitation.ics"
) -> Attachment:
    """The events as one .ics attachment, sent with ``method`` (also in the part's Content-Type)."""
    data = build_calendar(
        events,
        method=method,
        organizer_email=organizer[1],
        organizer_name=organizer[0] or "",
        attendee_email=attendee[1],
        attendee_name=attendee[0],
        stamp=utcnow(),
    )
    return Attachment(filename=filename, content_type="text/calendar", content=data, method=method)


def change_files(
    changes: list[dict[str, Any]], *, sequence: int, organizer: Party, attendee: Party
) -> list[Attachment]:
    """A schedule change's files: the sessions moved or added (``REQUEST``), the sessions removed (``CANCEL``)."""
    updated = [
        session_event(c["new"], sequence=sequence, code=c["code"], title=c["title"])
        for c in changes
        if c["new"] is not None
    ]
    removed = [
        session_event(c["old"], sequence=sequence, code=c["code"], title=c["title"])
        for c in changes
        if c["new"] is None and c["old"] is not None
    ]
    files = []
    if updated:
        files.append(calendar_file(updated, method="REQUEST", organizer=organizer, attendee=attendee))
    if removed:
        files.append(
            calendar_file(removed, method="CANCEL", organizer=organizer, attendee=attendee, filename="annulation.ics")
        )
    return files
