"""Who may call what: 401 without a valid token, 403 for the wrong role, 404 for what belongs to someone else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_world import PROPOSAL, World

PARTNER_ONLY = [
    ("GET", "/api/v1/partner/me"),
    ("GET", "/api/v1/partner/proposals"),
    ("POST", "/api/v1/partner/proposals"),
    ("GET", "/api/v1/partner/proposals/{pa_proposal}"),
    ("PUT", "/api/v1/partner/proposals/{pa_proposal}"),
    ("POST", "/api/v1/partner/proposals/{pa_proposal}/withdraw"),
]
SPEAKER_ONLY = [("GET", "/api/v1/speaker/me"), ("PATCH", "/api/v1/speaker/me")]
LEAD_ONLY = [
    ("GET", "/api/v1/editions"),
    ("POST", "/api/v1/editions"),
    ("GET", "/api/v1/editions/{edition}"),
    ("PATCH", "/api/v1/editions/{edition}"),
    *[
        (m, f"/api/v1/{r}")
        for r in ("venues", "rooms", "partners", "speakers", "participants", "registrations")
        for m in ("GET", "POST")
    ],
    *[
        (m, f"/api/v1/{r}/1")
        for r in ("venues", "rooms", "partners", "speakers", "participants", "registrations")
        for m in ("GET", "PATCH", "DELETE")
    ],
    ("POST", "/api/v1/partners/{pa}/link"),
    ("DELETE", "/api/v1/partners/{pa}/link"),
    ("POST", "/api/v1/speakers/{sa}/link"),
    ("DELETE", "/api/v1/speakers/{sa}/link"),
    ("GET", "/api/v1/proposals"),
    ("GET", "/api/v1/proposals/{pa_proposal}"),
    ("POST", "/api/v1/proposals/{pa_proposal}/decision"),
]
SHARED_AVAILABILITY = [("GET", "/api/v1/speakers/{sa}/availability"), ("PUT", "/api/v1/speakers/{sa}/availability")]


def _proposal(client, world: World, who: str = "partner_a") -> int:
    response = client.post("/api/v1/partner/proposals", json=PROPOSAL, headers=world.h(who))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _call(client, method: str, path: str, world: World, proposal_id: int, headers: dict[str, str] | None = None):
    url = path.format(pa_proposal=proposal_id, edition=world.edition_id, pa=world.partner_a, sa=world.speaker_a)
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return client.request(method, url, json=body, headers=headers or {})


@pytest.fixture(scope="module")
def shared(module_app):
    """The module's client and edition, with one proposal of partner A to aim at."""
    client, world = module_app
    return client, world, _proposal(client, world)


@pytest.mark.parametrize(("method", "path"), PARTNER_ONLY + SPEAKER_ONLY + LEAD_ONLY + SHARED_AVAILABILITY)
def test_every_protected_endpoint_answers_401_without_a_token(shared, method, path):
    client, world, proposal_id = shared
    response = _call(client, method, path, world, proposal_id)
    assert response.status_code == 401, (method, path, response.text)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("method", "path", "who"),
    [(m, p, who) for m, p in PARTNER_ONLY for who in ("lead", "speaker_a")]
    + [(m, p, who) for m, p in SPEAKER_ONLY for who in ("lead", "partner_a")]
    + [(m, p, who) for m, p in LEAD_ONLY for who in ("partner_a", "speaker_a")]
    + [(m, p, "partner_a") for m, p in SHARED_AVAILABILITY],
)
def test_the_wrong_role_gets_403(shared, method, path, who):
    client, world, proposal_id = shared
    response = _call(client, method, path, world, proposal_id, world.h(who))
    assert response.status_code == 403, (method, path, who, response.text)


