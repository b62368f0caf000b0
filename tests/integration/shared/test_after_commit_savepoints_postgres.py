"""``after_commit`` callbacks wait for the real commit on PostgreSQL, where SAVEPOINTs come and go inside it.

The outbox's hand-over is one of them: its tests run Celery on a real Redis broker and read the messages
the commit published from the ``mail`` queue itself.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest
import redis
from sqlalchemy import select, text

from shared.bootstrap import bootstrap
from shared.db import after_commit, unit_of_work
from shared.models.notification import Notification
from shared.settings import Settings, get_settings, reset_settings

#: This module's own Redis database (the notifier's tests use 7, 8 and 9, the scheduler's 6), flushed around each test.
BROKER_REDIS_DB = 12


def test_a_released_savepoint_does_not_run_the_callbacks_early(pg_env):
    ran: list[str] = []
    with unit_of_work() as session:
        after_commit(session, lambda: ran.append("first"))
        with session.begin_nested():
            session.execute(text("SELECT 1"))
        assert ran == []
        after_commit(session, lambda: ran.append("second"))
    assert ran == ["first", "second"]


def _refused_savepoint(session) -> None:  # type: ignore[no-untyped-def]
    with session.begin_nested():
        session.execute(text("SELECT 1"))
        raise ValueError("one row refused")


def test_a_rolled_back_savepoint_keeps_the_callbacks_of_the_transaction(pg_env):
    ran: list[str] = []
    with unit_of_work() as session:
        after_commit(session, lambda: ran.append("kept"))
        with pytest.raises(ValueError):
            _refused_savepoint(session)
    assert ran == ["kept"]


def _failing_use_case(ran: list[str]) -> None:
    with unit_of_work() as session:
        after_commit(session, lambda: ran.append("must not run"))
        with session.begin_nested():
            session.execute(text("SELECT 1"))
        raise RuntimeError("the use case failed")


def test_callbacks_registered_before_a_savepoint_are_dropped_when_the_transaction_rolls_back(pg_env):
    ran: list[str] = []
    with pytest.raises(RuntimeError):
        _failing_use_case(ran)
    assert ran == []


@pytest.fixture
def broker(pg_env: Settings, redis_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[redis.Redis]:
    """Celery pointed at a real Redis broker (a database of this module's own, empty); the client to read it."""
    from services.notifier.outbox import wakeup

    url = redis_url.rsplit("/", 1)[0] + f"/{BROKER_REDIS_DB}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    monkeypatch.setenv("FESTPLAN_BROKER_URL", url)
    reset_settings()
    bootstrap(get_settings(), migrate=False)  # configures Celery for the broker and drops its pooled connections
    wakeup.forget_clients()
    yield client
    client.flushdb()
    client.close()
    monkeypatch.delenv("FESTPLAN_BROKER_URL")
    reset_settings()
    bootstrap(get_settings(), migrate=False)  # back to eager Celery for whatever runs next in this process
    wakeup.forget_clients()


def _mail_queue(client: redis.Redis) -> list[tuple[str, list]]:
    """The Celery messages waiting in the ``mail`` queue, oldest first, as (task name, positional arguments)."""
    messages = [json.loads(raw) for raw in reversed(client.lrange("mail", 0, -1))]
    return [(m["headers"]["task"], json.loads(base64.b64decode(m["body"]))[0]) for m in messages]


def _record_leads(session, prefix: str, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    from shared import outbox

    ids = []
    for i in range(count):
        row = outbox.record(
            session,
            kind="lead.signin_link",
            recipient_email=f"{prefix}{i}@example.org",
            recipient_name=None,
            locale="fr",
            payload={"link": "https://festplan.example/s"},
            idempotency_key=f"{prefix}-{i}",
        )
        assert row is not None
        ids.append(row.id)
    return ids


def _statuses() -> dict[int, str]:
    with unit_of_work() as session:
        return dict(session.execute(select(Notification.id, Notification.status)).tuples().all())


def test_outbox_rows_of_one_transaction_leave_after_its_commit_in_batches(broker, monkeypatch):
    from services.notifier.delivery import send as delivery

    monkeypatch.setattr(delivery, "SEND_BATCH", 2)
    with unit_of_work() as session:
        ids = _record_leads(session, "savepoint", 5)
        session.flush()
        assert broker.dbsize() == 0  # nothing reaches the broker before the commit
    assert _mail_queue(broker) == [
        ("notifier.send_batch", [ids[0:2]]),
        ("notifier.send_batch", [ids[2:4]]),
        ("notifier.send_batch", [ids[4:5]]),
    ]  # every id handed over once, in batches, and no relay asked
    assert _statuses() == dict.fromkeys(ids, "queued")


def test_a_transaction_owing_more_than_the_direct_limit_asks_the_relay_once(broker, monkeypatch):
    from shared import outbox

    monkeypatch.setattr(outbox, "DIRECT_LIMIT", 2)
    with unit_of_work() as session:
        ids = _record_leads(session, "limit", 5)
    assert _mail_queue(broker) == [("notifier.send_batch", [ids[0:2]]), ("notifier.relay", [])]
    assert _statuses() == {**dict.fromkeys(ids[0:2], "queued"), **dict.fromkeys(ids[2:], "pending")}


def _failing_producer() -> None:
    with unit_of_work() as session:
        _record_leads(session, "failed", 3)
        with session.begin_nested():
            session.execute(text("SELECT 1"))
        raise RuntimeError("the use case failed")


def test_a_transaction_that_rolls_back_after_a_savepoint_hands_nothing_to_the_broker(broker):
    with pytest.raises(RuntimeError):
        _failing_producer()
    assert broker.dbsize() == 0  # no message, not even the wake-up key
    assert _statuses() == {}


def test_rows_recorded_beside_a_rolled_back_savepoint_leave_once_after_the_commit(broker):
    with unit_of_work() as session:
        before = _record_leads(session, "before", 2)
        with pytest.raises(ValueError):
            _refused_savepoint(session)
        assert broker.dbsize() == 0
        after = _record_leads(session, "after", 1)
    assert _mail_queue(broker) == [("notifier.send_batch", [before + after])]
    assert _statuses() == dict.fromkeys(before + after, "queued")
