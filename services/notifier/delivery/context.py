"""Reload what an email speaks of, from the ids in its outbox row, into a plain template context.

Payloads carry ids (``proposal_id``, ``partner_id``, ``speaker_id``, ``participant_id``,
``registration_id``, ``schedule_version_id``) and the facts that cannot be reloaded later (the
lead's decision message, the changes old → new, a personal link). Every key a template may use is
always present, so StrictUndefined catches typos rather than missing data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Result, select
from sqlalchemy.orm import Session

from services.notifier.delivery.calendar_files import calendar_file, change_files, session_event
from services.notifier.domain.batching import change_kind
from services.notifier.domain.message import Attachment, sender_parts
from shared.models.edition import Edition, Room, TravelTime, Venue
from shared.models.notification import Notification
from shared.models.people import Participant, Partner, Registration, Speaker
from shared.models.proposal import SessionProposal, SessionSpeaker
from shared.models.scheduling import Assignment, ScheduleVersion
from shared.settings import Settings

DEFAULT_EDITION_NAME = "Culture et numérique"
T = TypeVar("T")
#: Minutes from one venue to another, by their ids.
TravelMinutes = dict[tuple[int | None, int | None], int]


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


def _latest_version(session: Session, edition_id: int) -> ScheduleVersion | None:
    return session.scalar(
        select(ScheduleVersion)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


def _slot_rows(session: Session, version: ScheduleVersion, proposal_ids: list[int]) -> Result[Any]:
    return session.execute(
        select(SessionProposal, Assignment, Room, Venue)
        .join(Assignment, Assignment.proposal_id == SessionProposal.id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == version.run_id, SessionProposal.id.in_(proposal_ids))
        .order_by(Assignment.start, SessionProposal.code)
    )


def slots(session: Session, version: ScheduleVersion | None, proposal_ids: list[int]) -> list[dict[str, Any]]:
    """The placed sessions among ``proposal_ids`` in a published version, in time order."""
    if version is None or not proposal_ids:
        return []
    return [slot_dict(p, a, r, v) for p, a, r, v in _slot_rows(session, version, proposal_ids)]


class BatchMemo:
    """What the emails of one batch share, read once: editions, sessions, versions, slots, venues, travel times.

    Read one email at a time, a batch of survey or reminder emails cost a version query and a
    four-table join per email, though it names a few dozen sessions of one published version. The
    memo lives for one batch, or for five seconds of a drain (:data:`services.notifier.delivery.send.MEMO_SECONDS`),
    so an edit made meanwhile shows in the next emails. Its objects outlive the session that read
    them: they are read through :meth:`get`, never lazily loaded from.
    """

    def __init__(self) -> None:
        self._latest: dict[int, ScheduleVersion | None] = {}
        self._slots: dict[tuple[int, int], dict[str, Any] | None] = {}
        self._venues: dict[int, tuple[dict[str, int], TravelMinutes]] = {}
        self._editions: set[int] = set()
        #: Editions, sessions and versions read so far, by class and id (the next session of a drain
        #: finds them here: a session's identity map would not have them, and holds objects weakly).
        self._objects: dict[tuple[type, int], Any] = {}

    def get(self, session: Session, model: type[T], ident: int) -> T | None:
        """``session.get()``, answered from the memo for what it read already."""
        key = (model, ident)
        if key not in self._objects:
            self._objects[key] = session.get(model, ident)
        return self._objects[key]

    def _hold(self, objects: Iterable[Any]) -> None:
        for obj in objects:
            self._objects[(type(obj), obj.id)] = obj

    def preload(self, session: Session, rows: list[Notification]) -> None:
        """Read the rows' editions, then their sessions' slots in one query per version; skip what is known.

        The objects stay in the session's identity map (held here), so each ``session.get()`` of
        build_context is free: the slots query brings the placed sessions; only sessions it did not
        find (not placed) are read apart. A drain preloads each row as it comes: only an edition or
        a session the memo has not seen yet costs a query.
        """
        editions = {r.edition_id for r in rows if r.edition_id} - self._editions
        if editions:
            self._hold(session.scalars(select(Edition).where(Edition.id.in_(editions))))
            self._editions |= editions
        named = {int(r.payload["proposal_id"]): r for r in rows if (r.payload or {}).get("proposal_id")}
        orphans = [pid for pid, r in named.items() if not r.edition_id]  # the version depends on the session
        if orphans:
            self._hold(session.scalars(select(SessionProposal).where(SessionProposal.id.in_(orphans))))
        wanted: dict[int, set[int]] = {}
        for proposal_id, row in named.items():
            proposal = self.get(session, SessionProposal, proposal_id) if not row.edition_id else None
            version = self.version(session, row, row.edition_id or (proposal.edition_id if proposal else None))
            if version is not None and (version.id, proposal_id) not in self._slots:
                wanted.setdefault(version.id, set()).add(proposal_id)
        for version_id, ids in wanted.items():
            version = self.get(session, ScheduleVersion, version_id)
            assert version is not None
            self._slots.update({(version_id, pid): None for pid in ids})
            for p, a, r, v in _slot_rows(session, version, sorted(ids)):
                self._objects[(SessionProposal, p.id)] = p
                self._slots[(version_id, p.id)] = slot_dict(p, a, r, v)
        unplaced = [pid for pid in named if (SessionProposal, pid) not in self._objects]
        if unplaced:
            self._hold(session.scalars(select(SessionProposal).where(SessionProposal.id.in_(unplaced))))

    def version(self, session: Session, row: Notification, edition_id: int | None) -> ScheduleVersion | None:
        """The version an email speaks of: named in the row, else the edition's latest (read once per batch)."""
        named = (row.payload or {}).get("schedule_version_id") or row.schedule_version_id
        if named:
            return self.get(session, ScheduleVersion, named)
        if edition_id is None:
            return None
        if edition_id not in self._latest:
            self._latest[edition_id] = _latest_version(session, edition_id)
        return self._latest[edition_id]

    def slots(self, session: Session, version: ScheduleVersion | None, proposal_ids: list[int]) -> list[dict[str, Any]]:
        """:func:`slots`, answered from the preloaded ones when every session asked for was preloaded."""
        if version is None or not proposal_ids:
            return []
        keys = [(version.id, pid) for pid in proposal_ids]
        if not all(key in self._slots for key in keys):
            return slots(session, version, proposal_ids)
        found = [slot for slot in (self._slots[key] for key in keys) if slot is not None]
        return sorted(found, key=lambda slot: (slot["start"], slot["code"]))

    def venues(self, session: Session, edition_id: int) -> tuple[dict[str, int], TravelMinutes]:
        """Venue ids by code and travel minutes by pair of venue ids, of one edition."""
        if edition_id not in self._venues:
            self._venues[edition_id] = _venues_and_travel(session, edition_id)
        return self._venues[edition_id]


