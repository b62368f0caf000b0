"""Every GET route answers HEAD the way it answers GET, without a body (monitors, link checkers, caches)."""

from __future__ import annotations

import re

from api_world import World
from fastapi.testclient import TestClient


def _get_paths(routes: list, prefix: str = "") -> list[str]:
    """Every GET route, through the included routers, its path parameters filled with a plausible value."""
    paths = []
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI keeps an included router whole, under its prefix
            paths += _get_paths(route.original_router.routes, prefix + route.include_context.prefix)
        elif "GET" in (getattr(route, "methods", None) or ()):
            paths.append(re.sub(r"\{[^}]+\}", "1", prefix + route.path))
    return paths


def test_head_answers_like_get_on_every_get_route(client: TestClient, world: World) -> None:
    paths = _get_paths(client.app.routes)
    assert len(paths) > 50
    headers = world.h("lead")
    for path in paths:
        got = client.get(path, headers=headers, follow_redirects=False)
        head = client.head(path, headers=headers, follow_redirects=False)
        assert head.status_code != 405, path
        assert head.status_code == got.status_code, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path


def test_head_of_a_page_keeps_its_length_and_a_post_only_route_still_refuses(client: TestClient) -> None:
    got, head = client.get("/healthz"), client.head("/healthz")
    assert head.status_code == 200
    assert head.headers["content-length"] == str(len(got.content))
    assert client.head("/webhooks/sendgrid").status_code == 405
    assert client.head("/no/such/page").status_code == 404
