"""Message-IDs, backoff, error classification, change batching and unsubscribe tokens."""

from __future__ import annotations

import random

from services.notifier.domain.batching import content_hash, merge_changes
from services.notifier.domain.policy import (
    MAX_DELAY_SECONDS,
    PermanentDeliveryError,
    TransientDeliveryError,
    backoff_seconds,
    classify_http_status,
    classify_smtp_code,
    message_id,
)
from services.notifier.domain.unsubscribe import make_token, read_token, unsubscribe_headers


def test_message_id_is_stable_and_distinct():
    assert message_id("speaker.assignment:3:v2") == message_id("speaker.assignment:3:v2")
    assert message_id("a") != message_id("b")
    assert message_id("a").startswith("<")
    assert message_id("a").endswith("@festplan>")


def test_backoff_grows_with_jitter_and_honours_retry_after():
    rng = random.Random(1)
    delays = [backoff_seconds(n, rng=rng) for n in range(1, 8)]
    assert all(5 <= delays[0] <= 10 for _ in [0])
    assert delays[4] > delays[0]
    assert max(backoff_seconds(50, rng=rng) for _ in range(20)) <= MAX_DELAY_SECONDS
    assert len({backoff_seconds(3, rng=rng) for _ in range(10)}) > 1
    assert backoff_seconds(1, retry_after=120) == 120


def test_classification():
    assert isinstance(classify_http_status(429, retry_after=3), TransientDeliveryError)
    assert classify_http_status(429, retry_after=3).retry_after == 3
    assert isinstance(classify_http_status(503), TransientDeliveryError)
    assert isinstance(classify_http_status(400), PermanentDeliveryError)
    assert isinstance(classify_http_status(401), PermanentDeliveryError)
    assert isinstance(classify_smtp_code(451), TransientDeliveryError)
    assert isinstance(classify_smtp_code(550, "no such user"), PermanentDeliveryError)


def _slot(day: int) -> dict:
    return {"start": f"2023-10-{day}T10:00:00", "end": f"2023-10-{day}T11:00:00", "room_name": "A", "venue_name": "V"}


def test_merge_keeps_first_old_and_latest_new_and_drops_round_trips():
    first = [{"code": "S1", "title": "T", "old": _slot(18), "new": _slot(19)}]
    second = [
        {"code": "S1", "title": "T", "old": _slot(19), "new": _slot(20)},
        {"code": "S2", "title": "U", "old": _slot(18), "new": None},
    ]
    merged = merge_changes(first, second)
    assert merged == [
        {"code": "S1", "title": "T", "old": _slot(18), "new": _slot(20)},
        {"code": "S2", "title": "U", "old": _slot(18), "new": None},
    ]
    back = merge_changes(first, [{"code": "S1", "title": "T", "old": _slot(19), "new": _slot(18)}])
    assert back == []


def test_content_hash_ignores_order():
    a = [{"code": "S1", "old": None, "new": _slot(18)}, {"code": "S2", "old": _slot(18), "new": None}]
    assert content_hash(a) == content_hash(list(reversed(a)))
    assert content_hash(a) != content_hash(a[:1])


def test_unsubscribe_token_round_trip_and_forgery():
    token = make_token("Ana@Example.org", secret_key="s3cret")
    assert read_token(token, secret_key="s3cret") == "ana@example.org"
    assert read_token(token, secret_key="other") is None
    assert read_token(token[:-2] + "xx", secret_key="s3cret") is None
    headers = unsubscribe_headers("a@example.org", base_url="https://f.example/", secret_key="s")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Unsubscribe"].startswith("<https://f.example/notifications/unsubscribe/")


def test_our_own_backoff_is_capped_so_a_storm_drains_within_a_minute():
    from services.notifier.domain.policy import RETRY_CAP_SECONDS

    rng = random.Random(7)
    assert max(backoff_seconds(n, rng=rng) for n in range(1, 40)) <= RETRY_CAP_SECONDS
    assert backoff_seconds(9, retry_after=90) == 90  # the provider's own wish is still honoured
