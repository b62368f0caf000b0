"""Schedule-change emails, grouped: one email per person per window, never one per change.

The publishing code calls :func:`notify_schedule_change` for each person whose sessions moved, in
its own transaction. The first change opens a row whose ``send_after`` is the end of the window
(``FESTPLAN_CHANGE_BATCH_MINUTES``); later changes within the window merge into that row. A
republished schedule with no change sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from services.notifier import repository
from services.notifier.domain.batching import Change, content_hash, merge_changes, window_end
from services.notifier.domain.policy import key_hash
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import record
from shared.settings import get_settings

KIND = "speaker.schedule_change"


def notify_schedule_change(
    session: Session,
    *,
    recipient_email: str,
    recipient_name: str | None,
    locale: str,
    changes: list[Change],
    schedule_version_id: int | None,
    version_number: int,
    edition_id: int | None = None,
    held: bool = False,
    now: datetime | None = None,
) -> Notification | None:
    """Add ``changes`` (``{"code", "title", "old", "new"}``, slots with ISO datetimes) to this person's email."""
    real = [c for c in changes if c.get("old") != c.get("new")]
    if not real:
        return None
    now = now or utcnow()
    address = recipient_email.strip()
    batch = repository.open_change_batch(session, recipient_email=address, kind=KIND, now=now)
    if batch is not None:
        merged = merge_changes(batch.payload.get("changes", []), real)
        if not merged:  # the later change undid the earlier one: nothing to tell
            batch.status = "cancelled"
            batch.last_error = "changements annulés par un changement ultérieur"
        batch.payload = {
            **batch.payload,
            "changes": merged,
            "sequence": version_number,
            "schedule_version_id": schedule_version_id,
        }
        batch.schedule_version_id = schedule_version_id
        session.flush()
        return batch
    minutes = get_settings().change_batch_minutes
    return record(
        session,
        kind=KIND,
        recipient_email=address,
        recipient_name=recipient_name,
        locale=locale,
        payload={"changes": real, "sequence": version_number, "schedule_version_id": schedule_version_id},
        idempotency_key=f"{KIND}:{key_hash(address.lower())}:v{schedule_version_id}:{content_hash(real)}",
        edition_id=edition_id,
        send_after=window_end(now, minutes=minutes) if minutes else now,
        schedule_version_id=schedule_version_id,
        held=held,
    )
