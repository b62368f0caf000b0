"""A fuzz of the HTML form routes on PostgreSQL: whatever the fields hold, never a server error.

Each form's page is read first, as a browser would, for its field names and its CSRF value; hypothesis
then posts those fields with control characters, unicode, huge integers, very long text, or leaves them
out. The routes: registration, the partner's proposal form, the speaker's availability form, the sign-in
forms and the back-office's edit and decision forms. The ``festplan-fuzz`` profile keeps it bounded and
deterministic (derandomized, no example database).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared.settings import Settings
from tests.fuzz_profile import FUZZ

FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"')
HIDDEN = re.compile(r'name="(csrf|pre)" value="([^"]+)"')
VALUE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Zl", "Zp", "So", "Lo"]), max_size=20),
    st.sampled_from(["", " ", "0", "-1", "1", "3", "fr", "en", "accepted", "2023-10-18|am", "2023-10-18T09:00"]),
    st.sampled_from(["camille@example.org", "josé@exemple.fr", "Camille\x07 Roux", "workshop", "public", "hd"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.just("9" * 400),
    st.just("x" * 5000),
)


def _form(client: TestClient, page: str) -> tuple[list[str], dict[str, str]]:
    """The names of a page's fields (hidden CSRF aside) and the hidden CSRF values it carries."""
    html = client.get(page).text
    hidden = dict(HIDDEN.findall(html))
    names = sorted(set(FIELD.findall(html)) - set(hidden))
    assert names, page
    return names, hidden


def _fuzz(
    client: TestClient, *, action: str, names: list[str], hidden: dict[str, str], posted: list[tuple[str, int]]
) -> None:
    fields = st.fixed_dictionaries({}, optional={name: st.one_of(VALUE, st.lists(VALUE, max_size=3)) for name in names})

    @given(data=fields, keep_csrf=st.booleans() | st.just(True))
    @settings(FUZZ, max_examples=25)
    def post(data: dict[str, object], keep_csrf: bool) -> None:
        body = data | (hidden if keep_csrf else {})
        answer = client.post(action, data=body, follow_redirects=False)
        posted.append((action, answer.status_code))
        assert answer.status_code < 500, (action, body, answer.text[:500])

    post()


def test_no_form_answers_a_server_error(pg_env: Settings) -> None:
    from services.web import create_app
    from shared.db import unit_of_work
    from shared.models import Partner, Room, SessionProposal, Speaker, Venue
    from shared.web.auth import COOKIE_NAME as FORM_COOKIE
    from shared.web.auth import issue_personal_link_token
    from shared.web.backoffice.session import COOKIE_NAME as LEAD_COOKIE
    from shared.web.backoffice.session import ensure_lead, open_session
    from tests.factories.programme import build_programme

    with unit_of_work() as session:
        made = build_programme(session)
        first: Callable[[type], int] = lambda model: session.scalars(select(model.id).order_by(model.id)).first()  # noqa: E731
        ids = {model.__name__: first(model) for model in (Partner, Room, SessionProposal, Speaker, Venue)}
        lead = open_session(session, user_id=ensure_lead(session).id)
        partner_token = issue_personal_link_token(session, role="partner", subject_id=ids["Partner"])[1]
        speaker_token = issue_personal_link_token(session, role="speaker", subject_id=made.speakers["sp-002"])[1]

    posted: list[tuple[str, int]] = []
    with TestClient(create_app()) as client:
        client.app.state.rate_limiter.per_minute = 0
        registration = "/programme/sessions/se-002/inscription"
        _fuzz(
            client,
            action=registration,
            names=["attente", "besoins", "courriel", "nom", "places"],
            hidden={},
            posted=posted,
        )

        names, hidden = _form(client, "/gestion/connexion")
        _fuzz(client, action="/gestion/connexion/lien", names=[*names, "email"], hidden=hidden, posted=posted)

        client.cookies.set(FORM_COOKIE, partner_token)
        names, hidden = _form(client, "/formulaires/partenaire/propositions/nouvelle")
        _fuzz(client, action="/formulaires/partenaire/propositions", names=names, hidden=hidden, posted=posted)
        client.cookies.set(FORM_COOKIE, speaker_token)
        names, hidden = _form(client, "/formulaires/intervenant")
        _fuzz(client, action="/formulaires/intervenant", names=names, hidden=hidden, posted=posted)
        client.cookies.delete(FORM_COOKIE)

        client.cookies.set(LEAD_COOKIE, lead)
        proposal = ids["SessionProposal"]
        for page, action in (
            (f"/gestion/lieux/{ids['Venue']}", None),
            (f"/gestion/salles/{ids['Room']}", None),
            (f"/gestion/intervenants/{ids['Speaker']}", None),
            (f"/gestion/partenaires/{ids['Partner']}", None),
            (f"/gestion/propositions/{proposal}", f"/gestion/propositions/{proposal}/decision"),
            (f"/gestion/propositions/{proposal}/modifier", None),
        ):
            names, hidden = _form(client, page)
            _fuzz(client, action=action or page, names=names, hidden=hidden, posted=posted)
    print(f"form fuzz: {len(posted)} posts, (route, status) seen: {sorted(set(posted))}")
    assert len(posted) > 200
