"""The reads of the ingest back-office pages (dashboard figures, filtered proposals, lists); nothing commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from services.ingest.backoffice.views import Booking
from shared.models import (
    Assignment,
    Edition,
    OptimisationRun,
    Partner,
    Room,
    ScheduleVersion,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    UnplacedSession,
    Venue,
)
from shared.web.backoffice.session import chosen_edition


def current_edition(db: Session, request: Request) -> Edition | None:
    """The edition the back-office shows: the one the lead picked, else the one that starts last (as the commands)."""
    return chosen_edition(db, request)


def status_counts(db: Session, edition_id: int) -> dict[str, int]:
    rows = db.execute(
        select(SessionProposal.status, func.count())
        .where(SessionProposal.edition_id == edition_id)
        .group_by(SessionProposal.status)
    )
    return {status: count for status, count in rows}


def published_version(db: Session, edition_id: int) -> ScheduleVersion | None:
    return db.scalar(
        select(ScheduleVersion)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


@dataclass(frozen=True, slots=True)
class PublishedFacts:
    placed: int
    unplaced: int
    bookings: list[Booking]
    sessions_by_territory: dict[str, int]


def published_facts(db: Session, run_id: int) -> PublishedFacts:
    """Placements of a run with attendance and territory, and how many sessions it left out."""
    rows = db.execute(
        select(
            Assignment.room_id, Assignment.start, Assignment.end, SessionProposal.expected_attendance, Venue.territory
        )
        .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == run_id)
    ).all()
    by_territory: dict[str, int] = {}
    for row in rows:
        if row.territory:
            by_territory[row.territory] = by_territory.get(row.territory, 0) + 1
    unplaced = db.scalar(select(func.count()).select_from(UnplacedSession).where(UnplacedSession.run_id == run_id))
    return PublishedFacts(
        placed=len(rows),
        unplaced=int(unplaced or 0),
        sessions_by_territory=by_territory,
        bookings=[Booking(room_id=r.room_id, start=r.start, end=r.end, attendance=r.expected_attendance) for r in rows],
    )


def rooms_with_venues(db: Session, edition_id: int) -> list[tuple[Room, Venue]]:
    query = (
        select(Room, Venue)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Room.edition_id == edition_id)
        .order_by(Venue.position, Venue.name, Room.position, Room.name)
    )
    return [(room, venue) for room, venue in db.execute(query).tuples()]


def venues(db: Session, edition_id: int) -> Sequence[Venue]:
    return db.scalars(
        select(Venue)
        .options(selectinload(Venue.rooms))
        .where(Venue.edition_id == edition_id)
        .order_by(Venue.position, Venue.name)
    ).all()


def territories(db: Session, edition: Edition) -> list[str]:
    """The edition's territories, then any other a venue names, for the proposals' filter."""
    names = list(edition.territories or [])
    for name in db.scalars(select(Venue.territory).where(Venue.edition_id == edition.id).distinct()):
        if name and name not in names:
            names.append(name)
    return names


def partners(db: Session, edition_id: int) -> Sequence[Partner]:
    return db.scalars(select(Partner).where(Partner.edition_id == edition_id).order_by(Partner.name)).all()


def proposal_counts_by_partner(db: Session, edition_id: int) -> dict[int, int]:
    rows = db.execute(
        select(SessionProposal.partner_id, func.count())
        .where(SessionProposal.edition_id == edition_id)
        .group_by(SessionProposal.partner_id)
    )
    return {pid: n for pid, n in rows if pid is not None}


def speakers(db: Session, edition_id: int) -> Sequence[Speaker]:
    return db.scalars(
        select(Speaker)
        .options(selectinload(Speaker.availability))
        .where(Speaker.edition_id == edition_id)
        .order_by(Speaker.name)
    ).all()


def filter_proposals(
    db: Session,
    *,
    edition_id: int,
    status: str | None = None,
    partner_id: int | None = None,
    kind: str | None = None,
    audience: str | None = None,
    territory: str | None = None,
    published_run_id: int | None = None,
) -> list[tuple[SessionProposal, str | None]]:
    """Proposals matching every given filter, with their partner's name.

    A proposal belongs to a territory when its published slot is there, or, when it has none, when one of
    its preferred or allowed venues is.
    """
    query = (
        select(SessionProposal, Partner.name)
        .outerjoin(Partner, Partner.id == SessionProposal.partner_id)
        .where(SessionProposal.edition_id == edition_id)
    )
    if status:
        query = query.where(SessionProposal.status == status)
    if partner_id:
        query = query.where(SessionProposal.partner_id == partner_id)
    if kind:
        query = query.where(SessionProposal.kind == kind)
    if audience:
        query = query.where(SessionProposal.audience == audience)
    rows = [(p, name) for p, name in db.execute(query.order_by(SessionProposal.code)).tuples()]
    if not territory:
        return rows
    codes = set(db.scalars(select(Venue.code).where(Venue.edition_id == edition_id, Venue.territory == territory)))
    placed_here: set[int] = set()
    placed_any: set[int] = set()
    if published_run_id is not None:
        for proposal_id, venue_territory in db.execute(
            select(Assignment.proposal_id, Venue.territory)
            .join(Room, Room.id == Assignment.room_id)
            .join(Venue, Venue.id == Room.venue_id)
            .where(Assignment.run_id == published_run_id)
        ):
            placed_any.add(proposal_id)
            if venue_territory == territory:
                placed_here.add(proposal_id)

    def matches(p: SessionProposal) -> bool:
        if p.id in placed_any:
            return p.id in placed_here
        return bool(codes.intersection((p.preferred_venues or []) + (p.allowed_venues or [])))

    return [(p, name) for p, name in rows if matches(p)]


def speaker_sessions(db: Session, speaker_id: int) -> Sequence[SessionProposal]:
    return db.scalars(
        select(SessionProposal)
        .join(SessionSpeaker, SessionSpeaker.proposal_id == SessionProposal.id)
        .where(SessionSpeaker.speaker_id == speaker_id)
        .order_by(SessionProposal.code)
    ).all()


def partner_proposals(db: Session, partner_id: int) -> Sequence[SessionProposal]:
    return db.scalars(
        select(SessionProposal).where(SessionProposal.partner_id == partner_id).order_by(SessionProposal.code)
    ).all()


def latest_runs(db: Session, edition_id: int, limit: int = 5) -> Sequence[OptimisationRun]:
    return db.scalars(
        select(OptimisationRun)
        .where(OptimisationRun.edition_id == edition_id)
        .order_by(OptimisationRun.id.desc())
        .limit(limit)
    ).all()
