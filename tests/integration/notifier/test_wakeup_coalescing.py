"""With Redis as the broker, a burst of single-email commits publishes one wake-up, and nothing is stranded."""

from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime, timedelta

import pytest
import redis
from notifier_servers import point_celery_at, use_settings
from sqlalchemy import select

from services.notifier import tasks
from services.notifier.delivery.backends import close_backends
from services.notifier.outbox import wakeup
from services.notifier.tasks import send_batch
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.outbox import record

WAKEUP_REDIS_DB = 8


@pytest.fixture
def broker(pg_env, smtp_sink, monkeypatch, redis_url):
    _, port = smtp_sink
    url = redis_url.rsplit("/", 1)[0] + f"/{WAKEUP_REDIS_DB}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    point_celery_at(use_settings(monkeypatch, broker_url=url, email_backend="smtp", smtp_port=port))
    wakeup.forget_clients()
    yield client
    close_backends()
    client.flushdb()
    wakeup.forget_clients()


def _commit_one(n: int) -> int:
    with unit_of_work() as session:
        row = record(
            session,
            kind="lead.signin_link",
            recipient_email=f"lead{n}@example.org",
            recipient_name=None,
            locale="fr",
            payload={"link": f"https://festplan.example/s/{n}"},
            idempotency_key=f"wake:{n}",
        )
        return row.id


def _statuses() -> dict[int, str]:
    with unit_of_work() as session:
        return dict(session.execute(select(Notification.id, Notification.status)).all())


def test_one_wake_up_serves_a_burst_and_the_next_commit_publishes_again(broker, smtp_sink):
    handler, _ = smtp_sink
    first = _commit_one(1)
    assert broker.llen("mail") == 1  # the first commit published
    others = [_commit_one(n) for n in range(2, 6)]
    assert broker.llen("mail") == 1  # a wake-up was pending: the burst published nothing more
    assert broker.exists(wakeup.KEY)

    # the worker's task, run here: it takes every queued row along, then gives the wake-up back
    assert send_batch.apply(args=[[first]]).get() == 5
    assert set(_statuses().values()) == {"sent"}
    assert len(handler.messages) == 5
    assert not broker.exists(wakeup.KEY)

    queued_messages = broker.llen("mail")  # the wake-up, and the drain's calls for help (its rows waited)
    late = _commit_one(6)
    assert broker.llen("mail") == queued_messages + 1  # nothing pending any more: this commit published
    assert _statuses()[late] == "queued"
    assert sorted([first, *others]) == sorted(i for i, s in _statuses().items() if s == "sent")


def test_a_drain_that_found_the_queue_empty_is_rung_awake_by_the_next_commit(broker, smtp_sink, monkeypatch):
    """The worker waits on the doorbell a moment before leaving: a trickle of emails costs no message each."""
    handler, _ = smtp_sink
    monkeypatch.setattr(tasks, "BEHIND_SECONDS", 60.0)  # no row is late: no call for help, the wake-up is alone
    first = _commit_one(1)
    assert broker.llen("mail") == 1
    result: dict[str, int] = {}
    worker = threading.Thread(target=lambda: result.update(sent=send_batch.apply(args=[[first]]).get()))
    began = time.monotonic()
    worker.start()
    _wait_for(lambda: _statuses()[first] == "sent")
    second = _commit_one(2)  # while the task waits on the doorbell, holding the wake-up key
    worker.join(timeout=30)
    assert result["sent"] == 2  # the same task sent it: rung awake, it drained again
    assert broker.llen("mail") == 1  # the wake-up key was held: the second commit published nothing
    assert _statuses() == {first: "sent", second: "sent"}
    assert len(handler.messages) == 2
    assert time.monotonic() - began >= tasks.LINGER_SECONDS  # after the last row it waited once more, then left
    assert not broker.exists(wakeup.KEY)


