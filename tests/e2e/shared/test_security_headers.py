"""Security headers on every HTML page of ``festplan serve``, found by walking the app's own routes.

Each GET route is asked with real values where the known edition has them (a published programme, a
registration, a speaker's and a venue's personal links, a signed-in lead) and with made-up ones otherwise (their
error pages are HTML too). Every HTML answer must carry the policy, and what the page holds inline must be
allowed by it without ``unsafe-inline``: every ``<style>`` block hashed in the policy, no ``style=``
attribute, no event handler, no inline script but data blocks or the page's nonce.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.evaluation.attendance.service import issue_venue_link
from services.notifier.domain.unsubscribe import make_token
from services.scheduler.programme import booking
from shared.db import unit_of_work
from shared.models import Venue
from shared.models.people import Participant, Registration
from shared.settings import Settings, reset_settings
from shared.web.auth import issue_personal_link_token
from shared.web.backoffice.session import create_signin_link, ensure_lead, open_session
from tests.factories.programme import build_programme

STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
SCRIPT = re.compile(r"<script([^>]*)>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
DOCS = ("/docs", "/redoc", "/docs/oauth2-redirect")


def get_paths(app: FastAPI) -> list[str]:
    """Every GET path of the app, included routers' routes with their prefixes."""
    paths: list[str] = []
    for route in app.routes:
        contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
        for context in contexts:
            original = getattr(context, "original_route", context)
            if "GET" in (getattr(original, "methods", None) or ()):
                paths.append(context.path)
    return paths


@pytest.fixture
def world(festplan_env: Settings) -> dict[str, str]:
    """Real values for the routes' path parameters, by parameter name and path prefix."""
    with unit_of_work() as session:
        made = build_programme(session)
        venue = session.scalars(select(Venue).where(Venue.edition_id == made.edition_id)).first()
        assert venue is not None
        participant = Participant(edition_id=made.edition_id, name="Ana", email="ana@example.org")
        session.add(participant)
        session.flush()
        proposal_code, proposal_id = next(iter(made.proposals.items()))
        registration = Registration(participant_id=participant.id, proposal_id=proposal_id, seats=1)
        session.add(registration)
        session.flush()
        speaker_code, speaker_id = next(iter(made.speakers.items()))
        _, speaker_link = issue_personal_link_token(session, role="speaker", subject_id=speaker_id)
        lead = ensure_lead(session)
        return {
            "/programme/sessions/": proposal_code,
            "/programme/lieux/": venue.code,
            "/programme/intervenants/": speaker_code,
            "/api/v1/programme/seances/": proposal_code,
            "/api/v1/programme/lieux/": venue.code,
            "/api/v1/programme/intervenants/": speaker_link,
            "/inscriptions/": booking.cancel_token(registration.id),
            "/formulaires/acces/": speaker_link,
            "/presence/": issue_venue_link(session, venue=venue),
            "/notifications/unsubscribe/": make_token("ana@example.org", secret_key=festplan_env.secret_key),
            "/gestion/connexion/": create_signin_link(session, user=lead).rsplit("/", 1)[1],
            "/gestion/propositions/": str(proposal_id),
            "cookie": open_session(session, user_id=lead.id),
        }


def _fill(path: str, world: dict[str, str]) -> str:
    """The path with its parameters replaced: a known value for its prefix, else a made-up one."""
    prefix = path.split("{", 1)[0]
    return re.sub(r"\{[^}]+\}", lambda _: world.get(prefix, "1"), path)


@pytest.fixture
def client(world: dict[str, str]) -> Iterator[TestClient]:
    from services.web import create_app
    from shared.web.backoffice.session import COOKIE_NAME

    with TestClient(create_app(), follow_redirects=False) as test_client:
        test_client.cookies.set(COOKIE_NAME, world["cookie"])
        yield test_client


def _sha256(block: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode() + "'"


def _directive(policy: str, name: str) -> str:
    return next((part.strip() for part in policy.split(";") if part.strip().startswith(name + " ")), "")


def _check_page(path: str, response) -> list[str]:  # type: ignore[no-untyped-def]
    """What is wrong with one HTML answer (empty when nothing)."""
    headers = response.headers
    problems = []
    expected = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}
    problems += [f"{path}: {name}={headers.get(name)!r}" for name, v in expected.items() if headers.get(name) != v]
    policy = headers.get("content-security-policy", "")
    if "frame-ancestors 'none'" not in policy:
        problems.append(f"{path}: no frame-ancestors 'none' in {policy!r}")
    scripts, styles = _directive(policy, "script-src"), _directive(policy, "style-src")
    if not scripts or "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        problems.append(f"{path}: script-src {scripts!r}")
    if path in DOCS:
        return problems  # FastAPI's pages: checked by test_the_docs_pages_allow_exactly_their_own_script
    html = response.text
    nonce = re.search(r"'nonce-([^']+)'", scripts)
    for attributes in SCRIPT.findall(html):
        data_block = 'type="application/ld+json"' in attributes
        if not data_block and not (nonce and f'nonce="{nonce.group(1)}"' in attributes):
            problems.append(f"{path}: inline script <script{attributes}> not allowed by {scripts!r}")
    if HANDLER.search(html):
        problems.append(f"{path}: an inline event handler")
    if "'unsafe-inline'" not in styles:
        problems += [f"{path}: <style> not hashed" for block in STYLE.findall(html) if _sha256(block) not in styles]
        if STYLE_ATTRIBUTE.search(html):
            problems.append(f"{path}: a style attribute")
    return problems


def test_every_html_page_carries_the_security_headers(client: TestClient, world: dict[str, str]) -> None:
    html_pages, problems = [], []
    for template in get_paths(client.app):  # type: ignore[arg-type]
        path = _fill(template, world)
        response = client.get(path)
        assert response.status_code < 500, (path, response.text[:300])
        assert response.headers.get("x-content-type-options") == "nosniff", path
        if response.headers.get("content-type", "").startswith("text/html"):
            html_pages.append(path)
            problems += _check_page(path, response)
    assert problems == []
    # the walk reached the pages that matter, with real values (not only their 404s)
    assert len(html_pages) >= 35
    for template in ("/programme", "/programme/sessions/{code}", "/inscriptions/{token}/annuler", "/presence/{token}"):
        assert client.get(_fill(template, world)).status_code == 200, template
    assert client.get("/gestion/").status_code == 200
    assert client.get("/formulaires/intervenant").status_code == 200


def test_error_pages_and_redirects_carry_them_too(client: TestClient) -> None:
    for path in ("/programme/sessions/nope", "/inscriptions/forged/annuler", "/surveys/forged", "/"):
        response = client.get(path)
        assert response.headers["referrer-policy"] == "no-referrer", path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path


def test_the_docs_pages_allow_exactly_their_own_script(client: TestClient) -> None:
    page = client.get("/docs")
    inline = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
    assert len(inline) == 1
    scripts = _directive(page.headers["content-security-policy"], "script-src")
    assert _sha256(inline[0]) in scripts
    assert "'unsafe-inline'" not in scripts


def test_hsts_only_when_the_base_url_is_https(
    world: dict[str, str], festplan_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.web import create_app

    with TestClient(create_app()) as plain:
        assert "strict-transport-security" not in plain.get("/programme").headers
    monkeypatch.setenv("FESTPLAN_BASE_URL", "https://culture-numerique.example.fr")
    reset_settings()
    with TestClient(create_app(), base_url="https://testserver") as secure:
        assert secure.get("/programme").headers["strict-transport-security"].startswith("max-age=31536000")
