"""Inputs that used to answer 500 on PostgreSQL: ids beyond INTEGER, a room without features, odd webhook bodies,
names with control characters. Each answers a 4xx (or is stored cleaned), never a server error."""

from __future__ import annotations

import base64
import json
import re
import time

import pytest
from api_world import World
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient

from shared.web.ids import INT32

HUGE = (INT32 + 1, 2**63, 10**30)


def _routes(routes: list, prefix: str = "") -> list[tuple[str, str]]:
    """(method, path) of every route of the app, through the included routers."""
    found = []
    for route in routes:
        if hasattr(route, "original_router"):
            found += _routes(route.original_router.routes, prefix + route.include_context.prefix)
        else:
            found += [(method, prefix + route.path) for method in getattr(route, "methods", None) or ()]
    return found


def test_every_route_refuses_an_id_beyond_integer_with_a_4xx(pg_module_app: tuple[TestClient, World]) -> None:
    client, world = pg_module_app
    with_ids = [(m, p) for m, p in _routes(client.app.routes) if re.search(r"\{(\w+_)?id\}", p)]
    assert len(with_ids) > 30
    for method, path in with_ids:
        for number in HUGE:
            url = re.sub(r"\{(\w+_)?id\}", str(number), path)
            answer = client.request(method, url, headers=world.h("lead"), json={})
            assert answer.status_code < 500, (method, url, answer.text[:300])
    runs = client.get(f"/api/v1/runs/{2**63}/diff", headers=world.h("lead"))
    assert runs.status_code == 422
    assert "run_id" in runs.text


def test_ids_in_queries_and_bodies_are_bounded_too(pg_module_app: tuple[TestClient, World]) -> None:
    client, world = pg_module_app
    lead = world.h("lead")
    assert client.get(f"/api/v1/venues?edition_id={2**63}", headers=lead).status_code == 422
    body = {"venue_id": 2**63, "code": "x1", "name": "Salle", "capacity": 10}
    assert client.post("/api/v1/rooms", json=body, headers=lead).status_code == 422


def test_a_room_created_without_features_reads_back_with_none(pg_module_app: tuple[TestClient, World]) -> None:
    client, world = pg_module_app
    lead = world.h("lead")
    created = client.post(
        "/api/v1/rooms",
        json={"venue_id": world.venue_id, "code": "hd-salle-b", "name": "Salle B", "capacity": 20},
        headers=lead,
    )
    assert created.status_code == 201, created.text
    assert created.json()["features"] == []
    nulled = client.post(
        "/api/v1/rooms",
        json={"venue_id": world.venue_id, "code": "hd-salle-c", "name": "Salle C", "capacity": 20, "features": None},
        headers=lead,
    )
    assert nulled.status_code == 201, nulled.text
    room_id = created.json()["id"]
    patched = client.patch(f"/api/v1/rooms/{room_id}", json={"features": None}, headers=lead)
    assert patched.status_code == 200, patched.text
    assert patched.json()["features"] == []


@pytest.mark.parametrize("kind", ["speakers", "partners", "participants"])
def test_names_lose_their_control_characters_where_they_enter(
    pg_module_app: tuple[TestClient, World], kind: str
) -> None:
    client, world = pg_module_app
    body = {"edition_id": world.edition_id, "name": "Zoé\x07 \x1b[31mMartin\u2028 ", "email": f"zoe.{kind}@example.org"}
    body |= {} if kind == "participants" else {"code": f"zz-{kind}"}
    created = client.post(f"/api/v1/{kind}", json=body, headers=world.h("lead"))
    assert created.status_code == 201, created.text
    assert created.json()["name"] == "Zoé [31mMartin"
    only_controls = client.post(
        f"/api/v1/{kind}",
        json=body | {"name": "\x00\x01", "email": f"x.{kind}@example.org", "code": "zz-other"},
        headers=world.h("lead"),
    )
    assert only_controls.status_code == 422


def test_an_address_no_email_header_can_hold_is_refused(pg_module_app: tuple[TestClient, World]) -> None:
    client, world = pg_module_app
    for email in ("josé@exemple.fr", "a\x01b@example.org", "a@b@example.org"):
        body = {"edition_id": world.edition_id, "code": "zz-mail", "name": "Zoé", "email": email}
        assert client.post("/api/v1/speakers", json=body, headers=world.h("lead")).status_code == 422, email


def test_a_signed_webhook_whose_events_are_not_objects_is_a_4xx_or_skipped(
    pg_module_app: tuple[TestClient, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.settings import reset_settings

    client, _ = pg_module_app
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    monkeypatch.setenv("FESTPLAN_SENDGRID_WEBHOOK_PUBLIC_KEY", "".join(public.decode().splitlines()[1:-1]))
    reset_settings()
    try:
        bodies = [
            [1, "x", None, [], True],
            [{"sg_event_id": ["a"], "event": {"b": 1}}],
            [{"sg_event_id": "e1", "event": ["bounce"]}],
            [{"sg_event_id": "e2", "event": "bounce", "email": {"a": 1}, "notification_id": "99999999999999"}],
            [{"sg_event_id": "e3", "event": "delivered", "notification_id": "²"}],
            [{"sg_event_id": "x" * 300, "event": "delivered"}],
            {"event": "bounce"},
        ]
        for body in bodies:
            raw = json.dumps(body).encode()
            stamp = str(int(time.time()))
            signature = key.sign(stamp.encode() + raw, ec.ECDSA(hashes.SHA256()))
            answer = client.post(
                "/webhooks/sendgrid",
                content=raw,
                headers={
                    "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
                    "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
                    "Content-Type": "application/json",
                },
            )
            assert answer.status_code < 500, (body, answer.text)
        assert answer.status_code == 400  # the last body is not an array
    finally:
        monkeypatch.delenv("FESTPLAN_SENDGRID_WEBHOOK_PUBLIC_KEY")
        reset_settings()


def test_back_office_ids_read_from_forms_and_queries_never_reach_the_database_unbounded(
    pg_module_app: tuple[TestClient, World],
) -> None:
    from shared.db import unit_of_work
    from shared.web.backoffice.session import COOKIE_NAME, ensure_lead, open_session

    client, _ = pg_module_app
    with unit_of_work() as session:
        cookie = open_session(session, user_id=ensure_lead(session).id)
    client.cookies.set(COOKIE_NAME, cookie)
    try:
        for odd in ("99999999999999", "²", "9" * 5000):
            assert client.get("/gestion/propositions", params={"partenaire": odd}).status_code == 200, odd
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', client.get("/gestion/").text).group(1)
        for action in ("/gestion/epingles", "/gestion/epingles/retrait"):
            for odd in ("99999999999999", "²"):
                answer = client.post(action, data={"csrf": csrf, "run": odd, "session": "x"}, follow_redirects=False)
                assert answer.status_code < 500, (action, odd)
    finally:
        client.cookies.delete(COOKIE_NAME)
