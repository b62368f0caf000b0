"""With Redis as the broker, a burst of single-email commits publishes one wake-up, and nothing is stranded."""

from __future__ import annotations

import pytest
import redis
from notifier_servers import point_celery_at, use_settings
from sqlalchemy import select

from services.notifier import wakeup
from services.notifier.backends import close_backends
from services.notifier.outbox import record
from services.notifier.tasks import send_batch
from shared.db import unit_of_work
from shared.models.notification import Notification

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
