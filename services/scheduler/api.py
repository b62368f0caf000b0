"""HTTP API of optimisation runs, versions and pins (``/api/v1``), for the lead only.

The request is the edge: :func:`shared.web.http.get_session` commits when the endpoint returns, and that
commit is what enqueues a solve or lets a publication's emails leave.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel, Field

from services.scheduler.domain.diff import RunDiff, SessionChange, Slot
from services.scheduler.errors import Conflict, Invalid, NotFound, SchedulerError
from services.scheduler.publish import service as publishing
from services.scheduler.runs import costs as run_costs
from services.scheduler.runs import service
from services.scheduler.texts import describe_warning
from shared.models.scheduling import OptimisationRun, ScheduleVersion
from shared.web.auth import Principal, require_lead
from shared.web.http import SessionDep
from shared.web.ids import DbId

P = ParamSpec("P")
R = TypeVar("R")

router = APIRouter(prefix="/api/v1", tags=["optimisation"])
LeadDep = Annotated[Principal, Depends(require_lead)]
EditionQuery = Annotated[str | None, Query(description="Code de l'édition (défaut : la plus récente).")]
_STATUS = {NotFound: 404, Conflict: 409, Invalid: 422}


def _http_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the scheduler's refusals into 404 / 409 / 422 with the sentence in French then English."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except SchedulerError as exc:
            code = next((c for kind, c in _STATUS.items() if isinstance(exc, kind)), 400)
            raise HTTPException(code, detail=f"{exc.message('fr')} / {exc.message('en')}") from None

    return wrapper


class RunIn(BaseModel):
    edition: str | None = None
    time_limit: float | None = Field(default=None, ge=1, le=service.MAX_TIME_LIMIT)
    workers: int | None = Field(default=None, ge=1, le=service.MAX_WORKERS)
    budget_cap: Decimal | None = Field(default=None, ge=0, description="Plafond des coûts variables TTC (€).")


class PublishIn(BaseModel):
    message: str | None = Field(default=None, max_length=2000)
    hold_mail: bool = False


class PinIn(BaseModel):
    room: str | None = None
    date: dt.date | None = None
    time: dt.time | None = None


def run_out(run: OptimisationRun, *, with_schedule: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": run.id,
        "edition_id": run.edition_id,
        "status": run.status,
        "parameters": run_costs.public_parameters(run),
        **run_costs.cost_fields(run),
        "progress": run.progress,
        "schedule_status": run.schedule_status,
        "score": run_costs.score_json(run),
        "bound": {"unplaced_weight": run.bound_unplaced_weight, "soft_penalty": run.bound_soft_penalty},
        "solve_seconds": run.solve_seconds,
        "error": run.error.splitlines()[0] if run.error else None,
        "triggered_by": run.triggered_by,
        "created_at": run.created_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
    }
    if with_schedule:
        out["schedule"] = run.schedule
    return out


def version_out(version: ScheduleVersion) -> dict[str, Any]:
    return {
        "id": version.id,
        "number": version.number,
        "run_id": version.run_id,
        "message": version.message,
        "published_by": version.published_by,
        "published_at": version.published_at,
        "mail_held": version.mail_held,
        "released_at": version.released_at,
    }


def _slot(slot: Slot | None) -> dict[str, Any] | None:
    if slot is None:
        return None
    return {"room": slot.room, "venue": slot.venue, "start": slot.start, "end": slot.end}


def _change(change: SessionChange) -> dict[str, Any]:
    return {
        "session": change.session,
        "kind": change.kind.value,
        "what": list(change.what),
        "old": _slot(change.old),
        "new": _slot(change.new),
    }


def diff_out(diff: RunDiff) -> dict[str, Any]:
    return {
        "first_publication": diff.first_publication,
        "new": [_change(c) for c in diff.new],
        "moved": [_change(c) for c in diff.moved],
        "removed": [_change(c) for c in diff.removed],
        "unchanged": diff.unchanged,
        "affected_speakers": diff.affected_speakers,
        "affected_partners": diff.affected_partners,
        "warnings": [
            {
                "kind": w.kind.value,
                "subject": w.subject,
                "fr": describe_warning(w, "fr"),
                "en": describe_warning(w, "en"),
            }
            for w in diff.warnings
        ],
    }


@router.post("/runs", status_code=status.HTTP_202_ACCEPTED, summary="Lancer une optimisation / Start a run")
@_http_errors
def start_run(body: RunIn, principal: LeadDep, session: SessionDep) -> dict[str, Any]:
    """Record a queued run; the solve starts once the request commits (after any run of the edition ahead)."""
    run = service.start_run(
        session,
        edition_code=body.edition,
        time_limit=body.time_limit,
        workers=body.workers,
        triggered_by=f"api:token-{principal.token_id}",
        budget_cap_cents=None if body.budget_cap is None else int(body.budget_cap * 100),
    )
    return run_out(run)


@router.get("/runs", summary="Optimisations / Runs")
@_http_errors
def list_runs(
    principal: LeadDep,
    session: SessionDep,
    edition: EditionQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    return [run_out(run) for run in service.list_runs(session, edition_code=edition, limit=limit)]


@router.get("/runs/{run_id}", summary="Une optimisation et sa progression / One run and its progress")
@_http_errors
def get_run(
    run_id: DbId,
    principal: LeadDep,
    session: SessionDep,
    schedule: Annotated[bool, Query(description="Inclure le programme (format 1).")] = False,
) -> dict[str, Any]:
    return run_out(service.get_run(session, run_id), with_schedule=schedule)


@router.get("/runs/{run_id}/diff", summary="Ce que la publication changerait / What publishing would change")
@_http_errors
def get_diff(run_id: DbId, principal: LeadDep, session: SessionDep) -> dict[str, Any]:
    run = service.get_run(session, run_id)
    current = service.published_version(session, run.edition_id)
    published = service.get_run(session, current.run_id) if current else None
    return {**diff_out(service.diff(session, run_id)), "variable_cost_ttc": run_costs.difference(run, published)}


@router.post(
    "/runs/{run_id}/publish", status_code=status.HTTP_201_CREATED, summary="Publier une optimisation / Publish a run"
)
@_http_errors
def publish_run(run_id: DbId, body: PublishIn, principal: LeadDep, session: SessionDep) -> dict[str, Any]:
    version = service.publish(
        session,
        run_id=run_id,
        message=body.message,
        hold_mail=body.hold_mail,
        published_by=f"api:token-{principal.token_id}",
    )
    return {**version_out(version), "notifications": dict(publishing.announcements_of(session, version.id))}


@router.get("/versions", summary="Versions publiées / Published versions")
@_http_errors
def list_versions(principal: LeadDep, session: SessionDep, edition: EditionQuery = None) -> list[dict[str, Any]]:
    return [version_out(v) for v in service.list_versions(session, edition_code=edition)]


@router.get("/pins", summary="Sessions épinglées / Pinned sessions")
@_http_errors
def list_pins(principal: LeadDep, session: SessionDep, edition: EditionQuery = None) -> list[dict[str, object]]:
    return service.list_pins(session, edition_code=edition)


@router.put("/pins/{session_code}", summary="Épingler une session / Pin a session")
@_http_errors
def put_pin(
    session_code: str, body: PinIn, principal: LeadDep, session: SessionDep, edition: EditionQuery = None
) -> dict[str, object]:
    service.pin(
        session, session_code=session_code, room=body.room, date=body.date, time=body.time, edition_code=edition
    )
    return next(p for p in service.list_pins(session, edition_code=edition) if p["session"] == session_code)


@router.delete(
    "/pins/{session_code}", status_code=status.HTTP_204_NO_CONTENT, summary="Libérer une session / Unpin a session"
)
@_http_errors
def delete_pin(session_code: str, principal: LeadDep, session: SessionDep, edition: EditionQuery = None) -> None:
    if not service.unpin(session, session_code=session_code, edition_code=edition):
        raise NotFound("not_pinned", code=session_code)
