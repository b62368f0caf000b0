"""The runs, versions and pins API end to end (TestClient on the embedded SQLite), lead only."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from services.scheduler.runs import repository as runs_store
from shared.db import unit_of_work
from shared.models.scheduling import OptimisationRun
from shared.scenario.store import save_scenario
from shared.web.auth import create_lead_token
from tests.factories.scenarios import base_scenario, place, schedule, session


@pytest.fixture
def client(festplan_env):
    from services.web import create_app

    with unit_of_work() as s:
        save_scenario(s, base_scenario(sessions=[session("se-1"), session("se-2")]))
        _, raw = create_lead_token(s, label="test")
    with TestClient(create_app()) as http:
        http.headers["Authorization"] = f"Bearer {raw}"
        yield http


def stored_run() -> int:
    """A finished run stored through the task's own steps (the solver is not what this file tests)."""
    with unit_of_work() as s:
        from services.scheduler.runs.service import resolve_edition

        row = OptimisationRun(edition_id=resolve_edition(s, None).id, status="queued", parameters={}, progress={})
        s.add(row)
        s.flush()
        run_id = row.id
    scenario, _ = runs_store.mark_running(run_id)
    result = schedule(place(scenario, "se-1", "hd-cassin", "2023-10-17T10:00"), unplaced=("se-2",))
    runs_store.store_result(run_id, scenario=scenario, result=result, seconds=0.2)
    return run_id


def test_every_endpoint_needs_the_lead(client) -> None:
    anonymous = TestClient(client.app)
    assert anonymous.get("/api/v1/runs").status_code == 401
    assert anonymous.post("/api/v1/runs", json={}).status_code == 401


def test_a_run_is_read_diffed_and_published(client) -> None:
    run_id = stored_run()

    listed = client.get("/api/v1/runs").json()
    assert [r["id"] for r in listed] == [run_id]
    one = client.get(f"/api/v1/runs/{run_id}", params={"schedule": True}).json()
    assert one["score"]["unplaced_weight"] == 1000
    assert one["schedule"]["assignments"][0]["session"] == "se-1"

    diff = client.get(f"/api/v1/runs/{run_id}/diff").json()
    assert diff["first_publication"] is True
    assert [c["session"] for c in diff["new"]] == ["se-1"]
    assert diff["warnings"][0]["kind"] == "unplaced"
    assert diff["warnings"][0]["fr"].startswith("se-2 n'est pas placée")

    published = client.post(f"/api/v1/runs/{run_id}/publish", json={"message": "v1", "hold_mail": True})
    assert published.status_code == 201
    assert published.json()["number"] == 1
    assert published.json()["mail_held"] is True
    again = client.post(f"/api/v1/runs/{run_id}/publish", json={})
    assert again.status_code == 409
    assert "déjà la version publiée" in again.json()["detail"]
    assert [v["number"] for v in client.get("/api/v1/versions").json()] == [1]


def test_pins_are_set_listed_and_removed(client) -> None:
    put = client.put("/api/v1/pins/se-2", json={"room": "riom-audito", "date": "2023-10-18"})
    assert put.status_code == 200
    assert put.json() == {"session": "se-2", "room": "riom-audito", "date": "2023-10-18", "time": None}
    assert client.put("/api/v1/pins/se-2", json={"date": "2024-01-01"}).status_code == 422
    assert client.put("/api/v1/pins/nope", json={"room": "riom-audito"}).status_code == 404
    assert client.put("/api/v1/pins/se-1", json={}).status_code == 409  # nothing published to pin it to
    assert client.delete("/api/v1/pins/se-2").status_code == 204
    assert client.delete("/api/v1/pins/se-2").status_code == 404
    assert client.get("/api/v1/pins").json() == []


def test_bad_parameters_and_unknown_runs_are_refused(client) -> None:
    assert client.post("/api/v1/runs", json={"time_limit": 0}).status_code == 422
    assert client.get("/api/v1/runs/999").status_code == 404
    assert client.post("/api/v1/runs/999/publish", json={}).status_code == 404
