"""How the client reads OpenAgenda's error bodies and Retry-After (pure helpers, no I/O)."""

from __future__ import annotations

from services.openagenda.client import describe_refusal, retry_after_seconds
from services.openagenda.tasks import MAX_BACKOFF_SECONDS, backoff


def test_validation_body_becomes_one_line_with_field_lang_and_code():
    body = {
        "message": "data is invalid",
        "errors": [{"code": "string.toolong", "field": "title", "lang": "fr", "message": "max 140"}],
    }
    assert describe_refusal(body, 400) == "data is invalid ; title.fr : string.toolong max 140"
    assert describe_refusal({"error": "invalid secret key"}, 401) == "invalid secret key"
    assert describe_refusal("<html>", 502) == "HTTP 502"


def test_retry_after_and_backoff():
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2026 07:28:00 GMT") is None
    assert backoff(0, 2.0) == 2.0
    assert backoff(0, None) == 5.0
    assert backoff(10, None) == MAX_BACKOFF_SECONDS
