"""An email that cannot be built is failed with its reason, shown by ``festplan notify status``, never retried.

The MIME headers of an address like ``josé@exemple.fr`` cannot be encoded: the backend raised a
UnicodeEncodeError that was not a DeliveryError, so the row stayed ``sending`` for good while the
status said nothing was waiting. Both ways out of the outbox (a batch by ids, the drain of queued rows)
go through the same send, with the real file backend, on PostgreSQL.
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from services.cli import _register_services, app
from services.notifier import service
from services.notifier.delivery import send as delivery
from services.notifier.delivery.backends import close_backends
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import record
from shared.settings import Settings

runner = CliRunner()


@pytest.fixture
def env(pg_env: Settings) -> Settings:
    yield pg_env
    close_backends()


def _record(*, key: str, later: bool) -> int:
    with unit_of_work() as session:
        row = record(
            session,
            kind="lead.signin_link",
            recipient_email="josé@exemple.fr",  # stored before the entry checks refused such addresses
            recipient_name="José",
            locale="fr",
            payload={"link": "https://festplan.example/gestion/connexion/abc"},
            idempotency_key=key,
            send_after=utcnow() + timedelta(hours=1) if later else None,
        )
        assert row is not None
        return row.id


def _row(notification_id: int) -> Notification:
    with unit_of_work() as session:
        row = session.get(Notification, notification_id)
        assert row is not None
        session.expunge(row)
        return row


def test_a_batch_marks_the_unbuildable_email_failed_with_its_reason_once(env: Settings) -> None:
    notification_id = _record(key="unbuildable-1", later=True)
    outcome = service.deliver(notification_id)
    assert outcome.status == "failed"
    row = _row(notification_id)
    assert row.status == "failed"
    assert "UnicodeEncodeError" in (row.last_error or "")
    assert row.attempts == 1
    again = service.deliver(notification_id)  # a failed row is not claimed again: no loop
    assert again.detail == "not claimed"
    assert _row(notification_id).attempts == 1

    _register_services()
    report = json.loads(runner.invoke(app, ["notify", "status", "--json"]).stdout)
    assert report["by_status"]["failed"] == 1
    assert report["by_status"]["sending"] == 0
    assert any(e["id"] == notification_id and "UnicodeEncodeError" in e["error"] for e in report["last_errors"])
    human = runner.invoke(app, ["notify", "status"]).stdout
    assert "UnicodeEncodeError" in human


def test_the_immediate_hand_over_after_the_commit_fails_it_too_and_the_drain_finds_nothing(env: Settings) -> None:
    bad = _record(key="unbuildable-2", later=False)  # due now: handed to the (eager) mail queue at the commit
    row = _row(bad)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "impossible à construire" in (row.last_error or "")
    outcomes, empty = delivery.drain_queued(until=time.monotonic() + 30)
    assert (outcomes, empty) == ([], True)
