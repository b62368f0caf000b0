"""``festplan openagenda sync`` and the /gestion/openagenda page end to end, against the stand-in (embedded SQLite,
eager Celery): figures printed, a refused event shown with the API's message, wrong credentials in one line,
the "synchroniser maintenant" button guarded by the session and its CSRF token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from services.cli import _register_services, app
from services.openagenda.standin import StandinServer, start_standin
from shared import events
from shared.db import unit_of_work
from shared.events import VersionPublished
from shared.settings import Settings
from shared.web.backoffice.session import ensure_lead
from tests.e2e.ingest.backoffice.conftest import csrf_of, sign_in
from tests.factories.backoffice import LEAD_EMAIL
from tests.factories.programme import PublishedProgramme, build_programme
from tests.integration.openagenda.conftest import point_at

runner = CliRunner()
_register_services()


@pytest.fixture
def standin() -> Iterator[StandinServer]:
    server = start_standin(agenda_uid="779")
    yield server
    server.stop()


@pytest.fixture
def configured(festplan_env: Settings, standin: StandinServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return point_at(monkeypatch, standin)


def publish() -> PublishedProgramme:
    """The known programme, published as version 1, announced as the scheduler's publish() does."""
    with unit_of_work() as session:
        made = build_programme(session)
        events.record(session, VersionPublished(version_id=made.versions[-1]))
        return made


def test_a_publication_syncs_by_itself(configured, standin):
    publish()
    assert standin.state.writes == {"locations.created": 3, "events.created": 4}


def test_cli_sync_prints_the_figures_and_the_refused_event(configured, standin):
    standin.state.refuse("cn2023:se-002", field_name="description", code="required", message="a string is required")
    publish()
    result = runner.invoke(app, ["openagenda", "sync", "--edition", "cn2023"])
    assert result.exit_code == 0, result.output
    assert "3 lieu(x) et 3 événement(s) synchronisés" in result.output
    assert "en échec : event se-002 — HTTP 400 : data is invalid ; description : required a string is required" in (
        result.output
    )
    again = runner.invoke(app, ["openagenda", "sync"])
    assert "0 créé(s)" in again.output
    assert standin.state.writes["events.created"] == 3


def test_cli_wrong_credentials_one_line_and_not_configured(configured, standin, monkeypatch):
    point_at(monkeypatch, standin, secret="wrong")
    publish()
    result = runner.invoke(app, ["openagenda", "sync"])
    assert result.exit_code == 1
    stderr_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(stderr_lines) == 1
    assert stderr_lines[0].startswith("OpenAgenda refuse les identifiants")
    monkeypatch.setenv("FESTPLAN_OPENAGENDA_AGENDA_UID", "")
    from shared.settings import reset_settings

    reset_settings()
    result = runner.invoke(app, ["openagenda", "sync"])
    assert result.exit_code == 2
    assert "n'est pas configuré" in result.stderr
    assert sum(standin.state.writes.values()) == 0


def test_backoffice_page_and_sync_now_button(festplan_env, standin, monkeypatch):
    from services.web import create_app

    publish()  # not configured yet: nothing sent
    with unit_of_work() as session:
        ensure_lead(session, email=LEAD_EMAIL)
    point_at(monkeypatch, standin, base_url="http://testserver")  # plain http: the session cookie is not Secure
    with TestClient(create_app(), follow_redirects=False) as client:
        assert client.get("/gestion/openagenda").status_code == 303  # signed out: to the sign-in page
        sign_in(client)
        page = client.get("/gestion/openagenda")
        assert page.status_code == 200
        assert "encore été envoyé." in page.text
        assert client.post("/gestion/openagenda/synchroniser", data={"csrf": "0" * 64}).status_code == 403
        assert sum(standin.state.writes.values()) == 0
        standin.state.refuse("cn2023:se-003", code="string.toolong", message="max 140")
        token = csrf_of(client, "/gestion/openagenda")
        answer = client.post("/gestion/openagenda/synchroniser?edition=cn2023", data={"csrf": token})
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/gestion/openagenda?fait=oa_requested")
        page = client.get(answer.headers["location"])
        assert "Synchronisation demandée" in page.text
        assert "terminée avec des refus" in page.text
        assert page.text.count("synchronisé</td>") == 6
        assert "HTTP 400 : data is invalid ; title : string.toolong max 140" in page.text
