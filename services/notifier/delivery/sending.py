"""Sending in-process until every due email is out: the embedded default's relay, through throttling.

With a broker, beat's relay runs every few seconds and retries come by themselves. In-process (the
embedded default, ``festplan notify send``, ``festplan demo``) nothing runs later on its own: a single
pass that met a 429 used to leave the rest ``pending`` for good while saying the mail was handed over.
:func:`send_due` relays and delivers what is due, then, while some due email waits for a retry, waits
until the earliest retry time — the provider's ``Retry-After``, or the capped backoff with jitter of
:mod:`.domain.policy` — and goes again, until nothing due is left or ``FESTPLAN_MAIL_DRAIN_SECONDS``
have passed. It then says what is left, and the first error, from the database.

Time is the running context's clock (:mod:`shared.clock`): the wall clock for a person at the CLI,
the demo's clock in the demo (which really waits only when a real provider asked it to).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from services.notifier import service
from services.notifier.delivery.backends import EmailBackend
from shared.clock import Clock, current
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.settings import Settings, get_settings

#: Statuses of a row that has not left yet and is not waiting for a person (``held``) or planned later.
NOT_OUT = ("pending", "queued", "sending")
#: Waiting a little past a retry time, so the row is due when the relay looks.
MARGIN_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class SendingReport:
    """What :func:`send_due` did and what it leaves: ``left`` due rows not out, ``failed`` in all."""

    sent: int
    failed: int
    left: int
    planned: int
    waited_seconds: float
    deadline_passed: bool
    first_error: str | None

    @property
    def complete(self) -> bool:
        return self.left == 0 and self.failed == 0


def send_due(
    *,
    deadline_seconds: float | None = None,
    clock: Clock | None = None,
    backend: EmailBackend | None = None,
    settings: Settings | None = None,
) -> SendingReport:
    """Relay and deliver what is due, waiting out throttling, until nothing due is left or the deadline passes."""
    settings = settings or get_settings()
    clock = clock or current()
    budget = settings.mail_drain_seconds if deadline_seconds is None else deadline_seconds
    started = clock.now()
    sent = 0
    deadline_passed = False
    while True:
        ids: list[int] = []
        service.relay(enqueue_batch=ids.extend, now=clock.now())
        for first in range(0, len(ids), service.SEND_BATCH):
            outcomes = service.deliver_batch(ids[first : first + service.SEND_BATCH], backend=backend)
            sent += sum(1 for o in outcomes if o.status == "sent")
        retry_at = _next_retry(clock.now())
        if retry_at is None:
            if not ids:
                break
            continue  # the relay had more than one batch: look again before waiting
        wait = max(0.0, (retry_at - clock.now()).total_seconds()) + MARGIN_SECONDS
        if (clock.now() - started).total_seconds() + wait > budget:
            deadline_passed = True
            break
        clock.sleep(wait)
    return _report(sent=sent, now=clock.now(), waited=(clock.now() - started).total_seconds(), late=deadline_passed)


def _next_retry(now: datetime) -> datetime | None:
    """When the earliest due email waiting for a retry may go again; None when none waits."""
    with unit_of_work() as session:
        return session.scalar(
            select(func.min(Notification.next_attempt_at)).where(
                Notification.status == "pending",
                Notification.send_after <= now,
                Notification.next_attempt_at > now,
            )
        )


def _report(*, sent: int, now: datetime, waited: float, late: bool) -> SendingReport:
    with unit_of_work() as session:
        left = session.scalar(
            select(func.count()).where(Notification.status.in_(NOT_OUT), Notification.send_after <= now)
        )
        planned = session.scalar(
            select(func.count()).where(Notification.status.in_(NOT_OUT), Notification.send_after > now)
        )
        failed = session.scalar(select(func.count()).where(Notification.status == "failed"))
        error = session.scalar(
            select(Notification.last_error)
            .where(
                Notification.last_error.is_not(None),
                or_(Notification.status == "failed", Notification.status.in_(NOT_OUT)),
            )
            .order_by(Notification.updated_at, Notification.id)
            .limit(1)
        )
    return SendingReport(
        sent=sent,
        failed=int(failed or 0),
        left=int(left or 0),
        planned=int(planned or 0),
        waited_seconds=waited,
        deadline_passed=late,
        first_error=error,
    )
