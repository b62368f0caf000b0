"""Registering with someone else's address reveals nothing: no link, no status, no name; the links go by email.

Whoever knows a participant's address and a session must not be able to cancel that person's seat or learn
that they are booked: a second registration gets the very page a first one gets, and the existing
registration's links are emailed to its own address, at most once an hour.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.settings import Settings, get_settings
from tests.factories.programme import build_programme
from tests.mailbox import delivered, links

OWNER = "anne.owner@example.org"
URL = "/programme/sessions/se-002/inscription"


@pytest.fixture
def client(festplan_env: Settings) -> Iterator[TestClient]:
    from services.web import create_app

    with unit_of_work() as session:
        build_programme(session)
    with TestClient(create_app()) as test_client:
        yield test_client


def _post(client: TestClient, *, name: str, email: str, seats: str = "1", waitlist: bool = False):  # type: ignore[no-untyped-def]
    data = {"nom": name, "courriel": email, "places": seats} | ({"attente": "1"} if waitlist else {})
    return client.post(URL, data=data, follow_redirects=False)


def _mails(email: str) -> list[Notification]:
    with unit_of_work() as session:
        query = select(Notification).where(Notification.recipient_email == email).order_by(Notification.id)
        return list(session.scalars(query))


def _neutral(text: str) -> str:
    """The page with its whitespace folded, to compare two answers."""
    return re.sub(r"\s+", " ", text)


def test_second_registration_shows_the_same_page_and_no_link(client: TestClient) -> None:
    first = _post(client, name="Anne Owner", email=OWNER)
    assert first.status_code == 200
    assert "/inscriptions/" not in first.text
    assert "location" not in first.headers

    attacker = _post(client, name="Mallory", email=OWNER.upper())
    assert attacker.status_code == first.status_code
    assert _neutral(attacker.text) == _neutral(first.text)
    for secret in ("/inscriptions/", "/annuler", "Anne Owner", "déjà"):
        assert secret not in attacker.text

    mails = _mails(OWNER)
    assert len(mails) == 2  # the confirmation, then the links again: both to the owner
    assert all(m.recipient_email == OWNER and m.recipient_name == "Anne Owner" for m in mails)
    sent = links(get_settings().outbox_dir, kind="participant.registration_confirmed", to=OWNER, part="/inscriptions/")
    assert len(sent) == 1  # both emails carry the same cancellation link (its rows keep none once sent)
    assert len(delivered(get_settings().outbox_dir, kind="participant.registration_confirmed", to=OWNER)) == 2
    assert not _mails("mallory@example.org")

    _post(client, name="Mallory", email=OWNER)  # within the hour: no third email (no flooding)
    assert len(_mails(OWNER)) == 2


def test_confirmed_waitlisted_and_already_look_the_same(client: TestClient) -> None:
    confirmed = _post(client, name="Anne Owner", email=OWNER, seats="3")  # the room holds 3: now full
    waitlisted = _post(client, name="Bea", email="bea@example.org", waitlist=True)
    already_confirmed = _post(client, name="X", email=OWNER, waitlist=True)
    already_waitlisted = _post(client, name="X", email="bea@example.org", waitlist=True)
    pages = {_neutral(r.text) for r in (confirmed, waitlisted, already_confirmed, already_waitlisted)}
    assert len(pages) == 1
    assert {r.status_code for r in (confirmed, waitlisted, already_confirmed, already_waitlisted)} == {200}
    # a full session without the waiting list answers "full" whether or not the address is booked
    stranger = _post(client, name="Y", email="new@example.org")
    known = _post(client, name="Y", email=OWNER)
    assert stranger.status_code == known.status_code == 409
    assert _neutral(stranger.text).replace("new@example.org", "@") == _neutral(known.text).replace(OWNER, "@")
    assert [m.payload["registration_status"] for m in _mails("bea@example.org")] == ["waitlisted", "waitlisted"]
