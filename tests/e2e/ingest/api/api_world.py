"""Test data of the API and form tests: an edition with two partners and two speakers, each with a credential."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass
class World:
    """Ids and credentials of the test edition; ``h(role)`` gives the Authorization header of a token."""

    edition_id: int
    venue_id: int
    room_id: int
    partner_a: int
    partner_b: int
    speaker_a: int
    speaker_b: int
    tokens: dict[str, str]

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def make_world(*, close_on: date | None = date(2099, 1, 1)) -> World:
    """Rows created straight in the database, the way an import would leave them."""
    from shared.db import unit_of_work
    from shared.models import Edition, Partner, Room, Speaker, Venue
    from shared.web.auth import create_lead_token, issue_personal_link_token

    with unit_of_work() as session:
        edition = Edition(
            code="cn2023",
            name="Culture et numérique 2023",
            start_date=date(2023, 10, 16),
            end_date=date(2023, 10, 27),
            proposals_close_on=close_on,
            territories=[],
        )
        session.add(edition)
        session.flush()
        venue = Venue(edition_id=edition.id, code="hd", name="Hôtel du Département", commune="Clermont-Ferrand")
        session.add(venue)
        session.flush()
        room = Room(
            edition_id=edition.id,
            venue_id=venue.id,
            code="hd-cassin",
            name="Hall René-Cassin",
            capacity=150,
            features=["wheelchair", "projector"],
        )
        pa = Partner(edition_id=edition.id, code="pa-001", name="Médiathèque de Riom", email="riom@example.org")
        pb = Partner(edition_id=edition.id, code="pa-002", name="Fab lab d'Issoire", email="issoire@example.org")
        sa = Speaker(edition_id=edition.id, code="sp-001", name="Camille Martin", email="camille@example.org")
        sb = Speaker(edition_id=edition.id, code="sp-002", name="Louis Bernard", email="louis@example.org")
        session.add_all([room, pa, pb, sa, sb])
        session.flush()
        tokens = {
            "lead": create_lead_token(session, label="tests")[1],
            "partner_a": issue_personal_link_token(session, role="partner", subject_id=pa.id)[1],
            "partner_b": issue_personal_link_token(session, role="partner", subject_id=pb.id)[1],
            "speaker_a": issue_personal_link_token(session, role="speaker", subject_id=sa.id)[1],
            "speaker_b": issue_personal_link_token(session, role="speaker", subject_id=sb.id)[1],
        }
        return World(edition.id, venue.id, room.id, pa.id, pb.id, sa.id, sb.id, tokens)


def publish(world: World, proposal_id: int, start: datetime, end: datetime) -> None:
    """Publish a version whose run places ``proposal_id`` in the world's room (as the scheduler would)."""
    from services.scheduler.programme.repository import forget_cache
    from shared.db import unit_of_work
    from shared.models import Assignment, OptimisationRun, ScheduleVersion

    with unit_of_work() as session:
        run = OptimisationRun(edition_id=world.edition_id, status="succeeded")
        session.add(run)
        session.flush()
        session.add(Assignment(run_id=run.id, proposal_id=proposal_id, room_id=world.room_id, start=start, end=end))
        session.add(ScheduleVersion(edition_id=world.edition_id, number=1, run_id=run.id, published_by="tests"))
    forget_cache()  # this process may remember, for up to a second, that nothing was published


PROPOSAL = {
    "title": "Les écrans et les tout-petits",
    "description": "Une table ronde pour les parents.",
    "kind": "round_table",
    "duration_minutes": 90,
    "expected_attendance": 60,
    "audience": "public",
    "theme": "media-education",
    "required_features": ["wheelchair"],
    "preferred_venues": ["hd"],
    "preferred_dates": ["2023-10-18"],
    "speakers": ["sp-001"],
    "accessibility": "Interprète LSF souhaité",
}
