"""Reading an edition back as scenario dataclasses, in document order (``position`` columns).

Helpers of :func:`shared.scenario.store.load_scenario_from_db`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import (
    Assignment,
    Partner,
    Pin,
    ProposalStatus,
    Room,
    ScheduleVersion,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    SpeakerAvailability,
    TravelTime,
    Venue,
)
from shared.models import Edition as EditionRow
from shared.scenario import model as sc
from shared.scenario.store.codec import (
    audience_windows_from_json,
    date_ranges_from_json,
    dates_from_json,
    optional_day_windows_from_json,
    optional_list,
    time_ranges_from_json,
)
from shared.scenario.store.pins import PinSpec


def edition_from_row(row: EditionRow) -> sc.Edition:
    return sc.Edition(
        id=row.code,
        name=row.name,
        start_date=row.start_date,
        end_date=row.end_date,
        timezone=row.timezone,
        granularity_minutes=row.granularity_minutes,
        school_holidays=date_ranges_from_json(row.school_holidays),
        audience_windows=audience_windows_from_json(row.audience_windows),
        territories=list(row.territories or []),
        absent_keys=frozenset(row.absent_keys or ()),
    )


def load_places(session: Session, edition_id: int) -> tuple[dict[int, sc.Venue], dict[int, str]]:
    venues: dict[int, sc.Venue] = {}
    for v in session.scalars(select(Venue).where(Venue.edition_id == edition_id).order_by(Venue.position, Venue.id)):
        venues[v.id] = sc.Venue(
            id=v.code,
            name=v.name,
            commune=v.commune,
            territory=v.territory,
            lat=v.lat,
            lon=v.lon,
            opening=optional_day_windows_from_json(v.opening),
        )
    room_codes: dict[int, str] = {}
    for r in session.scalars(select(Room).where(Room.edition_id == edition_id).order_by(Room.position, Room.id)):
        room_codes[r.id] = r.code
        venues[r.venue_id].rooms.append(
            sc.Room(
                id=r.code,
                name=r.name,
                capacity=r.capacity,
                features=list(r.features or []),
                changeover_minutes=r.changeover_minutes,
                absent_keys=frozenset(r.absent_keys or ()),
            )
        )
    return venues, room_codes


def load_travel(session: Session, *, edition_id: int, venue_codes: dict[int, str]) -> dict[str, dict[str, int]]:
    """The travel matrix, rows and columns in venue order."""
    found = {
        (t.from_venue_id, t.to_venue_id): t.minutes
        for t in session.scalars(select(TravelTime).where(TravelTime.edition_id == edition_id))
    }
    matrix: dict[str, dict[str, int]] = {}
    for origin_id, origin in venue_codes.items():
        row = {
            target: found[(origin_id, target_id)]
            for target_id, target in venue_codes.items()
            if (origin_id, target_id) in found
        }
        if row:
            matrix[origin] = row
    return matrix


def load_partners(session: Session, edition_id: int) -> dict[int, sc.Partner]:
    """Partners by row id, in document order."""
    rows = session.scalars(
        select(Partner).where(Partner.edition_id == edition_id).order_by(Partner.position, Partner.id)
    )
    return {p.id: sc.Partner(id=p.code, name=p.name, email=p.email) for p in rows}


def load_speakers(session: Session, edition_id: int) -> tuple[list[sc.Speaker], dict[int, str]]:
    rows = session.scalars(
        select(Speaker).where(Speaker.edition_id == edition_id).order_by(Speaker.position, Speaker.id)
    ).all()
    ranges: dict[int, list[sc.TimeRange]] = {}
    for a in session.scalars(
        select(SpeakerAvailability)
        .join(Speaker, Speaker.id == SpeakerAvailability.speaker_id)
        .where(Speaker.edition_id == edition_id)
        .order_by(SpeakerAvailability.speaker_id, SpeakerAvailability.position, SpeakerAvailability.id)
    ):
        ranges.setdefault(a.speaker_id, []).append(sc.TimeRange(start=a.start, end=a.end))
    speakers = [
        sc.Speaker(
            id=s.code,
            name=s.name,
            email=s.email,
            availability=ranges.get(s.id, []) if s.availability_given else None,
            max_sessions_per_day=s.max_sessions_per_day,
        )
        for s in rows
    ]
    return speakers, {s.id: s.code for s in rows}


def load_sessions(
    session: Session,
    *,
    edition_id: int,
    partner_codes: dict[int, str],
    speaker_codes: dict[int, str],
) -> tuple[list[sc.Session], dict[int, str]]:
    proposals = session.scalars(
        select(SessionProposal)
        .where(SessionProposal.edition_id == edition_id, SessionProposal.status == ProposalStatus.accepted.value)
        .order_by(SessionProposal.position, SessionProposal.id)
    ).all()
    speakers_of: dict[int, list[str]] = {}
    for link in session.scalars(
        select(SessionSpeaker)
        .join(SessionProposal, SessionProposal.id == SessionSpeaker.proposal_id)
        .where(SessionProposal.edition_id == edition_id)
        .order_by(SessionSpeaker.proposal_id, SessionSpeaker.position, SessionSpeaker.speaker_id)
    ):
        speakers_of.setdefault(link.proposal_id, []).append(speaker_codes[link.speaker_id])
    sessions = [session_from_row(p, partner_codes=partner_codes, speakers=speakers_of.get(p.id, [])) for p in proposals]
    return sessions, {p.id: p.code for p in proposals}


def session_from_row(p: SessionProposal, *, partner_codes: dict[int, str], speakers: list[str]) -> sc.Session:
    fixed = (
        sc.Placement(room=p.fixed_room_code, start=p.fixed_start)
        if p.fixed_room_code is not None and p.fixed_start is not None
        else None
    )
    return sc.Session(
        id=p.code,
        title=p.title,
        duration_minutes=p.duration_minutes,
        kind=p.kind,
        partner=None if p.partner_id is None else partner_codes.get(p.partner_id),
        speakers=speakers,
        expected_attendance=p.expected_attendance,
        audience=p.audience,
        theme=p.theme,
        required_features=optional_list(p.required_features),
        allowed_venues=optional_list(p.allowed_venues),
        preferred_venues=optional_list(p.preferred_venues),
        preferred_dates=dates_from_json(p.preferred_dates),
        windows=time_ranges_from_json(p.windows),
        priority=p.priority,
        mandatory=p.mandatory,
        fixed=fixed,
        fixed_key_present=bool(p.fixed_declared),
        absent_keys=frozenset(p.absent_keys or ()),
    )


def latest_published_version(session: Session, edition_id: int) -> ScheduleVersion | None:
    """The schedule version partners and the public see now (the highest number), if any."""
    return session.scalar(
        select(ScheduleVersion)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


def load_previous(
    session: Session, *, edition_id: int, proposal_codes: dict[int, str], room_codes: dict[int, str]
) -> list[sc.PreviousAssignment] | None:
    """Assignments of the latest published version, for sessions still accepted; ``None`` if nothing was published."""
    version = latest_published_version(session, edition_id)
    if version is None:
        return None
    rows = session.scalars(select(Assignment).where(Assignment.run_id == version.run_id).order_by(Assignment.id)).all()
    return [
        sc.PreviousAssignment(session=proposal_codes[a.proposal_id], room=room_codes[a.room_id], start=a.start)
        for a in rows
        if a.proposal_id in proposal_codes
    ]


def load_pins(session: Session, *, proposal_codes: dict[int, str], room_codes: dict[int, str]) -> list[PinSpec]:
    if not proposal_codes:
        return []
    pins = session.scalars(select(Pin).where(Pin.proposal_id.in_(list(proposal_codes))).order_by(Pin.id)).all()
    return [
        PinSpec(
            session=proposal_codes[p.proposal_id],
            room=None if p.room_id is None else room_codes.get(p.room_id),
            on_date=p.on_date,
            at_time=p.at_time,
        )
        for p in pins
    ]
