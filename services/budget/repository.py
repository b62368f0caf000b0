"""Every query of the budget: envelope, lines, items, contributions, audit, and the schedule facts costs need."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import (
    Assignment,
    BudgetAudit,
    BudgetEnvelope,
    BudgetLine,
    CostItem,
    Edition,
    Partner,
    PartnerContribution,
    Room,
    ScheduleVersion,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    Venue,
)


def edition(session: Session, code: str | None) -> Edition | None:
    """The edition named ``code``, or the one that starts last (as the scheduler's commands choose it)."""
    if code:
        return session.scalar(select(Edition).where(Edition.code == code))
    return session.scalar(select(Edition).order_by(Edition.start_date.desc(), Edition.id.desc()).limit(1))


def envelope(session: Session, edition_id: int) -> BudgetEnvelope | None:
    return session.scalar(select(BudgetEnvelope).where(BudgetEnvelope.edition_id == edition_id))


def lines(session: Session, edition_id: int) -> Sequence[BudgetLine]:
    query = select(BudgetLine).where(BudgetLine.edition_id == edition_id).order_by(BudgetLine.position)
    return session.scalars(query).all()


def items(session: Session, edition_id: int) -> Sequence[CostItem]:
    return session.scalars(select(CostItem).where(CostItem.edition_id == edition_id).order_by(CostItem.id)).all()


def item(session: Session, item_id: int, *, for_update: bool = False) -> CostItem | None:
    query = select(CostItem).where(CostItem.id == item_id)
    return session.scalar(query.with_for_update() if for_update else query)


def items_by_reference(session: Session, edition_id: int) -> dict[str, CostItem]:
    query = select(CostItem).where(CostItem.edition_id == edition_id, CostItem.reference.is_not(None))
    return {row.reference: row for row in session.scalars(query.with_for_update())}


def scheduled_items(session: Session, edition_id: int) -> dict[str, CostItem]:
    query = select(CostItem).where(CostItem.edition_id == edition_id, CostItem.schedule_key.is_not(None))
    return {row.schedule_key: row for row in session.scalars(query)}


def contributions(session: Session, edition_id: int) -> Sequence[PartnerContribution]:
    return session.scalars(select(PartnerContribution).where(PartnerContribution.edition_id == edition_id)).all()


def audit_trail(session: Session, edition_id: int, *, limit: int = 50) -> Sequence[BudgetAudit]:
    query = select(BudgetAudit).where(BudgetAudit.edition_id == edition_id).order_by(BudgetAudit.id.desc())
    return session.scalars(query.limit(limit)).all()


def lock_envelope(session: Session, edition_id: int) -> BudgetEnvelope | None:
    """The envelope row locked until commit, so two commitments cannot both slip under the envelope."""
    query = select(BudgetEnvelope).where(BudgetEnvelope.edition_id == edition_id).with_for_update()
    return session.scalar(query)


def add(session: Session, row: object) -> None:
    session.add(row)
    session.flush()


def names(session: Session, edition_id: int) -> dict[str, dict[int, tuple[str, str | None]]]:
    """Ids → (name, territory or code) of the edition's partners, venues, speakers and sessions."""
    venues = session.execute(select(Venue.id, Venue.name, Venue.territory).where(Venue.edition_id == edition_id))
    partners = session.execute(select(Partner.id, Partner.name, Partner.code).where(Partner.edition_id == edition_id))
    speakers = session.execute(select(Speaker.id, Speaker.name, Speaker.code).where(Speaker.edition_id == edition_id))
    sessions = session.execute(
        select(SessionProposal.id, SessionProposal.title, SessionProposal.code).where(
            SessionProposal.edition_id == edition_id
        )
    )
    return {
        "venues": {i: (n, t) for i, n, t in venues},
        "partners": {i: (n, c) for i, n, c in partners},
        "speakers": {i: (n, c) for i, n, c in speakers},
        "sessions": {i: (n, c) for i, n, c in sessions},
    }


def ids_by_code(session: Session, edition_id: int) -> dict[str, dict[str, int]]:
    """Code → id of the edition's venues, speakers and sessions."""

    def pairs(code: object, key: object, edition: object) -> dict[str, int]:
        return {c: i for c, i in session.execute(select(code, key).where(edition == edition_id)).all()}

    return {
        "venues": pairs(Venue.code, Venue.id, Venue.edition_id),
        "speakers": pairs(Speaker.code, Speaker.id, Speaker.edition_id),
        "sessions": pairs(SessionProposal.code, SessionProposal.id, SessionProposal.edition_id),
    }


def version(session: Session, version_id: int) -> ScheduleVersion | None:
    return session.get(ScheduleVersion, version_id)


def placed_sessions(
    session: Session, run_id: int
) -> list[tuple[str, str | None, str, float | None, float | None, datetime, datetime, list[str]]]:
    """(code, kind, venue code, lat, lon, start, end, speaker codes) of every session a run placed."""
    query = (
        select(
            SessionProposal.id,
            SessionProposal.code,
            SessionProposal.kind,
            Venue.code,
            Venue.lat,
            Venue.lon,
            Assignment.start,
            Assignment.end,
        )
        .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == run_id)
        .order_by(Assignment.start, SessionProposal.code)
    )
    rows = session.execute(query).all()
    speakers = speaker_codes(session, [row[0] for row in rows])
    return [(c, k, v, la, lo, s, e, speakers.get(pid, [])) for pid, c, k, v, la, lo, s, e in rows]


def speaker_codes(session: Session, proposal_ids: list[int]) -> dict[int, list[str]]:
    query = (
        select(SessionSpeaker.proposal_id, Speaker.code)
        .join(Speaker, Speaker.id == SessionSpeaker.speaker_id)
        .where(SessionSpeaker.proposal_id.in_(proposal_ids))
        .order_by(SessionSpeaker.proposal_id, SessionSpeaker.position)
    )
    out: dict[int, list[str]] = {}
    for proposal_id, code in session.execute(query):
        out.setdefault(proposal_id, []).append(code)
    return out


def accepted_sessions(session: Session, edition_id: int) -> list[tuple[str, str | None, list[str]]]:
    """(code, kind, speaker codes) of the sessions the optimiser places."""
    rows = session.execute(
        select(SessionProposal.id, SessionProposal.code, SessionProposal.kind).where(
            SessionProposal.edition_id == edition_id, SessionProposal.status == "accepted"
        )
    ).all()
    speakers = speaker_codes(session, [row[0] for row in rows])
    return [(code, kind, speakers.get(pid, [])) for pid, code, kind in rows]


def venues_with_rooms(session: Session, edition_id: int) -> list[tuple[str, float | None, float | None, list[str]]]:
    rows = session.execute(
        select(Venue.id, Venue.code, Venue.lat, Venue.lon).where(Venue.edition_id == edition_id).order_by(Venue.id)
    ).all()
    rooms: dict[int, list[str]] = {}
    for venue_id, code in session.execute(select(Room.venue_id, Room.code).where(Room.edition_id == edition_id)):
        rooms.setdefault(venue_id, []).append(code)
    return [(code, lat, lon, rooms.get(vid, [])) for vid, code, lat, lon in rows]
