"""A known small published programme, written with the database models directly (and its moves).

Four sessions in three venues of three intercommunalities; ``se-002`` is in a 3-seat room so that
registration tests reach "full" quickly. ``hostile=True`` adds ``se-666`` whose title, speaker and
partner are made of markup, quotes and spreadsheet formulas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.scheduler.programme.repository import forget_cache
from shared.models.edition import Edition, Room, Venue
from shared.models.people import Partner, Speaker
from shared.models.proposal import SessionProposal, SessionSpeaker
from shared.models.scheduling import Assignment, OptimisationRun, ScheduleVersion
from shared.models.types import utcnow

HOSTILE_TITLE = "<script>alert(\"x\")</script> « quotes » 'single' & =cmd|' /C calc'!A0"
HOSTILE_SPEAKER = '=HYPERLINK("http://evil.example","clic") <img src=x onerror=alert(1)>'
HOSTILE_PARTNER = '<b>Evil & "Co"</b>'

VENUES = [
    # code, name, commune, territory, address, postal code, lat, lon
    (
        "hd",
        "Hôtel du Département",
        "Clermont-Ferrand",
        "Clermont Auvergne Métropole",
        "24 rue Saint-Esprit",
        "63000",
        45.7745,
        3.0895,
    ),
    ("riom", "Médiathèque de Riom", "Riom", "Riom Limagne et Volcans", "2 rue du Commerce", "63200", 45.8936, 3.1126),
    (
        "ambert",
        "Maison des services d'Ambert",
        "Ambert",
        "Ambert Livradois-Forez",
        "1 place Charles-de-Gaulle",
        "63600",
        45.5497,
        3.7417,
    ),
]
ROOMS = [
    # code, venue, name, capacity, features, changeover
    ("hd-cassin", "hd", "Hall René-Cassin", 150, ["wheelchair", "hearing_loop", "projector"], 15),
    ("hd-salle2", "hd", "Salle 2", 30, ["wheelchair"], 0),
    ("riom-audit", "riom", "Auditorium", 60, ["wheelchair", "sign_language"], 10),
    ("ambert-salle", "ambert", "Petite salle", 3, ["easy_read"], 0),
]
SPEAKERS = [("sp-001", "Alice Martin", "06 11 22 33 44"), ("sp-002", "Bruno Diallo", "06 55 66 77 88")]
PARTNERS = [("pa-001", "Médiathèque de Riom"), ("pa-002", "Association Clic'63")]
SESSIONS = [
    # code, title, kind, audience, partner, speakers, room, start, end
    (
        "se-001",
        "Les écrans et les tout-petits",
        "round_table",
        "public",
        "pa-001",
        ["sp-001"],
        "hd-cassin",
        datetime(2023, 10, 17, 14, 0),
        datetime(2023, 10, 17, 15, 30),
    ),
    (
        "se-002",
        "Atelier FALC numérique",
        "workshop",
        "public",
        "pa-002",
        ["sp-002"],
        "ambert-salle",
        datetime(2023, 10, 18, 10, 0),
        datetime(2023, 10, 18, 12, 0),
    ),
    (
        "se-003",
        "Intelligence artificielle et bibliothèques",
        "conference",
        "professional",
        "pa-001",
        ["sp-001", "sp-002"],
        "riom-audit",
        datetime(2023, 10, 19, 9, 30),
        datetime(2023, 10, 19, 11, 0),
    ),
    (
        "se-004",
        "Apéro numérique",
        "social",
        "public",
        None,
        ["sp-002"],
        "hd-salle2",
        datetime(2023, 10, 17, 18, 0),
        datetime(2023, 10, 17, 19, 0),
    ),
]


@dataclass
class PublishedProgramme:
    """Ids of what the factory wrote, by code."""

    edition_id: int
    proposals: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)
    speakers: dict[str, int] = field(default_factory=dict)
    versions: list[int] = field(default_factory=list)


def build_programme(session: Session, *, hostile: bool = False, code: str = "cn2023") -> PublishedProgramme:
    """Write the edition, its places, people and sessions, and publish version 1; flush only."""
    edition = Edition(
        code=code,
        name="Culture et numérique 2023",
        start_date=date(2023, 10, 16),
        end_date=date(2023, 10, 27),
        timezone="Europe/Paris",
    )
    session.add(edition)
    session.flush()
    made = PublishedProgramme(edition_id=edition.id)
    venues: dict[str, Venue] = {}
    for position, (vcode, name, commune, territory, address, postal, lat, lon) in enumerate(VENUES):
        venues[vcode] = Venue(
            edition_id=edition.id,
            code=vcode,
            name=name,
            commune=commune,
            territory=territory,
            address=address,
            postal_code=postal,
            lat=lat,
            lon=lon,
            position=position,
            contact_name="Régie",
            contact_phone="04 73 00 00 0" + str(position),
        )
        session.add(venues[vcode])
    session.flush()
    for position, (rcode, vcode, name, capacity, features, changeover) in enumerate(ROOMS):
        room = Room(
            edition_id=edition.id,
            venue_id=venues[vcode].id,
            code=rcode,
            name=name,
            capacity=capacity,
            features=features,
            changeover_minutes=changeover,
            position=position,
        )
        session.add(room)
        session.flush()
        made.rooms[rcode] = room.id
    speakers = list(SPEAKERS) + ([("sp-666", HOSTILE_SPEAKER, "=1+1")] if hostile else [])
    for position, (scode, name, phone) in enumerate(speakers):
        speaker = Speaker(
            edition_id=edition.id, code=scode, name=name, phone=phone, position=position, email=f"{scode}@example.org"
        )
        session.add(speaker)
        session.flush()
        made.speakers[scode] = speaker.id
    partners: dict[str, int] = {}
    for position, (pcode, name) in enumerate(list(PARTNERS) + ([("pa-666", HOSTILE_PARTNER)] if hostile else [])):
        partner = Partner(edition_id=edition.id, code=pcode, name=name, position=position, phone="04 73 11 22 33")
        session.add(partner)
        session.flush()
        partners[pcode] = partner.id
    sessions = list(SESSIONS)
    if hostile:
        sessions.append(
            (
                "se-666",
                HOSTILE_TITLE,
                "conference",
                "public",
                "pa-666",
                ["sp-666"],
                "hd-cassin",
                datetime(2023, 10, 20, 10, 0),
                datetime(2023, 10, 20, 11, 0),
            )
        )
    slots = {}
    for position, (scode, title, kind, audience, pcode, speaker_codes, rcode, start, end) in enumerate(sessions):
        proposal = SessionProposal(
            edition_id=edition.id,
            code=scode,
            title=title,
            kind=kind,
            audience=audience,
            partner_id=partners[pcode] if pcode else None,
            duration_minutes=int((end - start).seconds // 60),
            expected_attendance=20,
            status="accepted",
            position=position,
            setup_minutes=30,
            description=("Une rencontre pour parler " + title.lower())
            if not hostile or scode != "se-666"
            else HOSTILE_TITLE,
            accessibility="Interprète LSF sur demande" if scode == "se-003" else None,
        )
        session.add(proposal)
        session.flush()
        made.proposals[scode] = proposal.id
        for order, speaker_code in enumerate(speaker_codes):
            session.add(SessionSpeaker(proposal_id=proposal.id, speaker_id=made.speakers[speaker_code], position=order))
        slots[scode] = (rcode, start, end)
    session.flush()
    publish_slots(session, made, slots)
    return made


def publish_slots(session: Session, made: PublishedProgramme, slots: dict[str, tuple[str, datetime, datetime]]) -> int:
    """A succeeded run holding ``slots`` (code → room, start, end), published as the next version."""
    run = OptimisationRun(
        edition_id=made.edition_id,
        status="succeeded",
        schedule_status="optimal",
        hard_violations=0,
        unplaced_weight=0,
        soft_penalty=0,
        finished_at=utcnow(),
    )
    session.add(run)
    session.flush()
    for code, (room, start, end) in slots.items():
        session.add(
            Assignment(run_id=run.id, proposal_id=made.proposals[code], room_id=made.rooms[room], start=start, end=end)
        )
    number = len(made.versions) + 1
    version = ScheduleVersion(
        edition_id=made.edition_id, number=number, run_id=run.id, message=f"version {number}", published_at=utcnow()
    )
    session.add(version)
    session.flush()
    made.versions.append(version.id)
    forget_cache()  # this process may remember the previous version for up to a second
    return version.id


def move_session(
    session: Session, made: PublishedProgramme, *, code: str, room: str | None = None, start: datetime, end: datetime
) -> int:
    """Publish a new version where only ``code`` moved (to ``start``–``end``, and ``room`` if given)."""
    latest = session.get(ScheduleVersion, made.versions[-1])
    assert latest is not None
    rows = session.execute(
        select(SessionProposal.code, Room.code, Assignment.start, Assignment.end)
        .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
        .join(Room, Room.id == Assignment.room_id)
        .where(Assignment.run_id == latest.run_id)
    ).tuples()
    slots = {c: (r, s, e) for c, r, s, e in rows}
    slots[code] = (room or slots[code][0], start, end)
    return publish_slots(session, made, slots)


def programme_in_memory(*, hostile: bool = False, sequences: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
    """The same programme as :func:`build_programme`, built as plain dataclasses for the pure tests."""
    from services.scheduler.programme.model import PersonItem, Programme, ProgrammeSession, RoomItem, VenueItem

    venues = {
        v[0]: VenueItem(
            code=v[0], name=v[1], commune=v[2], territory=v[3], address=v[4], postal_code=v[5], lat=v[6], lon=v[7]
        )
        for v in VENUES
    }
    rooms = {
        r[0]: RoomItem(
            code=r[0], name=r[2], capacity=r[3], features=tuple(r[4]), changeover_minutes=r[5], venue_code=r[1]
        )
        for r in ROOMS
    }
    speakers = {s[0]: PersonItem(code=s[0], name=s[1], phone=s[2], id=i + 1) for i, s in enumerate(SPEAKERS)}
    partners = {p[0]: PersonItem(code=p[0], name=p[1], id=i + 1) for i, p in enumerate(PARTNERS)}
    rows = list(SESSIONS)
    if hostile:
        speakers["sp-666"] = PersonItem(code="sp-666", name=HOSTILE_SPEAKER, phone="=1+1", id=66)
        partners["pa-666"] = PersonItem(code="pa-666", name=HOSTILE_PARTNER, id=66)
        rows.append(
            (
                "se-666",
                HOSTILE_TITLE,
                "conference",
                "public",
                "pa-666",
                ["sp-666"],
                "hd-cassin",
                datetime(2023, 10, 20, 10, 0),
                datetime(2023, 10, 20, 11, 0),
            )
        )
    items = []
    for index, (scode, title, kind, audience, pcode, speaker_codes, rcode, start, end) in enumerate(rows, start=1):
        room = rooms[rcode]
        items.append(
            ProgrammeSession(
                code=scode,
                proposal_id=index,
                title=title,
                description=HOSTILE_TITLE if scode == "se-666" else None,
                kind=kind,
                audience=audience,
                theme=None,
                start=start,
                end=end,
                room=room,
                venue=venues[room.venue_code],
                speakers=tuple(speakers[c] for c in speaker_codes),
                partner=partners[pcode] if pcode else None,
                accessibility_note=None,
                setup_minutes=30,
                sequence=(sequences or {}).get(scode, 0),
            )
        )
    items.sort(key=lambda s: (s.start, s.venue.name, s.room.name))
    return Programme(
        edition_id=1,
        edition_code="cn2023",
        edition_name="Culture et numérique 2023",
        timezone="Europe/Paris",
        start_date=date(2023, 10, 16),
        end_date=date(2023, 10, 27),
        version_number=1,
        published_at=datetime(2023, 9, 1, 8, 0, tzinfo=UTC),
        sessions=tuple(items),
        venues=venues,
        speakers=speakers,
        partners=partners,
        stamp="test",
    )
