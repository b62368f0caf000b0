"""Delivering outbox rows: claim, render, send through the backend, record the outcome.

Rows go out in batches (one Celery message for up to :data:`SEND_BATCH` ids) because the cost that
mattered per email was the database, not the mail: reloading the context and two transactions per
email. A batch reads its rows, their suppressions, sessions and slots in a handful of queries, then
walks the rows with **one commit per email**: the commit that records email *k*'s outcome also
claims email *k+1*. So a worker killed mid-batch leaves exactly one row unrecorded — the one in
flight, ``sending``, which the relay queues again once its lease expires and which goes out again
with the same Message-ID — just as with one email per task. Nothing is held open while the provider
is called but the one claimed row.

A steady stream of single-email commits (registrations) is drained instead (:func:`drain_queued`):
one statement claims and reads the oldest queued row no other worker holds, so the workers share
the stream without meeting on a row, and what the emails share is kept for a few seconds. The per-email
statements are built once: building them per call cost more than the database's own work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from services.notifier import repository
from services.notifier.delivery.backends import EmailBackend, get_backend
from services.notifier.delivery.context import BatchMemo, build_context
from services.notifier.domain.message import OutgoingEmail
from services.notifier.domain.policy import (
    MAX_ATTEMPTS,
    MAX_DELIVERIES,
    DeliveryError,
    PermanentDeliveryError,
    TransientDeliveryError,
    backoff_seconds,
    message_id,
)
from services.notifier.domain.rendering import render
from services.notifier.domain.unsubscribe import UNSUBSCRIBABLE_KINDS, one_click_headers, unsubscribe_url
from shared.db import statement_by_statement
from shared.mail_secrets import REDACTED, is_redacted, secret_keys
from shared.models.notification import Notification, Suppression
from shared.models.types import utcnow
from shared.settings import Settings, get_settings

log = logging.getLogger(__name__)

#: Ids per ``notifier.send_batch`` message: enough to spread a batch's few queries thin, few enough
#: that two workers share a small burst evenly.
SEND_BATCH = 50
#: How long a drain keeps what it read for its emails (editions, versions, slots) before reading it again.
MEMO_SECONDS = 5.0


@dataclass(frozen=True)
class Outcome:
    """What became of one delivery attempt; ``retry_in`` is set when a transient failure asks for later."""

    notification_id: int
    status: str
    retry_in: float | None = None
    detail: str = ""


def given_up(row: Notification) -> str:
    """Why a row that kept losing its worker is not tried again."""
    reason = f"abandonné après {row.deliveries} prises en charge sans issue (worker perdu à chaque fois)"
    return reason + (f" ; dernière erreur : {row.last_error}" if row.last_error else "")


def deliver(
    notification_id: int,
    *,
    backend: EmailBackend | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Deliver one row (a batch of one)."""
    outcomes = deliver_batch([notification_id], backend=backend, settings=settings, now=now)
    return next(o for o in outcomes if o.notification_id == notification_id)


