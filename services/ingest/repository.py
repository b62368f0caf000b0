"""Every query of the ingest service; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from shared.models import (
    Assignment,
    Edition,
    Participant,
    Registration,
    Room,
    ScheduleVersion,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    Venue,
)

T = TypeVar("T")


def get(session: Session, model: type[T], row_id: int) -> T | None:
    return session.get(model, row_id)


def list_rows(
    session: Session, model: type[T], *, edition_id: int | None = None, limit: int = 500, offset: int = 0
) -> Sequence[T]:
    """Rows of ``model`` in a stable order, optionally for one edition."""
    query = select(model)
    if edition_id is not None:
        query = query.where(model.edition_id == edition_id)  # type: ignore[attr-defined]
    return session.scalars(query.order_by(model.id).limit(limit).offset(offset)).all()  # type: ignore[attr-defined]


def code_taken(session: Session, model: type[Any], *, edition_id: int, code: str, except_id: int | None = None) -> bool:
    """Whether another row of ``model`` in the edition already uses ``code``."""
    query = select(model.id).where(model.edition_id == edition_id, model.code == code)
    if except_id is not None:
        query = query.where(model.id != except_id)
    return session.scalar(query.limit(1)) is not None


def edition_code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(Edition.id).where(Edition.code == code)) is not None


def participant_email_taken(session: Session, *, edition_id: int, email: str, except_id: int | None = None) -> bool:
    query = select(Participant.id).where(
        Participant.edition_id == edition_id, func.lower(Participant.email) == email.lower()
    )
    if except_id is not None:
        query = query.where(Participant.id != except_id)
    return session.scalar(query.limit(1)) is not None


def registration_exists(session: Session, *, participant_id: int, proposal_id: int) -> bool:
    return (
        session.scalar(
            select(Registration.id).where(
                Registration.participant_id == participant_id, Registration.proposal_id == proposal_id
            )
        )
        is not None
    )


def list_registrations(session: Session, *, edition_id: int | None, limit: int, offset: int) -> Sequence[Registration]:
    query = select(Registration)
    if edition_id is not None:
        query = query.join(Participant).where(Participant.edition_id == edition_id)
    return session.scalars(query.order_by(Registration.id).limit(limit).offset(offset)).all()


def venues_by_code(session: Session, edition_id: int, codes: Sequence[str]) -> dict[str, Venue]:
    rows = session.scalars(select(Venue).where(Venue.edition_id == edition_id, Venue.code.in_(codes))).all()
    return {row.code: row for row in rows}


def speakers_by_code(session: Session, edition_id: int, codes: Sequence[str]) -> dict[str, Speaker]:
    rows = session.scalars(select(Speaker).where(Speaker.edition_id == edition_id, Speaker.code.in_(codes))).all()
    return {row.code: row for row in rows}


def speaker_codes(session: Session, proposal_ids: Sequence[int]) -> dict[int, list[str]]:
    """The speakers' codes of each proposal, in the proposal's order."""
    return _speakers_column(session, proposal_ids, Speaker.code)


def _speakers_column(
    session: Session, proposal_ids: Sequence[int], column: InstrumentedAttribute[str]
) -> dict[int, list[str]]:
    """One column of each proposal's speakers, in the proposal's order (an empty list for a proposal without)."""
    rows = session.execute(
        select(SessionSpeaker.proposal_id, column)
        .join(Speaker, Speaker.id == SessionSpeaker.speaker_id)
        .where(SessionSpeaker.proposal_id.in_(proposal_ids))
        .order_by(SessionSpeaker.proposal_id, SessionSpeaker.position)
    ).all()
    out: dict[int, list[str]] = {pid: [] for pid in proposal_ids}
    for proposal_id, value in rows:
        out[proposal_id].append(value)
    return out


def partner_proposal(session: Session, *, partner_id: int, proposal_id: int) -> SessionProposal | None:
    """The proposal if it is this partner's — otherwise None, exactly as if it did not exist."""
    return session.scalar(
        select(SessionProposal).where(SessionProposal.id == proposal_id, SessionProposal.partner_id == partner_id)
    )


def list_proposals(
    session: Session,
    *,
    partner_id: int | None = None,
    edition_id: int | None = None,
    status: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> Sequence[SessionProposal]:
    query = select(SessionProposal).options(selectinload(SessionProposal.speakers))
    if partner_id is not None:
        query = query.where(SessionProposal.partner_id == partner_id)
    if edition_id is not None:
        query = query.where(SessionProposal.edition_id == edition_id)
    if status is not None:
        query = query.where(SessionProposal.status == status)
    return session.scalars(query.order_by(SessionProposal.id).limit(limit).offset(offset)).all()


def proposal_code_taken(session: Session, *, edition_id: int, code: str) -> bool:
    return code_taken(session, SessionProposal, edition_id=edition_id, code=code)


def latest_version(session: Session, edition_id: int) -> ScheduleVersion | None:
    """The edition's newest published version."""
    query = select(ScheduleVersion).where(ScheduleVersion.edition_id == edition_id)
    return session.scalar(query.order_by(ScheduleVersion.published_at.desc(), ScheduleVersion.id.desc()).limit(1))


def slot_rows(session: Session, *, run_id: int, proposal_ids: Sequence[int] | None = None) -> list[Any]:
    """Assignments of a run with their room and venue (optionally for some proposals only)."""
    query = (
        select(
            Assignment.proposal_id,
            Assignment.start,
            Assignment.end,
            Room.code,
            Room.name,
            Venue.code,
            Venue.name,
            Venue.commune,
        )
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == run_id)
        .order_by(Assignment.start, Room.code)
    )
    if proposal_ids is not None:
        query = query.where(Assignment.proposal_id.in_(proposal_ids))
    return list(session.execute(query).all())


def room_in_published_run(session: Session, room_ids: Sequence[int]) -> bool:
    """Whether a published programme places a session in one of these rooms (deleting them would rewrite it)."""
    query = (
        select(Assignment.id)
        .join(ScheduleVersion, ScheduleVersion.run_id == Assignment.run_id)
        .where(Assignment.room_id.in_(room_ids))
        .limit(1)
    )
    return session.scalar(query) is not None