def test_rows_held_up_a_moment_are_still_a_trickle_and_the_drain_waits_for_the_next_one(broker, smtp_sink, monkeypatch):
    """A hiccup of the machine (a row that waited tens of milliseconds) calls for help but ends no drain."""
    monkeypatch.setattr(tasks, "BEHIND_SECONDS", 0.0)  # every row counts as held up
    first = _commit_one(1)
    result: dict[str, int] = {}
    worker = threading.Thread(target=lambda: result.update(sent=send_batch.apply(args=[[first]]).get()))
    worker.start()
    _wait_for(lambda: _statuses()[first] == "sent")
    second = _commit_one(2)
    worker.join(timeout=30)
    assert result["sent"] == 2  # the same task, rung awake, sent the second row too
    assert _statuses() == {first: "sent", second: "sent"}
    (wake_up_args, _), *calls = _mail_queue(broker)
    assert wake_up_args == [[first]]
    assert all(args == [[]] for args, _ in calls)  # calls for help only: the second commit published nothing


def _wait_for(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_drain_working_through_a_backlog_leaves_at_once_when_the_queue_is_empty(broker, smtp_sink, monkeypatch):
    """Rows that waited (the relay's batches) mean a backlog: the worker must be free for the next batch."""
    monkeypatch.setattr(tasks, "BACKLOG_SECONDS", 0.0)  # every row counts as a backlog's
    first = _commit_one(1)
    began = time.monotonic()
    assert send_batch.apply(args=[[first]]).get() == 1
    assert time.monotonic() - began < tasks.LINGER_SECONDS  # no wait on the doorbell
    assert not broker.exists(wakeup.KEY)


def _mail_queue(broker) -> list[tuple[list, dict]]:  # type: ignore[no-untyped-def]
    """The ``mail`` queue's messages, oldest first, as (task arguments, Celery headers)."""
    messages = [json.loads(raw) for raw in reversed(broker.lrange("mail", 0, -1))]
    return [(json.loads(base64.b64decode(m["body"]))[0], m["headers"]) for m in messages]


def test_a_drain_falling_behind_calls_for_help_with_a_message_that_expires(broker, monkeypatch):
    """Run late (every worker busy draining), a call for help would only cost a task: it expires unrun."""
    monkeypatch.setattr(tasks, "BEHIND_SECONDS", 0.0)  # every row counts as having waited
    first = _commit_one(1)
    called_at = datetime.now().astimezone()
    assert send_batch.apply(args=[[first]]).get() == 1

    (wake_up_args, wake_up), *calls = _mail_queue(broker)
    assert wake_up_args == [[first]]
    assert wake_up["expires"] is None  # the producer's wake-up stands until a worker takes it
    assert calls, "the row waited: the drain called a second worker in"
    for args, headers in calls:
        assert args == [[]]
        expires = datetime.fromisoformat(headers["expires"])
        assert called_at < expires <= datetime.now().astimezone() + timedelta(seconds=tasks.HELP_SECONDS)


def test_two_commits_ring_two_waiting_workers_awake_and_the_rings_kept_are_capped(broker):
    """Each ring wakes one waiting worker, so a second email is not left to wait for the first one's sender."""
    woken: list[bool] = []
    waiters = [threading.Thread(target=lambda: woken.append(wakeup.wait_for_doorbell(5.0))) for _ in range(2)]
    for waiter in waiters:
        waiter.start()
    _wait_for(lambda: broker.info("clients")["blocked_clients"] == 2)
    wakeup.claim_wakeup()
    wakeup.claim_wakeup()
    for waiter in waiters:
        waiter.join(timeout=5)
    assert woken == [True, True]

    for _ in range(3 * wakeup.DOORBELL_RINGS):  # nobody waiting: the rings of rows a drain will take anyway
        wakeup.claim_wakeup()
    assert broker.llen(wakeup.DOORBELL) == wakeup.DOORBELL_RINGS


def test_the_first_hand_over_claims_the_wake_up_and_the_next_find_it_taken_even_after_redis_forgot_scripts(broker):
    """One command sets the key, rings and expires both; Redis restarted (scripts gone), it is loaded again."""
    assert wakeup.claim_wakeup() is True  # the caller publishes
    assert wakeup.claim_wakeup() is False  # a wake-up is pending: the drain takes this row
    assert 0 < broker.pttl(wakeup.KEY) <= wakeup.TTL_MS
    assert 0 < broker.pttl(wakeup.DOORBELL) <= wakeup.TTL_MS
    assert broker.llen(wakeup.DOORBELL) == 2
    broker.script_flush()
    broker.delete(wakeup.KEY)
    assert wakeup.claim_wakeup() is True
    assert broker.llen(wakeup.DOORBELL) == 3