def deliver_batch(
    notification_ids: list[int],
    *,
    backend: EmailBackend | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> list[Outcome]:
    """Deliver the rows in order through one backend; one outcome per row tried.

    Rows are claimed one at a time, so two workers given the same rows only lose a claim, never send
    twice (a burst of single-email commits goes through :func:`drain_queued` instead). A transient
    failure (provider down, rate limited) stops the batch: the rows not yet tried go back to
    ``pending`` with the same delay, for the relay to hand over again when it is due.
    """
    settings = settings or get_settings()
    now = now or utcnow()
    outcomes: list[Outcome] = []
    with statement_by_statement() as session:
        rows = repository.batch_rows(session, notification_ids)
        order = [i for i in notification_ids if i in rows and rows[i].status in repository.CLAIMABLE]
        outcomes += [
            Outcome(i, rows[i].status if i in rows else "gone", detail="not claimed")
            for i in notification_ids
            if i not in order
        ]
        if not order:
            return outcomes
        suppressions = repository.suppressions_of(session, [rows[i].recipient_email for i in order])
        memo = BatchMemo()
        memo.preload(session, [rows[i] for i in order])
        owed: repository.Owed = None
        try:
            for position, notification_id in enumerate(order):
                outcome, owed = _deliver_row(
                    session,
                    rows[notification_id],
                    owed=owed,
                    suppressions=suppressions,
                    memo=memo,
                    backend=backend,
                    settings=settings,
                    now=now,
                )
                outcomes.append(outcome)
                if outcome.retry_in is not None:
                    rest = order[position + 1 :]
                    repository.postpone(session, rest, until=utcnow() + timedelta(seconds=outcome.retry_in))
                    outcomes += [
                        Outcome(i, "pending", retry_in=outcome.retry_in, detail="lot interrompu") for i in rest
                    ]
                    break
        finally:
            repository.record_outcome(session, owed)  # the last email's, or the one in hand when something broke
    return outcomes


def _deliver_row(
    session: Session,
    row: Notification,
    *,
    owed: repository.Owed,
    suppressions: dict[str, Suppression],
    memo: BatchMemo,
    backend: EmailBackend | None,
    settings: Settings,
    now: datetime,
) -> tuple[Outcome, repository.Owed]:
    """Claim (durable before the provider is called, with the previous email's outcome), render, send.

    Returns the outcome and the row's new values, which the next claim records.
    """
    attempts = repository.claim(session, row.id, now=now, max_deliveries=MAX_DELIVERIES, owed=owed)
    if attempts is None:
        status, deliveries = repository.status_of(session, row.id)
        if status in ("pending", "queued") and deliveries >= MAX_DELIVERIES:
            session.refresh(row)
            reason = given_up(row)
            repository.set_status(session, row.id, status="failed", last_error=reason, updated_at=utcnow())
            return Outcome(row.id, "failed", detail=reason), None
        return Outcome(row.id, status or "gone", detail="not claimed"), None
    suppression = suppressions.get(row.recipient_email.strip().lower())
    suppressed = suppression.reason if suppression is not None else None
    return _send_claimed(
        session, row, attempts, suppressed=suppressed, memo=memo, backend=backend, settings=settings, now=now
    )


def _send_claimed(
    session: Session,
    row: Notification,
    attempts: int,
    *,
    suppressed: str | None,
    memo: BatchMemo,
    backend: EmailBackend | None,
    settings: Settings,
    now: datetime,
) -> tuple[Outcome, repository.Owed]:
    """Send a row this worker holds; return the outcome and the row's new values, for the next statement."""
    if suppressed is not None:
        if row.category == "bulk":
            reason = f"adresse sur la liste de suppression ({suppressed})"
            values = {"status": "suppressed", "deliveries": 0, "last_error": reason, "updated_at": now}
            return Outcome(row.id, "suppressed"), (row.id, values)
        if row.kind not in UNSUBSCRIBABLE_KINDS:
            log.warning("notification %s (%s) to a suppressed address: service email, sent anyway", row.id, row.kind)
    error: DeliveryError | None = None
    provider_id: str | None = None
    try:
        email = build_email(session, row, settings=settings, now=now, memo=memo)
    except Exception as exc:  # a template or data error will not go away by retrying
        log.exception("notification %s cannot be rendered", row.id)
        error = PermanentDeliveryError(f"rendu impossible : {type(exc).__name__}: {exc}")
    else:
        try:
            provider_id = (backend or get_backend(settings)).send(email)
        except DeliveryError as exc:
            error = exc
        except Exception as exc:  # the backend could not build the message (e.g. a header it cannot encode)
            log.exception("notification %s cannot be built", row.id)
            error = PermanentDeliveryError(f"courriel impossible à construire : {type(exc).__name__}: {exc}")
    outcome, values = outcome_of(row.id, attempts + 1, provider_id=provider_id, error=error, now=utcnow())
    return outcome, (row.id, values)


def drain_queued(
    *,
    until: float,
    on_claim: Callable[[float], None] | None = None,
    linger: Callable[[], bool] | None = None,
    backend: EmailBackend | None = None,
    settings: Settings | None = None,
) -> tuple[list[Outcome], bool]:
    """Send queued rows one at a time, oldest first, until none is left or ``time.monotonic()`` passes ``until``.

    The way a steady stream of single-email commits (registrations) goes out: each email costs one
    statement that records the previous email's outcome, then claims and reads the next row,
    skipping rows another worker holds, so two workers drain together without ever trying the same
    row. What the emails share (editions, versions, slots) is read once and kept for
    :data:`MEMO_SECONDS`, so an edit in the back-office shows in the emails of the next five seconds
    (reading them again costs a few queries: once a second, it was the slowest email in a hundred).
    ``on_claim`` is told how many seconds each row waited for its worker once due;
    ``linger``, when the queue is found empty (every outcome written by then): if it returns True
    (more rows were announced meanwhile), the drain goes on with the same connection.

    Returns the outcomes and whether the queue was found empty. A transient failure (provider down,
    rate limited) puts every queued row back to ``pending`` with its delay and stops.
    """
    settings = settings or get_settings()
    outcomes: list[Outcome] = []
    owed: repository.Owed = None
    with statement_by_statement() as session:
        try:
            while time.monotonic() < until:
                now = utcnow()
                claimed = repository.claim_next(session, now=now, owed=owed)
                owed = None
                if claimed is None:
                    if linger is not None and time.monotonic() < until and linger():
                        continue
                    return outcomes, True
                row, suppressed = claimed
                if row.deliveries > MAX_DELIVERIES:
                    row.deliveries -= 1  # the claim above did not really take it
                    reason = given_up(row)
                    values = {"status": "failed", "deliveries": row.deliveries, "last_error": reason, "updated_at": now}
                    owed = (row.id, values)
                    outcomes.append(Outcome(row.id, "failed", detail=reason))
                    continue
                if on_claim is not None:
                    on_claim((now - row.send_after).total_seconds())
                memo = _drain_memo()
                memo.preload(session, [row])
                outcome, owed = _send_claimed(
                    session,
                    row,
                    row.attempts,
                    suppressed=suppressed,
                    memo=memo,
                    backend=backend,
                    settings=settings,
                    now=now,
                )
                outcomes.append(outcome)
                if outcome.retry_in is not None:
                    repository.postpone_queued(session, until=utcnow() + timedelta(seconds=outcome.retry_in))
                    return outcomes, False
        finally:
            repository.record_outcome(session, owed)
    return outcomes, False


_memo: tuple[float, BatchMemo] | None = None


def _drain_memo() -> BatchMemo:
    """The memo the drains of this process share, renewed once it is :data:`MEMO_SECONDS` old."""
    global _memo
    if _memo is None or time.monotonic() - _memo[0] > MEMO_SECONDS:
        _memo = (time.monotonic(), BatchMemo())
    return _memo[1]


def outcome_of(
    notification_id: int, attempts: int, *, provider_id: str | None, error: DeliveryError | None, now: datetime
) -> tuple[Outcome, dict[str, Any]]:
    """The outcome of attempt number ``attempts`` and the row's new values: sent, pending with a delay, or failed."""
    if error is None:
        values = {
            "status": "sent",
            "provider_message_id": provider_id,
            "sent_at": now,
            "attempts": attempts,
            "deliveries": 0,
            "last_error": None,
            "next_attempt_at": None,
            "updated_at": now,
        }
        return Outcome(notification_id, "sent", detail=provider_id or ""), values
    if isinstance(error, TransientDeliveryError) and attempts < MAX_ATTEMPTS:
        delay = backoff_seconds(attempts, retry_after=error.retry_after)
        log.warning("notification %s: %s; retry in %.0fs", notification_id, error, delay)
        values = {
            "status": "pending",
            "attempts": attempts,
            "deliveries": 0,
            "last_error": str(error),
            "next_attempt_at": now + timedelta(seconds=delay),
            "updated_at": now,
        }
        return Outcome(notification_id, "pending", retry_in=delay, detail=str(error)), values
    reason = str(error)
    if isinstance(error, TransientDeliveryError):
        reason += f" (abandonné après {attempts} tentatives)"
    log.error("notification %s failed: %s", notification_id, reason)
    values = {"status": "failed", "attempts": attempts, "deliveries": 0, "last_error": reason, "updated_at": now}
    return Outcome(notification_id, "failed", detail=reason), values


def build_email(
    session: Session,
    row: Notification,
    *,
    settings: Settings,
    now: datetime,
    memo: BatchMemo | None = None,
    preview: bool = False,
) -> OutgoingEmail:
    """The email a row stands for: context reloaded from the database, rendered, headers and calendar added.

    ``preview`` (the back office's page of one email) shows every personal link redacted, the unsubscribe
    link too, whether the row is still to send or has ended: what a lead reads hands out no one's link.
    """
    if not preview and is_redacted(row.kind, row.payload):  # a row put back after it was sent: no dead link leaves
        raise ValueError(f"le lien personnel de ce courriel a été masqué ({REDACTED}) : en envoyer un nouveau")
    link = None
    if row.category == "bulk" or row.kind in UNSUBSCRIBABLE_KINDS:
        link = (
            REDACTED
            if preview
            else unsubscribe_url(row.recipient_email, base_url=settings.base_url, secret_key=settings.secret_key)
        )
    built = build_context(session, row, settings=settings, unsubscribe_url=link, memo=memo)
    if preview:
        built.context.update((key, REDACTED) for key in secret_keys(row.kind) if key in built.context)
    rendered = render(row.kind, row.locale, built.context)
    headers = one_click_headers(link) if link else {}
    return OutgoingEmail(
        notification_id=row.id,
        message_id=message_id(row.idempotency_key),
        sender=settings.mail_from,
        recipient_email=row.recipient_email,
        recipient_name=row.recipient_name,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        locale=row.locale,
        date=now,
        category=row.category,
        kind=row.kind,
        headers=headers,
        attachments=tuple(built.attachments),
    )