def _venues_and_travel(session: Session, edition_id: int) -> tuple[dict[str, int], TravelMinutes]:
    venue_ids = {v.code: v.id for v in session.scalars(select(Venue).where(Venue.edition_id == edition_id))}
    minutes: TravelMinutes = {
        (t.from_venue_id, t.to_venue_id): t.minutes
        for t in session.scalars(select(TravelTime).where(TravelTime.edition_id == edition_id))
    }
    return venue_ids, minutes


def days_with_travel(
    session: Session, edition_id: int, items: list[dict[str, Any]], memo: BatchMemo | None = None
) -> list[dict[str, Any]]:
    """Sessions grouped by day, with the travel time between consecutive venues of the same day."""
    venue_ids, minutes = memo.venues(session, edition_id) if memo else _venues_and_travel(session, edition_id)
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
            "venue_address": ", ".join(p for p in (value.get("address"), value.get("commune")) if p),
            **value,
            "start": _parse_dt(value.get("start")),
            "end": _parse_dt(value.get("end")),
        }

    return {
        "code": change["code"],
        "title": change.get("title") or (change.get("old") or change.get("new") or {}).get("title") or change["code"],
        "change": change_kind(change),
        "registration_status": change.get("registration_status") or "confirmed",
        "old": slot(change.get("old")),
        "new": slot(change.get("new")),
    }


