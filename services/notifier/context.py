"""Reload what an email speaks of, from the ids in its outbox row, into a plain template context.

Payloads carry ids (``proposal_id``, ``partner_id``, ``speaker_id``, ``participant_id``,
``registration_id``, ``schedule_version_id``) and the facts that cannot be reloaded later (the
lead's decision message, the changes old → new, a personal link). Every key a template may use is
always present, so StrictUndefined catches typos rather than missing data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.notifier.domain.batching import change_kind
from services.notifier.domain.ics import CalendarEvent, build_calendar
from services.notifier.domain.message import Attachment, sender_parts
from shared.models.edition import Edition, Room, TravelTime, Venue
from shared.models.notification import Notification
from shared.models.people import Participant, Partner, Registration, Speaker
from shared.models.proposal import SessionProposal, SessionSpeaker
from shared.models.scheduling import Assignment, ScheduleVersion
from shared.models.types import utcnow
from shared.settings import Settings

DEFAULT_EDITION_NAME = "Culture et numérique"


@dataclass
class BuiltContext:
    """The template context and the files to attach."""

    context: dict[str, Any]
    attachments: list[Attachment] = field(default_factory=list)


def base_context(*, recipient_name: str | None, settings: Settings, unsubscribe_url: str | None) -> dict[str, Any]:
    """Every key any template reads, with empty values."""
    return {
        "recipient_name": recipient_name or "",
        "edition_name": DEFAULT_EDITION_NAME,
        "edition_start": None,
        "edition_end": None,
        "base_url": settings.base_url.rstrip("/"),
        "contact_email": sender_parts(settings.mail_from)[1],
        "unsubscribe_url": unsubscribe_url,
        "link": None,
        "deadline": None,
        "proposal": None,
        "decision": None,
        "message": None,
        "session": None,
        "sessions": [],
        "days": [],
        "changes": [],
        "seats": 1,
        "registration_status": "confirmed",
        "expires_minutes": 30,
        "audience": None,
        "privacy": None,
    }


def _parse_dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def proposal_dict(proposal: SessionProposal) -> dict[str, Any]:
    """The proposal as templates see it."""
    return {
        "code": proposal.code,
        "title": proposal.title,
        "kind": proposal.kind or "",
        "duration_minutes": proposal.duration_minutes,
    }


def slot_dict(proposal: SessionProposal, assignment: Assignment, room: Room, venue: Venue) -> dict[str, Any]:
    """One placed session with everything a speaker, partner or participant needs to get there."""
    return {
        "code": proposal.code,
        "title": proposal.title,
        "start": assignment.start,
        "end": assignment.end,
        "venue_code": venue.code,
        "venue_name": venue.name,
        "venue_address": ", ".join(p for p in (venue.address, venue.postal_code, venue.commune) if p),
        "room_name": room.name,
        "setup_minutes": proposal.setup_minutes or 0,
        "changeover_minutes": room.changeover_minutes or 0,
        "equipment": proposal.equipment or "",
        "accessibility": proposal.accessibility or "",
        "contact_name": venue.contact_name or "",
        "contact_phone": venue.contact_phone or "",
        "contact_email": venue.contact_email or "",
    }


def _version(session: Session, row: Notification, edition_id: int | None) -> ScheduleVersion | None:
    version_id = row.payload.get("schedule_version_id") or row.schedule_version_id
    if version_id:
        return session.get(ScheduleVersion, version_id)
    if edition_id is None:
        return None
    return session.scalar(
        select(ScheduleVersion)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


def slots(session: Session, version: ScheduleVersion | None, proposal_ids: list[int]) -> list[dict[str, Any]]:
    """The placed sessions among ``proposal_ids`` in a published version, in time order."""
    if version is None or not proposal_ids:
        return []
    rows = session.execute(
        select(SessionProposal, Assignment, Room, Venue)
        .join(Assignment, Assignment.proposal_id == SessionProposal.id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == version.run_id, SessionProposal.id.in_(proposal_ids))
        .order_by(Assignment.start, SessionProposal.code)
    )
    return [slot_dict(p, a, r, v) for p, a, r, v in rows]


def days_with_travel(session: Session, edition_id: int, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sessions grouped by day, with the travel time between consecutive venues of the same day."""
    venue_ids = {v.code: v.id for v in session.scalars(select(Venue).where(Venue.edition_id == edition_id))}
    minutes = {
        (t.from_venue_id, t.to_venue_id): t.minutes
        for t in session.scalars(select(TravelTime).where(TravelTime.edition_id == edition_id))
    }
    days: list[dict[str, Any]] = []
    for item in items:
        if not days or days[-1]["date"] != item["start"].date():
            days.append({"date": item["start"].date(), "sessions": [], "travels": []})
        day = days[-1]
        if day["sessions"] and day["sessions"][-1]["venue_code"] != item["venue_code"]:
            prev = day["sessions"][-1]
            key = (venue_ids.get(prev["venue_code"]), venue_ids.get(item["venue_code"]))
            day["travels"].append(
                {"from_venue": prev["venue_name"], "to_venue": item["venue_name"], "minutes": minutes.get(key)}
            )
        day["sessions"].append(item)
    return days


