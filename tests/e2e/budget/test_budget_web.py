"""The budget over HTTP: the lead-only JSON API (refusals in French, never a 500) and the back-office page with
its sign-in, CSRF on every POST, the explicit confirmation over the envelope, and the audit trail."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from shared.db import unit_of_work
from shared.models import BudgetAudit, CostItem
from shared.web.auth import create_lead_token, issue_personal_link_token
from tests.e2e.ingest.backoffice.conftest import csrf_of, sign_in
from tests.factories.backoffice import build_backoffice
from tests.factories.budget import add_budget


@pytest.fixture
def world(festplan_env) -> dict[str, str]:
    with unit_of_work() as session:
        made = build_backoffice(session)
        add_budget(session, edition_id=made.edition_id)
        return {
            "lead": create_lead_token(session, label="t")[1],
            "partner": issue_personal_link_token(session, role="partner", subject_id=made.partners["pa-media"])[1],
        }


@pytest.fixture
def client(world) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app(), follow_redirects=False) as test_client:
        yield test_client


def h(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_api_is_for_the_lead_only(client, world):
    assert client.get("/api/v1/budget").status_code == 401
    assert client.get("/api/v1/budget", headers=h(world["partner"])).status_code == 403
    answer = client.get("/api/v1/budget", headers=h(world["lead"]))
    assert answer.status_code == 200
    assert answer.json()["envelope_ttc"] == "10000.00"


def test_items_are_added_moved_and_refused_in_french(client, world):
    lead = h(world["lead"])
    body = {"line": "fees", "label": "Conférence inaugurale", "amount_ht": "1 000,00", "vat": "5,5"}
    created = client.post("/api/v1/budget/items", json=body, headers=lead)
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["amount_ttc"], item["vat_rate"], item["status"]) == ("1055.00", "5.5", "planned")
    for bad, words in (
        ({**body, "amount_ht": "-3"}, "montant négatif refusé"),
        ({**body, "vat": "19,6"}, "taux de TVA « 19,6 » hors de la liste"),
        ({**body, "line": "inconnue"}, "ligne budgétaire inconnue"),
        ({**body, "amount_ht": "beaucoup"}, "montant illisible"),
    ):
        answer = client.post("/api/v1/budget/items", json=bad, headers=lead)
        assert answer.status_code == 422, answer.text
        assert words in answer.json()["detail"]
    path = f"/api/v1/budget/items/{item['id']}/status"
    moved = client.post(path, json={"to": "committed", "on": "2026-12-08", "ref": "BC-7"}, headers=lead)
    assert moved.status_code == 200
    assert moved.json()["status"] == "committed"
    back = client.post(path, json={"to": "planned", "on": "2026-12-09"}, headers=lead)
    assert back.status_code == 422
    assert "demande un motif" in back.json()["detail"]
    big = client.post("/api/v1/budget/items", json={**body, "amount_ht": "9000", "vat": "20"}, headers=lead).json()
    over = f"/api/v1/budget/items/{big['id']}/status"
    refused = client.post(over, json={"to": "committed", "on": "2026-12-08", "ref": "BC-8"}, headers=lead)
    assert refused.status_code == 409
    assert "dépasserait l'enveloppe de 1\u202f855,00" in refused.json()["detail"]
    confirmed = client.post(
        over, json={"to": "committed", "on": "2026-12-08", "ref": "BC-8", "confirm_over": True}, headers=lead
    )
    assert confirmed.status_code == 200
    assert client.get("/api/v1/budget", headers=lead).json()["warnings"][-1].startswith("les engagements dépassent")


def test_the_page_needs_a_session_and_csrf_and_keeps_an_audit(client):
    assert client.get("/gestion/budget", headers={"accept": "text/html"}).status_code == 303
    sign_in(client)
    token = csrf_of(client, "/gestion/budget")
    page = client.get("/gestion/budget").text
    assert "enveloppe : 10\u202f000,00\u00a0€" in page
    assert "<meter" in page
    form = {"line": "accessibility", "label": "Interprètes LSF", "amount_ht": "1500", "vat": "20"}
    assert client.post("/gestion/budget/depenses", data=form).status_code == 403  # no CSRF token
    assert client.post("/gestion/budget/depenses", data={**form, "csrf": "0" * 64}).status_code == 403
    added = client.post("/gestion/budget/depenses", data={**form, "csrf": token})
    assert added.status_code == 303
    page = client.get(added.headers["location"]).text
    assert "Dépense ajoutée." in page
    assert "ligne « Accessibilité » : le prévu dépasse la dotation de 800,00" in page
    refused = client.post("/gestion/budget/depenses", data={**form, "vat": "7", "csrf": token})
    assert refused.status_code == 422
    assert "taux de TVA « 7 » hors de la liste" in refused.text
    with unit_of_work() as session:
        item_id = session.query(CostItem).one().id
    move = {"to": "committed", "on": "2026-12-08", "ref": "BC-1", "csrf": token}
    assert client.post(f"/gestion/budget/depenses/{item_id}/statut", data=move).status_code == 303
    edit = {"label": "Interprètes LSF (binôme)", "amount_ht": "1600", "csrf": token}
    assert client.post(f"/gestion/budget/depenses/{item_id}", data=edit).status_code == 303
    with unit_of_work() as session:
        rows = session.query(BudgetAudit).filter(BudgetAudit.item_id == item_id).order_by(BudgetAudit.id).all()
        assert [(r.action, r.who) for r in rows] == [
            ("create", "Camille Chabrier <cheffe.projet@puy-de-dome.example>"),
            ("move", "Camille Chabrier <cheffe.projet@puy-de-dome.example>"),
            ("edit", "Camille Chabrier <cheffe.projet@puy-de-dome.example>"),
        ]
        assert rows[-1].details == {"before": 180_000, "after": 192_000}
    page = client.get("/gestion/budget").text
    assert re.search(r"changement de statut n° \d+ : planned → committed", page)


def test_runs_report_their_variable_cost_and_the_comparison_says_the_difference_in_euros(client, world):
    from services.scheduler.runs import service as scheduler
    from services.scheduler.tasks import execute_run

    lead = h(world["lead"])
    with unit_of_work() as session:
        free = scheduler.start_run(session, edition_code="cn2023", time_limit=5, enqueue=False).id
    execute_run(free)
    with unit_of_work() as session:
        scheduler.publish(session, run_id=free, published_by="test")
        capped = scheduler.start_run(session, edition_code="cn2023", time_limit=5, enqueue=False, budget_cap_cents=0).id
    execute_run(capped)
    runs = {r["id"]: r for r in client.get("/api/v1/runs", headers=lead).json()}
    assert "costs" not in runs[free]["parameters"]
    assert runs[capped]["parameters"]["budget_cap"] == "0.00"
    assert runs[capped]["variable_cost_ttc"] == "0.00"
    spent = runs[free]["variable_cost_ttc"]
    assert float(spent) > 0
    diff = client.get(f"/api/v1/runs/{capped}/diff", headers=lead).json()["variable_cost_ttc"]
    assert diff == {"run": "0.00", "published": spent, "difference": f"-{spent}"}
    sign_in(client)
    page = client.get(f"/gestion/optimisations/{capped}/comparaison").text
    assert "coûts variables : 0,00\u00a0€ contre" in page
    assert "soit −" in page
