"""The request-rate limit shared by every worker and container through Redis (a fixed one-minute window).

The in-process token bucket of :mod:`shared.web.security` counts per process, so ``festplan serve
--workers 4`` or three API containers let a client through four or three times the limit. When festplan
has a Redis (``FESTPLAN_BROKER_URL=redis://…``) the count lives there instead: one key per client and
minute, ``INCR`` then ``EXPIRE`` in one MULTI/EXEC pipeline, so every process sees the same number.

A fixed window lets a client send up to twice the limit across a minute boundary; that is the price of
one round trip per request, and the limit is meant to stop a runaway script, not to meter anyone.

When Redis cannot be reached the limiter lets requests through (the public site matters more than the
limit), logs one warning, and leaves Redis alone for a few seconds so that requests do not each wait for
a connection timeout.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

import redis

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
#: After a failure, Redis is not tried again for this long (requests pass meanwhile).
RETRY_AFTER_FAILURE_SECONDS = 5.0
#: Each request waits at most this long for Redis before being let through.
REDIS_TIMEOUT_SECONDS = 0.25


class RedisRateLimiter:
    """``per_minute`` requests per client and calendar minute, counted in Redis for every process."""

    def __init__(self, *, per_minute: int, url: str, prefix: str = "festplan:rate") -> None:
        self.per_minute = per_minute
        self.prefix = prefix
        self._where = _host_of(url)
        self._redis = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._lock = threading.Lock()
        self._down_until = 0.0

    def key(self, client: str, window: int) -> str:
        return f"{self.prefix}:{client}:{window}"

    def allow(self, client: str, now: float | None = None) -> tuple[bool, float]:
        """Count one request of ``client``; when refused, also say how many seconds until the window ends.

        ``now`` is wall-clock time (``time.time()``): every process must agree on which minute it is.
        """
        if self.per_minute <= 0:
            return True, 0.0
        now = time.time() if now is None else now
        if time.monotonic() < self._down_until:
            return True, 0.0
        window = int(now // WINDOW_SECONDS)
        key = self.key(client, window)
        try:
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, 2 * WINDOW_SECONDS)  # outlives its minute a little: clocks differ slightly
                count, _ = pipe.execute()
        except redis.RedisError as exc:
            self._went_down(exc)
            return True, 0.0
        if int(count) <= self.per_minute:
            return True, 0.0
        return False, (window + 1) * WINDOW_SECONDS - now

    def _went_down(self, exc: Exception) -> None:
        """Let requests through for a while, and say so once rather than for every request."""
        with self._lock:
            if time.monotonic() < self._down_until:
                return
            self._down_until = time.monotonic() + RETRY_AFTER_FAILURE_SECONDS
        log.warning(
            "Limite de requêtes : Redis injoignable (%s, %s), requêtes laissées passer pendant %.0f s. / "
            "Rate limit: Redis unreachable (%s, %s), letting requests through for %.0f s.",
            self._where,
            type(exc).__name__,
            RETRY_AFTER_FAILURE_SECONDS,
            self._where,
            type(exc).__name__,
            RETRY_AFTER_FAILURE_SECONDS,
        )

    def close(self) -> None:
        self._redis.close()


def _host_of(url: str) -> str:
    """``host:port`` of the URL, for the log: never its password."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}"
