"""Use cases of optimisation runs: start a run, compare it with the published version, pin sessions.

Every function takes the caller's session and only flushes: the edge (CLI command, HTTP request, Celery
task) commits. The solve itself is enqueued once the transaction that recorded its run commits, so a
worker never looks for a run that is not there yet; publication lives in :mod:`services.scheduler.publish.service`.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date, time

from sqlalchemy.orm import Session

from services.scheduler import repository as repo
from services.scheduler.domain.diff import RunDiff
from services.scheduler.errors import Conflict, Invalid, NotFound, SchedulerError
from services.scheduler.publish.service import diff_for_run, publish
from services.scheduler.texts import say
from shared.db import after_commit, unit_of_work
from shared.editions import default_edition
from shared.models.edition import Edition
from shared.models.scheduling import OptimisationRun, Pin, RunStatus, ScheduleVersion
from shared.models.types import utcnow
from shared.settings import get_settings

log = logging.getLogger(__name__)

MAX_TIME_LIMIT = 3600.0
MAX_WORKERS = 64

__all__ = ["Conflict", "Invalid", "NotFound", "SchedulerError", "publish"]


def resolve_edition(session: Session, code: str | None) -> Edition:
    """The edition named ``code``, or the latest one when no code is given."""
    edition = repo.edition_by_code(session, code) if code else default_edition(session)
    if edition is None:
        raise NotFound("unknown_edition", code=code) if code else NotFound("no_edition")
    return edition


def get_run(session: Session, run_id: int) -> OptimisationRun:
    run = repo.get_run(session, run_id)
    if run is None:
        raise NotFound("unknown_run", run=run_id)
    return run


def start_run(
    session: Session,
    *,
    edition_code: str | None,
    time_limit: float | None = None,
    workers: int | None = None,
    triggered_by: str | None = None,
    enqueue: bool = True,
    budget_cap_cents: int | None = None,
) -> OptimisationRun:
    """Record a queued run and enqueue ``scheduler.solve`` once the caller commits.

    ``enqueue=False`` leaves the solve to the caller (the CLI runs it in a thread of its own in-process mode).

    A request made while another run of the edition is queued or running is recorded all the same: the
    task waits for the edition's lock, so runs of one edition are solved one after the other, never lost.
    """
    settings = get_settings()
    limit = float(time_limit if time_limit is not None else settings.solver_time_limit)
    if not 1 <= limit <= MAX_TIME_LIMIT:
        raise Invalid("bad_time_limit", value=limit)
    count = int(workers if workers is not None else settings.solver_workers)
    if not 1 <= count <= MAX_WORKERS:
        raise Invalid("bad_workers", value=count)
    edition = resolve_edition(session, edition_code)
    run = OptimisationRun(
        edition_id=edition.id,
        status=RunStatus.queued.value,
        parameters={"time_limit": limit, "workers": count, **_costs(session, edition, budget_cap_cents)},
        progress={},
        triggered_by=triggered_by,
        task_id=uuid.uuid4().hex,
        created_at=utcnow(),
    )
    repo.add(session, run)
    run_id, task_id = run.id, run.task_id
    if enqueue:
        after_commit(session, lambda: _enqueue_solve(run_id=run_id, task_id=task_id))
    return run


def _costs(session: Session, edition: Edition, cap_cents: int | None) -> dict[str, object]:
    """The variable-cost table and cap a run is solved with (see :mod:`services.scheduler.runs.costs`)."""
    from services.scheduler.runs import costs as run_costs

    if cap_cents is not None and cap_cents < 0:
        raise Invalid("bad_budget_cap", value=cap_cents / 100)
    try:
        return run_costs.cost_parameters(session, edition_id=edition.id, budget_cap_cents=cap_cents) or {}
    except ValueError:
        raise Invalid("cap_without_costs", edition=edition.code) from None


def _enqueue_solve(*, run_id: int, task_id: str | None) -> None:
    """Hand the run to the ``solver`` queue; if the broker refuses, the run says so instead of waiting forever."""
    from services.scheduler.tasks import solve

    try:
        solve.apply_async(args=[run_id], task_id=task_id)
    except Exception as exc:
        if get_settings().eager:
            raise  # in-process: the caller sees the error itself
        log.exception("could not enqueue scheduler.solve for run %s", run_id)
        with unit_of_work() as session:
            run = repo.get_run(session, run_id)
            if run is not None and run.status == RunStatus.queued.value:
                run.status = RunStatus.failed.value
                run.error = say("enqueue_failed", "fr", error=f"{type(exc).__name__}: {exc}")
                run.finished_at = utcnow()


def list_runs(session: Session, *, edition_code: str | None, limit: int = 50) -> list[OptimisationRun]:
    edition = resolve_edition(session, edition_code)
    return list(repo.list_runs(session, edition_id=edition.id, limit=limit))


def list_versions(session: Session, *, edition_code: str | None) -> list[ScheduleVersion]:
    edition = resolve_edition(session, edition_code)
    return list(repo.list_versions(session, edition.id))


def published_version(session: Session, edition_id: int) -> ScheduleVersion | None:
    return repo.latest_version(session, edition_id)


def diff(session: Session, run_id: int) -> RunDiff:
    """What publishing ``run_id`` would change against the published version, who it touches, and warnings."""
    return diff_for_run(session, get_run(session, run_id))


def pin(
    session: Session,
    *,
    session_code: str,
    room: str | None = None,
    date: date | None = None,
    time: time | None = None,
    edition_code: str | None = None,
) -> Pin:
    """Pin a session's room, date and/or start time so later runs keep them; nothing given pins all three where
    the published programme has it."""
    edition = resolve_edition(session, edition_code)
    proposal = repo.proposal_by_code(session, edition_id=edition.id, code=session_code)
    if proposal is None:
        raise NotFound("unknown_session", code=session_code)
    room_id: int | None = None
    if room is None and date is None and time is None:
        current = repo.latest_version(session, edition.id)
        slot = repo.run_slots(session, current.run_id).get(session_code) if current else None
        if slot is None:
            raise Conflict("pin_needs_published", code=session_code)
        room, date, time = slot.room, slot.start.date(), slot.start.time()
    if room is not None:
        found = repo.rooms_by_code(session, edition.id).get(room)
        if found is None:
            raise NotFound("unknown_room", code=room)
        room_id = found.id
    if date is not None and not edition.start_date <= date <= edition.end_date:
        raise Invalid(
            "pin_date_outside",
            day=date.isoformat(),
            first=edition.start_date.isoformat(),
            last=edition.end_date.isoformat(),
        )
    row = repo.pin_for(session, proposal.id)
    if row is None:
        row = Pin(proposal_id=proposal.id, created_at=utcnow())
        session.add(row)
    row.room_id, row.on_date, row.at_time = room_id, date, time
    session.flush()
    return row


def unpin(session: Session, *, session_code: str, edition_code: str | None = None) -> bool:
    """Free a pinned session; False when it was not pinned."""
    edition = resolve_edition(session, edition_code)
    proposal = repo.proposal_by_code(session, edition_id=edition.id, code=session_code)
    if proposal is None:
        raise NotFound("unknown_session", code=session_code)
    row = repo.pin_for(session, proposal.id)
    if row is None:
        return False
    repo.delete(session, row)
    return True


def list_pins(session: Session, *, edition_code: str | None = None) -> list[dict[str, object]]:
    edition = resolve_edition(session, edition_code)
    return [
        {
            "session": code,
            "room": room,
            "date": row.on_date.isoformat() if row.on_date else None,
            "time": row.at_time.strftime("%H:%M") if row.at_time else None,
        }
        for row, code, room in repo.list_pins(session, edition.id)
    ]
