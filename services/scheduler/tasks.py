"""Celery tasks of the scheduler service (named ``scheduler.verb``, taking ids, reloading what they need).

``scheduler.solve`` runs on the ``solver`` queue. It first takes the edition's solve lock (a PostgreSQL
advisory lock, or a file lock on SQLite), so a second run of the same edition waits for the first
instead of solving beside it; only then does it build the scenario, so it sees the latest published
version and pins. Progress goes to the run row in short transactions of its own, at most once a second.
"""

from __future__ import annotations

import fcntl
import logging
import time
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from services.scheduler.runs import repository as runs_store
from shared.celery_app import celery
from shared.db import get_engine, unit_of_work
from shared.settings import get_settings

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 1.0


@celery.task(name="scheduler.solve", acks_late=True, reject_on_worker_lost=True)
def solve(run_id: int) -> None:
    """Solve one queued run and store its schedule, score and bound; a failure is written on the run."""
    with unit_of_work() as session:
        run = runs_store.get_run(session, run_id)
        if run is None or run.status in runs_store.FINISHED:
            return
        edition_id = run.edition_id
    with edition_solve_lock(edition_id):
        execute_run(run_id)


def execute_run(run_id: int) -> None:
    """The solve itself, once the edition's lock is held (also what the tests call directly)."""
    try:
        prepared = runs_store.mark_running(run_id)
        if prepared is None:
            return  # finished meanwhile (a redelivered task), or deleted
        scenario, parameters = prepared
        started = time.monotonic()
        result = _call_solver(scenario, parameters=parameters, progress=_Throttle(run_id, started))
        runs_store.store_result(run_id, scenario=scenario, result=result, seconds=time.monotonic() - started)
    except Exception as exc:
        log.exception("scheduler.solve failed for run %s", run_id)
        runs_store.mark_failed(run_id, error=f"{type(exc).__name__}: {exc}", details=traceback.format_exc())


def _call_solver(scenario: Any, *, parameters: Mapping[str, Any], progress: Any) -> Any:
    from services.scheduler.domain.model.budget import CostTable
    from services.scheduler.domain.solve.solver import solve as solve_scenario

    return solve_scenario(
        scenario,
        time_limit=float(parameters.get("time_limit", get_settings().solver_time_limit)),
        workers=int(parameters.get("workers", get_settings().solver_workers)),
        progress=progress,
        budget=CostTable.from_parameters(parameters),
    )


class _Throttle:
    """The solver's progress callback: keeps the latest figures and writes them at most once a second."""

    def __init__(self, run_id: int, started: float) -> None:
        self.run_id = run_id
        self.started = started
        self.last_write = 0.0
        self.solutions = 0

    def __call__(self, update: object) -> None:
        self.solutions += 1
        now = time.monotonic()
        if now - self.last_write < PROGRESS_EVERY_SECONDS:
            return
        self.last_write = now
        facts = runs_store.progress_facts(update)
        facts.setdefault("elapsed", round(now - self.started, 2))
        facts.setdefault("solutions", self.solutions)
        try:
            runs_store.write_progress(self.run_id, facts)
        except Exception:  # progress is a courtesy: never let it stop the solve
            log.exception("could not write progress of run %s", self.run_id)


@contextmanager
def edition_solve_lock(edition_id: int) -> Iterator[None]:
    """Hold the edition's solve lock for the duration of the block: never two solves of one edition at once."""
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        from services.scheduler.repository import advisory_lock, advisory_unlock

        with engine.connect() as connection:
            advisory_lock(connection, edition_id)
            try:
                yield
            finally:
                advisory_unlock(connection, edition_id)
        return
    lock_dir = get_settings().var_dir / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / f"solve-edition-{edition_id}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