def change_dict(change: dict[str, Any]) -> dict[str, Any]:
    """A change from the payload, with datetimes parsed back."""

    def slot(value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {
            "room_name": "",
            "venue_name": "",
            "venue_address": "",
            **value,
            "start": _parse_dt(value.get("start")),
            "end": _parse_dt(value.get("end")),
        }

    return {
        "code": change["code"],
        "title": change.get("title", change["code"]),
        "change": change_kind(change),
        "old": slot(change.get("old")),
        "new": slot(change.get("new")),
    }


def build_context(
    session: Session, row: Notification, *, settings: Settings, unsubscribe_url: str | None
) -> BuiltContext:
    """The context (and attachments) of one outbox row."""
    payload = row.payload or {}
    ctx = base_context(recipient_name=row.recipient_name, settings=settings, unsubscribe_url=unsubscribe_url)
    for fact in ("link", "message", "decision", "audience", "expires_minutes", "privacy"):
        if payload.get(fact) is not None:
            ctx[fact] = payload[fact]
    if payload.get("deadline"):
        ctx["deadline"] = datetime.fromisoformat(payload["deadline"]).date()
    edition = session.get(Edition, row.edition_id) if row.edition_id else None
    if edition is not None:
        ctx["edition_name"] = edition.name
        ctx["edition_start"], ctx["edition_end"] = edition.start_date, edition.end_date
    built = BuiltContext(ctx)
    proposal = session.get(SessionProposal, payload["proposal_id"]) if payload.get("proposal_id") else None
    if proposal is not None:
        ctx["proposal"] = proposal_dict(proposal)
        edition_id = proposal.edition_id
    else:
        edition_id = row.edition_id
    if payload.get("title") and ctx["proposal"] is None:
        ctx["proposal"] = {
            "code": payload.get("code", ""),
            "title": payload["title"],
            "kind": "",
            "duration_minutes": 0,
        }
    version = _version(session, row, edition_id)
    kind = row.kind
    if kind in ("partner.logistics", "participant.registration_confirmed", "participant.survey") or (
        kind == "participant.reminder" and proposal is not None
    ):
        found = slots(session, version, [proposal.id]) if proposal is not None else []
        ctx["session"] = found[0] if found else None
        ctx["sessions"] = found
    if kind == "participant.registration_confirmed" and payload.get("registration_id"):
        registration = session.get(Registration, payload["registration_id"])
        if registration is not None:
            ctx["seats"], ctx["registration_status"] = registration.seats, registration.status
            found = slots(session, version, [registration.proposal_id])
            ctx["session"] = found[0] if found else ctx["session"]
            if ctx["proposal"] is None:
                ctx["proposal"] = proposal_dict(session.get(SessionProposal, registration.proposal_id))
    if kind == "participant.reminder" and payload.get("participant_id") and proposal is None:
        participant = session.get(Participant, payload["participant_id"])
        if participant is not None:
            ids = [r.proposal_id for r in participant.registrations if r.status == "confirmed"]
            ctx["sessions"] = slots(session, version, ids)
            if payload.get("date"):
                day = datetime.fromisoformat(payload["date"]).date()
                ctx["sessions"] = [s for s in ctx["sessions"] if s["start"].date() == day]
            ctx["session"] = ctx["sessions"][0] if ctx["sessions"] else None
    if kind == "partner.slots" and payload.get("partner_id"):
        partner = session.get(Partner, payload["partner_id"])
        if partner is not None:
            ids = list(session.scalars(select(SessionProposal.id).where(SessionProposal.partner_id == partner.id)))
            ctx["sessions"] = slots(session, version, ids)
    if kind == "speaker.assignment" and payload.get("speaker_id"):
        speaker = session.get(Speaker, payload["speaker_id"])
        if speaker is not None:
            ids = list(
                session.scalars(select(SessionSpeaker.proposal_id).where(SessionSpeaker.speaker_id == speaker.id))
            )
            ctx["sessions"] = slots(session, version, ids)
            ctx["days"] = days_with_travel(session, speaker.edition_id, ctx["sessions"])
            sequence = version.number if version is not None else 0
            events = [_event(s, sequence=sequence) for s in ctx["sessions"]]
            if events:
                built.attachments.append(_calendar(events, method="REQUEST", row=row, settings=settings))
    if kind == "speaker.schedule_change":
        ctx["changes"] = [change_dict(c) for c in payload.get("changes", [])]
        sequence = int(payload.get("sequence") or (version.number if version is not None else 1))
        updated = [
            _event(c["new"], sequence=sequence, code=c["code"], title=c["title"])
            for c in ctx["changes"]
            if c["new"] is not None
        ]
        removed = [
            _event(c["old"], sequence=sequence, code=c["code"], title=c["title"])
            for c in ctx["changes"]
            if c["new"] is None and c["old"] is not None
        ]
        if updated:
            built.attachments.append(_calendar(updated, method="REQUEST", row=row, settings=settings))
        if removed:
            built.attachments.append(
                _calendar(removed, method="CANCEL", row=row, settings=settings, filename="annulation.ics")
            )
    return built


def _event(slot: dict[str, Any], *, sequence: int, code: str | None = None, title: str | None = None) -> CalendarEvent:
    location = ", ".join(p for p in (slot.get("room_name"), slot.get("venue_name"), slot.get("venue_address")) if p)
    return CalendarEvent(
        code=code or slot["code"],
        title=title or slot["title"],
        start=slot["start"],
        end=slot["end"],
        location=location,
        sequence=sequence,
    )


def _calendar(
    events: list[CalendarEvent], *, method: str, row: Notification, settings: Settings, filename: str = "invitation.ics"
) -> Attachment:
    name, address = sender_parts(settings.mail_from)
    data = build_calendar(
        events,
        method=method,
        organizer_email=address,
        organizer_name=name or DEFAULT_EDITION_NAME,
        attendee_email=row.recipient_email,
        attendee_name=row.recipient_name,
        stamp=utcnow(),
    )
    return Attachment(filename=filename, content_type="text/calendar", content=data, method=method)
