"""The Celery task ``openagenda.sync`` and the sync loop it runs (the edge: it sends and commits item by item).

One sync at a time per edition (:class:`~services.openagenda.locks.EditionLock`). Venues go first
(events need their location's uid), then the published sessions. Each item's outcome is committed
as soon as OpenAgenda answers, so a retry or a second sync skips what was accepted (same payload
fingerprint) and never creates twice (writes are upserts by external id). An item OpenAgenda refuses
is recorded with the API's message and the sync goes on; wrong credentials stop it with one line;
429 and 5xx stop this pass and retry later, after ``Retry-After`` when the API gives one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from services.openagenda import repository as repo
from services.openagenda import service
from services.openagenda.client import CredentialsRefused, ItemRefused, OpenAgendaClient, Unavailable
from services.openagenda.domain.changes import Action, Planned
from services.openagenda.service import SyncReport
from services.openagenda.texts import t
from shared.celery_app import celery
from shared.db import after_commit, unit_of_work
from shared.models.edition import Edition
from shared.models.types import utcnow
from shared.settings import Settings, get_settings

log = logging.getLogger(__name__)

#: Passes of one sync before it gives up on an unavailable API (items stay pending, shown as such).
MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 5.0
MAX_BACKOFF_SECONDS = 300.0
#: A sync that finds the edition's lock taken comes back after this (on a worker) …
LOCK_RETRY_SECONDS = 3.0
#: … or waits this long for it (in-process: the embedded default and the CLI).
LOCK_WAIT_SECONDS = 15 * 60.0


@dataclass
class SyncResult:
    edition_id: int
    report: SyncReport | None
    #: done, partial, stopped, waiting, busy (lock taken), skipped (not configured or no edition).
    outcome: str
    message: str | None = None
    retry_in: float | None = None


def backoff(attempt: int, retry_after: float | None) -> float:
    """Seconds before the next pass: the API's ``Retry-After`` when given, else doubling from 5 s up to 5 min."""
    if retry_after is not None:
        return min(retry_after, MAX_BACKOFF_SECONDS)
    return min(BACKOFF_SECONDS * 2**attempt, MAX_BACKOFF_SECONDS)


def run_sync(
    edition_id: int, *, settings: Settings, attempt: int = 0, client: OpenAgendaClient | None = None
) -> SyncResult:
    """One pass over the edition's venues and published sessions (the caller holds the edition's lock)."""
    with unit_of_work() as session:
        edition = session.get(Edition, edition_id)
        if edition is None:
            return SyncResult(edition_id, None, "skipped")
        row = repo.sync_row(session, edition_id)
        row.started_at = utcnow()
        locations = service.planned_locations(session, edition_id)
        report = SyncReport(edition_code=edition.code)
    own_client = client is None
    client = client or OpenAgendaClient(service.credentials(settings))
    try:
        for planned in locations:
            _send(client, edition_id=edition_id, planned=planned, report=report)
        with unit_of_work() as session:
            edition = session.get(Edition, edition_id)
            assert edition is not None
            events = service.planned_events(session, edition, base_url=settings.base_url)
        for planned in events:
            _send(client, edition_id=edition_id, planned=planned, report=report)
    except CredentialsRefused as exc:
        message = t("credentials", agenda=settings.openagenda_agenda_uid, detail=str(exc))
        log.warning("%s", message)
        return _finish(edition_id, report, outcome="stopped", message=message)
    except Unavailable as exc:
        wait = backoff(attempt, exc.retry_after)
        if attempt + 1 >= MAX_ATTEMPTS:
            return _finish(
                edition_id, report, outcome="stopped", message=t("gave_up", attempts=attempt + 1, detail=str(exc))
            )
        result = _finish(edition_id, report, outcome="waiting", message=t("waiting", detail=str(exc), seconds=wait))
        result.retry_in = wait
        return result
    finally:
        if own_client:
            client.close()
    return _finish(edition_id, report, outcome="partial" if report.failed else "done", message=None)


def _finish(edition_id: int, report: SyncReport, *, outcome: str, message: str | None) -> SyncResult:
    with unit_of_work() as session:
        service.record_outcome(
            session, edition_id=edition_id, outcome=outcome, message=message, counts=report.as_dict()
        )
    return SyncResult(edition_id, report, outcome, message)


def _send(client: OpenAgendaClient, *, edition_id: int, planned: Planned, report: SyncReport) -> None:
    if planned.action is Action.unchanged:
        report.unchanged += 1
        return
    if planned.action is Action.blocked:
        with unit_of_work() as session:
            message = service.record_blocked(session, edition_id=edition_id, planned=planned)
        report.failed.append((planned.kind, planned.code, message))
        return
    with unit_of_work() as session:
        repo.mark_pending(session, edition_id=edition_id, planned=planned)
    assert planned.payload is not None
    try:
        if planned.kind == "location":
            uid = client.upsert_location(planned.external_id, planned.payload)
        else:
            uid = client.upsert_event(planned.external_id, planned.payload)
    except ItemRefused as exc:
        with unit_of_work() as session:
            service.record_failed(session, edition_id=edition_id, planned=planned, message=str(exc))
        report.failed.append((planned.kind, planned.code, str(exc)))
        return
    with unit_of_work() as session:
        service.record_synced(session, edition_id=edition_id, planned=planned, uid=uid, now=utcnow())
    report.count(planned)


def synchronise(
    edition_id: int, *, settings: Settings | None = None, sleep: Callable[[float], None] = time.sleep
) -> SyncResult:
    """A whole sync in this process: wait for the lock, then pass again after each 429/5xx until done or given up."""
    from services.openagenda.locks import EditionLock

    settings = settings or get_settings()
    if not service.configured(settings):
        return SyncResult(edition_id, None, "skipped", t("not_configured"))
    lock = EditionLock(settings, edition_id)
    if not lock.acquire(wait=LOCK_WAIT_SECONDS):
        return SyncResult(edition_id, None, "busy")
    try:
        attempt = 0
        while True:
            result = run_sync(edition_id, settings=settings, attempt=attempt)
            if result.retry_in is None:
                return result
            sleep(result.retry_in)
            attempt += 1
    finally:
        lock.release()


@celery.task(name="openagenda.sync", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def sync(self, edition_id: int, attempt: int = 0) -> str:  # type: ignore[no-untyped-def]
    """Sync one edition with OpenAgenda; on a worker a 429/5xx or a busy lock becomes a Celery retry."""
    from services.openagenda.locks import EditionLock

    settings = get_settings()
    if not service.configured(settings):
        return "skipped"
    if self.request.is_eager:
        return synchronise(edition_id, settings=settings).outcome
    lock = EditionLock(settings, edition_id)
    if not lock.acquire():
        raise self.retry(countdown=LOCK_RETRY_SECONDS, kwargs={"edition_id": edition_id, "attempt": attempt})
    try:
        result = run_sync(edition_id, settings=settings, attempt=attempt)
    finally:
        lock.release()
    if result.retry_in is not None:
        raise self.retry(countdown=result.retry_in, kwargs={"edition_id": edition_id, "attempt": attempt + 1})
    return result.outcome


def request_sync(session: Session, *, edition_id: int) -> bool:
    """Ask for a sync of the edition once this transaction commits; False (nothing asked) when not configured."""
    if not service.configured():
        return False
    row = repo.sync_row(session, edition_id)
    row.requested_at = utcnow()
    row.outcome = "requested"
    session.flush()

    def enqueue() -> None:
        sync.delay(edition_id)

    after_commit(session, enqueue)
    return True
