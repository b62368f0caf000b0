"""The steps of a solve that touch the database, each in its own short transaction.

``scheduler.solve`` holds the edition's lock for minutes; none of these keeps a transaction open while
CP-SAT works: the scenario is read and the run marked running, then progress is written now and then,
and the result (checked independently by the checker, not trusted from the model) is stored at the end.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from services.scheduler import repository as repo
from services.scheduler.publish.service import PUBLISHABLE_STATUSES
from services.scheduler.texts import say
from shared.db import unit_of_work
from shared.models.edition import Edition
from shared.models.scheduling import Assignment, OptimisationRun, RunStatus, UnplacedSession
from shared.models.types import utcnow
from shared.scenario.model import Scenario, Schedule

FINISHED = (RunStatus.succeeded.value, RunStatus.failed.value)
_PROGRESS_KEYS = (
    "unplaced_weight",
    "soft_penalty",
    "bound_unplaced_weight",
    "bound_soft_penalty",
    "objective",
    "bound",
    "best_score",
    "elapsed",
    "solutions",
    "phase",
    "gap",
)


def get_run(session: Session, run_id: int) -> OptimisationRun | None:
    return repo.get_run(session, run_id)


def mark_running(run_id: int) -> tuple[Scenario, dict[str, Any]] | None:
    """Build the run's scenario from the database (published version as ``previous``, pins as constraints),
    store it on the run and mark it running; None when the run is gone or already finished."""
    from shared.scenario.dump import dump_scenario
    from shared.scenario.store import load_scenario_from_db

    with unit_of_work() as session:
        run = repo.get_run(session, run_id)
        if run is None or run.status in FINISHED:
            return None
        edition = session.get(Edition, run.edition_id)
        assert edition is not None
        scenario = load_scenario_from_db(session, edition.code, include_previous=True, pins_as_fixed=True)
        run.scenario = dump_scenario(scenario)
        run.status = RunStatus.running.value
        run.started_at = utcnow()
        run.progress = {"elapsed": 0.0, "solutions": 0}
        run.error = None
        return scenario, dict(run.parameters or {})


def progress_facts(update: object) -> dict[str, Any]:
    """The figures of a solver progress report, whether it is a mapping or an object with attributes."""
    if isinstance(update, Mapping):
        source: Mapping[str, Any] = update
    else:
        source = {key: getattr(update, key) for key in _PROGRESS_KEYS if hasattr(update, key)}
    facts: dict[str, Any] = {}
    for key, value in source.items():
        if isinstance(value, int | float | str | bool) or value is None:
            facts[key] = value
        elif isinstance(value, Mapping):
            facts[key] = {str(k): v for k, v in value.items() if isinstance(v, int | float | str | None)}
        elif isinstance(value, tuple | list) and all(isinstance(v, int | float) for v in value):
            facts[key] = list(value)
    bound = facts.pop("bound", None)
    if isinstance(bound, Mapping):  # the solver reports {"unplaced_weight": …, "soft_penalty": …}
        facts["bound_unplaced_weight"] = bound.get("unplaced_weight")
        facts["bound_soft_penalty"] = bound.get("soft_penalty")
    elif bound is not None:
        facts["bound"] = bound
    return facts


def write_progress(run_id: int, facts: Mapping[str, Any]) -> None:
    with unit_of_work() as session:
        run = repo.get_run(session, run_id)
        if run is not None and run.status == RunStatus.running.value:
            run.progress = {**(run.progress or {}), **facts}


def store_result(run_id: int, *, scenario: Scenario, result: object, seconds: float) -> None:
    """Store the schedule, its assignments and unplaced reasons, and the score as the checker computes it."""
    from services.scheduler.domain.checker.check import check
    from shared.scenario.dump import dump_schedule

    schedule: Schedule = getattr(result, "schedule", result)  # type: ignore[assignment]
    report = check(scenario, schedule)
    with unit_of_work() as session:
        run = repo.get_run(session, run_id)
        if run is None:
            return
        proposals = repo.proposals_by_code(session, run.edition_id)
        rooms = repo.rooms_by_code(session, run.edition_id)
        repo.replace_results(
            session,
            run=run,
            assignments=[
                Assignment(proposal_id=proposals[a.session].id, room_id=rooms[a.room].id, start=a.start, end=a.end)
                for a in schedule.assignments
            ],
            unplaced=[
                UnplacedSession(proposal_id=proposals[u.session].id, reasons=list(u.reasons))
                for u in schedule.unplaced
                if u.session in proposals
            ],
        )
        run.schedule = dump_schedule(schedule)
        run.schedule_status = schedule.status
        run.hard_violations = report.hard_violations
        run.unplaced_weight = report.unplaced_weight
        run.soft_penalty = report.soft_penalty
        run.soft_terms = dict(report.soft_terms)
        bound = schedule.bound or {}
        run.bound_unplaced_weight = _int_or_none(bound.get("unplaced_weight"))
        run.bound_soft_penalty = _int_or_none(bound.get("soft_penalty"))
        run.solve_seconds = round(seconds, 3)
        run.progress = {
            **(run.progress or {}),
            "elapsed": round(seconds, 2),
            "unplaced_weight": report.unplaced_weight,
            "soft_penalty": report.soft_penalty,
            "bound_unplaced_weight": run.bound_unplaced_weight,
            "bound_soft_penalty": run.bound_soft_penalty,
        }
        if schedule.status in PUBLISHABLE_STATUSES or schedule.status == "infeasible":
            run.status = RunStatus.succeeded.value
        else:
            run.status = RunStatus.failed.value
            run.error = say("solve_gave_nothing", "fr", status=schedule.status)
        run.finished_at = utcnow()


def mark_failed(run_id: int, *, error: str, details: str | None = None) -> None:
    with unit_of_work() as session:
        run = repo.get_run(session, run_id)
        if run is None:
            return
        run.status = RunStatus.failed.value
        run.error = error if details is None else f"{error}\n\n{details}"
        run.finished_at = utcnow()


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
