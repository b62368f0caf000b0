"""Use cases of the notifier: relay due rows to the broker, deliver one row, retry, release.

Each function opens its own short transactions: the claim is committed before the provider is
called, and the outcome after, so a crash in between leaves a ``sending`` row the relay recovers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from services.notifier import repository
from services.notifier.backends import EmailBackend, get_backend
from services.notifier.context import build_context
from services.notifier.domain.message import Attachment, OutgoingEmail
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
from services.notifier.domain.unsubscribe import UNSUBSCRIBABLE_KINDS, unsubscribe_headers, unsubscribe_url
from shared.db import after_commit, unit_of_work
from shared.models.notification import Notification
from shared.models.scheduling import ScheduleVersion
from shared.models.types import utcnow
from shared.settings import Settings, get_settings

log = logging.getLogger(__name__)

#: A row handed to the broker and not picked up within this delay is handed again (a broker restart lost it).
QUEUED_STALE_SECONDS = 10 * 60.0
#: A row claimed this long ago with no outcome had its worker die mid-send; it is queued again.
SENDING_LEASE_SECONDS = 10 * 60.0
RELAY_BATCH = 1000


@dataclass(frozen=True)
class Outcome:
    """What became of one delivery attempt; ``retry_in`` is set when a transient failure asks for later."""

    notification_id: int
    status: str
    retry_in: float | None = None
    detail: str = ""


def relay(
    *,
    enqueue: Callable[[int], None],
    now: datetime | None = None,
    limit: int = RELAY_BATCH,
    stale_seconds: float = QUEUED_STALE_SECONDS,
    lease_seconds: float = SENDING_LEASE_SECONDS,
) -> list[int]:
    """Mark due rows ``queued`` and hand their ids to ``enqueue`` once that is committed; return the ids."""
    now = now or utcnow()
    with unit_of_work() as session:
        for row in repository.stale_sending(session, before=now - timedelta(seconds=lease_seconds), limit=limit):
            if row.deliveries >= MAX_DELIVERIES:
                row.status = "failed"
                row.last_error = _given_up(row)
                log.error("notification %s given up: %s", row.id, row.last_error)
            else:
                row.status = "pending"
                log.warning("notification %s was left sending (worker lost); queued again", row.id)
        session.flush()
        ids = repository.due_ids(session, now=now, limit=limit)
        ids += [
            i
            for i in repository.stuck_queued_ids(session, before=now - timedelta(seconds=stale_seconds), limit=limit)
            if i not in ids
        ]
        repository.mark_queued(session, ids, now=now)

        def hand_over() -> None:
            for notification_id in ids:
                enqueue(notification_id)

        after_commit(session, hand_over)
    return ids


def _given_up(row: Notification) -> str:
    reason = f"abandonné après {row.deliveries} prises en charge sans issue (worker perdu à chaque fois)"
    return reason + (f" ; dernière erreur : {row.last_error}" if row.last_error else "")


def deliver(
    notification_id: int,
    *,
    backend: EmailBackend | None = None,
    settings: Settings | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Claim the row, render it, send it through the backend and record the outcome."""
    settings = settings or get_settings()
    now = now or utcnow()
    with unit_of_work() as session:
        claimed = repository.claim(session, notification_id, now=now, max_deliveries=MAX_DELIVERIES)
        row = session.get(Notification, notification_id)
        if row is None:
            return Outcome(notification_id, "gone")
        if not claimed:
            if row.status in ("pending", "queued") and row.deliveries >= MAX_DELIVERIES:
                row.status, row.last_error = "failed", _given_up(row)
                return Outcome(notification_id, "failed", detail=row.last_error)
            return Outcome(notification_id, row.status, detail="not claimed")
        if row.category == "bulk" or row.kind in UNSUBSCRIBABLE_KINDS:
            suppression = repository.is_suppressed(session, row.recipient_email)
            if suppression is not None and row.category == "bulk":
                row.status, row.deliveries = "suppressed", 0
                row.last_error = f"adresse sur la liste de suppression ({suppression.reason})"
                return Outcome(notification_id, "suppressed")
        elif repository.is_suppressed(session, row.recipient_email) is not None:
            log.warning(
                "notification %s (%s) sent to a suppressed address: service email, sent anyway", row.id, row.kind
            )
        try:
            email = build_email(session, row, settings=settings, now=now)
        except Exception as exc:  # a template or data error will not go away by retrying
            log.exception("notification %s cannot be rendered", notification_id)
            error: DeliveryError | None = PermanentDeliveryError(f"rendu impossible : {type(exc).__name__}: {exc}")
            email = None
        else:
            error = None
    provider_id: str | None = None
    if email is not None:
        try:
            provider_id = (backend or get_backend(settings)).send(email)
        except DeliveryError as exc:
            error = exc
    return _record_outcome(notification_id, provider_id=provider_id, error=error)


