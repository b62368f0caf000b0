"""A known small edition for the back-office: places, people, proposals in every status, a lead account.

Saved through the scenario store (as an import would), then completed with the contact details and
the proposals still under review that a scenario file does not carry:

* venues ``hd`` (Hall René-Cassin 150 seats, Salle Vercingétorix 40) in Clermont and ``riom``
  (Auditorium 80) in Riom; a third territory, Ambert, has no venue so it is never covered;
* speakers ``sp-alice`` (Alice Martin, available 16/10 9h–12h and 17/10 all day) and ``sp-bruno``
  (Bruno Diallo, availability not given), partners ``pa-media`` and ``pa-clic`` with emails;
* accepted sessions ``se-001``…``se-004``; ``se-005`` submitted (by pa-clic), ``se-006`` rejected,
  ``se-007`` withdrawn.

The solver places the four accepted sessions in well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Partner, SessionProposal, SessionSpeaker, Speaker, User
from shared.scenario.model import Edition, Room, Scenario, TimeRange, Venue
from shared.scenario.model import Partner as ScenarioPartner
from shared.scenario.model import Session as ScenarioSession
from shared.scenario.model import Speaker as ScenarioSpeaker
from shared.scenario.store import save_scenario
from shared.web.backoffice.session import create_signin_link, ensure_lead, open_session
from tests.factories.scenarios import window

CLERMONT = "Clermont Auvergne Métropole"
RIOM = "Riom Limagne et Volcans"
AMBERT = "Ambert Livradois-Forez"
LEAD_EMAIL = "cheffe.projet@puy-de-dome.example"
SUBMITTED_TITLE = "Fabriquer sa radio de quartier"


@dataclass
class Backoffice:
    """Ids of what the factory wrote, by code."""

    edition_id: int
    lead_id: int
    proposals: dict[str, int] = field(default_factory=dict)
    speakers: dict[str, int] = field(default_factory=dict)
    partners: dict[str, int] = field(default_factory=dict)


def scenario() -> Scenario:
    hd = Venue(
        id="hd",
        name="Hôtel du Département",
        commune="Clermont-Ferrand",
        territory=CLERMONT,
        opening=[window("weekdays", "08:30", "19:00")],
        rooms=[
            Room(
                id="hd-cassin",
                name="Hall René-Cassin",
                capacity=150,
                features=["wheelchair", "projector"],
                changeover_minutes=15,
            ),
            Room(id="hd-vercingetorix", name="Salle Vercingétorix", capacity=40, features=["projector"]),
        ],
    )
    riom = Venue(
        id="riom",
        name="Médiathèque de Riom",
        commune="Riom",
        territory=RIOM,
        opening=[window("weekdays", "10:00", "18:00")],
        rooms=[Room(id="riom-audito", name="Auditorium", capacity=80, features=["wheelchair"])],
    )
    alice = ScenarioSpeaker(
        id="sp-alice",
        name="Alice Martin",
        email="alice@example.org",
        max_sessions_per_day=2,
        availability=[
            TimeRange(start=datetime(2023, 10, 16, 9), end=datetime(2023, 10, 16, 12)),
            TimeRange(start=datetime(2023, 10, 17, 0), end=datetime(2023, 10, 18, 0)),
        ],
    )
    bruno = ScenarioSpeaker(id="sp-bruno", name="Bruno Diallo", email="bruno@example.org")
    sessions = [
        ScenarioSession(
            id="se-001",
            title="Les écrans et les tout-petits",
            duration_minutes=90,
            kind="round_table",
            partner="pa-media",
            speakers=["sp-alice"],
            expected_attendance=60,
            audience="public",
            theme="parentalite",
            preferred_venues=["riom"],
        ),
        ScenarioSession(
            id="se-002",
            title="Atelier FALC numérique",
            duration_minutes=120,
            kind="workshop",
            partner="pa-clic",
            speakers=["sp-bruno"],
            expected_attendance=20,
            audience="public",
            theme="inclusion",
            preferred_dates=[date(2023, 10, 18)],
        ),
        ScenarioSession(
            id="se-003",
            title="Intelligence artificielle et bibliothèques",
            duration_minutes=90,
            kind="conference",
            partner="pa-media",
            speakers=["sp-alice", "sp-bruno"],
            expected_attendance=100,
            audience="professional",
            theme="ia",
        ),
        ScenarioSession(
            id="se-004",
            title="Apéro numérique",
            duration_minutes=60,
            kind="social",
            speakers=["sp-bruno"],
            expected_attendance=30,
            audience="public",
            theme="convivialite",
        ),
    ]
    return Scenario(
        edition=Edition(
            id="cn2023",
            name="Culture et numérique 2023",
            start_date=date(2023, 10, 16),
            end_date=date(2023, 10, 20),
            granularity_minutes=15,
            territories=[CLERMONT, RIOM, AMBERT],
        ),
        venues=[hd, riom],
        travel_minutes={"hd": {"hd": 0, "riom": 30}, "riom": {"hd": 30, "riom": 0}},
        speakers=[alice, bruno],
        partners=[
            ScenarioPartner(id="pa-media", name="Médiathèque de Riom", email="mediatheque@example.org"),
            ScenarioPartner(id="pa-clic", name="Association Clic'63", email="clic63@example.org"),
        ],
        sessions=sessions,
    )


def build_backoffice(session: Session) -> Backoffice:
    """Write the edition, the proposals under review and the lead's account; flush only."""
    edition = save_scenario(session, scenario())
    lead = ensure_lead(session, email=LEAD_EMAIL, name="Camille Chabrier")
    made = Backoffice(edition_id=edition.id, lead_id=lead.id)
    for partner in session.scalars(select(Partner).where(Partner.edition_id == edition.id)):
        partner.contact_name = f"Contact {partner.name}"
        made.partners[partner.code] = partner.id
    for speaker in session.scalars(select(Speaker).where(Speaker.edition_id == edition.id)):
        made.speakers[speaker.code] = speaker.id
    extra = [
        ("se-005", SUBMITTED_TITLE, "submitted", "pa-clic", None),
        ("se-006", "Concours de memes", "rejected", "pa-clic", "Hors sujet pour cette édition."),
        ("se-007", "Balade sonore", "withdrawn", "pa-media", None),
    ]
    for position, (code, title, status, partner, message) in enumerate(extra, start=10):
        proposal = SessionProposal(
            edition_id=edition.id,
            code=code,
            title=title,
            status=status,
            partner_id=made.partners[partner],
            duration_minutes=60,
            kind="workshop",
            audience="family",
            theme="radio",
            expected_attendance=15,
            preferred_venues=["riom"],
            description="Une heure pour créer une émission.",
            decision_message=message,
            position=position,
        )
        session.add(proposal)
        session.flush()
        session.add(SessionSpeaker(proposal_id=proposal.id, speaker_id=made.speakers["sp-bruno"], position=0))
    session.flush()
    for proposal in session.scalars(select(SessionProposal).where(SessionProposal.edition_id == edition.id)):
        made.proposals[proposal.code] = proposal.id
    return made


def signed_in_cookie(session: Session, *, email: str = LEAD_EMAIL) -> str:
    """A valid back-office session cookie for the lead (as if they had followed their sign-in link)."""
    user = session.scalar(select(User).where(User.email == email))
    assert user is not None
    return open_session(session, user_id=user.id)


def signin_link(session: Session, *, email: str = LEAD_EMAIL) -> str:
    user = session.scalar(select(User).where(User.email == email))
    assert user is not None
    return create_signin_link(session, user=user)
