"""Every query of the network: organisations as cards with what they did edition after edition, contacts,
the suppression list. Participations are derived from the editions' own tables through the partner code."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.network.domain.directory import Card, ContactFacts, Participation
from shared.models.edition import Edition
from shared.models.evaluation import AttendanceCount
from shared.models.network import NetworkContact, NetworkOrganisation
from shared.models.notification import Suppression
from shared.models.people import Partner
from shared.models.proposal import SessionProposal
from shared.models.scheduling import Assignment, ScheduleVersion


def organisation_by_code(session: Session, code: str) -> NetworkOrganisation | None:
    return session.scalar(select(NetworkOrganisation).where(NetworkOrganisation.code == code))


def organisations(session: Session, *, listed_only: bool) -> list[NetworkOrganisation]:
    query = select(NetworkOrganisation).order_by(NetworkOrganisation.name)
    if listed_only:
        query = query.where(NetworkOrganisation.listed.is_(True))
    return list(session.scalars(query))


def participations(session: Session, codes: list[str]) -> dict[str, list[Participation]]:
    """Per organisation code, per edition (oldest first): proposals, published sessions, people counted."""
    if not codes:
        return {}
    partners = session.execute(
        select(Partner.id, Partner.code, Edition.id, Edition.code, Edition.name, Edition.start_date)
        .join(Edition, Edition.id == Partner.edition_id)
        .where(Partner.code.in_(codes))
    ).all()
    if not partners:
        return {}
    partner_ids = [row[0] for row in partners]
    proposals = dict(
        session.execute(
            select(SessionProposal.partner_id, func.count(SessionProposal.id))
            .where(SessionProposal.partner_id.in_(partner_ids))
            .group_by(SessionProposal.partner_id)
        ).all()
    )
    latest = (
        select(ScheduleVersion.edition_id, func.max(ScheduleVersion.number).label("number"))
        .group_by(ScheduleVersion.edition_id)
        .subquery()
    )
    published = dict(
        session.execute(
            select(SessionProposal.partner_id, func.count(Assignment.id))
            .join(Assignment, Assignment.proposal_id == SessionProposal.id)
            .join(ScheduleVersion, ScheduleVersion.run_id == Assignment.run_id)
            .join(
                latest,
                (latest.c.edition_id == ScheduleVersion.edition_id) & (latest.c.number == ScheduleVersion.number),
            )
            .where(SessionProposal.partner_id.in_(partner_ids))
            .group_by(SessionProposal.partner_id)
        ).all()
    )
    attendance = dict(
        session.execute(
            select(SessionProposal.partner_id, func.coalesce(func.sum(AttendanceCount.count), 0))
            .join(AttendanceCount, AttendanceCount.proposal_id == SessionProposal.id)
            .where(SessionProposal.partner_id.in_(partner_ids))
            .group_by(SessionProposal.partner_id)
        ).all()
    )
    found: dict[str, list[Participation]] = defaultdict(list)
    for partner_id, code, _edition_id, edition_code, edition_name, _start in sorted(partners, key=lambda r: r[5]):
        found[code].append(
            Participation(
                edition_code=edition_code,
                edition_name=edition_name,
                proposals=int(proposals.get(partner_id, 0)),
                sessions=int(published.get(partner_id, 0)),
                attendance=int(attendance.get(partner_id, 0)),
            )
        )
    return dict(found)


def cards(session: Session, *, listed_only: bool) -> list[Card]:
    rows = organisations(session, listed_only=listed_only)
    done = participations(session, [row.code for row in rows])
    return [
        Card(
            code=row.code,
            name=row.name,
            kind=row.kind,
            intercommunality=row.intercommunality,
            commune=row.commune,
            website=row.website,
            tags=tuple(row.tags or ()),
            participations=tuple(done.get(row.code, ())),
        )
        for row in rows
    ]


def contacts(session: Session) -> list[ContactFacts]:
    rows = session.execute(
        select(NetworkContact, NetworkOrganisation.code).join(
            NetworkOrganisation, NetworkOrganisation.id == NetworkContact.organisation_id
        )
    ).tuples()
    return [
        ContactFacts(
            contact_id=contact.id,
            organisation_code=code,
            name=contact.name,
            email=contact.email,
            locale=contact.locale,
            news=contact.news,
        )
        for contact, code in rows
    ]


def suppressed(session: Session) -> set[str]:
    return {email.strip().lower() for email in session.scalars(select(Suppression.email))}
