"""The known small evaluation data set: the published test programme, people registered, and how many came.

Built on :mod:`tests.factories.programme` (four sessions in three venues of three intercommunalities).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from shared.models import Participant, Partner, Registration
from shared.models.evaluation import AttendanceCount
from tests.factories.programme import PublishedProgramme, build_programme

#: name, email, registrations (session code → seats)
PEOPLE = [
    ("Camille Roux", "camille.roux@example.org", {"se-001": 2, "se-003": 1}),
    ("Jules Bernard", "jules.bernard@example.org", {"se-001": 1}),
    ("Inès Moreau", "ines.moreau@example.org", {"se-002": 1, "se-004": 3}),
]
#: session code → people counted at the door
ATTENDANCE = {"se-001": 90, "se-002": 3, "se-003": 45}


@dataclass
class EvaluationWorld:
    programme: PublishedProgramme
    participants: dict[str, int] = field(default_factory=dict)


#: The test programme's four sessions have five confirmed participants between them.
PARTICIPANTS = 5


def build_world(session: Session, *, attendance: bool = True) -> EvaluationWorld:
    """The programme, three participants and their registrations, partners' addresses, attendance; flush only."""
    programme = build_programme(session)
    world = EvaluationWorld(programme)
    for partner in session.query(Partner).all():
        partner.email = f"{partner.code}@example.org"
        partner.contact_name = f"Contact {partner.code}"
    for name, email, seats in PEOPLE:
        person = Participant(
            edition_id=programme.edition_id,
            name=name,
            email=email,
            commune="Riom",
            phone="06 00 00 00 00",
            accessibility_needs="Boucle magnétique",
        )
        session.add(person)
        session.flush()
        world.participants[email] = person.id
        for code, n in seats.items():
            session.add(
                Registration(
                    participant_id=person.id, proposal_id=programme.proposals[code], seats=n, status="confirmed"
                )
            )
    if attendance:
        for code, count in ATTENDANCE.items():
            session.add(AttendanceCount(proposal_id=programme.proposals[code], count=count))
    session.flush()
    return world
