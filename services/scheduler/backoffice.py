"""The lead's back-office, scheduler side: start a run, follow it live, read its schedule, pin sessions.

Comparing a run with the published version and publishing it are in :mod:`backoffice_publish`, mounted
on the same router. A run page refreshes itself while the solver works: without JavaScript through a
``<meta http-equiv="refresh">`` inside ``<noscript>``, with JavaScript by polling ``etat.json``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from services.scheduler import repository as repo
from services.scheduler.backoffice_texts import TEXTS, say, soft_term_lines
from services.scheduler.errors import SchedulerError
from services.scheduler.publish.backoffice import router as publish_router
from services.scheduler.runs import service
from services.scheduler.runs.repository import FINISHED
from shared.models.edition import Edition
from shared.models.scheduling import OptimisationRun
from shared.settings import get_settings
from shared.web.backoffice.pages import Pages, locale_of
from shared.web.backoffice.session import PREFIX, LeadDep, chosen_edition, chosen_edition_code, require_lead_session
from shared.web.http import FormDep, SessionDep
from shared.web.ids import DbId, parse_db_id

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(require_lead_session)])
pages = Pages(Path(__file__).resolve().parent / "templates", TEXTS)
router.include_router(publish_router)
REFRESH_SECONDS = 3


def _runs_page(
    request: Request,
    db: Session,
    lead: Any,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    edition = chosen_edition(db, request)
    runs = repo.list_runs(db, edition_id=edition.id, limit=30) if edition else []
    pins = repo.list_pins(db, edition.id) if edition else []
    limit = get_settings().solver_time_limit
    return pages.render(
        request,
        "backoffice/runs.html",
        lead=lead,
        status_code=status_code,
        edition=edition,
        runs=runs,
        pins=pins,
        values=values or {"time_limit": f"{limit:g}"},
        errors=errors or {},
    )


@router.get("/optimisations")
def runs(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    return _runs_page(request, db, lead)


@router.post("/optimisations")
def start(request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    """Record the run; its solve is enqueued when this request's transaction commits."""
    locale = locale_of(request)
    raw = str(form.get("time_limit") or "").strip().replace(",", ".")
    try:
        limit = float(raw)
    except ValueError:
        limit = 0.0
    if not 1 <= limit <= service.MAX_TIME_LIMIT:
        return _runs_page(
            request,
            db,
            lead,
            values={"time_limit": raw},
            status_code=422,
            errors={"time_limit": say("err_time_limit", locale)},
        )
    try:
        run = service.start_run(db, edition_code=chosen_edition_code(request), time_limit=limit, triggered_by=lead.who)
    except SchedulerError as exc:
        return _runs_page(
            request, db, lead, values={"time_limit": raw}, status_code=409, errors={"_form": exc.message(locale)}
        )
    return RedirectResponse(f"{PREFIX}/optimisations/{run.id}?fait=started", status_code=303)


def progress_of(run: OptimisationRun) -> dict[str, Any]:
    """The figures a run page and its JSON show: best score and bound so far, elapsed time, solutions."""
    progress = dict(run.progress or {})
    limit = float((run.parameters or {}).get("time_limit") or 0)
    elapsed = float(progress.get("elapsed") or 0.0)
    return {
        "status": run.status,
        "finished": run.status in FINISHED,
        "elapsed": round(elapsed, 1),
        "time_limit": limit,
        "percent": min(100, round(100 * elapsed / limit)) if limit else 0,
        "unplaced_weight": progress.get("unplaced_weight"),
        "soft_penalty": progress.get("soft_penalty"),
        "bound_unplaced_weight": progress.get("bound_unplaced_weight"),
        "bound_soft_penalty": progress.get("bound_soft_penalty"),
        "solutions": progress.get("solutions"),
    }


