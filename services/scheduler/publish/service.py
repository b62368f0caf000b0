"""Publishing a run: one atomic, numbered version with its changelog, and the emails it owes in the same transaction.

The emails are outbox rows (:func:`shared.outbox.record`) written beside the version, so
either both exist or neither; idempotency keys make a retried publication harmless, and keys of the
logistics reminders follow the session's slot, so an unchanged session is never reminded twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.scheduler import repository as repo
from services.scheduler.domain.announce import (
    Announcement,
    ParticipantNotice,
    plan_announcements,
    plan_logistics,
    plan_participant_notices,
)
from services.scheduler.domain.diff import RunDiff, SessionChange, SessionFacts, Slot, diff_run
from services.scheduler.errors import Conflict, NotFound
from services.scheduler.texts import changelog
from shared import events
from shared.events import VersionPublished
from shared.mail_secrets import redact
from shared.models.edition import Edition, Room, Venue
from shared.models.notification import CANCELLABLE_STATUSES, Notification
from shared.models.people import Participant, Partner, Speaker
from shared.models.proposal import SessionProposal
from shared.models.scheduling import OptimisationRun, RunStatus, ScheduleVersion
from shared.models.types import utcnow
from shared.outbox import record, request_relay

#: Schedule statuses that describe a valid programme a lead may publish.
PUBLISHABLE_STATUSES = ("optimal", "feasible")


def diff_for_run(session: Session, run: OptimisationRun) -> RunDiff:
    """Compare ``run`` with the edition's published version (the whole programme is new before the first one)."""
    current = repo.latest_version(session, run.edition_id)
    published = repo.run_slots(session, current.run_id) if current is not None else None
    return diff_run(
        published=published,
        proposed=repo.run_slots(session, run.id),
        unplaced=repo.run_unplaced(session, run.id),
        sessions=repo.session_facts(session, run.edition_id),
        rooms=repo.room_facts(session, run.edition_id),
        speaker_limits=repo.speaker_limits(session, run.edition_id),
    )


def publish(
    session: Session,
    *,
    run_id: int,
    message: str | None = None,
    hold_mail: bool = False,
    published_by: str | None = None,
    now: datetime | None = None,
) -> ScheduleVersion:
    """Make ``run_id`` the published programme as the next numbered version and record the emails it owes.

    First publication: every speaker and partner hears of all their slots. Later ones: only those whose
    sessions are new, moved or removed, with the old and new facts, and the participants registered to a
    session that moved or was withdrawn (their registrations are kept as they are: the email says so).
    With ``hold_mail`` the rows wait for the lead's release. ``now`` (aware) is when logistics reminders
    become due at the earliest.
    """
    run = repo.get_run(session, run_id)
    if run is None:
        raise NotFound("unknown_run", run=run_id)
    repo.lock_edition(session, run.edition_id)
    session.refresh(run)
    if run.status != RunStatus.succeeded.value or run.schedule_status not in PUBLISHABLE_STATUSES:
        raise Conflict("run_not_publishable", run=run_id, status=run.schedule_status or run.status)
    if run.hard_violations:
        raise Conflict("run_invalid", run=run_id, count=run.hard_violations)
    current = repo.latest_version(session, run.edition_id)
    if current is not None and current.run_id == run.id:
        raise Conflict("already_published", run=run_id, number=current.number)
    edition = session.get(Edition, run.edition_id)
    assert edition is not None
    diff = diff_for_run(session, run)
    version = ScheduleVersion(
        edition_id=edition.id,
        number=(current.number if current else 0) + 1,
        run_id=run.id,
        message=(message or "").strip() or changelog(diff, "fr"),
        published_by=published_by,
        published_at=utcnow(),
        mail_held=hold_mail,
    )
    repo.add(session, version)
    _Announcer(session, edition=edition, version=version, diff=diff, held=hold_mail).emit(now=now or utcnow())
    events.record(session, VersionPublished(version_id=version.id))  # the budget, OpenAgenda… react after the commit
    return version


