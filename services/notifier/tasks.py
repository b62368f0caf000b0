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

from celery.signals import worker_process_init

from services.notifier import service
from services.notifier.domain import rendering
from services.notifier.outbox import handover, wakeup
from shared import heap, outbox
from shared.celery_app import celery

log = logging.getLogger(__name__)

#: How long one ``notifier.send_batch`` keeps taking queued rows before it hands over to a new message.
DRAIN_SECONDS = 20.0
#: A row that waited longer than this for a worker: the task draining falls behind and calls a second.
BEHIND_SECONDS = 0.010
#: A draining task falling behind calls a second worker in at most this often; a call no worker took up
#: within that time expires unrun (:func:`call_for_help`).
HELP_SECONDS = 0.25
#: How long a draining task that found the queue empty waits on the doorbell for more rows before leaving.
LINGER_SECONDS = 0.5
#: A row that waited longer than this came from a backlog (rows the relay handed over once due), not from
#: a trickle of commits: a drain whose last row did leaves as soon as the queue is empty.
BACKLOG_SECONDS = 1.0


@worker_process_init.connect(dispatch_uid="festplan.notifier.settle_heap", weak=False)
def settle_worker_heap(**_: object) -> None:
    """A new pool process: load the email templates, then settle its heap (:mod:`shared.heap`).

    A mail worker holds ~110,000 long-lived objects (modules, SQLAlchemy's mappers and compiled
    statements, the templates); a full collection walked them all, 50 ms, every few seconds at a
    few hundred emails a second: a stall for the email being sent and those waiting behind it,
    which is what the p99 latency at half load showed.
    """
    rendering.load_templates()
    heap.enable()


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
    """Send outbox rows over one backend connection; return how many were sent.

    The relay's batches (``drain=False``) name their rows and send those only, reading them and what
    they share in a few queries. A producer's wake-up (``drain``) sends every queued row, its own
    included, one claim at a time (:func:`services.notifier.delivery.send.drain_queued`), while holding the
    wake-up key (:mod:`services.notifier.outbox.wakeup`): producers committing meanwhile find the key and do
    not publish, the drain takes their rows. When the queue is found empty, the task waits up to
    :data:`LINGER_SECONDS` for a producer to ring the doorbell and drains again if one does; else
    it gives the key back, then drains once more (a row committed before the key went was left to
    it). A row that waited too long for its worker calls a second worker in, at most every
    :data:`HELP_SECONDS` (:func:`call_for_help`).
    After :data:`DRAIN_SECONDS` the task hands over to a new message, so one task never holds a
    worker for long. A transient failure puts the queued rows back to ``pending`` with their delay:
    the relay hands them over when they are due again.
    """
    if not drain:
        return _sent(service.deliver_batch(list(notification_ids)))
    deadline = time.monotonic() + DRAIN_SECONDS
    called = float("-inf")
    waited: float | None = None  # how long the last row this task claimed had waited for a worker

    def claimed(seconds: float) -> None:
        """A row that waited for its worker: this one falls behind, a second one is called in."""
        nonlocal called, waited
        waited = seconds
        if seconds <= BEHIND_SECONDS or celery.conf.task_always_eager or time.monotonic() - called <= HELP_SECONDS:
            return  # in-process tasks have no second worker to call
        called = time.monotonic()
        try:
            call_for_help()
        except Exception:  # the broker is away: this worker goes on alone
            log.warning("could not call a second worker in", exc_info=True)

    def linger() -> bool:
        """Rung while waiting: rows came in, the drain takes them without a new message.

        Only for a trickle, when the last row came within :data:`BACKLOG_SECONDS`: a task that
        found nothing (a second worker called in too late) or that was working through a backlog
        (the relay's rows, whose batches the worker must be free to take) leaves at once. A row
        held up by a hiccup of the machine (tens of milliseconds) is still a trickle's: leaving
        then cost a new message per email just when the workers had time to catch up.
        """
        seconds = min(LINGER_SECONDS, deadline - time.monotonic())
        if seconds <= 0 or waited is None or waited > BACKLOG_SECONDS:
            return False
        return wakeup.wait_for_doorbell(seconds)

    sent = 0
    kept = float("-inf")
    while True:
        if time.monotonic() - kept > wakeup.TTL_MS / 3000:  # a Redis round trip a third of the TTL, not per look
            wakeup.keep_wakeup()
            kept = time.monotonic()
        until = min(deadline, kept + wakeup.TTL_MS / 3000)
        outcomes, empty = service.drain_queued(until=until, on_claim=claimed, linger=linger)
        sent += _sent(outcomes)
        if any(outcome.retry_in is not None for outcome in outcomes):
            wakeup.clear_wakeup()
            return sent
        if empty:
            wakeup.clear_wakeup()
            last, _ = service.drain_queued(until=deadline)
            sent += _sent(last)
            if not last or any(outcome.retry_in is not None for outcome in last):
                return sent
            # rows came in between: go on draining (producers publish again meanwhile, which is harmless)
        if time.monotonic() >= deadline:
            send_batch.delay([])
            return sent


def call_for_help() -> None:
    """Ask another worker to drain alongside, with a message that expires after :data:`HELP_SECONDS`.

    When every worker is already draining, nobody takes the call up until a drain ends, and by then
    the backlog it was about is long gone. Run late, such calls came in a flood (two workers behind
    call every quarter of a second each): each cost a task, a session and two looks at an empty
    queue, and gave the wake-up key back under the drain that held it, so that the next producer
    published yet another message. Expired, Celery acknowledges and drops them; a drain still behind
    calls again.
    """
    send_batch.apply_async(([],), expires=HELP_SECONDS)


def _sent(outcomes: list[service.Outcome]) -> int:
    return sum(1 for outcome in outcomes if outcome.status == "sent")


outbox.connect(
    hand_over=lambda ids: handover.hand_over(ids, send_batch=lambda batch: send_batch.delay(batch)),
    relay=lambda: handover.ask_relay(lambda: relay.delay()),
)