def _record_outcome(notification_id: int, *, provider_id: str | None, error: DeliveryError | None) -> Outcome:
    now = utcnow()
    with unit_of_work() as session:
        row = session.get(Notification, notification_id)
        attempts = (row.attempts if row else 0) + 1
        if error is None:
            repository.finish(
                session,
                notification_id,
                status="sent",
                provider_message_id=provider_id,
                sent_at=now,
                attempts=attempts,
                deliveries=0,
                last_error=None,
                next_attempt_at=None,
                updated_at=now,
            )
            return Outcome(notification_id, "sent", detail=provider_id or "")
        if isinstance(error, TransientDeliveryError) and attempts < MAX_ATTEMPTS:
            delay = backoff_seconds(attempts, retry_after=error.retry_after)
            repository.finish(
                session,
                notification_id,
                status="pending",
                attempts=attempts,
                deliveries=0,
                last_error=str(error),
                next_attempt_at=now + timedelta(seconds=delay),
                updated_at=now,
            )
            log.warning("notification %s: %s; retry in %.0fs", notification_id, error, delay)
            return Outcome(notification_id, "pending", retry_in=delay, detail=str(error))
        reason = (
            str(error)
            if not isinstance(error, TransientDeliveryError)
            else (f"{error} (abandonné après {attempts} tentatives)")
        )
        repository.finish(
            session,
            notification_id,
            status="failed",
            attempts=attempts,
            deliveries=0,
            last_error=reason,
            updated_at=now,
        )
        log.error("notification %s failed: %s", notification_id, reason)
        return Outcome(notification_id, "failed", detail=reason)


def build_email(session, row: Notification, *, settings: Settings, now: datetime) -> OutgoingEmail:  # type: ignore[no-untyped-def]
    """The email a row stands for: context reloaded from the database, rendered, headers and calendar added."""
    unsubscribable = row.category == "bulk" or row.kind in UNSUBSCRIBABLE_KINDS
    link = (
        unsubscribe_url(row.recipient_email, base_url=settings.base_url, secret_key=settings.secret_key)
        if unsubscribable
        else None
    )
    built = build_context(session, row, settings=settings, unsubscribe_url=link)
    rendered = render(row.kind, row.locale, built.context)
    headers = (
        unsubscribe_headers(row.recipient_email, base_url=settings.base_url, secret_key=settings.secret_key)
        if unsubscribable
        else {}
    )
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


def retry_failed() -> int:
    """Put every failed row back in the queue (after the cause was fixed); return how many."""
    with unit_of_work() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.status == "failed")
            .values(status="pending", attempts=0, deliveries=0, next_attempt_at=None, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        count = result.rowcount or 0
        if count:
            from services.notifier.outbox import request_relay

            request_relay(session)
    return count


def release_version(number: int, *, edition_id: int | None = None) -> int:
    """Let the held emails of a published schedule version go (the lead reviewed them); return how many."""
    with unit_of_work() as session:
        stmt = select(ScheduleVersion).where(ScheduleVersion.number == number)
        if edition_id is not None:
            stmt = stmt.where(ScheduleVersion.edition_id == edition_id)
        versions = list(session.scalars(stmt))
        if not versions:
            raise LookupError(f"no schedule version {number}")
        if len(versions) > 1:
            raise LookupError(f"schedule version {number} exists in several editions: name the edition")
        version = versions[0]
        now = utcnow()
        version.mail_held = False
        version.released_at = version.released_at or now
        result = session.execute(
            update(Notification)
            .where(Notification.schedule_version_id == version.id, Notification.status == "held")
            .values(status="pending", updated_at=now)
            .execution_options(synchronize_session=False)
        )
        count = result.rowcount or 0
        if count:
            from services.notifier.outbox import request_relay

            request_relay(session)
    return count


__all__ = ["Attachment", "Outcome", "build_email", "deliver", "relay", "release_version", "retry_failed"]
