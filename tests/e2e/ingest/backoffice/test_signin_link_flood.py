"""The sign-in form cannot flood a lead's inbox: a few links an hour, then the same answer and no email."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.web.backoffice.signin import MAX_LINKS_PER_HOUR
from tests.e2e.ingest.backoffice.conftest import PRE
from tests.factories.backoffice import LEAD_EMAIL, Backoffice


def test_a_lead_gets_a_few_links_an_hour_and_the_page_never_says_so(client: TestClient, bo: Backoffice) -> None:
    pre = PRE.search(client.get("/gestion/connexion").text).group(1)
    pages = set()
    for _ in range(MAX_LINKS_PER_HOUR + 3):
        sent = client.post("/gestion/connexion/lien", data={"pre": pre, "email": LEAD_EMAIL})
        assert sent.status_code == 200
        pages.add(sent.text)
    assert len(pages) == 1
    with unit_of_work() as session:
        count = session.scalar(select(func.count(Notification.id)).where(Notification.kind == "lead.signin_link"))
    assert count == MAX_LINKS_PER_HOUR