def _schedule(db: Session, run: OptimisationRun) -> dict[str, Any]:
    """The run's placements as a grid (room × day) and a list, its unplaced sessions and its soft terms in words."""
    edition_id = run.edition_id
    slots = repo.run_slots(db, run.id)
    proposals = repo.proposals_by_code(db, edition_id)
    rooms = repo.rooms_by_code(db, edition_id)
    venues = repo.venues_by_code(db, edition_id)
    venue_by_id = {v.id: v for v in venues.values()}
    pinned = {code for _, code, _ in repo.list_pins(db, edition_id)}
    edition = db.get_one(Edition, edition_id)
    days = [date.fromordinal(n) for n in range(edition.start_date.toordinal(), edition.end_date.toordinal() + 1)]
    cells: dict[tuple[str, date], list[dict[str, Any]]] = defaultdict(list)
    items = []
    for code, slot in sorted(slots.items(), key=lambda item: (item[1].start, item[1].room, item[0])):
        proposal = proposals.get(code)
        room = rooms.get(slot.room)
        item = {
            "code": code,
            "title": proposal.title if proposal else code,
            "id": proposal.id if proposal else None,
            "start": slot.start,
            "end": slot.end,
            "room": room.name if room else slot.room,
            "room_code": slot.room,
            "venue": venues[slot.venue].name if slot.venue in venues else slot.venue,
            "pinned": code in pinned,
        }
        items.append(item)
        cells[(slot.room, slot.start.date())].append(item)
    room_rows = sorted(
        rooms.values(),
        key=lambda r: (venue_by_id[r.venue_id].position, venue_by_id[r.venue_id].name, r.position, r.name),
    )
    used_rooms = [r for r in room_rows if any((r.code, d) in cells for d in days)]
    unplaced = [
        {
            "code": code,
            "title": proposals[code].title if code in proposals else code,
            "id": proposals[code].id if code in proposals else None,
            "reasons": reasons,
            "pinned": code in pinned,
        }
        for code, reasons in sorted(repo.run_unplaced(db, run.id).items())
    ]
    reached = {venues[s.venue].territory for s in slots.values() if s.venue in venues}
    missing = [t for t in edition.territories or [] if t not in reached]
    return {
        "days": days,
        "rows": [{"room": r, "venue": venue_by_id[r.venue_id]} for r in used_rooms],
        "cells": cells,
        "items": items,
        "unplaced": unplaced,
        "missing_territories": missing,
    }


@router.get("/optimisations/{run_id}")
def run_page(run_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    run = repo.get_run(db, run_id)
    if run is None:
        return pages.not_found(request, lead)
    locale = locale_of(request)
    finished = run.status in FINISHED
    schedule = _schedule(db, run) if finished and run.schedule is not None else None
    soft = soft_term_lines(
        run.soft_terms, locale=locale, missing_territories=schedule["missing_territories"] if schedule else ()
    )
    ahead = repo.runs_ahead(db, edition_id=run.edition_id, run_id=run.id) if run.status == "queued" else 0
    return pages.render(
        request,
        "backoffice/run.html",
        lead=lead,
        run=run,
        progress=progress_of(run),
        schedule=schedule,
        soft=soft,
        ahead=ahead,
        refresh=not finished and request.query_params.get("actualiser") != "non",
        refresh_seconds=REFRESH_SECONDS,
        error=(run.error or "").splitlines()[0] if run.error else None,
    )


@router.get("/optimisations/{run_id}/etat.json")
def run_state(run_id: DbId, lead: LeadDep, db: SessionDep) -> JSONResponse:
    """What the run page's script polls: the same figures as the page, as JSON."""
    run = repo.get_run(db, run_id)
    if run is None:
        return JSONResponse({"detail": "optimisation introuvable / run not found"}, status_code=404)
    return JSONResponse(progress_of(run), headers={"Cache-Control": "no-store"})


@router.post("/epingles")
def pin(request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    """Fix a session where a run placed it (room, date and start time) for the next runs."""
    code = str(form.get("session") or "")
    run_id = parse_db_id(str(form.get("run") or ""))
    run = repo.get_run(db, run_id) if run_id is not None else None
    slot = repo.run_slots(db, run.id).get(code) if run else None
    if run is None or slot is None:
        return _back(run)
    try:
        service.pin(
            db,
            session_code=code,
            room=slot.room,
            date=slot.start.date(),
            time=slot.start.time(),
            edition_code=_edition_code(db, run),
        )
    except SchedulerError:
        return _back(run)
    return RedirectResponse(f"{PREFIX}/optimisations/{run.id}?fait=pinned#s-{code}", status_code=303)


@router.post("/epingles/retrait")
def unpin(request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    code = str(form.get("session") or "")
    run_id = parse_db_id(str(form.get("run") or ""))
    run = repo.get_run(db, run_id) if run_id is not None else None
    edition = chosen_edition(db, request)
    try:
        service.unpin(
            db, session_code=code, edition_code=_edition_code(db, run) if run else (edition.code if edition else None)
        )
    except SchedulerError:
        return _back(run)
    target = f"{PREFIX}/optimisations/{run.id}" if run else f"{PREFIX}/optimisations"
    return RedirectResponse(f"{target}?fait=unpinned", status_code=303)


def _edition_code(db: Session, run: OptimisationRun) -> str | None:
    edition = db.get(Edition, run.edition_id)
    return edition.code if edition else None


def _back(run: OptimisationRun | None) -> Response:
    """A pin that cannot be made (session or run gone) sends the lead back to the page they came from."""
    target = f"{PREFIX}/optimisations/{run.id}" if run else f"{PREFIX}/optimisations"
    return RedirectResponse(target, status_code=303)