def build_context(
    session: Session,
    row: Notification,
    *,
    settings: Settings,
    unsubscribe_url: str | None,
    memo: BatchMemo | None = None,
) -> BuiltContext:
    """The context (and attachments) of one outbox row; ``memo`` shares the reads of a batch."""
    memo = memo or BatchMemo()
    payload = row.payload or {}
    ctx = base_context(recipient_name=row.recipient_name, settings=settings, unsubscribe_url=unsubscribe_url)
    for fact in ("link", "message", "decision", "audience", "expires_minutes", "privacy"):
        if payload.get(fact) is not None:
            ctx[fact] = payload[fact]
    if payload.get("deadline"):
        ctx["deadline"] = datetime.fromisoformat(payload["deadline"]).date()
    edition = memo.get(session, Edition, row.edition_id) if row.edition_id else None
    if edition is not None:
        ctx["edition_name"] = edition.name
        ctx["edition_start"], ctx["edition_end"] = edition.start_date, edition.end_date
    built = BuiltContext(ctx)
    proposal = memo.get(session, SessionProposal, payload["proposal_id"]) if payload.get("proposal_id") else None
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
    version = memo.version(session, row, edition_id)
    kind = row.kind
    if kind in ("partner.logistics", "participant.registration_confirmed", "participant.survey") or (
        kind == "participant.reminder" and proposal is not None
    ):
        found = memo.slots(session, version, [proposal.id]) if proposal is not None else []
        ctx["session"] = found[0] if found else None
        ctx["sessions"] = found
    if kind == "participant.registration_confirmed" and payload.get("registration_id"):
        registration = session.get(Registration, payload["registration_id"])
        if registration is not None:
            ctx["seats"], ctx["registration_status"] = registration.seats, registration.status
            found = memo.slots(session, version, [registration.proposal_id])
            ctx["session"] = found[0] if found else ctx["session"]
            if ctx["proposal"] is None:
                ctx["proposal"] = proposal_dict(memo.get(session, SessionProposal, registration.proposal_id))
    if kind == "participant.reminder" and payload.get("participant_id") and proposal is None:
        participant = session.get(Participant, payload["participant_id"])
        if participant is not None:
            ids = [r.proposal_id for r in participant.registrations if r.status == "confirmed"]
            ctx["sessions"] = memo.slots(session, version, ids)
            if payload.get("date"):
                day = datetime.fromisoformat(payload["date"]).date()
                ctx["sessions"] = [s for s in ctx["sessions"] if s["start"].date() == day]
            ctx["session"] = ctx["sessions"][0] if ctx["sessions"] else None
    if kind == "partner.slots" and payload.get("partner_id"):
        partner = session.get(Partner, payload["partner_id"])
        if partner is not None:
            ids = list(session.scalars(select(SessionProposal.id).where(SessionProposal.partner_id == partner.id)))
            ctx["sessions"] = memo.slots(session, version, ids)
    if kind == "speaker.assignment" and payload.get("speaker_id"):
        speaker = session.get(Speaker, payload["speaker_id"])
        if speaker is not None:
            ids = list(
                session.scalars(select(SessionSpeaker.proposal_id).where(SessionSpeaker.speaker_id == speaker.id))
            )
            ctx["sessions"] = memo.slots(session, version, ids)
            ctx["days"] = days_with_travel(session, speaker.edition_id, ctx["sessions"], memo)
            sequence = version.number if version is not None else 0
            events = [session_event(s, sequence=sequence) for s in ctx["sessions"]]
            if events:
                built.attachments.append(
                    calendar_file(events, method="REQUEST", organizer=_organizer(settings), attendee=_attendee(row))
                )
    if kind in ("speaker.schedule_change", "participant.session_changed"):
        ctx["changes"] = [change_dict(c) for c in payload.get("changes", [])]
        sequence = int(payload.get("sequence") or (version.number if version is not None else 1))
        built.attachments += change_files(
            ctx["changes"], sequence=sequence, organizer=_organizer(settings), attendee=_attendee(row)
        )
    return built


def _organizer(settings: Settings) -> tuple[str, str]:
    name, address = sender_parts(settings.mail_from)
    return name or DEFAULT_EDITION_NAME, address


def _attendee(row: Notification) -> tuple[str | None, str]:
    return row.recipient_name, row.recipient_email
