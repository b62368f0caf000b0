"""Server-rendered forms for partners (proposals) and speakers (availability), in French and English.

They need no JavaScript: a personal link (``/formulaires/acces/{jeton}``) puts the token in an
HttpOnly cookie and redirects to the person's form; every POST carries a CSRF field bound to that
token. Errors are listed at the top and tied to their field with ``aria-describedby``. This module holds
the link and the partner's pages; the speaker's are in :mod:`services.ingest.forms.speaker`, the shared
page helpers in :mod:`services.ingest.forms.pages`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from services.ingest import repository as repo
from services.ingest.domain import windows as form_windows
from services.ingest.errors import IngestError, Invalid
from services.ingest.forms import speaker as forms_speaker
from services.ingest.forms.pages import denied, guard, page
from services.ingest.forms.texts import error_text, t
from services.ingest.proposals import service
from services.ingest.proposals.schemas import ProposalIn
from shared.i18n import format_date
from shared.models import Edition, Partner, Room, SessionProposal, Speaker, Venue
from shared.settings import get_settings
from shared.web.auth import COOKIE_NAME, Principal, authenticate, csrf_token
from shared.web.http import FormDep, SessionDep, negotiate_locale
from shared.web.security import rate_limited

__all__ = [
    "AUDIENCES",
    "BASE_FEATURES",
    "KINDS",
    "LIST_FIELDS",
    "TEXT_FIELDS",
    "form_fields",
    "proposal_input",
    "proposal_values",
    "router",
    "stored_window_rows",
    "values_from_form",
]

router = APIRouter(prefix="/formulaires", include_in_schema=False, dependencies=[Depends(rate_limited)])

KINDS = ("conference", "round_table", "workshop", "showroom", "social")
AUDIENCES = ("public", "professional", "family", "school")
BASE_FEATURES = ("wheelchair", "hearing_loop", "projector", "sound", "computers", "wifi")
#: The proposal's fields that are one value on a form, then those that are several (the back office's too).
TEXT_FIELDS = (
    "title",
    "description",
    "kind",
    "duration_minutes",
    "expected_attendance",
    "audience",
    "theme",
    "accessibility",
    "equipment",
    "setup_minutes",
)
LIST_FIELDS = ("required_features", "preferred_venues", "preferred_dates", "speakers")


@router.get("/acces/{token}")
def open_link(token: str, request: Request, session: SessionDep) -> Response:
    """The link from the email: keep the token in a cookie, then show the person's form."""
    locale = negotiate_locale(request)
    principal = authenticate(session, token)
    if principal is None or principal.role not in ("partner", "speaker"):
        return denied(request, locale, "link_invalid", 401)
    target = "/formulaires/partenaire" if principal.role == "partner" else "/formulaires/intervenant"
    response = RedirectResponse(f"{target}?lang={locale}", status_code=303)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=60 * 60 * 24 * 30,
        httponly=True,
        samesite="lax",
        secure=get_settings().base_url.startswith("https://"),
        path="/",
    )
    return response


# --- partners -------------------------------------------------------------------------------------


def _proposal_choices(session: Session, edition: Edition, locale: str) -> dict[str, Any]:
    """The choices the form offers, as ``(value, label)`` pairs in the reader's language."""
    venues = session.scalars(
        select(Venue).where(Venue.edition_id == edition.id).order_by(Venue.position, Venue.name)
    ).all()
    speakers = session.scalars(select(Speaker).where(Speaker.edition_id == edition.id).order_by(Speaker.name)).all()
    features = list(BASE_FEATURES)
    for room_features in session.scalars(select(Room.features).where(Room.edition_id == edition.id)):
        features += [f for f in room_features or [] if f not in features]
    days = [edition.start_date + timedelta(days=i) for i in range((edition.end_date - edition.start_date).days + 1)]
    return {
        "venue_options": [(v.code, f"{v.name} ({v.commune})" if v.commune else v.name) for v in venues],
        "speaker_options": [(s.code, s.name) for s in speakers],
        "feature_options": [(f, t(f"feature_{f}", locale) if f in BASE_FEATURES else f) for f in features],
        "day_options": [(d.isoformat(), format_date(d, locale)) for d in days],
        "kinds": KINDS,
        "audiences": AUDIENCES,
        "grid": edition.granularity_minutes or 15,
    }


