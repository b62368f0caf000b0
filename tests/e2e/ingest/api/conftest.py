"""Fixtures of the API and form tests: a client on the whole app, and the test edition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_world import World, make_world
from fastapi.testclient import TestClient

from shared.settings import Settings
from tests.conftest import TEST_SECRET_KEY


@pytest.fixture
def client(festplan_env: Settings) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def world(festplan_env: Settings) -> World:
    return make_world()


@pytest.fixture(scope="module")
def module_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, World]]:
    """One migrated SQLite database, app and edition for a whole module of read-mostly tests (fast)."""
    tmp = tmp_path_factory.mktemp("api")
    yield from _module_app(tmp, f"sqlite:///{tmp / 'festplan.db'}")


@pytest.fixture(scope="module")
def pg_module_app(tmp_path_factory: pytest.TempPathFactory, pg_database: str) -> Iterator[tuple[TestClient, World]]:
    """The same on the real PostgreSQL (emptied first), where lengths, NUL bytes and integer ranges bite."""
    import sqlalchemy as sa

    import shared.models  # noqa: F401
    from shared.db import Base

    engine = sa.create_engine(pg_database)
    with engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield from _module_app(tmp_path_factory.mktemp("api-pg"), pg_database)


def _module_app(tmp: Path, database_url: str) -> Iterator[tuple[TestClient, World]]:
    import os

    from services.web import create_app
    from shared.db import dispose_engines
    from shared.settings import reset_settings

    with pytest.MonkeyPatch.context() as patch:
        for key in list(os.environ):
            if key.startswith("FESTPLAN_") and not key.startswith("FESTPLAN_TEST_"):
                patch.delenv(key)
        patch.setenv("FESTPLAN_DATABASE_URL", database_url)
        patch.setenv("FESTPLAN_SECRET_KEY", TEST_SECRET_KEY)  # PostgreSQL is a deployment: a real key
        patch.setenv("FESTPLAN_VAR_DIR", str(tmp / "var"))
        patch.setenv("FESTPLAN_OUTBOX_DIR", str(tmp / "var" / "outbox"))
        reset_settings()
        dispose_engines()
        with TestClient(create_app()) as test_client:
            yield test_client, make_world()
        dispose_engines()
        reset_settings()
