"""The sync on a real Celery worker (Redis broker, PostgreSQL): two syncs of one edition asked at once run one
after the other (never two requests to OpenAgenda in flight), 429 and 503 become Celery retries, and every
item is created exactly once."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.openagenda.standin import StandinServer, start_standin
from services.openagenda.tasks import sync
from shared.db import dispose_engines, unit_of_work
from shared.models.openagenda import OpenAgendaSync
from shared.settings import reset_settings
from tests.celery_worker import worker_process
from tests.factories.programme import build_programme
from tests.integration.openagenda.conftest import point_at
from tests.integration.scheduler.test_runs_through_celery import forget_broker_connections

BROKER_DB = 10  # a Redis database of its own: the storm test uses 9, the after-commit test 12


@pytest.fixture
def slow_standin() -> Iterator[StandinServer]:
    """Each request takes a little while, so two unlocked syncs would overlap."""
    server = start_standin(agenda_uid="778", delay=0.05)
    yield server
    server.stop()


@pytest.fixture
def broker(pg_env, redis_url: str, slow_standin: StandinServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    import redis

    from shared.bootstrap import bootstrap

    url = redis_url.rsplit("/", 1)[0] + f"/{BROKER_DB}"
    redis.Redis.from_url(url).flushdb()
    monkeypatch.setenv("FESTPLAN_BROKER_URL", url)
    point_at(monkeypatch, slow_standin)
    reset_settings()
    dispose_engines()
    bootstrap(migrate=False)
    forget_broker_connections()
    yield url
    redis.Redis.from_url(url).flushdb()
    monkeypatch.delenv("FESTPLAN_BROKER_URL")
    reset_settings()
    bootstrap(migrate=False)
    forget_broker_connections()


@pytest.fixture
def worker(broker: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    extra = {k: v for k, v in os.environ.items() if k.startswith("FESTPLAN_OPENAGENDA_")}
    extra["FESTPLAN_BASE_URL"] = os.environ["FESTPLAN_BASE_URL"]
    with worker_process(broker=broker, queues="default", name="openagenda", tmp_path=tmp_path, extra_env=extra) as p:
        yield p


def wait_until_idle(standin: StandinServer, edition_id: int, *, expected_writes: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with unit_of_work() as session:
            row = session.get(OpenAgendaSync, edition_id)
            done = row is not None and row.outcome == "done" and row.locked_until is None
        if done and sum(standin.state.writes.values()) >= expected_writes and not standin.state.faults:
            return
        time.sleep(0.3)
    pytest.fail(f"sync not done after {timeout} s: writes {dict(standin.state.writes)}")


def test_two_syncs_at_once_run_one_after_the_other_and_retries_honour_429(worker, slow_standin):
    with unit_of_work() as session:
        edition_id = build_programme(session).edition_id
    slow_standin.state.fail_next(429, count=1, retry_after=1)
    slow_standin.state.fail_next(503, count=1)
    sync.delay(edition_id)
    sync.delay(edition_id)
    wait_until_idle(slow_standin, edition_id, expected_writes=7, timeout=120)
    time.sleep(1.0)  # let the second sync (lock retry) finish too; it must find everything unchanged
    state = slow_standin.state
    assert state.max_in_flight == 1
    assert state.writes == {"locations.created": 3, "events.created": 4}
    assert state.faults == []