def proposal_values(proposal: SessionProposal | None, codes: list[str]) -> dict[str, Any]:
    """What the form shows for a stored proposal (or a blank one), every value a string as the browser sends."""
    if proposal is None:
        return {key: "" for key in TEXT_FIELDS} | {key: [] for key in (*LIST_FIELDS, "windows")}
    values: dict[str, Any] = {
        key: "" if getattr(proposal, key) is None else str(getattr(proposal, key)) for key in TEXT_FIELDS
    }
    values["required_features"] = list(proposal.required_features or [])
    values["preferred_venues"] = list(proposal.preferred_venues or [])
    values["preferred_dates"] = list(proposal.preferred_dates or [])
    values["speakers"] = codes
    values["windows"] = stored_window_rows(proposal)
    return values


def stored_window_rows(proposal: SessionProposal | None) -> list[dict[str, str]]:
    """The proposal's stored time windows as form rows (none for a new proposal)."""
    if proposal is None:
        return []
    stored = [{key: datetime.fromisoformat(w[key]) for key in ("start", "end")} for w in proposal.windows or []]
    return form_windows.rows_from_stored(stored)


def values_from_form(form: FormData, proposal: SessionProposal | None) -> dict[str, Any]:
    """The posted strings; a post without any time-window field (not from this form) keeps the stored windows."""
    values: dict[str, Any] = {key: str(form.get(key) or "") for key in TEXT_FIELDS}
    for key in LIST_FIELDS:
        values[key] = [str(v) for v in form.getlist(key)]
    values["windows"] = form_windows.rows_from_form(form.get) or stored_window_rows(proposal)
    return values


def form_fields(values: dict[str, Any], errors: dict[str, str], bad_window: int | None) -> dict[str, Any]:
    """What the proposal form's template reads of the values and errors, with its time-window rows padded:
    the same for the partner's page and the lead's correction page."""
    return {
        "values": values,
        "errors": errors,
        "window_rows_values": form_windows.padded(values["windows"]),
        "window_field": form_windows.field_name,
        "bad_window": bad_window,
    }


def proposal_input(values: dict[str, Any], locale: str) -> tuple[ProposalIn | None, dict[str, str], int | None]:
    """The form's strings as a :class:`ProposalIn`, or the error of each field in the reader's language.

    The third item is the time-window row at fault (from 1), so the page can tie the error to that row's inputs.
    """
    data: dict[str, Any] = {key: value.strip() or None for key, value in values.items() if key in TEXT_FIELDS}
    for key in LIST_FIELDS:
        data[key] = values[key] or None
    found: dict[str, str] = {}
    windows, problem = form_windows.ranges_from_rows(values["windows"])
    data["windows"] = windows
    data = {key: value for key, value in data.items() if value is not None}
    checked = None
    try:
        checked = ProposalIn.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "title"
            found.setdefault(field, error_text(error, locale))
    if problem is not None:
        found["windows"] = t(problem.key, locale, row=problem.row)
    return (None if found else checked), found, (problem.row if problem else None)


def _edit_page(
    request: Request,
    session: Session,
    *,
    principal: Principal,
    proposal: SessionProposal | None,
    values: dict[str, Any],
    errors: dict[str, str],
    bad_window: int | None = None,
    status_code: int = 200,
) -> Response:
    locale = negotiate_locale(request)
    partner = session.get_one(Partner, principal.subject_id)
    edition = session.get_one(Edition, partner.edition_id)
    view = service.proposal_views(session, [proposal])[0] if proposal is not None else None
    editable = service.proposals_open(edition) and (proposal is None or proposal.status == "submitted")
    return page(
        request,
        "proposal_form.html",
        locale=locale,
        status_code=status_code,
        partner=partner,
        edition=edition,
        proposal=view,
        **form_fields(values, errors, bad_window),
        editable=editable,
        is_open=service.proposals_open(edition),
        csrf=csrf_token(principal),
        **_proposal_choices(session, edition, locale),
    )


