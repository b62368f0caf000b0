"""The per-venue daily running sheet for the staff on site: print styles, and PDF when WeasyPrint is installed.

It carries private facts — speakers' phone numbers, participants' accessibility needs — so only the
lead (API token, or the cookie of a signed-in browser) may open it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.scheduler.programme import texts
from services.scheduler.programme.model import Programme, ProgrammeSession, VenueItem
from services.scheduler.programme.rendering import TEMPLATES
from services.scheduler.programme.repository import load_programme, published_edition_id
from shared.models.people import Participant, Registration
from shared.web.auth import require_lead
from shared.web.http import SessionDep

router = APIRouter(prefix="/api/v1/programme", tags=["programme"], dependencies=[Depends(require_lead)])


@dataclass(frozen=True, slots=True)
class SheetNeed:
    name: str
    seats: int
    needs: str


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One session of the day at the venue, as the staff need it."""

    item: ProgrammeSession
    setup_from: datetime
    free_until: datetime
    registered: int
    needs: list[SheetNeed]


def sheet_rows(items: list[ProgrammeSession], registrations: dict[int, list[SheetNeed]]) -> list[SheetRow]:
    """Rows in time order: installation starts ``setup_minutes`` before, the room is free after changeover."""
    rows = []
    for item in sorted(items, key=lambda s: (s.start, s.room.name)):
        found = registrations.get(item.proposal_id, [])
        rows.append(
            SheetRow(
                item=item,
                setup_from=item.start - timedelta(minutes=item.setup_minutes),
                free_until=item.end + timedelta(minutes=item.room.changeover_minutes),
                registered=sum(n.seats for n in found),
                needs=[n for n in found if n.needs],
            )
        )
    return rows


def _registrations(session: Session, proposal_ids: list[int]) -> dict[int, list[SheetNeed]]:
    query = (
        select(
            Registration.proposal_id,
            Participant.name,
            Registration.seats,
            Registration.accessibility_needs,
            Participant.accessibility_needs,
        )
        .join(Participant, Participant.id == Registration.participant_id)
        .where(Registration.proposal_id.in_(proposal_ids), Registration.status == "confirmed")
        .order_by(Registration.created_at, Registration.id)
    )
    found: dict[int, list[SheetNeed]] = {}
    for proposal_id, name, seats, needs, person_needs in session.execute(query).tuples():
        found.setdefault(proposal_id, []).append(SheetNeed(name=name, seats=seats, needs=needs or person_needs or ""))
    return found


def render_sheet(session: Session, *, programme: Programme, venue: VenueItem, day: date, lang: str) -> str:
    """The sheet's HTML (a standalone page with print styles)."""
    items = [s for s in programme.of_venue(venue.code) if s.day == day]
    rows = sheet_rows(items, _registrations(session, [s.proposal_id for s in items]))
    return TEMPLATES.env.get_template("programme/running_sheet.html").render(
        lang=lang,
        t=lambda key, **values: texts.t(key, lang, **values),
        label=lambda value: texts.label(value, lang),
        programme=programme,
        venue=venue,
        day=day,
        rows=rows,
    )


def weasyprint_available() -> bool:
    return importlib.util.find_spec("weasyprint") is not None


def html_to_pdf(html: str) -> bytes:
    """The sheet as PDF (WeasyPrint honours the print styles)."""
    from weasyprint import HTML  # optional dependency

    return HTML(string=html).write_pdf()


@router.get(
    "/lieux/{code}/feuille-de-route",
    response_class=HTMLResponse,
    summary="Feuille de route d'un lieu pour un jour / A venue's running sheet for one day",
)
def running_sheet(
    session: SessionDep,
    code: str,
    jour: Annotated[date, Query(description="Jour, AAAA-MM-JJ / Day")],
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
    lang: Annotated[str, Query(pattern="^(fr|en)$")] = "fr",
) -> Response:
    """Times, rooms, setup and changeover, speakers' phones, registered participants' accessibility needs."""
    edition_id = published_edition_id(session)
    programme = load_programme(session, edition_id) if edition_id is not None else None
    venue = programme.venues.get(code) if programme else None
    if programme is None or venue is None:
        raise HTTPException(404, detail="Lieu absent du programme publié. / Venue not in the published programme.")
    html = render_sheet(session, programme=programme, venue=venue, day=jour, lang=lang)
    headers = {"Cache-Control": "private, no-store"}
    if format == "pdf":
        if not weasyprint_available():
            raise HTTPException(
                501,
                detail="WeasyPrint n'est pas installé : imprimez la page HTML. / "
                "WeasyPrint is not installed: print the HTML page.",
            )
        return Response(html_to_pdf(html), media_type="application/pdf", headers=headers)
    return HTMLResponse(html, headers=headers)
