"""Fixtures every tier shares: isolated settings, a fresh PostgreSQL database per run, the real Redis.

PostgreSQL and Redis are real services on this machine (and in CI). When one is unreachable the
tests that need it fail with one line naming the URL tried and how to start it — they never skip.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.db import dispose_engines
from shared.settings import Settings, reset_settings

PG_ADMIN_URL = os.environ.get("FESTPLAN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("FESTPLAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
KIT = Path(__file__).resolve().parents[2] / "shared"
#: The key every test's settings carry: random per run, long enough for a deployment.
TEST_SECRET_KEY = secrets.token_urlsafe(48)
START_HINT = "start it with `docker compose up -d postgres redis` (or see README, section Tests)"


def kit_file(*parts: str) -> Path:
    """A file of the kit beside the repo (``../shared``); the test is skipped, with the reason, where it is absent."""
    path = KIT.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the festplan kit (../shared) is not beside this checkout")
    return path


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of the real PostgreSQL, checked once."""
    import sqlalchemy as sa

    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # the one line a person needs, not a traceback
        pytest.fail(f"PostgreSQL unreachable at {PG_ADMIN_URL} ({type(exc).__name__}); {START_HINT}", pytrace=False)
    finally:
        engine.dispose()
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def pg_database(pg_server: str) -> Iterator[str]:
    """A database created for this test run, migrated to head, and dropped at the end."""
    import sqlalchemy as sa

    from shared.migrate import upgrade

    name = f"festplan_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = pg_server.rsplit("/", 1)[0] + f"/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The real Redis, checked once."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as exc:
        pytest.fail(f"Redis unreachable at {REDIS_URL} ({type(exc).__name__}); {START_HINT}", pytrace=False)
    finally:
        client.close()
    return REDIS_URL


def _truncate_all(url: str) -> None:
    import sqlalchemy as sa

    import shared.models  # noqa: F401
    from shared.db import Base

    engine = sa.create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def festplan_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Settings for one test on the embedded default: SQLite file, eager Celery, file outbox, all under tmp_path."""
    yield from _configure(tmp_path, monkeypatch, database_url=f"sqlite:///{tmp_path / 'festplan.db'}")


@pytest.fixture
def pg_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_database: str) -> Iterator[Settings]:
    """Settings for one test on the real PostgreSQL (tables emptied before the test), eager Celery."""
    _truncate_all(pg_database)
    yield from _configure(tmp_path, monkeypatch, database_url=pg_database)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_env(request: pytest.FixtureRequest) -> Settings:
    """The same test on both databases festplan runs on: the embedded default (SQLite) and production
    (PostgreSQL), for code whose SQL must mean the same on each (the scenario store, say)."""
    return request.getfixturevalue("festplan_env" if request.param == "sqlite" else "pg_env")


def _configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **values: str) -> Iterator[Settings]:
    from services.wiring import wire
    from shared.bootstrap import bootstrap
    from shared.settings import get_settings

    for key in list(os.environ):
        if key.startswith("FESTPLAN_") and not key.startswith("FESTPLAN_TEST_"):
            monkeypatch.delenv(key)
    # A real key, as a deployment must have: PostgreSQL is outside the embedded default (shared.secret_key).
    monkeypatch.setenv("FESTPLAN_SECRET_KEY", TEST_SECRET_KEY)
    monkeypatch.setenv("FESTPLAN_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("FESTPLAN_OUTBOX_DIR", str(tmp_path / "var" / "outbox"))
    for key, value in values.items():
        monkeypatch.setenv(f"FESTPLAN_{key.upper()}", value)
    reset_settings()
    dispose_engines()
    settings = get_settings()
    wire()
    bootstrap(settings, migrate=settings.database_url.startswith("sqlite"))
    yield settings
    dispose_engines()
    reset_settings()


@pytest.fixture(autouse=True)
def _celery_join_flag_reset() -> None:
    """Each test starts with Celery's process-wide "inside a task" flag down.

    In eager mode (the embedded default) ``Task.apply`` raises that flag on entry and puts back the value it
    found on exit; two threads running eager tasks at once (a threaded server, two racing announcers) can so
    leave it raised. festplan never waits on a result, so the product is unaffected, but a later test's
    ``.get()`` would fail with "Never call result.get() within a task!" far from the cause."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
