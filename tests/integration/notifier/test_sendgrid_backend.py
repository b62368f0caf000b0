"""The SendGrid backend (official package) against a local v3 stand-in validating SendGrid's OpenAPI schema."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest
from notifier_servers import use_settings
from sqlalchemy import select

from services.notifier import service
from services.notifier.delivery.backends import close_backends
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import record


@pytest.fixture
def sendgrid_env(festplan_env, sendgrid_stand_in, monkeypatch):
    use_settings(
        monkeypatch,
        email_backend="sendgrid",
        sendgrid_host=sendgrid_stand_in.url,
        sendgrid_api_key="SG.test-key",
        sendgrid_sandbox="true",
    )
    yield sendgrid_stand_in
    close_backends()


def _record(key: str, **extra) -> int:
    values = dict(
        kind="speaker.schedule_change",
        recipient_email="ana@example.org",
        recipient_name="Ana <b>",
        locale="fr",
        idempotency_key=key,
        payload={
            "sequence": 3,
            "changes": [
                {
                    "code": "S1",
                    "title": "Atelier",
                    "old": {
                        "start": "2023-10-18T14:00:00",
                        "end": "2023-10-18T15:00:00",
                        "room_name": "A",
                        "venue_name": "V",
                    },
                    "new": {
                        "start": "2023-10-19T10:00:00",
                        "end": "2023-10-19T11:00:00",
                        "room_name": "B",
                        "venue_name": "W",
                    },
                },
                {
                    "code": "S2",
                    "title": "Table ronde",
                    "old": {
                        "start": "2023-10-20T14:00:00",
                        "end": "2023-10-20T15:00:00",
                        "room_name": "A",
                        "venue_name": "V",
                    },
                    "new": None,
                },
            ],
        },
    )
    values.update(extra)
    with unit_of_work() as session:
        return record(session, **values).id


def _status(notification_id: int) -> Notification:
    with unit_of_work() as session:
        return session.get(Notification, notification_id)


def test_valid_body_with_categories_custom_args_sandbox_and_calendars(sendgrid_env):
    notification_id = _record("change:1")
    assert sendgrid_env.invalid == []
    row = _status(notification_id)
    assert (row.status, row.provider_message_id) == ("sent", "sg-000001")
    body = sendgrid_env.bodies[0]
    assert body["custom_args"] == {"notification_id": str(notification_id), "kind": "speaker.schedule_change"}
    assert "speaker.schedule_change" in body["categories"]
    assert body["mail_settings"]["sandbox_mode"]["enable"] is True
    assert body["headers"]["Message-ID"].endswith("@festplan>")
    assert sendgrid_env.authorizations[0] == "Bearer SG.test-key"
    types = {a["type"]: a for a in body["attachments"]}
    assert set(types) == {"text/calendar; method=REQUEST", "text/calendar; method=CANCEL"}
    assert b"METHOD:REQUEST" in base64.b64decode(types["text/calendar; method=REQUEST"]["content"])


def test_429_honours_retry_after_then_sends(sendgrid_env):
    sendgrid_env.script = [(429, {"Retry-After": "37"})]
    notification_id = _record("change:2", send_after=utcnow() + timedelta(hours=1))
    outcome = service.deliver(notification_id)
    assert (outcome.status, outcome.retry_in) == ("pending", 37.0)
    row = _status(notification_id)
    assert row.last_error.startswith("HTTP 429")
    assert timedelta(seconds=30) < row.next_attempt_at - utcnow() <= timedelta(seconds=37)
    assert service.deliver(notification_id).status == "sent"


def test_rate_limit_reset_header_is_honoured(sendgrid_env):
    sendgrid_env.script = [(429, {"X-RateLimit-Reset": str(int(time.time()) + 90)})]
    notification_id = _record("change:3", send_after=utcnow() + timedelta(hours=1))
    outcome = service.deliver(notification_id)
    assert outcome.retry_in is not None
    assert 80 <= outcome.retry_in <= 91


def test_500_is_retried_and_400_fails_for_good(sendgrid_env):
    sendgrid_env.script = [(500, {}), (400, {})]
    first = _record("change:4", send_after=utcnow() + timedelta(hours=1))
    assert service.deliver(first).status == "pending"
    assert service.deliver(first).status == "failed"
    assert _status(first).last_error.startswith("HTTP 400")


def test_unreachable_host_is_transient(festplan_env, monkeypatch):
    from notifier_servers import free_port

    use_settings(monkeypatch, email_backend="sendgrid", sendgrid_host=f"http://127.0.0.1:{free_port()}")
    try:
        notification_id = _record("change:5")
        row = _status(notification_id)
        assert row.status == "pending"
        assert "SendGrid unreachable" in row.last_error
    finally:
        close_backends()


def test_every_kind_body_is_valid(sendgrid_env):
    from shared.outbox import KINDS

    with unit_of_work() as session:
        for kind in KINDS:
            record(
                session,
                kind=kind,
                recipient_email="x@example.org",
                recipient_name="X",
                locale="en",
                payload={
                    "link": "https://f.example/x",
                    "decision": "rejected",
                    "message": "<i>non</i>",
                    "title": "Atelier <script>",
                    "code": "S9",
                },
                idempotency_key=f"all:{kind}",
                category="bulk" if "survey" in kind else "transactional",
            )
    assert sendgrid_env.invalid == []
    with unit_of_work() as session:
        statuses = {n.kind: n.status for n in session.scalars(select(Notification))}
    failed = {k: s for k, s in statuses.items() if s != "sent"}
    assert failed == {}
    surveys = [b for b in sendgrid_env.bodies if "survey.reminder" in b["categories"]]
    assert surveys[0]["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_kept_alive_connection_serves_a_batch_and_survives_an_idle_close(sendgrid_env):
    from services.notifier.delivery.backends import get_backend
    from shared.settings import get_settings

    handler = sendgrid_env.server.RequestHandlerClass
    handler.protocol_version = "HTTP/1.1"  # keep-alive, as SendGrid's API
    handler.timeout = 0.3  # the server closes a connection idle this long
    later = utcnow() + timedelta(hours=1)
    ids = [_record(f"batch:{n}", send_after=later, recipient_email=f"p{n}@example.org") for n in range(5)]
    outcomes = service.deliver_batch(ids)
    assert [o.status for o in outcomes] == ["sent"] * 5
    backend = get_backend(get_settings())
    assert backend.connections_opened == 1
    time.sleep(0.6)  # the server has closed the idle connection
    late = _record("batch:late", send_after=later, recipient_email="late@example.org")
    assert service.deliver(late).status == "sent"
    assert backend.connections_opened == 2
    assert sendgrid_env.invalid == []
    assert len(sendgrid_env.bodies) == 6  # each email posted once
