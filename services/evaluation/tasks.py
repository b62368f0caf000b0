"""Celery tasks of the evaluation, run by beat: survey rounds announced when due; the daily erasure of participants
past retention (named ``ingest.erase_expired`` since the evaluation lived in ingest; beat schedules that name)."""

from __future__ import annotations

import logging
from datetime import date, datetime

from services.evaluation.privacy.files import erase_files
from services.evaluation.privacy.service import erase_expired as erase
from services.evaluation.surveys import rounds
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


@celery.task(name="evaluation.announce_due_surveys", ignore_result=True)
def announce_due_surveys(now: str | None = None) -> int:
    """Announce every survey round whose time has come, once each (:mod:`services.evaluation.surveys.rounds`)."""
    at = datetime.fromisoformat(now) if now else utcnow()
    with unit_of_work() as session:
        due = rounds.due_rounds(session, now=at)
    announced = 0
    for item in due:
        with unit_of_work() as session:  # one round, one transaction: its SurveyDue is dispatched at this commit
            announced += rounds.announce(session, item)
    if announced:
        log.info("surveys: %d round(s) announced", announced)
    return announced
