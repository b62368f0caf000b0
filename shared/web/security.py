"""Limits at the door: request body size for every endpoint, request rate for the public and form ones.

With a Redis configured (``FESTPLAN_BROKER_URL=redis://…``) the rate is counted there, shared by every
worker and container (:mod:`shared.web.rate_limit_redis`). On the embedded default (no broker) it is
a token bucket per client address kept **in the memory of one process**: with several uvicorn workers
each has its own buckets, so the effective limit is ``workers × FESTPLAN_RATE_LIMIT_PER_MINUTE``. Behind
a reverse proxy every client shares the proxy's address — put the limit in the proxy there (nginx
``limit_req``) or set the variable to 0. It is meant to stop a runaway script or a form-spamming bot,
not a distributed attack.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.settings import Settings, get_settings

#: Spreadsheet uploads may be larger; the import service checks its own, precise limit below this one.
LARGER_BODIES = {"/api/v1/imports": 16 * 1024 * 1024}
_MAX_CLIENTS = 10_000


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuse (413) a body larger than the limit, whether announced by Content-Length or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _limit(self, path: str) -> int:
        for prefix, limit in LARGER_BODIES.items():
            if path.startswith(prefix):
                return limit
        return self.max_bytes or get_settings().max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope.get("path", ""))
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _send_413(send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_413(send, limit)


async def _send_413(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "detail": f"Corps de requête trop grand (limite {limit} octets). / "
            f"Request body too large (limit {limit} bytes)."
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


@dataclass
class RateLimiter:
    """Token buckets per client: ``per_minute`` requests in a burst, refilled continuously."""

    per_minute: int
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, client: str, now: float | None = None) -> tuple[bool, float]:
        """Take one token for ``client``; when refused, also say how many seconds until the next one."""
        if self.per_minute <= 0:
            return True, 0.0
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * rate)
            if len(self._buckets) >= _MAX_CLIENTS and client not in self._buckets:
                self._forget_idle(now, rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return False, (1.0 - tokens) / rate
            self._buckets[client] = (tokens - 1.0, now)
            return True, 0.0

    def _forget_idle(self, now: float, rate: float) -> None:
        """Drop clients whose bucket has refilled: they cost memory and nothing else."""
        full = [c for c, (t, last) in self._buckets.items() if t + (now - last) * rate >= self.per_minute]
        for client in full:
            del self._buckets[client]
        if len(self._buckets) >= _MAX_CLIENTS:
            self._buckets.clear()


class Limiter(Protocol):
    """What :func:`rate_limited` asks of a limiter, in process or in Redis."""

    per_minute: int

    def allow(self, client: str, now: float | None = None) -> tuple[bool, float]: ...


def make_limiter(settings: Settings) -> Limiter:
    """The Redis counter when festplan has a Redis (shared by every process), else the in-process buckets."""
    if settings.redis_url:
        from shared.web.rate_limit_redis import RedisRateLimiter

        return RedisRateLimiter(per_minute=settings.rate_limit_per_minute, url=settings.redis_url)
    return RateLimiter(per_minute=settings.rate_limit_per_minute)


def _limiter(request: Request) -> Limiter:
    state = request.app.state
    if getattr(state, "rate_limiter", None) is None:
        state.rate_limiter = make_limiter(get_settings())
    return state.rate_limiter


async def rate_limited(request: Request) -> None:
    """Dependency of the public and form endpoints: 429 with ``Retry-After`` past the per-client rate.

    ``async`` so that the public reads served from cache stay on the event loop: the in-process buckets are a
    dictionary update under a lock held for microseconds, taken here; only the Redis counter (a round trip)
    goes to a worker thread. A sync dependency cost every request a thread hop, half the cached reads' rate."""
    limiter = _limiter(request)
    if limiter.per_minute <= 0:
        return
    client = request.client.host if request.client else "unknown"
    if isinstance(limiter, RateLimiter):
        allowed, wait = limiter.allow(client)
    else:
        allowed, wait = await run_in_threadpool(limiter.allow, client)
    if not allowed:
        raise HTTPException(
            429,
            detail="Trop de requêtes, réessayez dans un instant. / Too many requests, try again shortly.",
            headers={"Retry-After": str(max(1, round(wait)))},
        )


def install(app: FastAPI) -> None:
    """Put the limits on ``app`` (one rate limiter per app; its count is per process unless Redis keeps it)."""
    app.add_middleware(BodySizeLimit)
    app.state.rate_limiter = make_limiter(get_settings())
