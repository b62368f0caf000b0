"""The lead's back-office page of the network: actors and their consents, one email to a segment (held for
review, then released), and consents recorded or withdrawn (at once) from the page. POSTs carry the CSRF token
the shared session guard checks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from services.network import repository as repo
from services.network import service
from services.network.domain.directory import KINDS, Segment, choices
from services.network.texts import TEXTS, t
from shared.models.edition import Edition
from shared.models.network import NetworkContact, NetworkMessage
from shared.web.backoffice.pages import Pages, locale_of
from shared.web.backoffice.session import PREFIX, LeadDep, require_lead_session
from shared.web.http import SessionDep

router = APIRouter(prefix=f"{PREFIX}/reseau", include_in_schema=False, dependencies=[Depends(require_lead_session)])
pages = Pages(Path(__file__).resolve().parent / "templates", TEXTS)


def _page(request: Request, lead: LeadDep, db: SessionDep, *, error: str | None = None, status: int = 200) -> Response:
    organisations = repo.organisations(db, listed_only=False)
    contacts = {c.id: c for c in db.scalars(select(NetworkContact))}
    messages = list(db.scalars(select(NetworkMessage).order_by(NetworkMessage.id.desc())))
    held = {m.id: sum(1 for r in service.message_rows(db, m.id) if r.status == "held") for m in messages}
    locale = locale_of(request)
    return pages.render(
        request,
        "backoffice/network.html",
        lead=lead,
        status_code=status,
        organisations=organisations,
        contacts=contacts,
        messages=messages,
        held=held,
        kinds={k: v[locale] for k, v in KINDS.items()},
        options=choices(repo.cards(db, listed_only=False)),
        editions=list(db.scalars(select(Edition.code).order_by(Edition.start_date))),
        error=error,
    )


@router.get("")
def overview(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    return _page(request, lead, db)


@router.post("/messages")
def write(
    request: Request,
    lead: LeadDep,
    db: SessionDep,
    subject: Annotated[str, Form()] = "",
    body: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
    territory: Annotated[str, Form()] = "",
    edition: Annotated[str, Form()] = "",
    tag: Annotated[str, Form()] = "",
) -> Response:
    """Record the message and its held emails; nothing leaves before the lead releases them."""
    segment = Segment(kind=kind or None, territory=territory or None, edition=edition or None, tag=tag or None)
    try:
        service.write_message(db, subject=subject, body=body, segment=segment, by=lead.who)
    except service.NetworkError as exc:
        db.rollback()
        return _page(request, lead, db, error=str(exc), status=422)
    return RedirectResponse(f"{PREFIX}/reseau?fait=net_written", status_code=303)


@router.post("/messages/{message_id}/liberer")
def release(message_id: int, lead: LeadDep, db: SessionDep) -> Response:
    service.release_message(db, message_id)
    return RedirectResponse(f"{PREFIX}/reseau?fait=net_released", status_code=303)


@router.post("/consentements")
def consent(
    request: Request,
    lead: LeadDep,
    db: SessionDep,
    code: Annotated[str, Form()] = "",
    purpose: Annotated[str, Form()] = "",
    granted: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    contact_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Record a consent given or withdrawn (by mail, on the phone, in person: the source says so)."""
    organisation = repo.organisation_by_code(db, code)
    contact = db.get(NetworkContact, contact_id) if contact_id else None
    if organisation is None or (contact is not None and contact.organisation_id != organisation.id):
        return _page(
            request,
            lead,
            db,
            error=t("unknown", locale_of(request), code=code),
            status=404,
        )
    try:
        service.record_consent(
            db,
            organisation=organisation,
            contact=contact,
            purpose=purpose,
            granted=granted == "1",
            source=source or "gestion",
            by=lead.who,
        )
    except service.NetworkError as exc:
        db.rollback()
        return _page(request, lead, db, error=str(exc), status=422)
    return RedirectResponse(f"{PREFIX}/reseau", status_code=303)