@router.get("/partenaire")
def partner_home(request: Request, session: SessionDep) -> Response:
    guarded = guard(request, session, "partner")
    if isinstance(guarded, Response):
        return guarded
    _, subject_id = guarded
    partner = session.get_one(Partner, subject_id)
    edition = session.get_one(Edition, partner.edition_id)
    proposals = service.proposal_views(session, repo.list_proposals(session, partner_id=partner.id))
    return page(
        request,
        "partner_home.html",
        locale=negotiate_locale(request),
        partner=partner,
        edition=edition,
        proposals=proposals,
        is_open=service.proposals_open(edition),
        saved=request.query_params.get("ok") == "1",
    )


@router.get("/partenaire/propositions/nouvelle")
def new_proposal(request: Request, session: SessionDep) -> Response:
    guarded = guard(request, session, "partner")
    if isinstance(guarded, Response):
        return guarded
    principal, _ = guarded
    return _edit_page(request, session, principal=principal, proposal=None, values=proposal_values(None, []), errors={})


def _save_proposal(request: Request, session: Session, form: FormData, proposal_id: int | None) -> Response:
    guarded = guard(request, session, "partner", form)
    if isinstance(guarded, Response):
        return guarded
    principal, subject_id = guarded
    locale = negotiate_locale(request)
    proposal = None
    if proposal_id is not None:
        proposal = repo.partner_proposal(session, partner_id=subject_id, proposal_id=proposal_id)
        if proposal is None:
            return denied(request, locale, "not_found", 404)
    values = values_from_form(form, proposal)
    data, errors, bad_window = proposal_input(values, locale)
    if data is not None:
        try:
            if proposal is None:
                service.create_proposal(session, partner_id=subject_id, data=data)
            else:
                service.update_proposal(session, partner_id=subject_id, proposal_id=proposal.id, data=data)
        except IngestError as exc:
            errors = {(exc.field if isinstance(exc, Invalid) and exc.field else "_form"): exc.message(locale)}
        else:
            return RedirectResponse(f"/formulaires/partenaire?ok=1&lang={locale}", status_code=303)
    return _edit_page(
        request,
        session,
        principal=principal,
        proposal=proposal,
        values=values,
        errors=errors,
        bad_window=bad_window,
        status_code=422,
    )


@router.post("/partenaire/propositions")
def create_proposal(request: Request, session: SessionDep, form: FormDep) -> Response:
    return _save_proposal(request, session, form, None)


@router.get("/partenaire/propositions/{proposal_id}")
def edit_proposal(proposal_id: int, request: Request, session: SessionDep) -> Response:
    guarded = guard(request, session, "partner")
    if isinstance(guarded, Response):
        return guarded
    principal, subject_id = guarded
    proposal = repo.partner_proposal(session, partner_id=subject_id, proposal_id=proposal_id)
    if proposal is None:
        return denied(request, negotiate_locale(request), "not_found", 404)
    codes = repo.speaker_codes(session, [proposal.id])[proposal.id]
    return _edit_page(
        request, session, principal=principal, proposal=proposal, values=proposal_values(proposal, codes), errors={}
    )


@router.post("/partenaire/propositions/{proposal_id}")
def update_proposal(proposal_id: int, request: Request, session: SessionDep, form: FormDep) -> Response:
    return _save_proposal(request, session, form, proposal_id)


@router.post("/partenaire/propositions/{proposal_id}/retrait")
def withdraw_proposal(proposal_id: int, request: Request, session: SessionDep, form: FormDep) -> Response:
    guarded = guard(request, session, "partner", form)
    if isinstance(guarded, Response):
        return guarded
    _, subject_id = guarded
    locale = negotiate_locale(request)
    try:
        service.withdraw_proposal(session, partner_id=subject_id, proposal_id=proposal_id)
    except IngestError as exc:
        return page(
            request,
            "message.html",
            locale=locale,
            status_code=exc.status_code,
            heading=t("denied_title", locale),
            message=exc.message(locale),
        )
    return RedirectResponse(f"/formulaires/partenaire?ok=1&lang={locale}", status_code=303)


router.include_router(forms_speaker.router)
