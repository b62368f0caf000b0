"""Starting next year's edition from this one: places, partners and speakers carried over, new dates.

Venues (with their rooms, opening hours and travel times) and partners and speakers (codes, names,
languages, limits) are carried over; nobody's proposals, availability or registrations are. A
person's contact details (email, phone) are personal data kept for one edition: they are carried
over only for the people who agreed to hear from the network (a network contact with the ``news``
consent at that address); the others are carried over without them, for the lead to ask again.
Audience windows are kept as they are: they are written by day sets (``school_days``,
``holidays``) that the new school holidays recompute. Functions only flush; the edge commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.editions.domain.calendar import edition_dates, next_code, next_name, shifted
from services.editions.school_calendar import public_holidays, toussaint_days
from shared.models.edition import Edition, Room, TravelTime, Venue
from shared.models.network import NetworkContact
from shared.models.people import Partner, Speaker


class EditionError(ValueError):
    """A refusal in one French sentence (unknown source, code taken)."""


@dataclass
class NewEditionReport:
    code: str
    name: str
    start: date
    end: date
    school_holidays: list[dict[str, str]]
    public_holidays: dict[date, str]
    venues: int = 0
    rooms: int = 0
    partners: int = 0
    speakers: int = 0
    with_contacts: int = 0
    without_contacts: int = 0
    edition_id: int = 0
    notes: list[str] = field(default_factory=list)


def consented_addresses(session: Session) -> set[str]:
    """Addresses whose owner agreed to receive the network's news."""
    rows = session.scalars(select(NetworkContact.email).where(NetworkContact.news.is_(True)))
    return {email.strip().lower() for email in rows if email}


def new_edition_from(
    session: Session, *, source_code: str, code: str | None = None, year: int | None = None
) -> NewEditionReport:
    source = session.scalar(select(Edition).where(Edition.code == source_code))
    if source is None:
        raise EditionError(f"aucune édition « {source_code} » à reprendre")
    year = year or source.start_date.year + 1
    dates = edition_dates(toussaint_days(year), public_holidays=public_holidays(year))
    code = code or next_code(source.code, year)
    if session.scalar(select(Edition.id).where(Edition.code == code)) is not None:
        raise EditionError(f"l'édition « {code} » existe déjà")
    edition = Edition(
        code=code,
        name=next_name(source.name, year),
        start_date=dates.start,
        end_date=dates.end,
        timezone=source.timezone,
        granularity_minutes=source.granularity_minutes,
        school_holidays=dates.school_holidays,
        audience_windows=dict(source.audience_windows or {}),
        territories=list(source.territories or []),
        proposals_close_on=shifted(source.proposals_close_on, old_start=source.start_date, new_start=dates.start),
        absent_keys=list(source.absent_keys or []),
    )
    session.add(edition)
    session.flush()
    report = NewEditionReport(
        code=code,
        name=edition.name,
        start=dates.start,
        end=dates.end,
        school_holidays=dates.school_holidays,
        public_holidays=dates.public_holidays,
        edition_id=edition.id,
    )
    _copy_places(session, source=source, edition=edition, report=report)
    _copy_people(session, source=source, edition=edition, report=report, consented=consented_addresses(session))
    session.flush()
    return report


def _copy_places(session: Session, *, source: Edition, edition: Edition, report: NewEditionReport) -> None:
    new_ids: dict[int, int] = {}
    for venue in session.scalars(select(Venue).where(Venue.edition_id == source.id).order_by(Venue.position)):
        copy = Venue(
            edition_id=edition.id,
            **{c: getattr(venue, c) for c in ("code", "name", "commune", "territory", "lat", "lon", "address")},
            **{c: getattr(venue, c) for c in ("postal_code", "opening", "contact_name", "contact_phone")},
            contact_email=venue.contact_email,
            position=venue.position,
        )
        session.add(copy)
        session.flush()
        new_ids[venue.id] = copy.id
        report.venues += 1
        for room in venue.rooms:
            session.add(
                Room(
                    edition_id=edition.id,
                    venue_id=copy.id,
                    **{c: getattr(room, c) for c in ("code", "name", "capacity", "changeover_minutes", "position")},
                    features=list(room.features or []),
                    absent_keys=list(room.absent_keys or []),
                )
            )
            report.rooms += 1
    for travel in session.scalars(select(TravelTime).where(TravelTime.edition_id == source.id)):
        if travel.from_venue_id in new_ids and travel.to_venue_id in new_ids:
            session.add(
                TravelTime(
                    edition_id=edition.id,
                    from_venue_id=new_ids[travel.from_venue_id],
                    to_venue_id=new_ids[travel.to_venue_id],
                    minutes=travel.minutes,
                )
            )


def _copy_people(
    session: Session, *, source: Edition, edition: Edition, report: NewEditionReport, consented: set[str]
) -> None:
    def keeps(email: str | None) -> bool:
        kept = bool(email) and email.strip().lower() in consented
        report.with_contacts += kept
        report.without_contacts += not kept
        return kept

    for partner in session.scalars(select(Partner).where(Partner.edition_id == source.id).order_by(Partner.position)):
        kept = keeps(partner.email)
        session.add(
            Partner(
                **_carried_person(partner, edition=edition, kept=kept),
                contact_name=partner.contact_name if kept else None,
            )
        )
        report.partners += 1
    for speaker in session.scalars(select(Speaker).where(Speaker.edition_id == source.id).order_by(Speaker.position)):
        kept = keeps(speaker.email)
        session.add(
            Speaker(
                **_carried_person(speaker, edition=edition, kept=kept),
                max_sessions_per_day=speaker.max_sessions_per_day,
                availability_given=False,
            )
        )
        report.speakers += 1


def _carried_person(person: Partner | Speaker, *, edition: Edition, kept: bool) -> dict[str, Any]:
    """What a partner and a speaker both carry into the new edition: who they are, always; how to reach them,
    only with consent (``kept``)."""
    return {
        "edition_id": edition.id,
        "code": person.code,
        "name": person.name,
        "locale": person.locale,
        "position": person.position,
        "email": person.email if kept else None,
        "phone": person.phone if kept else None,
    }
