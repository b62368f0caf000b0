"""A registration that fills a session asks for a sync (after its commit), so OpenAgenda shows it full."""

from __future__ import annotations

from services.openagenda.handlers import on_registration_made
from services.openagenda.tasks import synchronise
from shared.db import unit_of_work
from shared.events import RegistrationMade
from shared.models.openagenda import OpenAgendaSync
from shared.models.people import Participant, Registration


def test_filling_a_session_syncs_it_as_full(programme, standin):
    synchronise(programme.edition_id)
    with unit_of_work() as session:
        person = Participant(edition_id=programme.edition_id, name="Zoé", email="zoe@example.org")
        session.add(person)
        session.flush()
        proposal_id = programme.proposals["se-002"]  # a 3-seat room
        row = Registration(participant_id=person.id, proposal_id=proposal_id, seats=3)
        session.add(row)
        session.flush()
        made = RegistrationMade(registration_id=row.id, status="confirmed", created_at="", title="", cancel_url="")
        on_registration_made(session, made)
        assert standin.state.event_by_ext("cn2023:se-002")["status"] == 1  # nothing before the commit
    assert standin.state.event_by_ext("cn2023:se-002")["status"] == 5
    assert standin.state.writes["events.updated"] == 1


def test_a_registration_that_leaves_seats_asks_for_no_sync(programme, standin):
    synchronise(programme.edition_id)
    with unit_of_work() as session:
        person = Participant(edition_id=programme.edition_id, name="Yann", email="yann@example.org")
        session.add(person)
        session.flush()
        row = Registration(participant_id=person.id, proposal_id=programme.proposals["se-002"], seats=1)
        session.add(row)
        session.flush()
        made = RegistrationMade(registration_id=row.id, status="confirmed", created_at="", title="", cancel_url="")
        on_registration_made(session, made)
    with unit_of_work() as session:
        sync = session.get(OpenAgendaSync, programme.edition_id)
        assert sync is None or sync.requested_at is None  # a 3-seat room with 1 taken: nothing to tell OpenAgenda
