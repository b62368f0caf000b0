"""The network on the real PostgreSQL: participations derived from the editions, a message to a segment held in
the outbox with unsubscribe and never twice to one person, a withdrawn consent effective at once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from services.network import repository as repo
from services.network import service
from services.network.domain.directory import Segment
from services.network.seeding import add_partners_of
from services.notifier.service import build_email
from shared.db import unit_of_work
from shared.models.evaluation import AttendanceCount
from shared.models.network import NetworkConsent, NetworkContact
from shared.models.notification import Notification, Suppression
from shared.models.types import utcnow
from shared.outbox import record
from tests.factories.programme import build_programme


@pytest.fixture
def network(pg_env):
    with unit_of_work() as session:
        made = build_programme(session)
        session.add(AttendanceCount(proposal_id=made.proposals["se-001"], count=37))
        assert add_partners_of(session, edition_code="cn2023") == (2, 0)
        riom = repo.organisation_by_code(session, "pa-001")
        clic = repo.organisation_by_code(session, "pa-002")
        riom.tags, clic.tags = ["jeunesse"], ["seniors"]
        for org, email in ((riom, "contact@riom.example"), (clic, "contact@clic.example")):
            person = service.add_contact(
                session, organisation=org, name=f"Contact {org.code}", role="médiatrice", email=email
            )
            service.record_consent(
                session, organisation=org, contact=person, purpose="news", granted=True, source="formulaire 2023"
            )
        service.record_consent(session, organisation=riom, purpose="listed", granted=True, source="courriel du 3 mai")
    return made


def test_participations_are_derived_from_proposals_sessions_and_attendance(network):
    with unit_of_work() as session:
        cards = {card.code: card for card in repo.cards(session, listed_only=False)}
        listed = [card.code for card in repo.cards(session, listed_only=True)]
    assert listed == ["pa-001"]
    (riom,) = cards["pa-001"].participations
    assert (riom.edition_code, riom.proposals, riom.sessions, riom.attendance) == ("cn2023", 2, 2, 37)
    assert cards["pa-001"].kind == "media_library"


def test_a_message_is_held_with_unsubscribe_and_never_sent_twice_to_one_person(network, pg_env):
    with unit_of_work() as session:
        clic = repo.organisation_by_code(session, "pa-002")
        # the Riom contact is also a contact of Clic'63: one person, one email
        twin = service.add_contact(
            session, organisation=clic, name="Même personne", role=None, email="CONTACT@riom.example"
        )
        service.record_consent(session, organisation=clic, contact=twin, purpose="news", granted=True, source="oral")
        message = service.write_message(
            session, subject="Appel à propositions 2024", body="Bonjour à toutes.\n\nÀ vous.", segment=Segment()
        )
        message_id = message.id
    with unit_of_work() as session:
        rows = service.message_rows(session, message_id)
        assert sorted(r.recipient_email for r in rows) == ["contact@clic.example", "contact@riom.example"]
        assert {r.status for r in rows} == {"held"}
        assert {r.category for r in rows} == {"bulk"}
        email = build_email(session, rows[0], settings=pg_env, now=utcnow())
        assert email.subject == "Appel à propositions 2024"
        assert "List-Unsubscribe" in email.headers
        assert "/notifications/unsubscribe/" in email.text
        # recording the same message's emails again writes nothing
        for row in rows:
            again = record(
                session,
                kind="network.news",
                recipient_email=row.recipient_email,
                recipient_name=None,
                locale="fr",
                payload={},
                idempotency_key=row.idempotency_key,
                category="bulk",
                held=True,
            )
            assert again is None
        assert service.release_message(session, message_id) == 2
    with unit_of_work() as session:
        assert {r.status for r in service.message_rows(session, message_id)} <= {"pending", "queued", "sent"}


def test_withdrawal_counts_at_once_for_the_page_held_emails_and_future_messages(network):
    with unit_of_work() as session:
        message_id = service.write_message(session, subject="Nouvelles", body="Texte", segment=Segment()).id
    with unit_of_work() as session:
        riom = repo.organisation_by_code(session, "pa-001")
        person = session.scalar(select(NetworkContact).where(NetworkContact.email == "contact@riom.example"))
        service.record_consent(session, organisation=riom, purpose="listed", granted=False, source="courriel")
        service.record_consent(
            session, organisation=riom, contact=person, purpose="news", granted=False, source="courriel"
        )
    with unit_of_work() as session:
        assert repo.cards(session, listed_only=True) == []
        statuses = {r.recipient_email: r.status for r in service.message_rows(session, message_id)}
        assert statuses == {"contact@riom.example": "cancelled", "contact@clic.example": "held"}
        session.add(Suppression(email="contact@clic.example", reason="unsubscribed"))
        session.flush()
        assert service.write_message(session, subject="Encore", body="x", segment=Segment()).recipients == 0
        log = session.scalars(select(NetworkConsent).order_by(NetworkConsent.id)).all()
        assert [(c.purpose, c.granted) for c in log][-2:] == [("listed", False), ("news", False)]
        assert all(c.source and c.recorded_at for c in log)


def test_bad_input_is_refused_in_one_french_sentence(network):
    with unit_of_work() as session:
        with pytest.raises(service.NetworkError, match="Type d'acteur inconnu « cinema »"):
            service.add_organisation(session, code="x", name="X", kind="cinema")
        with pytest.raises(service.NetworkError, match="« objet » est obligatoire"):
            service.write_message(session, subject=" ", body="x", segment=Segment())
        assert session.scalar(select(Notification).where(Notification.kind == "network.news")) is None
