"""Celery tasks of the evaluation (named ``ingest.verb``): the daily erasure of participants past retention."""

from __future__ import annotations

import logging
from datetime import date

from services.evaluation.privacy.files import erase_files
from services.evaluation.privacy.service import erase_expired as erase
from shared.celery_app import celery
from shared.db import unit_of_work
from shared.models.types import utcnow
from shared.settings import get_settings

log = logging.getLogger(__name__)


@celery.task(name="ingest.erase_expired", ignore_result=True)
def erase_expired(today: str | None = None) -> int:
    """Erase participants' personal data FESTPLAN_RETENTION_MONTHS after their edition ended (idempotent)."""
    day = date.fromisoformat(today) if today else utcnow().date()
    found: list[str] = []
    with unit_of_work() as session:
        count = erase(session, today=day, months=get_settings().retention_months, found=found)
    if count:
        erase_files(get_settings(), found)  # after the commit: the outbox, the reports, the scenario file
        log.info("retention: %d participant(s) erased", count)
    return count
