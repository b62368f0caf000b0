"""Every query of OpenAgenda publishing: the published programme as plain facts, and each item's sync state.

It reads the scheduler's tables directly (versions, assignments, rooms, registrations) rather than
importing the scheduler: services meet through the database and events, not through each other's code.
Functions only ``flush()``; the edge commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.openagenda.domain.changes import EVENT, LOCATION, Known, Planned
from services.openagenda.domain.mapping import FULL, SessionFacts, VenueFacts
from shared.models.edition import Edition, Room, Venue
from shared.models.openagenda import OpenAgendaItem, OpenAgendaSync
from shared.models.people import Registration
from shared.models.proposal import SessionProposal
from shared.models.scheduling import Assignment, ScheduleVersion
from shared.models.types import utcnow


def edition_by_code(session: Session, code: str) -> Edition | None:
    return session.scalar(select(Edition).where(Edition.code == code))


def default_edition(session: Session) -> Edition | None:
    """The edition with the latest publication, else the newest edition."""
    published = session.scalar(
        select(Edition)
        .join(ScheduleVersion, ScheduleVersion.edition_id == Edition.id)
        .order_by(ScheduleVersion.published_at.desc(), ScheduleVersion.id.desc())
    )
    return published or session.scalar(select(Edition).order_by(Edition.id.desc()))


def latest_version(session: Session, edition_id: int) -> ScheduleVersion | None:
    return session.scalar(
        select(ScheduleVersion).where(ScheduleVersion.edition_id == edition_id).order_by(ScheduleVersion.number.desc())
    )


def edition_of_version(session: Session, version_id: int) -> int | None:
    return session.scalar(select(ScheduleVersion.edition_id).where(ScheduleVersion.id == version_id))


def venue_facts(session: Session, edition_id: int) -> list[VenueFacts]:
    venues = session.scalars(select(Venue).where(Venue.edition_id == edition_id).order_by(Venue.position, Venue.id))
    return [
        VenueFacts(
            code=v.code,
            name=v.name,
            address=v.address,
            postal_code=v.postal_code,
            commune=v.commune,
            territory=v.territory,
            lat=v.lat,
            lon=v.lon,
        )
        for v in venues
    ]


def seats_taken(session: Session, proposal_ids: Iterable[int]) -> dict[int, int]:
    ids = list(proposal_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(Registration.proposal_id, func.coalesce(func.sum(Registration.seats), 0))
        .where(Registration.proposal_id.in_(ids), Registration.status == "confirmed")
        .group_by(Registration.proposal_id)
    )
    return {pid: int(total) for pid, total in rows}


def published_sessions(session: Session, edition: Edition, *, base_url: str) -> list[SessionFacts]:
    """The sessions of the edition's latest published version, with their room, venue and whether they are full."""
    version = latest_version(session, edition.id)
    if version is None:
        return []
    rows = session.execute(
        select(Assignment, SessionProposal, Room, Venue)
        .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == version.run_id)
        .order_by(Assignment.start, SessionProposal.code)
    ).tuples()
    rows = list(rows)
    taken = seats_taken(session, (proposal.id for _, proposal, _, _ in rows))
    base = base_url.rstrip("/")
    return [
        SessionFacts(
            code=proposal.code,
            title=proposal.title,
            description=proposal.description,
            start=assignment.start,
            end=assignment.end,
            timezone=edition.timezone,
            venue_code=venue.code,
            room_code=room.code,
            room_features=tuple(room.features or ()),
            registration_url=f"{base}/programme/sessions/{proposal.code}",
            full=taken.get(proposal.id, 0) >= room.capacity,
        )
        for assignment, proposal, room, venue in rows
    ]


# --- items ---------------------------------------------------------------------------------------------------


def items(session: Session, edition_id: int, kind: str | None = None) -> list[OpenAgendaItem]:
    query = select(OpenAgendaItem).where(OpenAgendaItem.edition_id == edition_id)
    if kind is not None:
        query = query.where(OpenAgendaItem.kind == kind)
    return list(session.scalars(query.order_by(OpenAgendaItem.kind.desc(), OpenAgendaItem.code)))


