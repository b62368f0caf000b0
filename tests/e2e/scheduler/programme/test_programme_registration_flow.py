"""Registration through the session page's form: confirmation, refusals, waiting list, the email's cancel link."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.people import Registration
from shared.settings import Settings, get_settings
from tests.factories.programme import PublishedProgramme, build_programme
from tests.mailbox import links


@pytest.fixture
def made(festplan_env: Settings) -> PublishedProgramme:
    with unit_of_work() as session:
        return build_programme(session)


@pytest.fixture
def client(made: PublishedProgramme) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def register(client: TestClient, **fields: str):  # type: ignore[no-untyped-def]
    data = {"nom": "Camille Roux", "courriel": "camille@example.org", "places": "1", "besoins": ""} | fields
    return client.post("/programme/sessions/se-002/inscription", data=data, follow_redirects=False)


def test_register_then_cancel_with_the_emailed_link(client: TestClient) -> None:
    response = register(client, places="2", besoins="Fauteuil roulant")
    assert response.status_code == 200
    assert "Vérifiez votre boîte" in unescape(response.text)
    assert "/inscriptions/" not in response.text
    assert "Places restantes : 1 sur 3" in client.get("/programme/sessions/se-002").text

    with unit_of_work() as session:
        (mail,) = session.scalars(
            select(Notification).where(Notification.kind == "participant.registration_confirmed")
        ).all()
        registration = session.scalars(select(Registration)).one()
    assert mail.recipient_email == "camille@example.org"
    assert registration.accessibility_needs == "Fauteuil roulant"
    (link,) = links(get_settings().outbox_dir, kind="participant.registration_confirmed")  # the row keeps none
    path = re.sub(r"^https?://[^/]+", "", link)
    assert path.endswith("/annuler")

    page = unescape(client.get(path.removesuffix("/annuler")).text)
    assert "C'est confirmé : 2 place(s)" in page
    question = client.get(path)
    assert question.status_code == 200
    assert "Voulez-vous annuler votre inscription (2 place(s))" in question.text
    assert "Atelier FALC numérique" in question.text
    with unit_of_work() as session:
        assert session.get(Registration, registration.id).status == "confirmed"  # a GET cancels nothing
    done = client.post(path)
    assert "Votre inscription est annulée" in done.text
    assert "Places restantes : 3 sur 3" in client.get("/programme/sessions/se-002").text
    assert "déjà annulée" in unescape(client.post(path).text)
    assert client.get("/inscriptions/forged-token/annuler").status_code == 404


def test_invalid_form_is_shown_again_with_its_errors(client: TestClient) -> None:
    response = register(client, nom=" ", courriel="pas-une-adresse", places="40")
    assert response.status_code == 422
    html = response.text
    assert "Indiquez votre nom." in html
    assert "Indiquez une adresse électronique valide." in html
    assert "Le nombre de places doit être compris entre 1 et 3." in html
    assert 'value="pas-une-adresse"' in html
    assert 'aria-invalid="true"' in html


def test_full_session_refuses_politely_then_offers_the_waiting_list(client: TestClient) -> None:
    assert register(client, places="3").status_code == 200
    page = unescape(client.get("/programme/sessions/se-002").text)
    assert "Complet" in page
    assert "liste d'attente" in page
    refused = register(client, courriel="late@example.org", places="1")
    assert refused.status_code == 409
    assert "il ne reste que 0 place(s)" in refused.text
    waiting = register(client, courriel="late@example.org", places="1", attente="1")
    assert waiting.status_code == 200
    with unit_of_work() as session:
        row = session.scalars(select(Registration).where(Registration.status == "waitlisted")).one()
    assert row.seats == 1


def test_registration_in_english(client: TestClient) -> None:
    response = client.post(
        "/programme/sessions/se-002/inscription?lang=en",
        data={"nom": "Sam", "courriel": "sam@example.org", "places": "1"},
        follow_redirects=False,
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.text


def test_running_sheet_is_for_the_lead_only(client: TestClient, made: PublishedProgramme) -> None:
    from shared.web.auth import create_lead_token

    register(client, places="2", besoins="Boucle magnétique & <LSF>")
    url = "/api/v1/programme/lieux/ambert/feuille-de-route?jour=2023-10-18"
    assert client.get(url).status_code == 401
    with unit_of_work() as session:
        _, token = create_lead_token(session, label="test")
    sheet = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert sheet.status_code == 200
    html = sheet.text
    assert "Feuille de route — Maison des services d&#39;Ambert — mercredi 18 octobre 2023" in html
    assert "06 55 66 77 88" in html  # the speaker's phone, for the staff
    assert "Camille Roux (2) : Boucle magnétique &amp; &lt;LSF&gt;" in html
    assert "9h30 / 12h" in html  # setup 30 min before, room free at the end (no changeover)
    assert "@media print" in html
