"""The evaluation's page in the lead's back office: the report, computed now from the database.

Mounted by the composition root beside the other services' back-office routers (same prefix, same
sign-in and CSRF guard), so the ingest dashboard links to it by its path and imports nothing of it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from services.evaluation.domain.report import compute_report
from services.evaluation.report.data import load_evaluation
from services.evaluation.report.render import render_html
from shared.web.backoffice.pages import Pages, locale_of
from shared.web.backoffice.session import PREFIX, LeadDep, chosen_edition, require_lead_session
from shared.web.http import SessionDep

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(require_lead_session)])
pages = Pages(Path(__file__).resolve().parent / "templates", {})


@router.get("/evaluation/rapport")
def evaluation_report(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """The evaluation report (evaluation issue), computed now from the database, in the lead's language."""
    edition = chosen_edition(db, request)
    if edition is None:
        t = pages.translator(locale_of(request))
        return pages.message(request, lead=lead, status_code=404, title=t("site"), text=t("no_edition"))
    locale = locale_of(request)
    html = render_html(compute_report(load_evaluation(db, edition, locale=locale), locale=locale))
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})
