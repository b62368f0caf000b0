"""Bringing an edition's partners into the network: one organisation per partner code (kept across editions),
its contact person, the intercommunality where most of its published sessions took place; no consent is assumed."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.network import repository as repo
from services.network import service
from services.network.domain.directory import guess_kind
from services.network.texts import t
from shared.models.edition import Edition, Room, Venue
from shared.models.people import Partner
from shared.models.proposal import SessionProposal
from shared.models.scheduling import Assignment, ScheduleVersion


def add_partners_of(session: Session, *, edition_code: str) -> tuple[int, int]:
    """Add the edition's partners not yet in the network; (added, already known)."""
    edition = session.scalar(select(Edition).where(Edition.code == edition_code))
    if edition is None:
        raise service.NetworkError(t("unknown", code=edition_code))
    territories = _territories(session, edition.id)
    added = known = 0
    for partner in session.scalars(select(Partner).where(Partner.edition_id == edition.id).order_by(Partner.position)):
        if repo.organisation_by_code(session, partner.code) is not None:
            known += 1
            continue
        organisation = service.add_organisation(
            session,
            code=partner.code,
            name=partner.name,
            kind=guess_kind(partner.name),
            intercommunality=territories.get(partner.id),
        )
        if partner.email:
            contact = service.add_contact(
                session,
                organisation=organisation,
                name=partner.contact_name or partner.name,
                role="contact partenaire",
                email=partner.email,
            )
            contact.locale = partner.locale
        added += 1
    session.flush()
    return added, known


def _territories(session: Session, edition_id: int) -> dict[int, str]:
    """Per partner, the intercommunality where most of its published sessions took place."""
    version = session.scalar(
        select(ScheduleVersion).where(ScheduleVersion.edition_id == edition_id).order_by(ScheduleVersion.number.desc())
    )
    if version is None:
        return {}
    rows = session.execute(
        select(SessionProposal.partner_id, Venue.territory)
        .join(Assignment, Assignment.proposal_id == SessionProposal.id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == version.run_id, SessionProposal.partner_id.is_not(None))
    ).all()
    counts: dict[int, Counter[str]] = {}
    for partner_id, territory in rows:
        if territory:
            counts.setdefault(partner_id, Counter())[territory] += 1
    return {pid: counter.most_common(1)[0][0] for pid, counter in counts.items()}
