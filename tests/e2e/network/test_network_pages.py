"""``/reseau`` and ``/gestion/reseau`` end to end: only consenting actors are public, filters work without script,
a withdrawal from the back-office takes the actor off the public page at once, the lead's message is held."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from services.network import repository as repo
from services.network import service
from services.network.seeding import add_partners_of
from shared.db import unit_of_work
from shared.web.backoffice.session import ensure_lead
from tests.e2e.ingest.backoffice.conftest import csrf_of, sign_in
from tests.factories.backoffice import LEAD_EMAIL
from tests.factories.programme import build_programme


@pytest.fixture
def client(festplan_env):
    with unit_of_work() as session:
        build_programme(session)
        ensure_lead(session, email=LEAD_EMAIL)
        add_partners_of(session, edition_code="cn2023")
        for code in ("pa-001", "pa-002"):
            org = repo.organisation_by_code(session, code)
            person = service.add_contact(
                session, organisation=org, name=f"C {code}", role="chargée", email=f"{code}@ex.org"
            )
            service.record_consent(session, organisation=org, contact=person, purpose="news", granted=True, source="t")
        service.record_consent(
            session,
            organisation=repo.organisation_by_code(session, "pa-001"),
            purpose="listed",
            granted=True,
            source="courriel",
        )
    from services.web import create_app

    with TestClient(create_app(), follow_redirects=False) as test_client:
        yield test_client


def test_public_page_lists_only_consenting_actors_accessibly(client):
    page = client.get("/reseau")
    assert page.status_code == 200
    assert "Médiathèque de Riom" in page.text
    assert "Association Clic" not in page.text
    assert "<script" not in page.text
    assert re.search(r"<h1>Le réseau Culture et numérique</h1>", page.text)
    for name in ("interco", "type", "tag"):
        assert f'<label for="{name}">' in page.text
        assert f'id="{name}" name="{name}"' in page.text
    assert "Culture et numérique 2023 : 2 proposition(s), 2 séance(s) au programme" in page.text
    assert re.search(r'<h2 id="t-1">(Riom Limagne et Volcans|Clermont Auvergne Métropole)</h2>', page.text)
    assert "1 acteur(s)" in client.get("/reseau?type=media_library").text
    assert "Aucun acteur" in client.get("/reseau?type=museum").text
    assert "The Culture et numérique network" in client.get("/reseau?lang=en").text


def test_withdrawal_in_the_back_office_takes_the_actor_off_at_once_and_messages_are_held(client):
    sign_in(client)
    token = csrf_of(client, "/gestion/reseau")
    form = {"csrf": token, "code": "pa-001", "purpose": "listed", "granted": "0", "source": "appel du 4 juin"}
    assert client.post("/gestion/reseau/consentements", data={**form, "csrf": "x" * 64}).status_code == 403
    assert client.post("/gestion/reseau/consentements", data=form).status_code == 303
    assert "Médiathèque de Riom" not in client.get("/reseau").text
    bad = client.post("/gestion/reseau/messages", data={"csrf": token, "subject": "", "body": "x"})
    assert bad.status_code == 422
    assert "est obligatoire" in bad.text
    sent = client.post(
        "/gestion/reseau/messages",
        data={"csrf": token, "subject": "Appel 2024", "body": "Bonjour", "kind": "", "territory": "", "tag": ""},
    )
    assert sent.status_code == 303
    page = client.get("/gestion/reseau")
    assert "« Appel 2024 » : 2 destinataire(s), 2 retenu(s)" in page.text.replace("&#34;", '"')
