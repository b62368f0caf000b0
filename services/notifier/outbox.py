"""The outbox: every email festplan owes is first a row, written in the caller's transaction.

Nothing leaves before the commit: :func:`record` only inserts and flushes; once the caller's
transaction commits, the relay (``notifier.relay``) is asked to hand due rows to Celery. A second
call with the same idempotency key is a no-op, so producers can be re-run without sending twice.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared.db import after_commit
from shared.i18n import normalise_locale
from shared.models.notification import Notification
from shared.models.types import utcnow

log = logging.getLogger(__name__)

KINDS = (
    "partner.proposal_received",
    "partner.decision",
    "partner.slots",
    "partner.logistics",
    "partner.survey_before",
    "partner.survey_after",
    "partner.invitation",
    "speaker.invitation",
    "speaker.assignment",
    "speaker.schedule_change",
    "speaker.survey_after",
    "participant.registration_confirmed",
    "participant.reminder",
    "participant.survey",
    "survey.reminder",
    "lead.signin_link",
)
CATEGORIES = ("transactional", "bulk")


def record(
    session: Session,
    *,
    kind: str,
    recipient_email: str,
    recipient_name: str | None,
    locale: str,
    payload: dict,
    idempotency_key: str,
    edition_id: int | None = None,
    send_after: datetime | None = None,
    category: str = "transactional",
    schedule_version_id: int | None = None,
    held: bool = False,
) -> Notification | None:
    """Insert the email's row in the caller's transaction, or return None if its key is already known."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if category not in CATEGORIES:
        raise ValueError(f"unknown notification category {category!r}")
    if send_after is not None and send_after.tzinfo is None:
        raise ValueError("send_after must be an aware datetime")
    if len(idempotency_key) > 200:
        raise ValueError("idempotency_key is longer than 200 characters")
    if session.scalar(select(Notification.id).where(Notification.idempotency_key == idempotency_key)):
        return None
    now = utcnow()
    row = Notification(
        edition_id=edition_id,
        idempotency_key=idempotency_key,
        kind=kind,
        recipient_email=recipient_email.strip(),
        recipient_name=recipient_name,
        locale=normalise_locale(locale),
        payload=payload,
        status="held" if held else "pending",
        category=category,
        schedule_version_id=schedule_version_id,
        send_after=send_after or now,
        created_at=now,
        updated_at=now,
    )
    try:
        with savepoint(session):  # a concurrent writer with the same key must not abort the caller
            session.add(row)
            session.flush()
    except IntegrityError:
        if session.scalar(select(Notification.id).where(Notification.idempotency_key == idempotency_key)):
            return None
        raise
    if not held and row.send_after <= now:
        request_relay(session)
    return row


def savepoint(session: Session) -> AbstractContextManager[object]:
    """A SAVEPOINT on PostgreSQL; nothing on SQLite, whose pysqlite driver would commit the outer transaction."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        return nullcontext()
    return session.begin_nested()


def request_relay(session: Session) -> None:
    """Ask the relay to run once ``session`` commits (once per transaction, however many rows it wrote)."""
    pending = session.info.get("after_commit", [])
    if _run_relay not in pending:
        after_commit(session, _run_relay)


def _run_relay() -> None:
    # Imported here: the tasks module imports the service, which imports this module.
    from services.notifier.tasks import relay

    try:
        relay.delay()
    except Exception:  # the rows are committed: beat's next relay run will pick them up
        log.exception("could not enqueue notifier.relay; beat will pick the rows up")