def known(session: Session, edition_id: int, kind: str) -> dict[str, Known]:
    return {
        row.code: Known(
            state=row.state,
            oa_uid=row.oa_uid,
            fingerprint=row.fingerprint,
            slot=row.slot,
            oa_status=row.oa_status,
            payload=row.payload,
        )
        for row in items(session, edition_id, kind)
    }


def location_uids(session: Session, edition_id: int) -> dict[str, int]:
    """Venue code → location uid, for venues OpenAgenda holds (from any edition: a venue keeps its location)."""
    rows = session.execute(
        select(OpenAgendaItem.code, OpenAgendaItem.oa_uid, OpenAgendaItem.edition_id).where(
            OpenAgendaItem.kind == LOCATION, OpenAgendaItem.oa_uid.is_not(None)
        )
    )
    found: dict[str, int] = {}
    for code, uid, _owner in sorted(rows, key=lambda r: r[2] == edition_id):
        found[code] = uid  # this edition's own row, sorted last, wins
    return found


def item_for(session: Session, *, edition_id: int, kind: str, code: str) -> OpenAgendaItem | None:
    return session.scalar(
        select(OpenAgendaItem).where(
            OpenAgendaItem.edition_id == edition_id, OpenAgendaItem.kind == kind, OpenAgendaItem.code == code
        )
    )


def mark_pending(session: Session, *, edition_id: int, planned: Planned) -> OpenAgendaItem:
    """Record an item about to be sent (with what will be sent), creating its row the first time."""
    row = item_for(session, edition_id=edition_id, kind=planned.kind, code=planned.code)
    if row is None:
        row = OpenAgendaItem(
            edition_id=edition_id, kind=planned.kind, code=planned.code, external_id=planned.external_id, attempts=0
        )
        session.add(row)
    row.external_id = planned.external_id
    row.title = planned.title[:300]
    row.state = "pending"
    row.last_error = None
    row.updated_at = utcnow()
    session.flush()
    return row


def mark_synced(session: Session, *, edition_id: int, planned: Planned, uid: int, now: datetime) -> None:
    row = mark_pending(session, edition_id=edition_id, planned=planned)
    row.state = "synced"
    row.oa_uid = uid
    row.fingerprint = planned.fingerprint
    row.payload = planned.payload
    row.oa_status = planned.status if planned.kind == EVENT else None
    row.slot = planned.slot
    row.attempts += 1
    row.synced_at = now
    session.flush()


def mark_failed(session: Session, *, edition_id: int, planned: Planned, message: str) -> None:
    row = mark_pending(session, edition_id=edition_id, planned=planned)
    row.state = "failed"
    row.last_error = message
    row.attempts += 1
    session.flush()


def sync_row(session: Session, edition_id: int) -> OpenAgendaSync:
    row = session.get(OpenAgendaSync, edition_id)
    if row is None:
        row = OpenAgendaSync(edition_id=edition_id, counts={})
        session.add(row)
        session.flush()
    return row


def counts_by_state(session: Session, edition_id: int) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(OpenAgendaItem.kind, OpenAgendaItem.state, func.count(OpenAgendaItem.id))
        .where(OpenAgendaItem.edition_id == edition_id)
        .group_by(OpenAgendaItem.kind, OpenAgendaItem.state)
    )
    return {(kind, state): int(n) for kind, state, n in rows}


def newly_full(session: Session, proposal_id: int) -> int | None:
    """The edition of a session that is full now (confirmed seats ≥ its room in the latest published version) while
    OpenAgenda does not show it full yet; None otherwise. Most registrations leave a session with seats: no sync."""
    row = session.execute(
        select(SessionProposal.edition_id, SessionProposal.code, Room.capacity)
        .join(Assignment, Assignment.proposal_id == SessionProposal.id)
        .join(Room, Room.id == Assignment.room_id)
        .join(ScheduleVersion, ScheduleVersion.run_id == Assignment.run_id)
        .where(SessionProposal.id == proposal_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    ).first()
    if row is None or seats_taken(session, [proposal_id]).get(proposal_id, 0) < row.capacity:
        return None
    shown = item_for(session, edition_id=row.edition_id, kind=EVENT, code=row.code)
    return None if shown is not None and shown.oa_status == FULL else row.edition_id
