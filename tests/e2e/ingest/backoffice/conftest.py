"""Fixtures of the back-office tests: the known small edition, an HTTP client, a signed-in lead."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from shared.db import unit_of_work
from shared.settings import Settings
from tests.factories.backoffice import Backoffice, build_backoffice, signin_link

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
PRE = re.compile(r'name="pre" value="([^"]+)"')


@pytest.fixture
def bo(festplan_env: Settings) -> Backoffice:
    with unit_of_work() as session:
        return build_backoffice(session)


@pytest.fixture
def client(bo: Backoffice) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app(), follow_redirects=False) as test_client:
        yield test_client


def sign_in(client: TestClient) -> None:
    """The real way in: a one-time link, its confirmation page, the POST that opens the session."""
    with unit_of_work() as session:
        link = signin_link(session)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200, page.text
    answer = client.post("/" + path, data={"pre": PRE.search(page.text).group(1)})
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/gestion/"


@pytest.fixture
def lead(client: TestClient) -> TestClient:
    sign_in(client)
    return client


def csrf_of(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = CSRF.search(page.text)
    assert match, f"no CSRF field on {path}"
    return match.group(1)
