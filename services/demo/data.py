"""The demo edition's people and details: what a real edition has that a scenario file does not carry.

Given an edition saved from ``generate_scenario``, this adds venue addresses and on-site contacts, partner
contacts, speakers' phones, proposal descriptions with accessibility notes and equipment, a few proposals
that are not (or no longer) scheduled, 1,500 participants with their registrations, and the lead's account.
Everything is drawn from one seeded generator, so the same seed gives the same data. Rows go in with
bulk ``INSERT``/``UPDATE`` statements; the caller owns the transaction.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from services.demo import data_fr as fr
from shared.models import (
    Participant,
    Partner,
    ProposalStatus,
    Registration,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    User,
    Venue,
)

OTHER_STATUSES = {ProposalStatus.submitted: 10, ProposalStatus.rejected: 8, ProposalStatus.withdrawn: 5}
DEFAULT_PARTICIPANTS = 1500
#: Registrations open on 1 September; the last ones come in the week before the event.
REGISTRATION_OPENS = datetime(2023, 9, 1, 8, 0, tzinfo=UTC)


@dataclass(slots=True)
class DemoDataReport:
    """What :func:`add_demo_data` wrote, for the demo's summary and its tests."""

    venues: int = 0
    partners: int = 0
    speakers: int = 0
    described_proposals: int = 0
    other_proposals: dict[str, int] = field(default_factory=dict)
    participants: int = 0
    professionals: int = 0
    with_accessibility_needs: int = 0
    registrations: dict[str, int] = field(default_factory=dict)
    seats: int = 0
    lead_email: str = ""


