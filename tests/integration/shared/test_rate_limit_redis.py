"""The request-rate limit counted in the real Redis: shared by every process, open when Redis is gone."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from shared.settings import load_settings
from shared.web.rate_limit_redis import WINDOW_SECONDS, RedisRateLimiter
from shared.web.security import RateLimiter, make_limiter

#: 20 seconds into a minute, so the expected Retry-After is exact.
NOW = 60.0 * 29_000_000 + 20.0


@pytest.fixture
def prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of this test alone (the Redis is shared), its keys deleted afterwards."""
    value = f"festplan:test-rate:{uuid.uuid4().hex}"
    yield value
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{value}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_two_limiters_share_one_count_per_client_and_minute(redis_url: str, prefix: str) -> None:
    worker_a = RedisRateLimiter(per_minute=3, url=redis_url, prefix=prefix)
    worker_b = RedisRateLimiter(per_minute=3, url=redis_url, prefix=prefix)
    assert worker_a.allow("192.0.2.1", now=NOW) == (True, 0.0)
    assert worker_b.allow("192.0.2.1", now=NOW + 1) == (True, 0.0)
    assert worker_a.allow("192.0.2.1", now=NOW + 2) == (True, 0.0)
    assert worker_b.allow("192.0.2.1", now=NOW + 3) == (False, pytest.approx(37.0))
    assert worker_a.allow("192.0.2.1", now=NOW + 4) == (False, pytest.approx(36.0))
    assert worker_b.allow("2001:db8::7", now=NOW + 4) == (True, 0.0)
    assert worker_a.allow("192.0.2.1", now=NOW + 40) == (True, 0.0)  # the next minute starts afresh

    client = redis.Redis.from_url(redis_url)
    window = int(NOW // WINDOW_SECONDS)
    assert int(client.get(worker_a.key("192.0.2.1", window))) == 5
    assert 0 < client.ttl(worker_a.key("192.0.2.1", window)) <= 2 * WINDOW_SECONDS
    client.close()
    worker_a.close()
    worker_b.close()


def test_zero_turns_the_shared_limit_off(redis_url: str, prefix: str) -> None:
    limiter = RedisRateLimiter(per_minute=0, url=redis_url, prefix=prefix)
    assert all(limiter.allow("x", now=NOW)[0] for _ in range(50))
    assert redis.Redis.from_url(redis_url).keys(f"{prefix}:*") == []


def test_an_unreachable_redis_lets_requests_through_and_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RedisRateLimiter(per_minute=1, url="redis://127.0.0.1:1/0", prefix="festplan:test-rate:down")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="shared.web.rate_limit_redis"):
        assert [limiter.allow("192.0.2.1", now=NOW)[0] for _ in range(20)] == [True] * 20
    assert time.monotonic() - started < 2.0  # one failed connection, not twenty
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "Redis unreachable (127.0.0.1:1" in warnings[0].getMessage()


def test_the_shared_counter_is_chosen_when_festplan_has_a_redis(redis_url: str) -> None:
    shared = make_limiter(load_settings(broker_url=redis_url, rate_limit_per_minute=7))
    assert isinstance(shared, RedisRateLimiter)
    assert shared.per_minute == 7
    shared.close()
    assert isinstance(make_limiter(load_settings(broker_url="")), RateLimiter)
    assert isinstance(make_limiter(load_settings(broker_url="memory://")), RateLimiter)
