"""The outbox end to end on the embedded default: record → commit → relay → send → .eml file."""

from __future__ import annotations

import email
from datetime import timedelta
from email import policy

import pytest
from sqlalchemy import select

from services.notifier import service
from services.notifier.delivery.backends import close_backends
from services.notifier.domain.policy import PermanentDeliveryError, TransientDeliveryError, message_id
from shared.db import unit_of_work
from shared.mail_secrets import REDACTED
from shared.models.notification import Notification, Suppression
from shared.models.types import utcnow
from shared.outbox import record


@pytest.fixture
def env(festplan_env):
    yield festplan_env
    close_backends()


def _record(session, key: str = "k1", **extra):
    values = {
        "kind": "lead.signin_link",
        "recipient_email": "lead@example.org",
        "recipient_name": "Léa Lead",
        "locale": "fr",
        "payload": {"link": "https://festplan.example/signin/abc"},
        "idempotency_key": key,
    }
    values.update(extra)
    return record(session, **values)


def test_record_commit_sends_one_eml_with_stable_message_id(env):
    with unit_of_work() as session:
        row = _record(session)
        assert row is not None
        assert list(env.outbox_dir.glob("*.eml")) == []  # nothing leaves before the commit
    files = list(env.outbox_dir.glob("*.eml"))
    assert len(files) == 1
    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["Message-ID"] == message_id("k1")
    assert msg["To"].addresses[0].addr_spec == "lead@example.org"
    assert "https://festplan.example/signin/abc" in msg.get_body(("plain",)).get_content()
    with unit_of_work() as session:
        stored = session.scalar(select(Notification))
        assert stored.status == "sent"
        assert stored.sent_at is not None
        assert stored.provider_message_id == files[0].name


def test_same_key_twice_is_one_row_and_one_email(env):
    with unit_of_work() as session:
        assert _record(session) is not None
        assert _record(session) is None
    with unit_of_work() as session:
        assert _record(session) is None
    assert len(list(env.outbox_dir.glob("*.eml"))) == 1


def _failing_change() -> None:
    with unit_of_work() as session:
        _record(session)
        raise RuntimeError("the change that caused the email failed")


def test_rollback_sends_nothing(env):
    with pytest.raises(RuntimeError):
        _failing_change()
    assert list(env.outbox_dir.glob("*.eml")) == []
    with unit_of_work() as session:
        assert session.scalar(select(Notification)) is None


def test_planned_and_held_rows_wait(env):
    with unit_of_work() as session:
        _record(session, "later", send_after=utcnow() + timedelta(days=3))
        _record(session, "held", held=True)
    assert list(env.outbox_dir.glob("*.eml")) == []
    sent: list[int] = []
    assert service.relay(enqueue=sent.append) == []
    assert service.relay(enqueue=sent.append, now=utcnow() + timedelta(days=4)) != []
    with unit_of_work() as session:
        statuses = {n.idempotency_key: n.status for n in session.scalars(select(Notification))}
    assert statuses == {"later": "queued", "held": "held"}


class FlakyBackend:
    name = "flaky"

    def __init__(self, errors):
        self.errors = list(errors)
        self.sent = []

    def send(self, email_):
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(email_)
        return "provider-1"

    def close(self):
        pass


def _pending_row(key="k-flaky") -> int:
    with unit_of_work() as session:
        row = _record(session, key, send_after=utcnow() + timedelta(hours=1))
        return row.id


def test_transient_failure_goes_back_to_pending_then_succeeds_with_same_message_id(env):
    notification_id = _pending_row()
    backend = FlakyBackend([TransientDeliveryError("HTTP 429", retry_after=42)])
    outcome = service.deliver(notification_id, backend=backend)
    assert outcome.status == "pending"
    assert outcome.retry_in == 42
    with unit_of_work() as session:
        row = session.get(Notification, notification_id)
        assert (row.status, row.attempts, row.deliveries, row.last_error) == ("pending", 1, 0, "HTTP 429")
        assert row.next_attempt_at > utcnow() + timedelta(seconds=30)
    assert service.deliver(notification_id, backend=backend).status == "sent"
    assert backend.sent[0].message_id == message_id("k-flaky")


def test_permanent_failure_keeps_the_reason_and_the_link_and_retry_failed_puts_it_back(env):
    notification_id = _pending_row()
    outcome = service.deliver(notification_id, backend=FlakyBackend([PermanentDeliveryError("SMTP 550: no such user")]))
    assert outcome.status == "failed"
    with unit_of_work() as session:
        row = session.get(Notification, notification_id)
        link = row.payload["link"]
        assert row.last_error == "SMTP 550: no such user"
        assert link != REDACTED  # never reached its person: it keeps the link to send again
    assert service.retry_failed() == 1
    with unit_of_work() as session:
        row = session.get(Notification, notification_id)
        assert (row.status, row.payload["link"]) == ("pending", link)
    backend = FlakyBackend([])
    assert service.deliver(notification_id, backend=backend).status == "sent"
    assert link in backend.sent[0].text
    with unit_of_work() as session:
        assert session.get(Notification, notification_id).payload["link"] == REDACTED


def test_a_sent_row_is_never_claimed_again(env):
    notification_id = _pending_row()
    backend = FlakyBackend([])
    assert service.deliver(notification_id, backend=backend).status == "sent"
    assert service.deliver(notification_id, backend=backend).status == "sent"
    assert len(backend.sent) == 1


def test_poison_message_is_given_up_after_five_deliveries(env):
    notification_id = _pending_row()
    start = utcnow()
    with unit_of_work() as session:
        session.get(Notification, notification_id).status = "queued"
    for i in range(5):  # each claim is followed by a worker death: no outcome recorded
        with unit_of_work() as session:
            from services.notifier import repository

            assert repository.claim(session, notification_id, now=start, max_deliveries=5) is not None
        service.relay(enqueue=lambda _id: None, now=start + timedelta(minutes=11 * (i + 1)), lease_seconds=600)
    with unit_of_work() as session:
        row = session.get(Notification, notification_id)
        assert row.status == "failed"
        assert row.deliveries == 5
        assert "5 prises en charge" in row.last_error
        assert row.payload["link"] == "https://festplan.example/signin/abc"  # never left: kept for retry-failed


def test_bulk_mail_respects_suppression_but_service_mail_goes_out(env, caplog):
    with unit_of_work() as session:
        session.add(Suppression(email="lead@example.org", reason="unsubscribe"))
    with unit_of_work() as session:
        _record(session, "bulk", kind="survey.reminder", category="bulk")
        _record(session, "service", kind="lead.signin_link")
    with unit_of_work() as session:
        statuses = {n.idempotency_key: n.status for n in session.scalars(select(Notification))}
    assert statuses == {"bulk": "suppressed", "service": "sent"}
    assert "sent anyway" in caplog.text
