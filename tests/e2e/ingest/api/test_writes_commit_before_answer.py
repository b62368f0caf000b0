"""Every route's database session commits before the answer leaves (the unsubscribe's did not).

A dependency with ``yield`` runs its exit code *after* the response is sent unless it is declared with
``scope="function"``: a commit there could fail after the page said "unsubscribed". The structural test
walks every route's dependencies; the behavioural one reads the suppression back the moment the answer is in.
"""

from __future__ import annotations

import inspect

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notifier.domain.unsubscribe import make_token
from shared.db import unit_of_work
from shared.models.notification import Suppression
from shared.settings import Settings


def _dependants(routes: list, prefix: str = "") -> list[tuple[str, object]]:
    found = []
    for route in routes:
        if hasattr(route, "original_router"):
            found += _dependants(route.original_router.routes, prefix + route.include_context.prefix)
        elif getattr(route, "dependant", None) is not None:
            found.append((prefix + route.path, route.dependant))
    return found


def _late_exits(dependant: object) -> list[str]:
    """The generator dependencies of a route whose exit code would run after the response is sent."""
    late = []
    for dep in getattr(dependant, "dependencies", []):
        call = dep.call
        if (inspect.isgeneratorfunction(call) or inspect.isasyncgenfunction(call)) and dep.scope != "function":
            late.append(getattr(call, "__qualname__", repr(call)))
        late += _late_exits(dep)
    return late


def test_no_route_commits_after_its_answer(client: TestClient) -> None:
    routes = _dependants(client.app.routes)
    assert len(routes) > 100
    late = {path: names for path, dependant in routes if (names := _late_exits(dependant))}
    assert late == {}


def test_the_unsubscribe_is_stored_when_the_answer_arrives(client: TestClient, festplan_env: Settings) -> None:
    token = make_token("ana@example.org", secret_key=festplan_env.secret_key)
    answer = client.post(f"/notifications/unsubscribe/{token}")
    assert answer.status_code == 200
    with unit_of_work() as session:
        assert session.scalars(select(Suppression.email)).all() == ["ana@example.org"]
