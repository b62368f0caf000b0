"""A running OpenAgenda stand-in and festplan's settings pointed at it (real PostgreSQL underneath)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.openagenda.standin import StandinServer, start_standin
from shared.db import unit_of_work
from shared.settings import Settings, get_settings, reset_settings
from tests.factories.programme import PublishedProgramme, build_programme


@pytest.fixture
def standin() -> Iterator[StandinServer]:
    server = start_standin(agenda_uid="777")
    yield server
    server.stop()


def point_at(
    monkeypatch: pytest.MonkeyPatch,
    server: StandinServer,
    *,
    secret: str | None = None,
    base_url: str = "https://festplan.example",
) -> Settings:
    monkeypatch.setenv("FESTPLAN_OPENAGENDA_API_URL", server.api_url)
    monkeypatch.setenv("FESTPLAN_OPENAGENDA_AGENDA_UID", server.state.agenda_uid)
    monkeypatch.setenv("FESTPLAN_OPENAGENDA_SECRET_KEY", secret or server.state.secret_key)
    monkeypatch.setenv("FESTPLAN_OPENAGENDA_PUBLIC_KEY", server.state.public_key)
    monkeypatch.setenv("FESTPLAN_BASE_URL", base_url)
    reset_settings()
    return get_settings()


@pytest.fixture
def oa_env(pg_env: Settings, standin: StandinServer, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return point_at(monkeypatch, standin)


@pytest.fixture
def programme(oa_env: Settings) -> PublishedProgramme:
    with unit_of_work() as session:
        return build_programme(session)
