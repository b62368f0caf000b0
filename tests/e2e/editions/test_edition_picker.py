"""Two editions in one database: the back-office shows the one the lead picks, ``/programme?edition=`` each one."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.editions.service import new_edition_from
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
        new_edition_from(session, source_code="cn2023")
    from services.web import create_app

    with TestClient(create_app(), follow_redirects=False) as test_client:
        yield test_client


def test_the_lead_picks_the_edition_every_page_shows(client):
    sign_in(client)
    assert "Culture et numérique 2024" in client.get("/gestion/").text  # the latest by default
    page = client.get("/gestion/editions")
    assert page.status_code == 200
    assert "Travailler sur cn2023" in page.text
    token = csrf_of(client, "/gestion/editions")
    assert client.post("/gestion/editions/choisir", data={"csrf": "0" * 64, "code": "cn2023"}).status_code == 403
    chosen = client.post("/gestion/editions/choisir", data={"csrf": token, "code": "cn2023"})
    assert chosen.status_code == 303
    dashboard = client.get("/gestion/")
    assert "Culture et numérique 2023" in dashboard.text
    assert "Les écrans et les tout-petits" in client.get("/gestion/propositions").text
    assert "Travailler sur cn2024" in client.get("/gestion/editions").text


def test_programme_per_edition(client):
    assert "Les écrans et les tout-petits" in client.get("/programme?edition=cn2023").text
    unpublished = client.get("/programme?edition=cn2024")
    assert unpublished.status_code == 200
    assert "Les écrans et les tout-petits" not in unpublished.text
