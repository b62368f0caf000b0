"""Unsubscribing through the notifier's link withdraws the person's news consent in the network, recorded."""

from __future__ import annotations

from sqlalchemy import select

from services.network import repository as repo
from services.network import service
from shared.db import unit_of_work
from shared.models.network import NetworkConsent, NetworkContact


def test_unsubscribe_withdraws_the_news_consent(pg_env):
    with unit_of_work() as session:
        org = service.add_organisation(session, code="clic", name="Clic'63", kind="association")
        person = service.add_contact(session, organisation=org, name="Léa", role="animatrice", email="lea@clic.example")
        service.record_consent(session, organisation=org, contact=person, purpose="news", granted=True, source="forum")
    with unit_of_work() as session:
        assert service.on_unsubscribed(session, email="LEA@clic.example ") == 1
    with unit_of_work() as session:
        assert session.scalar(select(NetworkContact.news)) is False
        last = session.scalars(select(NetworkConsent).order_by(NetworkConsent.id.desc())).first()
        assert (last.purpose, last.granted, last.source) == ("news", False, "lien de désabonnement")
        assert repo.organisation_by_code(session, "clic") is not None
