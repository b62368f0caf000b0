"""Every query of the scheduler's runs, versions and pins; plain reads and writes, no decisions, flush only."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from services.scheduler.domain.announce import Enrolment
from services.scheduler.domain.diff import RoomFacts, SessionFacts, Slot
from shared.models.edition import Edition, Room, Venue
from shared.models.people import Participant, Partner, Registration, Speaker
from shared.models.proposal import SessionProposal, SessionSpeaker
from shared.models.scheduling import (
    Assignment,
    OptimisationRun,
    Pin,
    RunStatus,
    ScheduleVersion,
    UnplacedSession,
)

#: First key of the two-key PostgreSQL advisory lock that serialises the solves of one edition.
SOLVE_LOCK_NAMESPACE = 0x5CED


def edition_by_code(session: Session, code: str) -> Edition | None:
    return session.scalar(select(Edition).where(Edition.code == code))


def lock_edition(session: Session, edition_id: int) -> None:
    """Serialise writers of one edition's versions until the transaction ends (``FOR UPDATE``; SQLite is serial)."""
    session.execute(select(Edition.id).where(Edition.id == edition_id).with_for_update())


def get_run(session: Session, run_id: int) -> OptimisationRun | None:
    return session.get(OptimisationRun, run_id)


def list_runs(session: Session, *, edition_id: int, limit: int = 50) -> Sequence[OptimisationRun]:
    query = (
        select(OptimisationRun)
        .where(OptimisationRun.edition_id == edition_id)
        .order_by(OptimisationRun.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def runs_ahead(session: Session, *, edition_id: int, run_id: int) -> int:
    """How many earlier runs of the edition are still queued or running (the queue in front of ``run_id``)."""
    query = select(func.count(OptimisationRun.id)).where(
        OptimisationRun.edition_id == edition_id,
        OptimisationRun.id < run_id,
        OptimisationRun.status.in_([RunStatus.queued.value, RunStatus.running.value]),
    )
    return int(session.scalar(query) or 0)


def latest_version(session: Session, edition_id: int) -> ScheduleVersion | None:
    query = (
        select(ScheduleVersion)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )
    return session.scalar(query)


def list_versions(session: Session, edition_id: int) -> Sequence[ScheduleVersion]:
    query = select(ScheduleVersion).where(ScheduleVersion.edition_id == edition_id).order_by(ScheduleVersion.number)
    return session.scalars(query).all()


def run_slots(session: Session, run_id: int) -> dict[str, Slot]:
    """Session code → the slot the run gave it."""
    query = (
        select(SessionProposal.code, Room.code, Venue.code, Assignment.start, Assignment.end)
        .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == run_id)
    )
    return {
        code: Slot(room=room, venue=venue, start=start, end=end)
        for code, room, venue, start, end in session.execute(query)
    }


def run_unplaced(session: Session, run_id: int) -> dict[str, list[str]]:
    """Session code → the reasons the run gave for leaving it out."""
    query = (
        select(SessionProposal.code, UnplacedSession.reasons)
        .join(SessionProposal, SessionProposal.id == UnplacedSession.proposal_id)
        .where(UnplacedSession.run_id == run_id)
    )
    return {code: list(reasons or []) for code, reasons in session.execute(query)}


def session_facts(session: Session, edition_id: int) -> dict[str, SessionFacts]:
    """Every proposal of the edition (whatever its status: a published session may since have been withdrawn)."""
    speakers: dict[int, list[str]] = {}
    query = (
        select(SessionSpeaker.proposal_id, Speaker.code)
        .join(Speaker, Speaker.id == SessionSpeaker.speaker_id)
        .where(Speaker.edition_id == edition_id)
        .order_by(SessionSpeaker.proposal_id, SessionSpeaker.position)
    )
    for proposal_id, code in session.execute(query):
        speakers.setdefault(proposal_id, []).append(code)
    rows = session.execute(
        select(SessionProposal, Partner.code)
        .outerjoin(Partner, Partner.id == SessionProposal.partner_id)
        .where(SessionProposal.edition_id == edition_id)
    )
    return {
        proposal.code: SessionFacts(
            code=proposal.code,
            title=proposal.title,
            speakers=tuple(speakers.get(proposal.id, ())),
            partner=partner_code,
            expected_attendance=proposal.expected_attendance,
        )
        for proposal, partner_code in rows
    }


def enrolments(session: Session, *, edition_id: int, codes: Sequence[str]) -> list[Enrolment]:
    """The live registrations (not cancelled, participant not erased) to the sessions ``codes`` of the edition."""
    if not codes:
        return []
    rows = session.execute(
        select(Registration.participant_id, SessionProposal.code, Registration.status)
        .join(SessionProposal, SessionProposal.id == Registration.proposal_id)
        .join(Participant, Participant.id == Registration.participant_id)
        .where(
            SessionProposal.edition_id == edition_id,
            SessionProposal.code.in_(codes),
            Registration.status != "cancelled",
            Participant.erased_at.is_(None),
        )
        .order_by(Registration.participant_id, SessionProposal.code)
    )
    return [Enrolment(participant=pid, session=code, status=status) for pid, code, status in rows]


def participants_by_id(session: Session, ids: Sequence[int]) -> dict[int, Participant]:
    if not ids:
        return {}
    return {p.id: p for p in session.scalars(select(Participant).where(Participant.id.in_(ids)))}


def proposals_by_code(session: Session, edition_id: int) -> dict[str, SessionProposal]:
    query = select(SessionProposal).where(SessionProposal.edition_id == edition_id)
    return {p.code: p for p in session.scalars(query)}


def proposal_by_code(session: Session, *, edition_id: int, code: str) -> SessionProposal | None:
    query = select(SessionProposal).where(SessionProposal.edition_id == edition_id, SessionProposal.code == code)
    return session.scalar(query)


def rooms_by_code(session: Session, edition_id: int) -> dict[str, Room]:
    return {r.code: r for r in session.scalars(select(Room).where(Room.edition_id == edition_id))}


def room_facts(session: Session, edition_id: int) -> dict[str, RoomFacts]:
    rooms = rooms_by_code(session, edition_id)
    return {code: RoomFacts(code=code, capacity=room.capacity) for code, room in rooms.items()}


def room_code(session: Session, room_id: int | None) -> str | None:
    return None if room_id is None else session.scalar(select(Room.code).where(Room.id == room_id))


def venues_by_code(session: Session, edition_id: int) -> dict[str, Venue]:
    return {v.code: v for v in session.scalars(select(Venue).where(Venue.edition_id == edition_id))}


def speakers_by_code(session: Session, edition_id: int) -> dict[str, Speaker]:
    return {s.code: s for s in session.scalars(select(Speaker).where(Speaker.edition_id == edition_id))}


def partners_by_code(session: Session, edition_id: int) -> dict[str, Partner]:
    return {p.code: p for p in session.scalars(select(Partner).where(Partner.edition_id == edition_id))}


def speaker_limits(session: Session, edition_id: int) -> dict[str, int | None]:
    query = select(Speaker.code, Speaker.max_sessions_per_day).where(Speaker.edition_id == edition_id)
    return dict(session.execute(query).tuples().all())


def pin_for(session: Session, proposal_id: int) -> Pin | None:
    return session.scalar(select(Pin).where(Pin.proposal_id == proposal_id))


def list_pins(session: Session, edition_id: int) -> Sequence[tuple[Pin, str, str | None]]:
    """The edition's pins with the session code and the pinned room's code (None when the room is free)."""
    query = (
        select(Pin, SessionProposal.code, Room.code)
        .join(SessionProposal, SessionProposal.id == Pin.proposal_id)
        .outerjoin(Room, Room.id == Pin.room_id)
        .where(SessionProposal.edition_id == edition_id)
        .order_by(SessionProposal.code)
    )
    return session.execute(query).tuples().all()


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def delete(session: Session, row: object) -> None:
    session.delete(row)
    session.flush()


def replace_results(
    session: Session,
    *,
    run: OptimisationRun,
    assignments: list[Assignment],
    unplaced: list[UnplacedSession],
) -> None:
    """Store a run's placements and unplaced sessions (a redelivered task replaces what a dead worker left)."""
    run.assignments.clear()
    run.unplaced.clear()
    session.flush()
    run.assignments.extend(assignments)
    run.unplaced.extend(unplaced)
    session.flush()


def advisory_lock(connection: Connection, edition_id: int) -> None:
    """Wait for the edition's solve lock on PostgreSQL; held by the connection until :func:`advisory_unlock`."""
    query = text("SELECT pg_advisory_lock(:ns, :edition)")
    connection.execute(query, {"ns": SOLVE_LOCK_NAMESPACE, "edition": edition_id})
    connection.commit()


def advisory_unlock(connection: Connection, edition_id: int) -> None:
    query = text("SELECT pg_advisory_unlock(:ns, :edition)")
    connection.execute(query, {"ns": SOLVE_LOCK_NAMESPACE, "edition": edition_id})
    connection.commit()
