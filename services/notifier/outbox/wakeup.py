"""One wake-up for the mail workers instead of one broker message per committed email.

A burst of single-email commits (registrations opening, a survey answered by many) would queue one
``notifier.send_batch`` message per email, each costing a worker a task and a query even when an
earlier batch already took its row along. With Redis as the broker, a producer publishes only when
it sets the wake-up key (``SET NX``); the worker of that message holds the key while it drains the
queued rows, batch after batch, and when a look finds nothing it deletes the key and looks once
more. A producer that found the key set had committed its row before that delete, so before that
last look: the row is taken, never stranded. The key expires by itself if its worker dies (its
message, acknowledged late, is delivered again). Should the broker lose the message and the key
together (a Redis restart), the next producer publishes again, and the relay's sweep of rows queued
too long ago remains the backstop.

A draining worker that finds the queue empty does not leave at once: it waits a moment on a
doorbell (a Redis list every hand-over pushes to, in the same round trip as the ``SET NX``), so a
steady trickle of emails is sent by the waiting tasks, each ring waking one of them, not by a new
task per email, each costing a message, a dispatch and a session.

Without a Redis broker (the embedded default runs tasks in-process) every hand-over publishes.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import redis
from redis.commands.core import Script

from shared.settings import get_settings

log = logging.getLogger(__name__)

KEY = "festplan:notifier:wake"
#: Pushed to by every hand-over; a draining worker waiting for rows blocks on it.
DOORBELL = "festplan:notifier:doorbell"
#: Rings kept at most: one per worker that may be waiting is enough; more would only be rings whose rows
#: a drain already took, each costing a worker an empty look.
DOORBELL_RINGS = 4
#: A wake-up not taken within this time (a long backlog in the queue) no longer holds producers back.
TTL_MS = 30_000


@lru_cache(maxsize=4)
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)


def _broker() -> redis.Redis | None:
    url = get_settings().redis_url
    return _client(url) if url else None


#: The hand-over's one command: set the wake-up key if free, ring the doorbell, keep only the last rings.
#: A script, not a pipeline of four commands: a producer packs one command and reads one reply, which was
#: a third of its CPU per committed email; Redis runs it atomically.
_RING = """
local claimed = redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1])
redis.call('RPUSH', KEYS[2], '1')
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[2], ARGV[1])
if claimed then return 1 end
return 0
"""


@lru_cache(maxsize=4)
def _ring(client: redis.Redis) -> Script:
    return client.register_script(_RING)


def claim_wakeup() -> bool:
    """True when the caller must publish (no wake-up pending, or no Redis to tell); False when one is pending.

    The doorbell is rung by the same command, for a worker waiting for rows (:func:`wait_for_doorbell`).
    """
    client = _broker()
    if client is None:
        return True
    try:
        return bool(_ring(client)(keys=[KEY, DOORBELL], args=[TTL_MS, DOORBELL_RINGS]))
    except redis.RedisError:
        log.warning("wake-up key unreachable: publishing anyway")
        return True


def wait_for_doorbell(seconds: float) -> bool:
    """Wait up to ``seconds`` for a hand-over to ring; True if one did (at once without Redis: False).

    Each ring wakes one waiting worker and the others' rings stay for them: two emails committed
    while one worker is sending are taken by two workers, not one after the other. A ring whose row
    a drain already took costs a worker one empty look; producers keep at most
    :data:`DOORBELL_RINGS` rings.
    """
    client = _broker()
    if client is None:
        return False
    try:
        return client.blpop([DOORBELL], timeout=seconds) is not None
    except redis.RedisError:
        log.warning("doorbell unreachable: not waiting for more rows")
        return False


def keep_wakeup() -> None:
    """The draining worker is alive: keep its key from expiring."""
    client = _broker()
    if client is None:
        return
    try:
        client.pexpire(KEY, TTL_MS)
    except redis.RedisError:
        log.warning("wake-up key unreachable: not refreshed")


def clear_wakeup() -> None:
    """The worker gives the wake-up back (then looks once more): the next producer publishes again."""
    client = _broker()
    if client is None:
        return
    try:
        client.delete(KEY)
    except redis.RedisError:  # the key expires by itself; producers publish meanwhile at worst late
        log.warning("wake-up key unreachable: not cleared")


def forget_clients() -> None:
    """Drop cached connections (tests that point festplan at another Redis)."""
    _client.cache_clear()
    _ring.cache_clear()
