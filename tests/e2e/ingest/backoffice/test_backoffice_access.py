"""Who gets into /gestion/: only a lead with a live session.

Forged, expired, signed-out or CSRF-less requests are refused.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select
from typer.testing import CliRunner

from shared.db import unit_of_work
from shared.models import ApiToken, Notification, User
from shared.models.types import utcnow
from shared.settings import get_settings
from shared.web.auth import create_lead_token, revoke_token
from shared.web.backoffice import session as auth
from tests.e2e.ingest.backoffice.conftest import CSRF, PRE, csrf_of
from tests.factories.backoffice import LEAD_EMAIL, Backoffice, signed_in_cookie
from tests.mailbox import links

PAGES = [
    "/gestion/",
    "/gestion/propositions",
    "/gestion/lieux",
    "/gestion/intervenants",
    "/gestion/partenaires",
    "/gestion/optimisations",
    "/gestion/versions",
    "/gestion/courriels",
    "/gestion/courriels/modeles",
    "/gestion/evaluation/rapport",
]


def _use_cookie(client: TestClient, value: str) -> None:
    client.cookies.clear()
    client.cookies.set(auth.COOKIE_NAME, value)


def test_every_page_sends_a_browser_without_session_to_sign_in(client: TestClient) -> None:
    for path in PAGES:
        answer = client.get(path, headers={"accept": "text/html"})
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/gestion/connexion?next=%2Fgestion%2F"), path
    assert client.get("/gestion/propositions", headers={"accept": "application/json"}).status_code == 401
    assert client.post("/gestion/optimisations", data={"time_limit": "5"}).status_code == 401


def test_forged_cookies_are_refused(client: TestClient, bo: Backoffice) -> None:
    with unit_of_work() as session:
        good = signed_in_cookie(session)
    for forged in (
        "nonsense",
        good[:-3] + "abc",
        URLSafeTimedSerializer("another-key", salt="festplan-gestion-session").dumps(auth._serializer().loads(good)),
    ):
        _use_cookie(client, forged)
        assert client.get("/gestion/", headers={"accept": "text/html"}).status_code == 303
    _use_cookie(client, good)
    assert client.get("/gestion/").status_code == 200


def test_expired_sessions_are_refused(client: TestClient, bo: Backoffice, monkeypatch: pytest.MonkeyPatch) -> None:
    with unit_of_work() as session:
        cookie = signed_in_cookie(session)
    _use_cookie(client, cookie)
    assert client.get("/gestion/").status_code == 200
    with unit_of_work() as session:  # the server-side row has run out
        for row in session.scalars(select(ApiToken).where(ApiToken.role == auth.SESSION_ROLE)):
            row.expires_at = utcnow() - timedelta(minutes=1)
    assert client.get("/gestion/", headers={"accept": "text/html"}).status_code == 303
    with unit_of_work() as session:
        fresh = signed_in_cookie(session)
    real_time = TimestampSigner.get_timestamp  # a cookie signed longer ago than a session lives
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real_time(self) + auth.SESSION_HOURS * 3600 + 60)
    _use_cookie(client, fresh)
    assert client.get("/gestion/", headers={"accept": "text/html"}).status_code == 303
    assert "Votre session a expiré" in unescape(client.get("/gestion/connexion").text)
    monkeypatch.undo()
    assert client.get("/gestion/").status_code == 200  # the same cookie, within its lifetime, is fine


def test_sign_out_revokes_the_session_even_for_a_copied_cookie(lead: TestClient) -> None:
    copied = lead.cookies.get(auth.COOKIE_NAME)
    token = csrf_of(lead, "/gestion/")
    out = lead.post("/gestion/deconnexion", data={"csrf": token})
    assert out.status_code == 303
    assert out.headers["location"] == "/gestion/connexion?fait=signed_out"
    assert "Max-Age=0" in out.headers["set-cookie"] or "expires=" in out.headers["set-cookie"].lower()
    _use_cookie(lead, copied)
    assert lead.get("/gestion/", headers={"accept": "text/html"}).status_code == 303
    assert "Vous êtes déconnecté·e." in lead.get("/gestion/connexion?fait=signed_out").text


def test_csrf_is_required_on_every_post(lead: TestClient, bo: Backoffice) -> None:
    proposal = bo.proposals["se-005"]
    posts = [
        (f"/gestion/propositions/{proposal}/decision", {"decision": "accepted", "message": ""}),
        ("/gestion/optimisations", {"time_limit": "5"}),
        ("/gestion/courriels/relancer", {}),
        ("/gestion/deconnexion", {}),
        (f"/gestion/partenaires/{bo.partners['pa-clic']}", {"name": "X"}),
    ]
    for path, data in posts:
        assert lead.post(path, data=data).status_code == 403, path
        assert lead.post(path, data={**data, "csrf": "0" * 64}).status_code == 403, path
        assert lead.post(path, data={**data, "csrf": "é"}).status_code == 403, path
    with unit_of_work() as session:  # nothing happened
        assert session.scalar(select(Notification.id)) is None
    assert lead.get("/gestion/").status_code == 200  # and the lead is still signed in


def test_csrf_token_of_another_session_is_refused(lead: TestClient, bo: Backoffice) -> None:
    mine = csrf_of(lead, "/gestion/")
    with unit_of_work() as session:
        other = signed_in_cookie(session)
    _use_cookie(lead, other)
    answer = lead.post("/gestion/optimisations", data={"csrf": mine, "time_limit": "5"})
    assert answer.status_code == 403


def test_sign_in_with_a_lead_token(client: TestClient, bo: Backoffice) -> None:
    with unit_of_work() as session:
        row, raw = create_lead_token(session, label="jeton de Camille")
        token_id = row.id
    page = client.get("/gestion/connexion?next=/gestion/lieux")
    pre = PRE.search(page.text).group(1)
    assert 'aria-describedby="token-aide"' in page.text
    refused = client.post("/gestion/connexion", data={"pre": pre, "token": "fpl_wrong", "next": "/gestion/lieux"})
    assert refused.status_code == 401
    assert 'aria-describedby="token-aide token-erreur" aria-invalid="true"' in refused.text
    assert 'id="token-erreur"' in refused.text
    assert "Ce jeton est inconnu" in refused.text
    empty = client.post("/gestion/connexion", data={"pre": pre, "token": " "})
    assert empty.status_code == 422
    assert "Collez votre jeton." in empty.text
    no_pre = client.post("/gestion/connexion", data={"token": raw})
    assert no_pre.status_code == 403
    evil = client.post("/gestion/connexion", data={"pre": pre, "token": raw, "next": "https://evil.example/"})
    assert evil.status_code == 303
    assert evil.headers["location"] == "/gestion/"
    client.cookies.clear()
    client.cookies.set(auth.PRE_COOKIE_NAME, pre)
    ok = client.post("/gestion/connexion", data={"pre": pre, "token": raw, "next": "/gestion/lieux"})
    assert ok.status_code == 303
    assert ok.headers["location"] == "/gestion/lieux"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/gestion" in cookie
    assert "Secure" not in cookie  # http base URL in tests
    assert raw not in cookie  # the token itself never goes back to the browser
    assert "jeton de Camille" in client.get("/gestion/lieux").text
    with unit_of_work() as session:  # revoking the token ends the sessions it opened
        revoke_token(session, token_id)
    assert client.get("/gestion/lieux", headers={"accept": "text/html"}).status_code == 303


def test_a_partner_token_does_not_open_the_back_office(client: TestClient, bo: Backoffice) -> None:
    from shared.web.auth import issue_personal_link_token

    with unit_of_work() as session:
        _, raw = issue_personal_link_token(session, role="partner", subject_id=bo.partners["pa-clic"])
    page = client.get("/gestion/connexion")
    answer = client.post("/gestion/connexion", data={"pre": PRE.search(page.text).group(1), "token": raw})
    assert answer.status_code == 401


def test_secure_cookie_when_the_site_is_https(
    client: TestClient, bo: Backoffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shared.settings import reset_settings

    monkeypatch.setenv("FESTPLAN_BASE_URL", "https://festplan.example")
    reset_settings()
    with unit_of_work() as session:
        link = auth.create_signin_link(session, user=session.scalar(select(User)))
    assert link.startswith("https://festplan.example/gestion/connexion/")
    path = "/" + link.split("/", 3)[3]
    with TestClient(client.app, base_url="https://testserver", follow_redirects=False) as secure:
        page = secure.get(path)
        assert "Secure" in page.headers["set-cookie"]  # the sign-in form's own cookie too
        answer = secure.post(path, data={"pre": PRE.search(page.text).group(1)})
        assert answer.status_code == 303
        assert "Secure" in answer.headers["set-cookie"]
        assert secure.get("/gestion/").status_code == 200


def test_one_time_link_works_once_and_expires(client: TestClient, bo: Backoffice) -> None:
    with unit_of_work() as session:
        user = session.scalar(select(User))
        link = auth.create_signin_link(session, user=user)
        stale = auth.create_signin_link(session, user=user, minutes=0)
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200
    assert client.get(path).status_code == 200  # opening it spends nothing
    pre = PRE.search(page.text).group(1)
    assert client.post(path, data={"pre": pre}).status_code == 303
    client.cookies.delete(auth.COOKIE_NAME)
    again = client.post(path, data={"pre": pre})
    assert again.status_code == 401
    assert "déjà servi" in again.text
    assert client.get("/" + stale.split("/", 3)[3]).status_code == 401
    assert client.get("/gestion/connexion/" + "x" * 40).status_code == 401
    with unit_of_work() as session:  # only hashes are stored
        hashes = set(session.scalars(select(ApiToken.token_hash)))
    assert link.rsplit("/", 1)[1] not in hashes


def test_sign_in_link_by_email(client: TestClient, bo: Backoffice) -> None:
    page = client.get("/gestion/connexion")
    pre = PRE.search(page.text).group(1)
    bad = client.post("/gestion/connexion/lien", data={"pre": pre, "email": "pas-une-adresse"})
    assert bad.status_code == 422
    assert 'aria-describedby="email-aide email-erreur" aria-invalid="true"' in bad.text
    for email in (LEAD_EMAIL.upper(), "inconnu@example.org"):
        sent = client.post("/gestion/connexion/lien", data={"pre": pre, "email": email})
        assert sent.status_code == 200
        assert "Si cette adresse est celle d" in sent.text
    with unit_of_work() as session:
        rows = session.scalars(select(Notification).where(Notification.kind == "lead.signin_link")).all()
        assert [row.recipient_email for row in rows] == [LEAD_EMAIL]
    (link,) = links(get_settings().outbox_dir, kind="lead.signin_link")  # the row keeps no link once sent
    path = "/" + link.split("/", 3)[3]
    confirm = client.get(path)
    assert client.post(path, data={"pre": PRE.search(confirm.text).group(1)}).status_code == 303
    assert CSRF.search(client.get("/gestion/").text)


def test_cli_signin_link_creates_the_default_lead(festplan_env: object) -> None:
    from services.cli import _register_services, app
    from services.demo.data_fr import LEAD_EMAIL as DEMO_LEAD
    from services.demo.data_fr import LEAD_NAME as DEMO_NAME

    assert (auth.DEFAULT_LEAD_EMAIL, auth.DEFAULT_LEAD_NAME) == (DEMO_LEAD, DEMO_NAME)
    _register_services()
    runner = CliRunner()
    result = runner.invoke(app, ["signin-link"])
    assert result.exit_code == 0, result.output
    assert "/gestion/connexion/" in result.stdout
    other = runner.invoke(app, ["signin-link", "autre.lead@example.org", "--name", "Dominique"])
    assert other.exit_code == 0, other.output
    with unit_of_work() as session:
        users = {u.email: (u.name, u.role) for u in session.scalars(select(User))}
        links = session.scalars(select(ApiToken).where(ApiToken.role == auth.LINK_ROLE)).all()
    assert users == {DEMO_LEAD: (DEMO_NAME, "lead"), "autre.lead@example.org": ("Dominique", "lead")}
    assert len(links) == 2
    assert all(row.expires_at is not None for row in links)
    assert runner.invoke(app, ["signin-link", "sans-arobase"]).exit_code == 2


def test_demo_step_prints_a_working_link(client: TestClient, bo: Backoffice) -> None:
    from shared.web.backoffice.demo import signin_link_step

    lines = signin_link_step()
    assert len(lines) == 1
    assert LEAD_EMAIL in lines[0]
    url = lines[0].split("gestion : ", 1)[1].split(" ", 1)[0]
    path = "/" + url.split("/", 3)[3]
    page = client.get(path)
    assert client.post(path, data={"pre": PRE.search(page.text).group(1)}).status_code == 303