class _Announcer:
    """Turns the pure announcement plan into outbox rows, with the facts a later email cannot reload."""

    def __init__(
        self, session: Session, *, edition: Edition, version: ScheduleVersion, diff: RunDiff, held: bool
    ) -> None:
        self.session = session
        self.edition = edition
        self.version = version
        self.diff = diff
        self.held = held
        self.proposed = repo.run_slots(session, version.run_id)
        self.facts = repo.session_facts(session, edition.id)
        self.proposals = repo.proposals_by_code(session, edition.id)
        self.rooms = repo.rooms_by_code(session, edition.id)
        self.venues = repo.venues_by_code(session, edition.id)
        self.speakers = repo.speakers_by_code(session, edition.id)
        self.partners = repo.partners_by_code(session, edition.id)

    def emit(self, *, now: datetime) -> None:
        for announcement in plan_announcements(diff=self.diff, proposed=self.proposed, sessions=self.facts):
            self._announce(announcement)
        self._tell_participants()
        self._cancel_stale_logistics()
        for reminder in plan_logistics(
            proposed=self.proposed, sessions=self.facts, timezone=self.edition.timezone, now=now
        ):
            partner = self.partners.get(reminder.partner)
            proposal = self.proposals[reminder.session]
            if partner is None or not partner.email:
                continue
            self._record(
                kind="partner.logistics",
                person=partner,
                key=f"partner.logistics:{proposal.id}:{reminder.slot.room}:{reminder.slot.start.isoformat()}",
                payload={
                    "partner_id": partner.id,
                    "proposal_id": proposal.id,
                    "session": self._session_facts(reminder.session, reminder.slot),
                },
                send_after=reminder.send_after,
            )

    def _announce(self, announcement: Announcement) -> None:
        person: Speaker | Partner | None
        if announcement.recipient_type == "speaker":
            person = self.speakers.get(announcement.recipient)
        else:
            person = self.partners.get(announcement.recipient)
        if person is None or not person.email:
            return  # nobody to write to: the lead sees these people in `festplan diff`
        payload: dict[str, object] = {
            f"{announcement.recipient_type}_id": person.id,
            "first_publication": self.diff.first_publication,
            "sessions": [self._session_facts(code, self.proposed[code]) for code in announcement.sessions],
            "changes": [self._change_facts(change) for change in announcement.changes],
        }
        self._record(
            kind=announcement.kind,
            person=person,
            key=f"{announcement.kind}:v{self.version.id}:{announcement.recipient_type}:{person.id}",
            payload=payload,
            send_after=None,
        )

    def _tell_participants(self) -> None:
        """Participants registered to a moved or withdrawn session: one email each, their registrations kept."""
        codes = [c.session for c in self.diff.changes if c.old is not None]
        enrolments = repo.enrolments(self.session, edition_id=self.edition.id, codes=codes)
        notices = plan_participant_notices(diff=self.diff, enrolments=enrolments)
        people = repo.participants_by_id(self.session, [n.participant for n in notices])
        for notice in notices:
            person = people.get(notice.participant)
            if person is not None and person.email:
                self._tell(person, notice)

    def _tell(self, person: Participant, notice: ParticipantNotice) -> None:
        changes = [
            {**self._change_facts(change), "registration_status": status}
            for change, status in zip(notice.changes, notice.statuses, strict=True)
        ]
        self._record(
            kind="participant.session_changed",
            person=person,
            key=f"participant.session_changed:v{self.version.id}:participant:{person.id}",
            payload={"participant_id": person.id, "sequence": self.version.number, "changes": changes},
            send_after=None,
        )

    def _record(
        self,
        *,
        kind: str,
        person: Speaker | Partner | Participant,
        key: str,
        payload: dict[str, object],
        send_after: datetime | None,
    ) -> None:
        assert person.email is not None
        payload = {
            "edition_id": self.edition.id,
            "edition_code": self.edition.code,
            "version_id": self.version.id,
            "version_number": self.version.number,
            "message": self.version.message,
            **payload,
        }
        row = record(
            self.session,
            kind=kind,
            recipient_email=person.email,
            recipient_name=getattr(person, "contact_name", None) or person.name,
            locale=person.locale,
            payload=payload,
            idempotency_key=key,
            edition_id=self.edition.id,
            send_after=send_after,
            schedule_version_id=self.version.id,
            held=self.held,
        )
        if row is None:
            self._revive(key=key, send_after=send_after)

    def _revive(self, *, key: str, send_after: datetime | None) -> None:
        """A session back in a slot whose reminder was called off gets that reminder back."""
        row = self.session.scalar(select(Notification).where(Notification.idempotency_key == key))
        if row is None or row.status != "cancelled":
            return
        row.status = "held" if self.held else "pending"
        row.send_after = send_after or utcnow()
        row.schedule_version_id = self.version.id
        row.updated_at = utcnow()
        self.session.flush()
        if not self.held and row.send_after <= utcnow():
            request_relay(self.session)

    def _cancel_stale_logistics(self) -> None:
        """A moved or removed session's reminder for its old slot must not go out."""
        changed = [c for c in self.diff.changes if c.old is not None]
        if not changed:
            return
        ids = [self.proposals[c.session].id for c in changed if c.session in self.proposals]
        prefixes = {f"partner.logistics:{pid}:" for pid in ids}
        keep = {
            f"partner.logistics:{self.proposals[c.session].id}:{c.new.room}:{c.new.start.isoformat()}"
            for c in changed
            if c.new is not None and c.session in self.proposals
        }
        rows = self.session.scalars(
            select(Notification).where(
                Notification.kind == "partner.logistics",
                Notification.edition_id == self.edition.id,
                Notification.status.in_(CANCELLABLE_STATUSES),
            )
        )
        for row in rows:
            if row.idempotency_key in keep:
                continue
            if any(row.idempotency_key.startswith(prefix) for prefix in prefixes):
                row.status = "cancelled"
                row.payload = redact(row.kind, row.payload) or row.payload
                row.updated_at = utcnow()
        self.session.flush()

    def _session_facts(self, code: str, slot: Slot) -> dict[str, object]:
        proposal: SessionProposal | None = self.proposals.get(code)
        facts: SessionFacts | None = self.facts.get(code)
        room: Room | None = self.rooms.get(slot.room)
        venue: Venue | None = self.venues.get(slot.venue)
        return {
            "proposal_id": proposal.id if proposal else None,
            "code": code,
            "title": facts.title if facts else (proposal.title if proposal else code),  # a withdrawn one has no facts
            "start": slot.start.isoformat(timespec="minutes"),
            "end": slot.end.isoformat(timespec="minutes"),
            "room": slot.room,
            "room_name": room.name if room else slot.room,
            "venue": slot.venue,
            "venue_name": venue.name if venue else slot.venue,
            "commune": venue.commune if venue else None,
            "address": venue.address if venue else None,
        }

    def _change_facts(self, change: SessionChange) -> dict[str, object]:
        return {
            "code": change.session,
            "kind": change.kind.value,
            "what": list(change.what),
            "old": self._session_facts(change.session, change.old) if change.old else None,
            "new": self._session_facts(change.session, change.new) if change.new else None,
        }


def announcements_of(session: Session, version_id: int) -> Mapping[str, int]:
    """How many outbox rows of each kind a version recorded (for the CLI's and API's report)."""
    rows = session.execute(
        select(Notification.kind, Notification.id).where(Notification.schedule_version_id == version_id)
    )
    counts: dict[str, int] = {}
    for kind, _ in rows:
        counts[kind] = counts.get(kind, 0) + 1
    return counts
