"""The daily task that plans participants' reminders for tomorrow (``scheduler.remind_participants``)."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from services.scheduler.programme.reminders import plan_tomorrow
from services.scheduler.programme.repository import published_edition_id
from shared.celery_app import celery
from shared.db import unit_of_work
from shared.models import Edition
from shared.models.types import utcnow

log = logging.getLogger(__name__)


@celery.task(name="scheduler.remind_participants", ignore_result=True)
def remind_participants() -> int:
    """Record tomorrow's reminders of the edition published last (idempotent: beat may run it twice a day)."""
    with unit_of_work() as session:
        edition_id = published_edition_id(session)
        edition = session.get(Edition, edition_id) if edition_id is not None else None
        if edition is None:
            return 0
        today = utcnow().astimezone(ZoneInfo(edition.timezone or "Europe/Paris")).date()
        count = plan_tomorrow(session, edition_id=edition.id, local_today=today)
    if count:
        log.info("reminders: %d participant(s) reminded of tomorrow's sessions", count)
    return count
