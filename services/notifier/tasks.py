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

from celery import Task

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


@celery.task(name="notifier.send", bind=True, ignore_result=True, max_retries=None)
def send(self: Task, notification_id: int) -> str:
    """Send one outbox row; a transient failure is retried later with backoff (the row stays pending)."""
    outcome = service.deliver(notification_id)
    if outcome.retry_in is not None and not self.request.is_eager:
        # The row is back to pending with next_attempt_at: whichever of this retry and the relay comes
        # first claims it, the other finds it taken. In-process (eager) runs leave it to the relay.
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@celery.task(name="notifier.send_batch", ignore_result=True)
def send_batch(notification_ids: list[int], drain: bool = True) -> int:
    """Send these outbox rows, then every other queued row, over one backend connection; return how many.

    A producer's wake-up (``drain``) clears the wake-up key first (:mod:`services.notifier.wakeup`),
    then takes queued rows along until a look finds fewer than a batch, for the producers that did not publish because
    this wake-up was pending. The relay's batches (``drain=False``) name all their rows: they send
    those only, so two workers do not chase each other's rows. After
    :data:`DRAIN_SECONDS` it hands the rest to a new message, so one task never holds a worker for long.
    A transient failure puts the rows not yet tried back to ``pending`` with their delay: the relay
    hands them over again when they are due, so this task never retries itself.
    """
    ids = list(notification_ids)
    if not drain:
        return sum(1 for outcome in service.deliver_batch(ids) if outcome.status == "sent")
    wakeup.clear_wakeup()
    began = time.monotonic()
    sent = 0
    while True:
        room = max(0, service.SEND_BATCH - len(ids))
        outcomes = service.deliver_batch(ids, take_queued=room)
        sent += sum(1 for outcome in outcomes if outcome.status == "sent")
        asked = set(ids)
        taken = sum(1 for outcome in outcomes if outcome.notification_id not in asked)
        if taken < room or any(outcome.retry_in is not None for outcome in outcomes):
            # The look for queued rows came after the wake-up was cleared and found them all: any row
            # committed since either published its own wake-up or found one pending, whose worker looks later.
            return sent
        if time.monotonic() - began > DRAIN_SECONDS:
            if wakeup.claim_wakeup():
                send_batch.delay([])
            return sent
        ids = []
