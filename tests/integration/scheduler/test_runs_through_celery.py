"""Optimisation runs through Celery on the real Redis and PostgreSQL: a real ``solver`` worker subprocess.

A run is recorded, enqueued after commit, solved by the worker, and its stored schedule is valid for the
checker. Two runs of one edition requested together are both solved, one after the other, never beside.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.scheduler.domain.checker.check import check
from services.scheduler.runs import service
from shared.db import dispose_engines, unit_of_work
from shared.models.scheduling import OptimisationRun
from shared.scenario.parse import parse_scenario
from shared.scenario.schedule_parse import parse_schedule
from shared.scenario.store import save_scenario
from shared.settings import reset_settings
from tests.celery_worker import worker_process
from tests.factories.scenarios import base_scenario, session, speaker

BROKER_DB = 6
ROOT = Path(__file__).resolve().parents[3]


def small_world():
    sessions = [
        session(f"se-{i}", duration=60 if i % 2 else 90, speakers=[f"sp-{i % 3}"], expected_attendance=20 + 5 * i)
        for i in range(1, 9)
    ]
    return base_scenario(
        sessions=sessions, speakers=[speaker(f"sp-{i}", f"Intervenant {i}", max_sessions_per_day=2) for i in range(3)]
    )


@pytest.fixture
def celery_pg(pg_env, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """pg_env with a real broker: this process enqueues on Redis db 6, a worker subprocess solves."""
    import redis

    from shared.bootstrap import bootstrap

    broker = redis_url.rsplit("/", 1)[0] + f"/{BROKER_DB}"
    redis.Redis.from_url(broker).flushdb()  # no task left over from an earlier run
    monkeypatch.setenv("FESTPLAN_BROKER_URL", broker)
    reset_settings()
    dispose_engines()
    bootstrap(migrate=False)
    forget_broker_connections()
    yield broker
    redis.Redis.from_url(broker).flushdb()
    monkeypatch.delenv("FESTPLAN_BROKER_URL")
    reset_settings()
    bootstrap(migrate=False)  # back to eager for the next test
    forget_broker_connections()


def forget_broker_connections() -> None:
    """Celery caches its connection and producer pools on first use: drop them so the new broker URL counts."""
    from kombu import pools

    from shared.celery_app import celery

    pools.reset()
    celery._pool = None
    celery.amqp._producer_pool = None


@pytest.fixture
def solver_worker(celery_pg: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    with worker_process(broker=celery_pg, queues="solver", name="solver", tmp_path=tmp_path) as process:
        yield process


def wait_for(run_ids: list[int], *, timeout: float) -> list[OptimisationRun]:
    deadline = time.monotonic() + timeout
    while True:
        with unit_of_work() as s:
            runs = [service.get_run(s, run_id) for run_id in run_ids]
        if all(run.status in ("succeeded", "failed") for run in runs):
            return runs
        if time.monotonic() > deadline:
            pytest.fail(f"runs not finished after {timeout} s: {[(r.id, r.status) for r in runs]}")
        time.sleep(0.3)


def assert_valid(run: OptimisationRun) -> None:
    assert run.status == "succeeded", run.error
    report = check(parse_scenario(run.scenario), parse_schedule(run.schedule))
    assert report.valid, [v for v in report.violations]
    assert (report.unplaced_weight, report.soft_penalty) == (run.unplaced_weight, run.soft_penalty)
    assert run.started_at is not None
    assert run.finished_at is not None


def test_a_run_is_solved_by_the_solver_worker_and_stored_valid(celery_pg, solver_worker, tmp_path) -> None:
    with unit_of_work() as s:
        save_scenario(s, small_world())
    with unit_of_work() as s:
        run = service.start_run(s, edition_code="cn2023", time_limit=5, workers=1, triggered_by="test")
        run_id = run.id
        assert run.status == "queued"

    (finished,) = wait_for([run_id], timeout=90)

    assert_valid(finished)
    assert len(finished.schedule["assignments"]) + len(finished.schedule["unplaced"]) == 8
    assert finished.progress["elapsed"] >= 0


def test_two_runs_of_one_edition_are_solved_one_after_the_other(celery_pg, solver_worker) -> None:
    with unit_of_work() as s:
        save_scenario(s, small_world())
    ids = []
    for _ in range(2):  # two requests at once: both recorded, the worker has two processes free
        with unit_of_work() as s:
            ids.append(service.start_run(s, edition_code="cn2023", time_limit=3, workers=1, triggered_by="test").id)

    finished = wait_for(ids, timeout=120)
    assert [r.status for r in finished] == ["succeeded", "succeeded"], [r.error for r in finished]
    first, second = sorted(finished, key=lambda r: r.started_at)

    assert_valid(first)
    assert_valid(second)
    assert first.finished_at <= second.started_at, "two solves of one edition overlapped"
