"""The notifier's HTTP endpoints end to end: one-click unsubscribe and the signed SendGrid Event Webhook."""

from __future__ import annotations

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notifier.api import router
from services.notifier.domain.unsubscribe import make_token
from shared.db import unit_of_work
from shared.models.notification import Suppression, WebhookEvent
from shared.settings import reset_settings


@pytest.fixture
def signing_key(festplan_env, monkeypatch):
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    body = "".join(public.decode().strip().splitlines()[1:-1])
    monkeypatch.setenv("FESTPLAN_SENDGRID_WEBHOOK_PUBLIC_KEY", body)
    reset_settings()
    return key


@pytest.fixture
def client(festplan_env):
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def _signed(key, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = key.sign(ts.encode() + body, ec.ECDSA(hashes.SHA256()))
    return {
        "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
        "X-Twilio-Email-Event-Webhook-Timestamp": ts,
        "Content-Type": "application/json",
    }


def _suppressed() -> dict[str, str]:
    with unit_of_work() as session:
        return {s.email: s.reason for s in session.scalars(select(Suppression))}


def test_get_only_shows_the_page_post_unsubscribes(client, festplan_env):
    token = make_token("Ana@Example.org", secret_key=festplan_env.secret_key)
    page = client.get(f"/notifications/unsubscribe/{token}")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "ana@example.org" in page.text
    assert _suppressed() == {}
    done = client.post(
        f"/notifications/unsubscribe/{token}",
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200
    assert _suppressed() == {"ana@example.org": "unsubscribe"}
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 200  # idempotent


def test_forged_token_is_refused(client):
    forged = make_token("ana@example.org", secret_key="not-the-secret")
    assert client.get(f"/notifications/unsubscribe/{forged}").status_code == 404
    assert client.post(f"/notifications/unsubscribe/{forged}").status_code == 404


def test_webhook_records_once_and_suppresses(client, signing_key):
    events = [
        {"sg_event_id": "e1", "event": "delivered", "email": "a@example.org", "notification_id": "4"},
        {"sg_event_id": "e2", "event": "bounce", "type": "bounce", "email": "B@example.org"},
        {"sg_event_id": "e3", "event": "bounce", "type": "blocked", "email": "c@example.org"},
        {"sg_event_id": "e4", "event": "unsubscribe", "email": "d@example.org"},
        {"sg_event_id": "e5", "event": "spamreport", "email": "e@example.org"},
        {"sg_event_id": "e6", "event": "dropped", "email": "f@example.org"},
    ]
    body = json.dumps(events).encode()
    first = client.post("/webhooks/sendgrid", content=body, headers=_signed(signing_key, body))
    assert first.json() == {"recorded": 6, "duplicates": 0}
    again = client.post("/webhooks/sendgrid", content=body, headers=_signed(signing_key, body))
    assert again.json() == {"recorded": 0, "duplicates": 6}
    assert _suppressed() == {"b@example.org": "bounce", "d@example.org": "unsubscribe", "e@example.org": "spamreport"}
    with unit_of_work() as session:
        delivered = session.scalar(select(WebhookEvent).where(WebhookEvent.provider_event_id == "e1"))
        assert delivered.notification_id == 4


def test_webhook_refuses_bad_signature_old_timestamp_and_tampering(client, signing_key):
    body = json.dumps([{"sg_event_id": "x", "event": "bounce", "email": "a@example.org"}]).encode()
    old = _signed(signing_key, body, timestamp=int(time.time()) - 600)
    assert client.post("/webhooks/sendgrid", content=body, headers=old).status_code == 403
    headers = _signed(signing_key, body)
    tampered = body.replace(b"a@example.org", b"z@example.org")
    assert client.post("/webhooks/sendgrid", content=tampered, headers=headers).status_code == 403
    other = ec.generate_private_key(ec.SECP256R1())
    assert client.post("/webhooks/sendgrid", content=body, headers=_signed(other, body)).status_code == 403
    assert _suppressed() == {}
