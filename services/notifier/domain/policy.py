"""When to try again, and when to give up.

Transient failures (timeouts, refused connections, 429, 5xx) back off exponentially with full
jitter, honouring the provider's ``Retry-After`` / ``X-RateLimit-Reset``; permanent ones (other 4xx,
an invalid address) stop at once with the reason kept.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

#: Send attempts that ended in a transient failure before the row is marked failed: with the capped backoff
#: below, a provider refusing everything for two to five minutes (a throttling storm) loses no email.
MAX_ATTEMPTS = 12
#: Claims not followed by any outcome (the worker died while sending) before the message is given up.
MAX_DELIVERIES = 5
BASE_DELAY_SECONDS = 10.0
MAX_DELAY_SECONDS = 30 * 60.0
#: The backoff's ceiling when the provider names no delay: once a storm of 429/500 answers ends, every
#: email waits at most this (plus the relay's period) before it is tried again, so the backlog is out in a minute.
RETRY_CAP_SECONDS = 30.0


class DeliveryError(Exception):
    """A send failed; subclasses say whether trying again can help."""


@dataclass
class TransientDeliveryError(DeliveryError):
    """Try again later; ``retry_after`` is the provider's own wish in seconds, when it gave one."""

    reason: str
    retry_after: float | None = None

    def __str__(self) -> str:
        return self.reason


@dataclass
class PermanentDeliveryError(DeliveryError):
    """Trying again will not help (rejected address, malformed request): keep the reason and stop."""

    reason: str

    def __str__(self) -> str:
        return self.reason


def backoff_seconds(attempt: int, *, retry_after: float | None = None, rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempt + 1``: the provider's wish, or capped exponential with jitter.

    The provider's ``Retry-After`` is honoured up to :data:`MAX_DELAY_SECONDS`; our own backoff stops
    growing at :data:`RETRY_CAP_SECONDS`.
    """
    if retry_after is not None and retry_after > 0:
        return min(float(retry_after), MAX_DELAY_SECONDS)
    ceiling = min(RETRY_CAP_SECONDS, BASE_DELAY_SECONDS * (2 ** max(0, attempt - 1)))
    rand = rng or random
    # "equal jitter": never less than half the exponential step, so retries do spread out but still back off
    return ceiling / 2 + rand.uniform(0, ceiling / 2)


def classify_http_status(status: int, *, retry_after: float | None = None, detail: str = "") -> DeliveryError:
    """The error a provider's HTTP status means: 408/429/5xx are transient, other 4xx permanent."""
    reason = f"HTTP {status}" + (f": {detail[:300]}" if detail else "")
    if status in (408, 425, 429) or status >= 500:
        return TransientDeliveryError(reason, retry_after)
    return PermanentDeliveryError(reason)


def classify_smtp_code(code: int, message: str = "") -> DeliveryError:
    """SMTP 4xx replies are transient, 5xx permanent (RFC 5321 §4.2.1)."""
    reason = f"SMTP {code}" + (f": {message[:300]}" if message else "")
    if 400 <= code < 500:
        return TransientDeliveryError(reason)
    return PermanentDeliveryError(reason)


def message_id(idempotency_key: str, *, domain: str = "festplan") -> str:
    """The email's Message-ID, derived from its idempotency key so a retry carries the same one."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def key_hash(idempotency_key: str) -> str:
    """A short, file-name-safe fingerprint of an idempotency key."""
    return hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:16]
