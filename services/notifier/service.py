"""Use cases of the notifier: relay due rows to the broker, retry, release; delivery is in :mod:`.delivery`.

Each function opens its own short transaction; the broker hears of rows only once it has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update

from services.notifier import repository
from services.notifier.delivery.send import (
    SEND_BATCH,
    Outcome,
    build_email,
    deliver,
    deliver_batch,
    drain_queued,
    given_up,
)
from services.notifier.domain.policy import MAX_DELIVERIES
from shared.db import after_commit, unit_of_work
from shared.models.notification import Notification
from shared.models.scheduling import ScheduleVersion
from shared.models.types import utcnow

log = logging.getLogger(__name__)

#: A row handed to the broker and not picked up within this delay is handed again (a broker restart lost it).
QUEUED_STALE_SECONDS = 10 * 60.0
#: A row claimed this long ago with no outcome had its worker die mid-send; it is queued again.
SENDING_LEASE_SECONDS = 10 * 60.0
RELAY_BATCH = 1000


def relay(
    *,
    enqueue: Callable[[int], None] | None = None,
    enqueue_batch: Callable[[list[int]], None] | None = None,
    now: datetime | None = None,
    limit: int = RELAY_BATCH,
    stale_seconds: float = QUEUED_STALE_SECONDS,
    lease_seconds: float = SENDING_LEASE_SECONDS,
) -> list[int]:
    """Mark due rows ``queued`` and hand them over once that is committed; return the ids.

    ``enqueue_batch`` receives them by :data:`SEND_BATCH` (one broker message each), ``enqueue`` one by one.
    """
    now = now or utcnow()
    with unit_of_work() as session:
        for row in repository.stale_sending(session, before=now - timedelta(seconds=lease_seconds), limit=limit):
            if row.deliveries >= MAX_DELIVERIES:
                row.status = "failed"  # its links stay: retry-failed sends it again
                row.last_error = given_up(row)
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
            if enqueue_batch is not None:
                for first in range(0, len(ids), SEND_BATCH):
                    enqueue_batch(ids[first : first + SEND_BATCH])
            if enqueue is not None:
                for notification_id in ids:
                    enqueue(notification_id)

        after_commit(session, hand_over)
    return ids


def retry_failed() -> int:
    """Put every failed row back in the queue (after the cause was fixed); return how many.

    A failed row kept its secret links (``shared.mail_secrets.REDACTED_ON``): it goes out with them, and
    loses them once sent.
    """
    with unit_of_work() as session:
        result = session.execute(
            update(Notification)
            .where(Notification.status == "failed")
            .values(status="pending", attempts=0, deliveries=0, next_attempt_at=None, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        count = result.rowcount or 0
        if count:
            from shared.outbox import request_relay

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
            from shared.outbox import request_relay

            request_relay(session)
    return count


__all__ = [
    "SEND_BATCH",
    "Outcome",
    "build_email",
    "deliver",
    "deliver_batch",
    "drain_queued",
    "relay",
    "release_version",
    "retry_failed",
]
