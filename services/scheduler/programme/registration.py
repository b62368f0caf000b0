"""Registration on a session page, and the cancellation link of the confirmation email (GET asks, POST cancels)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from services.scheduler.programme import booking, texts
from services.scheduler.programme.model import Programme
from services.scheduler.programme.pages import current_programme, max_seats_per_registration, session_page_response
from services.scheduler.programme.rendering import not_found, page_locale, render
from shared.models.people import Registration
from shared.models.proposal import SessionProposal
from shared.web.http import SessionDep
from shared.web.security import rate_limited

router = APIRouter(include_in_schema=False, dependencies=[Depends(rate_limited)])


@router.post("/programme/sessions/{code}/inscription", response_class=HTMLResponse)
def register(
    request: Request,
    session: SessionDep,
    code: str,
    nom: Annotated[str, Form(max_length=400)] = "",
    courriel: Annotated[str, Form(max_length=400)] = "",
    places: Annotated[str, Form(max_length=10)] = "1",
    besoins: Annotated[str, Form(max_length=2000)] = "",
    attente: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Book seats (or a place on the waiting list); on success say that an email is on its way."""
    lang = page_locale(request)
    programme = current_programme(session)
    item = programme.session(code) if programme else None
    if programme is None or item is None:
        return not_found(request, programme)
    form = {"nom": nom, "courriel": courriel, "places": places, "besoins": besoins, "attente": attente}
    checked, errors = booking.validate(
        name=nom,
        email=courriel,
        seats=places,
        needs=besoins,
        waitlist=bool(attente),
        max_seats=max_seats_per_registration(item.capacity),
    )
    if checked is None:
        words = {
            field: texts.t(key, lang, max=max_seats_per_registration(item.capacity)) for field, key in errors.items()
        }
        return session_page_response(
            request, session, programme=programme, code=code, status_code=422, errors=words, form=form
        )
    outcome = booking.register(session, item=item, edition_id=programme.edition_id, request=checked, locale=lang)
    if outcome.status == "refused":
        return session_page_response(
            request,
            session,
            programme=programme,
            code=code,
            status_code=409,
            outcome=texts.t("reg_full", lang, left=outcome.left),
            outcome_problem=True,
            form=form,
        )
    # Confirmed, waitlisted or already booked: one answer that names neither the status nor a link, since
    # whoever typed the address may not own it; the registration's links are in the email to that address.
    return _message(request, programme, heading="registration_title", text="reg_check_inbox")


#: Pages about one person's registration: never kept by a browser or a shared proxy.
_PRIVATE = "private, no-store"


def _registration(session: Session, token: str) -> tuple[Registration, SessionProposal] | None:
    """The registration a link's token names, with its session; None for a forged or mangled token and for
    a registration that no longer exists alike, so that every page answers them with the same 404."""
    registration_id = booking.registration_from_token(token)
    return booking.describe(session, registration_id) if registration_id is not None else None


def _message(
    request: Request, programme: Programme | None, *, heading: str, text: str, status_code: int = 200
) -> HTMLResponse:
    """A heading and one sentence (both text keys) about a registration link. An answer about a real
    registration is private; a 404 carries no Cache-Control, like the programme's other 404 pages."""
    lang = page_locale(request)
    return render(
        request,
        "programme/message.html",
        programme=programme,
        status_code=status_code,
        cache=None if status_code == 404 else _PRIVATE,
        heading=texts.t(heading, lang),
        text=texts.t(text, lang),
    )


def _bad_link(request: Request, programme: Programme | None, *, heading: str) -> HTMLResponse:
    """The 404 of a link that names no registration, under the heading of the page that was asked for."""
    return _message(request, programme, heading=heading, text="bad_link", status_code=404)


@router.get("/inscriptions/{token}", response_class=HTMLResponse)
def registration_page(request: Request, session: SessionDep, token: str) -> Response:
    """Where a registration stands (after the form, or from the email), with the link to cancel it."""
    lang = page_locale(request)
    programme = current_programme(session)
    found = _registration(session, token)
    if found is None:
        return _bad_link(request, programme, heading="registration_title")
    row, proposal = found
    key = {"confirmed": "reg_confirmed", "waitlisted": "reg_waitlisted"}.get(row.status, "already_cancelled")
    return render(
        request,
        "programme/registration.html",
        programme=programme,
        cache=_PRIVATE,
        heading=texts.t("registration_title", lang),
        text=texts.t(key, lang, seats=row.seats),
        title=proposal.title,
        code=proposal.code,
        token=token,
        active=row.status != "cancelled",
    )


@router.get("/inscriptions/{token}/annuler", response_class=HTMLResponse)
def cancel_form(request: Request, session: SessionDep, token: str) -> Response:
    """The page the email's link opens: a question and a button, so that a link preview cancels nothing."""
    lang = page_locale(request)
    programme = current_programme(session)
    found = _registration(session, token)
    if found is None:
        return _bad_link(request, programme, heading="cancel_title")
    row, proposal = found
    if row.status == "cancelled":
        return _message(request, programme, heading="cancel_title", text="already_cancelled")
    return render(
        request,
        "programme/cancel.html",
        programme=programme,
        cache=_PRIVATE,
        question=texts.t("cancel_question", lang, seats=row.seats, title=proposal.title),
        token=token,
    )


@router.post("/inscriptions/{token}/annuler", response_class=HTMLResponse)
def cancel(request: Request, session: SessionDep, token: str) -> Response:
    """Cancel, and give the freed seats to the waiting list (they are told by email)."""
    programme = current_programme(session)
    found = _registration(session, token)
    if found is None:
        return _bad_link(request, programme, heading="cancel_title")
    row, proposal = found
    item = None
    if programme is not None:
        item = next((s for s in programme.sessions if s.proposal_id == proposal.id), None)
    result = booking.cancel(session, registration_id=row.id, item=item)
    if result.status == "unknown":
        return _bad_link(request, programme, heading="cancel_title")
    key = "cancelled" if result.status == "cancelled" else "already_cancelled"
    return _message(request, programme, heading="cancel_title", text=key)
