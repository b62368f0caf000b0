"""Celery tasks of the notifier service (named ``notifier.verb``, taking ids, reloading what they need).

Delivery guarantees live in the outbox rows: ``notifier.relay`` (run by beat, and after each commit
that wrote a due row) hands due rows to ``notifier.send``, which claims its row atomically, so a
duplicate message in the broker is harmless. ``acks_late``, rejection on worker loss and
prefetch of one are configured once in :mod:`shared.celery_app`.
"""

from __future__ import annotations

import logging

from celery import Task

from services.notifier import service
from shared.celery_app import celery

log = logging.getLogger(__name__)


@celery.task(name="notifier.relay", ignore_result=True)
def relay(stale_seconds: float | None = None, lease_seconds: float | None = None) -> int:
    """Hand due outbox rows to the ``mail`` queue; recover rows a lost broker or worker left behind."""
    ids = service.relay(
        enqueue=lambda notification_id: send.delay(notification_id),
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
