"""A real Celery worker on a real Redis delivering the outbox to a real SMTP server, through faults.

Run on PostgreSQL (the worker and the test share it) with a Redis database of the notifier's own.
"""

from __future__ import annotations

import time

import pytest
import redis
from notifier_servers import RedisServer, WorkerProcess, point_celery_at, record_signin_links, use_settings
from sqlalchemy import func, select

from services.notifier.delivery.backends import close_backends
from services.notifier.domain.policy import message_id
from services.notifier.tasks import relay
from shared.db import unit_of_work
from shared.models.notification import Notification

NOTIFIER_REDIS_DB = 7


def _record_many(count: int, prefix: str) -> list[str]:
    return record_signin_links([f"{prefix}:{n}" for n in range(count)])


def _statuses() -> dict[str, int]:
    with unit_of_work() as session:
        rows = session.execute(select(Notification.status, func.count()).group_by(Notification.status))
        return dict(rows.all())


def _queue_empty(broker_url: str) -> bool:
    try:
        return redis.Redis.from_url(broker_url, socket_timeout=1).llen("mail") == 0
    except redis.RedisError:
        return False  # the broker is down on purpose


def _wait(predicate, *, timeout: float, broker_url: str | None = None) -> bool:
    """Wait for ``predicate``; with ``broker_url``, play beat: relay once the mail queue has drained.

    The relay runs with one-second staleness only when the queue is empty, as the production
    ten-minute timeout only ever fires once the backlog is long gone.
    """
    deadline = time.monotonic() + timeout
    last_relay = 0.0
    while time.monotonic() < deadline:
        if predicate():
            return True
        if broker_url and time.monotonic() - last_relay > 2 and _queue_empty(broker_url):
            last_relay = time.monotonic()
            try:
                relay.apply(kwargs={"stale_seconds": 1, "lease_seconds": 1})
            except Exception as exc:
                print(f"relay failed: {type(exc).__name__}")
        time.sleep(0.3)
    return predicate()


@pytest.fixture
def worker_env(pg_env, smtp_sink, monkeypatch, redis_url, tmp_path):
    handler, port = smtp_sink
    broker = redis_url.rsplit("/", 1)[0] + f"/{NOTIFIER_REDIS_DB}"
    redis.Redis.from_url(broker).flushdb()
    settings = use_settings(monkeypatch, broker_url=broker, email_backend="smtp", smtp_port=port)
    point_celery_at(settings)
    worker = WorkerProcess(tmp_path / "worker.log")
    yield handler, worker, broker
    worker.stop()
    close_backends()
    redis.Redis.from_url(broker).flushdb()


def test_worker_delivers_each_email_once(worker_env):
    handler, worker, _ = worker_env
    worker.start()
    keys = _record_many(50, "plain")
    assert _wait(lambda: _statuses().get("sent") == 50, timeout=60), _statuses()
    assert sorted(handler.message_ids) == sorted(message_id(k) for k in keys)
    assert set(handler.message_ids.values()) == {1}


@pytest.mark.slow
def test_sigkill_mid_batch_then_restart_loses_nothing(worker_env, capsys):
    handler, worker, broker = worker_env
    total = 2000
    keys = _record_many(total, "kill")
    worker.start()
    assert _wait(lambda: len(handler.messages) >= 150, timeout=120)
    worker.kill()
    at_kill = len(handler.messages)
    worker.start()
    assert _wait(lambda: _statuses().get("sent") == total, timeout=400, broker_url=broker), _statuses()
    expected = {message_id(k) for k in keys}
    assert set(handler.message_ids) == expected  # every email arrived
    duplicates = sum(c - 1 for c in handler.message_ids.values())
    with capsys.disabled():
        print(
            f"\n[notifier fault test] {total} emails, worker SIGKILLed after {at_kill} deliveries; "
            f"duplicates: {duplicates}"
        )
    assert duplicates <= worker.concurrency  # only the messages in flight at the kill may go twice


@pytest.mark.slow
def test_redis_restart_mid_batch_loses_nothing(pg_env, smtp_sink, monkeypatch, tmp_path, capsys):
    handler, port = smtp_sink
    server = RedisServer(tmp_path)
    server.start()
    settings = use_settings(monkeypatch, broker_url=server.url, email_backend="smtp", smtp_port=port)
    point_celery_at(settings)
    worker = WorkerProcess(tmp_path / "worker.log")
    try:
        worker.start()
        total = 300
        keys = _record_many(total, "redis")
        assert _wait(lambda: len(handler.messages) >= 60, timeout=90)
        server.stop()  # every queued message is gone with it (no persistence)
        at_stop = len(handler.messages)
        time.sleep(2)
        server.start()
        assert _wait(lambda: _statuses().get("sent") == total, timeout=240, broker_url=server.url), _statuses()
        assert set(handler.message_ids) == {message_id(k) for k in keys}
        duplicates = sum(c - 1 for c in handler.message_ids.values())
        with capsys.disabled():
            print(f"\n[notifier redis restart] {total} emails, Redis stopped after {at_stop}; duplicates: {duplicates}")
        assert duplicates <= worker.concurrency
    finally:
        worker.stop()
        server.stop()
        close_backends()