@pytest.mark.parametrize(("owner", "other"), [("partner_a", "partner_b"), ("partner_b", "partner_a")])
def test_a_partner_never_sees_nor_changes_another_partners_proposal(client, world, owner, other):
    proposal_id = _proposal(client, world, owner)
    base = f"/api/v1/partner/proposals/{proposal_id}"
    assert client.get(base, headers=world.h(other)).status_code == 404
    changed = dict(PROPOSAL, title="Détourné")
    assert client.put(base, json=changed, headers=world.h(other)).status_code == 404
    assert client.post(f"{base}/withdraw", headers=world.h(other)).status_code == 404
    assert client.get("/api/v1/partner/proposals", headers=world.h(other)).json() == []
    mine = client.get(base, headers=world.h(owner))
    assert mine.status_code == 200
    assert mine.json()["title"] == PROPOSAL["title"]
    assert mine.json()["status"] == "submitted"


@pytest.mark.parametrize(("owner", "other"), [("speaker_a", "speaker_b"), ("speaker_b", "speaker_a")])
def test_a_speaker_never_sees_nor_changes_another_speakers_availability(client, world, owner, other):
    owner_id = world.speaker_a if owner == "speaker_a" else world.speaker_b
    url = f"/api/v1/speakers/{owner_id}/availability"
    body = {"ranges": [{"start": "2023-10-16T09:00", "end": "2023-10-16T12:00"}]}
    assert client.get(url, headers=world.h(other)).status_code == 404
    assert client.put(url, json=body, headers=world.h(other)).status_code == 404
    assert client.put(url, json=body, headers=world.h(owner)).status_code == 200
    assert client.get(url, headers=world.h("lead")).json()["ranges"] == [
        {"start": "2023-10-16T09:00:00", "end": "2023-10-16T12:00:00"}
    ]


def test_unknown_ids_are_404_for_the_lead(client, world):
    for path in ("/api/v1/venues/999", "/api/v1/proposals/999", "/api/v1/speakers/999/availability"):
        assert client.get(path, headers=world.h("lead")).status_code == 404, path


def test_a_revoked_link_stops_working_at_once(client, world):
    assert client.get("/api/v1/partner/me", headers=world.h("partner_a")).status_code == 200
    revoked = client.delete(f"/api/v1/partners/{world.partner_a}/link", headers=world.h("lead"))
    assert revoked.json() == {"revoked": 1}
    assert client.get("/api/v1/partner/me", headers=world.h("partner_a")).status_code == 401


def test_an_expired_link_is_refused(client, world):
    from shared.db import unit_of_work
    from shared.models import ApiToken
    from shared.models.types import utcnow
    from shared.web.auth import hash_token

    with unit_of_work() as session:
        row = session.query(ApiToken).filter_by(token_hash=hash_token(world.tokens["speaker_a"])).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get("/api/v1/speaker/me", headers=world.h("speaker_a")).status_code == 401


def test_a_forged_or_unsigned_token_is_refused(client, world):
    """A token whose row exists but whose signature does not match our key is refused (key rotation)."""
    from shared.db import unit_of_work
    from shared.models import ApiToken
    from shared.web.auth import hash_token

    forged = "eyJyIjoicGFydG5lciIsInMiOjF9.forged-signature"
    with unit_of_work() as session:
        session.add(ApiToken(token_hash=hash_token(forged), role="partner", subject_id=world.partner_a))
    assert client.get("/api/v1/partner/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    tampered = world.tokens["partner_a"][:-2] + ("AA" if not world.tokens["partner_a"].endswith("AA") else "BB")
    assert client.get("/api/v1/partner/me", headers={"Authorization": f"Bearer {tampered}"}).status_code == 401


def test_the_form_cookie_reads_the_api_but_cannot_write_through_it(client, world):
    """Cookie auth is for GET only: a cross-site POST carrying the cookie must not act as the partner."""
    client.cookies.set("festplan_jeton", world.tokens["partner_a"])
    assert client.get("/api/v1/partner/me").status_code == 200
    assert client.post("/api/v1/partner/proposals", json=PROPOSAL).status_code == 401


def test_tokens_are_stored_only_as_hashes(client, world):
    from shared.db import unit_of_work
    from shared.models import ApiToken

    with unit_of_work() as session:
        stored = {row.token_hash for row in session.query(ApiToken)}
    assert not stored & set(world.tokens.values())
    assert all(len(h) == 64 for h in stored)
