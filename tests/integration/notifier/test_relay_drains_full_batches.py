"""A producer that owes more emails than one relay batch holds gets them all sent, not one batch per beat period."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from services.notifier import service
from services.notifier.delivery.backends import close_backends
from shared import outbox
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.outbox import record


@pytest.fixture
def env(festplan_env):
    yield festplan_env
    close_backends()


def test_rows_beyond_one_batch_are_relayed_at_once(env, monkeypatch):
    monkeypatch.setattr(service, "RELAY_BATCH", 5)
    monkeypatch.setattr(outbox, "DIRECT_LIMIT", 0)  # every row through the relay, as in a big publication
    with unit_of_work() as session:
        for i in range(12):
            record(
                session,
                kind="lead.signin_link",
                recipient_email=f"lead{i}@example.org",
                recipient_name=None,
                locale="fr",
                payload={"link": f"https://festplan.example/signin/{i}"},
                idempotency_key=f"k{i}",
            )
    # one commit, one relay request: batches of 5, 5 and 2, each relay queuing the next one
    with unit_of_work() as session:
        statuses = dict(session.execute(select(Notification.status, func.count()).group_by(Notification.status)).all())
    assert statuses == {"sent": 12}
    assert len(list(env.outbox_dir.glob("*.eml"))) == 12
