"""The back-office's edition picker: every edition in the database, and the one the lead works on (a cookie
read by every back-office page through :func:`shared.web.backoffice.session.chosen_edition`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select

from services.editions.texts import TEXTS
from shared.models.edition import Edition
from shared.models.scheduling import ScheduleVersion
from shared.web.backoffice.pages import Pages
from shared.web.backoffice.session import (
    EDITION_COOKIE_NAME,
    PREFIX,
    LeadDep,
    chosen_edition,
    remember_choice,
    require_lead_session,
)
from shared.web.http import SessionDep

router = APIRouter(prefix=f"{PREFIX}/editions", include_in_schema=False, dependencies=[Depends(require_lead_session)])
pages = Pages(Path(__file__).resolve().parent / "templates", TEXTS)


@router.get("")
def editions(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    current = chosen_edition(db, request)
    versions = dict(
        db.execute(
            select(ScheduleVersion.edition_id, func.max(ScheduleVersion.number)).group_by(ScheduleVersion.edition_id)
        ).all()
    )
    rows = list(db.scalars(select(Edition).order_by(Edition.start_date.desc(), Edition.id.desc())))
    return pages.render(request, "backoffice/editions.html", lead=lead, rows=rows, current=current, versions=versions)


@router.post("/choisir")
def choose(request: Request, lead: LeadDep, db: SessionDep, code: Annotated[str, Form()] = "") -> Response:
    """Work on another edition: every back-office page shows it until the lead picks another."""
    if db.scalar(select(Edition.id).where(Edition.code == code)) is None:
        return RedirectResponse(f"{PREFIX}/editions", status_code=303)
    response = RedirectResponse(f"{PREFIX}/?fait=edition_chosen", status_code=303)
    remember_choice(response, name=EDITION_COOKIE_NAME, value=code)
    return response
