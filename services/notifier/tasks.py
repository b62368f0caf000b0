"""Celery tasks of the notifier service (named ``notifier.verb``, taking ids, reloading what they need).

Delivery guarantees live in the outbox rows: a producer's commit hands its due rows straight to
``notifier.send_batch`` (or, for a big transaction, asks ``notifier.relay``); beat's relay picks up
what is due later or was lost. Sending claims each row atomically, so a duplicate message in the
broker is harmless. ``acks_late``, rejection on worker loss and
prefetch of one are configured once in :mod:`shared.celery_app`.
"""

from __future__ import annotations

import logging
import time

from services.notifier import service, wakeup
from shared.celery_app import celery

log = logging.getLogger(__name__)

#: How long one ``notifier.send_batch`` keeps taking queued rows before it hands over to a new message.
DRAIN_SECONDS = 20.0


@celery.task(name="notifier.relay", ignore_result=True)
def relay(stale_seconds: float | None = None, lease_seconds: float | None = None) -> int:
    """Hand due outbox rows to the ``mail`` queue; recover rows a lost broker or worker left behind."""
    ids = service.relay(
        enqueue_batch=lambda batch: send_batch.delay(batch, drain=False),
        limit=service.RELAY_BATCH,
        stale_seconds=service.QUEUED_STALE_SECONDS if stale_seconds is None else stale_seconds,
        lease_seconds=service.SENDING_LEASE_SECONDS if lease_seconds is None else lease_seconds,
    )
    if ids:
        log.info("relay: %d notification(s) handed to the mail queue", len(ids))
    if len(ids) >= service.RELAY_BATCH:
        # A full batch means more rows may be due: queue the next batch behind this one now, not at
        # beat's next run (10,000 due rows would otherwise trickle out at 1,000 per beat period).
        relay.delay()
    return len(ids)


@celery.task(name="notifier.send_batch", ignore_result=True)
def send_batch(notification_ids: list[int], drain: bool = True) -> int:
    """Send these outbox rows, then every other queued row, over one backend connection; return how many.

    A producer's wake-up (``drain``) holds the wake-up key (:mod:`services.notifier.wakeup`) while it
    takes queued rows along, batch after batch: producers committing meanwhile find the key and do
    not publish, their rows are taken by the next look, so a steady stream of single-email commits
    is sent by one task instead of a task each. When a look finds nothing, the task gives the key
    back, then looks once more (a row committed before the key went was left to it).
    A look that finds a full batch calls a second worker in. The relay's batches (``drain=False``)
    name all their rows and send those only. After :data:`DRAIN_SECONDS` the task hands over to a new
    message, so one task never holds a worker for long. A transient failure puts the rows not yet
    tried back to ``pending`` with their delay: the relay hands them over when they are due again.
    """
    ids = list(notification_ids)
    if not drain:
        return _sent(service.deliver_batch(ids))
    began, kept = time.monotonic(), float("-inf")  # the first look refreshes the key the producer set
    sent = 0
    helped = False
    while True:
        if time.monotonic() - kept > wakeup.TTL_MS / 3000:  # a Redis round trip a third of the TTL, not per look
            wakeup.keep_wakeup()
            kept = time.monotonic()
        room = max(0, service.SEND_BATCH - len(ids))
        outcomes = service.deliver_batch(ids, take_queued=room)
        sent += _sent(outcomes)
        if any(outcome.retry_in is not None for outcome in outcomes):
            wakeup.clear_wakeup()
            return sent
        asked = set(ids)
        taken = sum(1 for outcome in outcomes if outcome.notification_id not in asked)
        ids = []
        if taken == 0:
            wakeup.clear_wakeup()
            last = service.deliver_batch([], take_queued=service.SEND_BATCH)
            sent += _sent(last)
            if not last or any(outcome.retry_in is not None for outcome in last):
                return sent
            # rows came in between: go on draining (producers publish again meanwhile, which is harmless)
        elif taken >= room and not helped:
            helped = True
            send_batch.delay([])  # a backlog: a second worker takes rows too
        if time.monotonic() - began > DRAIN_SECONDS:
            send_batch.delay([])
            return sent


def _sent(outcomes: list[service.Outcome]) -> int:
    return sum(1 for outcome in outcomes if outcome.status == "sent")
