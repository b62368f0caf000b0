"""The rate limiter's arithmetic and the language negotiation, without a server."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from shared.web.security import RateLimiter


def test_a_client_gets_its_burst_then_waits_for_refill():
    limiter = RateLimiter(per_minute=3)
    assert [limiter.allow("1.2.3.4", now=100.0)[0] for _ in range(3)] == [True, True, True]
    allowed, wait = limiter.allow("1.2.3.4", now=100.0)
    assert (allowed, wait) == (False, pytest.approx(20.0))
    assert limiter.allow("5.6.7.8", now=100.0)[0] is True
    assert limiter.allow("1.2.3.4", now=120.5)[0] is True
    assert limiter.allow("1.2.3.4", now=120.5)[0] is False


def test_zero_turns_the_limit_off():
    limiter = RateLimiter(per_minute=0)
    assert all(limiter.allow("x", now=0.0)[0] for _ in range(10_000))


def _request(query: str = "", accept: str | None = None) -> Request:
    headers = [(b"accept-language", accept.encode())] if accept else []
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query.encode(), "headers": headers})


@pytest.mark.parametrize(
    ("query", "accept", "expected"),
    [
        ("lang=en", "fr-FR", "en"),
        ("lang=fr", "en", "fr"),
        ("lang=de", "en-GB,en;q=0.9", "en"),
        ("", "de-DE,en;q=0.8,fr;q=0.9", "fr"),
        ("", "en-US,en;q=0.9", "en"),
        ("", "de", "fr"),
        ("", None, "fr"),
        ("", "en;q=0", "fr"),
    ],
)
def test_language_comes_from_the_query_then_the_browser(query, accept, expected, monkeypatch):
    from shared.settings import reset_settings
    from shared.web.http import negotiate_locale

    monkeypatch.delenv("FESTPLAN_LOCALE", raising=False)
    reset_settings()
    assert negotiate_locale(_request(query, accept)) == expected
    reset_settings()
