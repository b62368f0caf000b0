"""The lead's back-office page for OpenAgenda: each location and event with its state and the API's message,
the last sync's outcome, and a "synchroniser maintenant" button (CSRF-checked by the shared session guard)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from services.openagenda import repository as repo
from services.openagenda import service, tasks
from services.openagenda.texts import TEXTS
from shared.models.openagenda import OpenAgendaSync
from shared.settings import get_settings
from shared.web.backoffice.pages import Pages
from shared.web.backoffice.session import PREFIX, LeadDep, chosen_edition_code, require_lead_session
from shared.web.http import SessionDep

router = APIRouter(prefix=f"{PREFIX}/openagenda", include_in_schema=False, dependencies=[Depends(require_lead_session)])
pages = Pages(Path(__file__).resolve().parent / "templates", TEXTS)


@router.get("")
def overview(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    edition = service.resolve_edition(db, request.query_params.get("edition") or chosen_edition_code(request))
    settings = get_settings()
    rows = repo.items(db, edition.id) if edition else []
    sync = db.get(OpenAgendaSync, edition.id) if edition else None
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.state] = counts.get(row.state, 0) + 1
    return pages.render(
        request,
        "backoffice/openagenda.html",
        lead=lead,
        edition=edition,
        rows=rows,
        sync=sync,
        counts=counts,
        configured=service.configured(settings),
        agenda=settings.openagenda_agenda_uid,
        api_url=settings.openagenda_api_url,
    )


@router.post("/synchroniser")
def sync_now(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """Ask for a sync; it runs on a worker (or in-process on the embedded default) once this request commits."""
    edition = service.resolve_edition(db, request.query_params.get("edition") or None)
    asked = edition is not None and tasks.request_sync(db, edition_id=edition.id)
    suffix = f"&edition={edition.code}" if edition else ""
    return RedirectResponse(
        f"{PREFIX}/openagenda?fait={'oa_requested' if asked else 'oa_not_configured'}{suffix}", status_code=303
    )