def slug(text: str) -> str:
    """``Hélène d'Aubière`` → ``helene-daubiere``: the ASCII spelling used in demo email addresses."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = "".join(c if c.isalnum() else "-" for c in ascii_text.lower().replace("'", ""))
    return "-".join(part for part in cleaned.split("-") if part)


def fictional_phone(rng: random.Random, *, mobile: bool) -> str:
    """A number from the ranges ARCEP keeps for fiction (never assigned to a subscriber)."""
    prefix = "06 39 98" if mobile else "04 65 71"
    return f"{prefix} {rng.randrange(100):02d} {rng.randrange(100):02d}"


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(fr.FIRST_NAMES), rng.choice(fr.LAST_NAMES)


def add_demo_data(
    session: Session,
    *,
    edition_id: int,
    seed: int = 2023,
    participants: int = DEFAULT_PARTICIPANTS,
    registrations: bool = True,
) -> DemoDataReport:
    """Fill the saved demo edition with the details and people a real edition has.

    ``registrations=False`` leaves participants and their registrations out: ``festplan demo`` has them
    register through the public form's code, at their moment of the edition (:mod:`services.demo.season`).
    """
    rng = random.Random(seed)
    report = DemoDataReport()
    report.venues = _enrich_venues(session, rng=rng, edition_id=edition_id)
    report.partners = _enrich_partners(session, rng=rng, edition_id=edition_id)
    report.speakers = _enrich_speakers(session, rng=rng, edition_id=edition_id)
    report.described_proposals = _describe_proposals(session, rng=rng, edition_id=edition_id)
    report.other_proposals = _add_other_proposals(session, rng=rng, edition_id=edition_id)
    if registrations:
        people = _add_participants(session, rng=rng, edition_id=edition_id, count=participants, report=report)
        _add_registrations(session, rng=rng, edition_id=edition_id, people=people, report=report)
    report.lead_email = _ensure_lead(session)
    session.flush()
    return report


# --- places and organisations ----------------------------------------------------------------------------------


def _commune_weights() -> tuple[list[tuple[str, str]], list[int]]:
    return [(name, code) for name, code, _ in fr.COMMUNES], [weight for *_, weight in fr.COMMUNES]


def _enrich_venues(session: Session, *, rng: random.Random, edition_id: int) -> int:
    postal = {name: code for name, code, _ in fr.COMMUNES}
    communes, weights = _commune_weights()
    rows = []
    for venue in session.scalars(select(Venue).where(Venue.edition_id == edition_id).order_by(Venue.position)):
        commune = venue.commune or rng.choices(communes, weights)[0][0]
        first, last = person_name(rng)
        rows.append(
            {
                "id": venue.id,
                "address": f"{rng.randint(1, 80)} {rng.choice(fr.STREETS)}",
                "postal_code": postal.get(commune, "63000"),
                "contact_name": f"{first} {last}",
                "contact_phone": fictional_phone(rng, mobile=rng.random() < 0.4),
                "contact_email": f"{slug(first)}.{slug(last)}@example.fr",
            }
        )
    if rows:
        session.execute(update(Venue), rows)
    return len(rows)


def _enrich_partners(session: Session, *, rng: random.Random, edition_id: int) -> int:
    rows = []
    for partner_id in session.scalars(select(Partner.id).where(Partner.edition_id == edition_id).order_by(Partner.id)):
        first, last = person_name(rng)
        rows.append({"id": partner_id, "contact_name": f"{first} {last}", "phone": fictional_phone(rng, mobile=False)})
    if rows:
        session.execute(update(Partner), rows)
    return len(rows)


def _enrich_speakers(session: Session, *, rng: random.Random, edition_id: int) -> int:
    ids = session.scalars(select(Speaker.id).where(Speaker.edition_id == edition_id).order_by(Speaker.id)).all()
    rows = [{"id": speaker_id, "phone": fictional_phone(rng, mobile=True)} for speaker_id in ids]
    if rows:
        session.execute(update(Speaker), rows)
    return len(rows)


# --- proposals -------------------------------------------------------------------------------------------------


def _description(rng: random.Random, proposal: SessionProposal, partner_name: str | None) -> str:
    kind = fr.KIND_LABELS.get(proposal.kind or "", "Rencontre")
    opening = rng.choice(fr.DESCRIPTION_OPENINGS).format(
        kind=kind,
        kind_lower=kind.lower(),
        title=proposal.title,
        partner=partner_name or "le Département",
        theme=(proposal.theme or "culture et numérique").replace("-", " "),
    )
    return f"{opening} {rng.choice(fr.DESCRIPTION_CLOSINGS)}"


def _describe_proposals(session: Session, *, rng: random.Random, edition_id: int) -> int:
    partners = dict(session.execute(select(Partner.id, Partner.name).where(Partner.edition_id == edition_id)).all())
    rows = []
    for proposal in session.scalars(
        select(SessionProposal).where(SessionProposal.edition_id == edition_id).order_by(SessionProposal.position)
    ):
        features = list(proposal.required_features or [])
        notes = [fr.FEATURE_ACCESSIBILITY[f] for f in features if f in fr.FEATURE_ACCESSIBILITY]
        equipment = [fr.FEATURE_EQUIPMENT[f] for f in features if f in fr.FEATURE_EQUIPMENT]
        if not equipment and rng.random() < 0.5:
            equipment = [rng.choice(list(fr.FEATURE_EQUIPMENT.values()))]
        rows.append(
            {
                "id": proposal.id,
                "description": _description(rng, proposal, partners.get(proposal.partner_id)),
                "accessibility": " ".join(notes) or None,
                "equipment": ("Besoins : " + ", ".join(equipment) + ".") if equipment else None,
                "setup_minutes": rng.choice((0, 15, 15, 30)),
            }
        )
    if rows:
        session.execute(update(SessionProposal), rows)
    return len(rows)


def _add_other_proposals(session: Session, *, rng: random.Random, edition_id: int) -> dict[str, int]:
    """Proposals still under review, turned down or withdrawn: never scheduled, but seen by the lead."""
    partner_ids = session.scalars(select(Partner.id).where(Partner.edition_id == edition_id)).all()
    speaker_ids = session.scalars(select(Speaker.id).where(Speaker.edition_id == edition_id)).all()
    themes = sorted(
        {t for t in session.scalars(select(SessionProposal.theme).where(SessionProposal.edition_id == edition_id)) if t}
    ) or ["culture-numerique"]
    position = (
        session.scalar(select(func.max(SessionProposal.position)).where(SessionProposal.edition_id == edition_id)) or 0
    )
    titles = iter(rng.sample(fr.PENDING_TITLES, k=min(len(fr.PENDING_TITLES), sum(OTHER_STATUSES.values()))))
    rows, links, counts = [], [], {}
    number = 0
    for status, wanted in OTHER_STATUSES.items():
        counts[status.value] = 0
        for _ in range(wanted):
            title = next(titles, None)
            if title is None:
                break
            number += 1
            kind = rng.choice(tuple(fr.KIND_LABELS))
            decided = REGISTRATION_OPENS - timedelta(days=rng.randint(3, 20))
            rows.append(
                {
                    "edition_id": edition_id,
                    "code": f"pr-{number:03d}",
                    "partner_id": rng.choice(partner_ids) if partner_ids else None,
                    "title": title,
                    "description": f"{fr.KIND_LABELS[kind]} « {title} ». {rng.choice(fr.DESCRIPTION_CLOSINGS)}",
                    "kind": kind,
                    "duration_minutes": rng.choice((60, 90, 120)),
                    "expected_attendance": rng.choice((15, 20, 30, 40, 60)),
                    "audience": rng.choice(("public", "family", "professional")),
                    "theme": rng.choice(themes),
                    "status": status.value,
                    "decision_message": rng.choice(fr.REJECTION_MESSAGES)
                    if status is ProposalStatus.rejected
                    else None,
                    "decided_at": decided if status is not ProposalStatus.submitted else None,
                    "position": position + number,
                }
            )
            counts[status.value] += 1
    ids = session.scalars(insert(SessionProposal).returning(SessionProposal.id, sort_by_parameter_order=True), rows)
    for proposal_id in ids.all():
        if speaker_ids and rng.random() < 0.7:
            links.append({"proposal_id": proposal_id, "speaker_id": rng.choice(speaker_ids), "position": 0})
    if links:
        session.execute(insert(SessionSpeaker), links)
    return counts


# --- participants and registrations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Person:
    id: int
    professional: bool
    needs: str | None


def _add_participants(
    session: Session, *, rng: random.Random, edition_id: int, count: int, report: DemoDataReport
) -> list[_Person]:
    communes, weights = _commune_weights()
    used: set[str] = set()
    rows = []
    for _ in range(count):
        first, last = person_name(rng)
        base = f"{slug(first)}.{slug(last)}"
        domain = rng.choice(("example.org", "example.fr"))
        email, n = f"{base}@{domain}", 1
        while email in used:
            n += 1
            email = f"{base}{n}@{domain}"
        used.add(email)
        professional = rng.random() < 0.2
        needs = rng.choice(fr.ACCESSIBILITY_NEEDS) if rng.random() < 0.05 else None
        rows.append(
            {
                "edition_id": edition_id,
                "name": f"{first} {last}",
                "email": email,
                "phone": fictional_phone(rng, mobile=True) if rng.random() < 0.6 else None,
                "commune": rng.choices(communes, weights)[0][0],
                "is_professional": professional,
                "locale": "en" if rng.random() < 0.03 else "fr",
                "accessibility_needs": needs,
                "created_at": REGISTRATION_OPENS + timedelta(minutes=rng.randrange(44 * 24 * 60)),
            }
        )
    ids = session.scalars(insert(Participant).returning(Participant.id, sort_by_parameter_order=True), rows).all()
    report.participants = len(rows)
    report.professionals = sum(r["is_professional"] for r in rows)
    report.with_accessibility_needs = sum(r["accessibility_needs"] is not None for r in rows)
    return [
        _Person(id=pid, professional=r["is_professional"], needs=r["accessibility_needs"])
        for pid, r in zip(ids, rows, strict=True)
    ]


def _add_registrations(
    session: Session, *, rng: random.Random, edition_id: int, people: list[_Person], report: DemoDataReport
) -> None:
    """Each person books one to six accepted sessions; seats booked stay within the expected attendance."""
    sessions = session.execute(
        select(SessionProposal.id, SessionProposal.expected_attendance, SessionProposal.audience).where(
            SessionProposal.edition_id == edition_id, SessionProposal.status == ProposalStatus.accepted.value
        )
    ).all()
    if not sessions:
        report.registrations = {}
        return
    remaining = {sid: max(4, int((expected or 30) * rng.uniform(0.5, 1.0))) for sid, expected, _ in sessions}
    audience = {sid: aud or "public" for sid, _, aud in sessions}
    rows, counts = [], {"confirmed": 0, "waitlisted": 0, "cancelled": 0}
    for person in people:
        wanted = rng.choices((1, 2, 3, 4, 5, 6), weights=(25, 30, 20, 12, 8, 5))[0]
        suited = [
            sid
            for sid in remaining
            if audience[sid] in (("professional", "public", "school") if person.professional else ("public", "family"))
        ] or list(remaining)
        for sid in rng.sample(suited, k=min(wanted, len(suited))):
            seats = 1 if person.professional or rng.random() < 0.7 else rng.choice((2, 2, 3, 4))
            if remaining[sid] >= seats:
                remaining[sid] -= seats
                status = "cancelled" if rng.random() < 0.03 else "confirmed"
            elif rng.random() < 0.1:
                status = "waitlisted"
            else:
                continue
            created = REGISTRATION_OPENS + timedelta(minutes=rng.randrange(44 * 24 * 60))
            rows.append(
                {
                    "participant_id": person.id,
                    "proposal_id": sid,
                    "seats": seats,
                    "status": status,
                    "accessibility_needs": person.needs,
                    "created_at": created,
                    "cancelled_at": created + timedelta(days=rng.randint(1, 5)) if status == "cancelled" else None,
                }
            )
            counts[status] += 1
            report.seats += seats if status == "confirmed" else 0
    if rows:
        session.execute(insert(Registration), rows)
    report.registrations = counts


def _ensure_lead(session: Session) -> str:
    """The lead's back-office account (kept across demo reloads: users belong to no edition)."""
    if session.scalar(select(User.id).where(User.email == fr.LEAD_EMAIL)) is None:
        session.add(User(email=fr.LEAD_EMAIL, name=fr.LEAD_NAME, role="lead", locale="fr"))
    return fr.LEAD_EMAIL
