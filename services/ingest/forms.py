"""Server-rendered forms for partners (proposals) and speakers (availability), in French and English.

They need no JavaScript: a personal link (``/formulaires/acces/{jeton}``) puts the token in an
HttpOnly cookie and redirects to the person's form; every POST carries a CSRF field bound to that
token. Errors are listed at the top and tied to their field with ``aria-describedby``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from services.ingest import repository as repo
from services.ingest import service
from services.ingest.auth import COOKIE_NAME, Principal, authenticate, csrf_ok, csrf_token
from services.ingest.errors import IngestError, Invalid
from services.ingest.form_texts import error_text, t
from services.ingest.schemas import (
    AvailabilityIn,
    SpeakerContactUpdate,
)
from services.ingest.schemas_proposal import (
    ProposalIn,
)
from services.ingest.web_security import rate_limited
from shared.http import SessionDep, Templates, negotiate_locale
from shared.i18n import format_date
from shared.models import Edition, Partner, Room, SessionProposal, Speaker, Venue
from shared.settings import get_settings

router = APIRouter(prefix="/formulaires", include_in_schema=False, dependencies=[Depends(rate_limited)])
templates = Templates(Path(__file__).resolve().parent / "templates")

KINDS = ("conference", "round_table", "workshop", "showroom", "social")
AUDIENCES = ("public", "professional", "family", "school")
BASE_FEATURES = ("wheelchair", "hearing_loop", "projector", "sound", "computers", "wifi")
PERIODS = (("am", time(8), time(13)), ("pm", time(13), time(18)), ("eve", time(18), time(22)))
_TEXT_FIELDS = (
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
_LIST_FIELDS = ("required_features", "preferred_venues", "preferred_dates", "speakers")


async def form_data(request: Request) -> FormData:
    """The posted fields (read here because the endpoints themselves are synchronous)."""
    return await request.form(max_files=0, max_fields=2000)


FormDep = Annotated[FormData, Depends(form_data)]


def _page(request: Request, name: str, *, locale: str, status_code: int = 200, **context: Any) -> Response:
    other = "en" if locale == "fr" else "fr"
    return templates.render(
        name,
        status_code=status_code,
        headers={"Content-Language": locale, "Cache-Control": "no-store"},
        lang=locale,
        t=lambda key, **v: t(key, locale, **v),
        other_lang=other,
        other_url=f"{request.url.path}?lang={other}",
        lang_query=f"?lang={locale}",
        **context,
    )


def _denied(request: Request, locale: str, key: str, status_code: int) -> Response:
    return _page(
        request,
        "message.html",
        locale=locale,
        status_code=status_code,
        heading=t("denied_title", locale),
        message=t(key, locale),
    )


def _principal(request: Request, session: Session) -> Principal | None:
    header = request.headers.get("authorization", "")
    raw = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(COOKIE_NAME)
    return authenticate(session, raw)


@router.get("/acces/{token}")
def open_link(token: str, request: Request, session: SessionDep) -> Response:
    """The link from the email: keep the token in a cookie, then show the person's form."""
    locale = negotiate_locale(request)
    principal = authenticate(session, token)
    if principal is None or principal.role not in ("partner", "speaker"):
        return _denied(request, locale, "link_invalid", 401)
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


def _guard(
    request: Request, session: Session, role: str, form: FormData | None = None
) -> tuple[Principal, int] | Response:
    """The caller and their partner or speaker id, or the page that refuses them (401, 403)."""
    locale = negotiate_locale(request)
    principal = _principal(request, session)
    if principal is None:
        return _denied(request, locale, "link_invalid", 401)
    if principal.role != role or principal.subject_id is None:
        return _denied(request, locale, "wrong_role", 403)
    if form is not None and not csrf_ok(principal, str(form.get("csrf") or "")):
        return _denied(request, locale, "csrf_failed", 403)
    return principal, principal.subject_id


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


def _values_from(proposal: SessionProposal | None, codes: list[str]) -> dict[str, Any]:
    if proposal is None:
        return {key: "" for key in _TEXT_FIELDS} | {key: [] for key in _LIST_FIELDS}
    values: dict[str, Any] = {
        key: "" if getattr(proposal, key) is None else str(getattr(proposal, key)) for key in _TEXT_FIELDS
    }
    values["required_features"] = list(proposal.required_features or [])
    values["preferred_venues"] = list(proposal.preferred_venues or [])
    values["preferred_dates"] = list(proposal.preferred_dates or [])
    values["speakers"] = codes
    return values


def _values_from_form(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {key: str(form.get(key) or "") for key in _TEXT_FIELDS}
    for key in _LIST_FIELDS:
        values[key] = [str(v) for v in form.getlist(key)]
    return values


def _proposal_input(values: dict[str, Any], locale: str) -> tuple[ProposalIn | None, dict[str, str]]:
    """The form's strings as a :class:`ProposalIn`, or the error of each field in the reader's language."""
    data: dict[str, Any] = {key: value.strip() or None for key, value in values.items() if key in _TEXT_FIELDS}
    for key in _LIST_FIELDS:
        data[key] = values[key] or None
    data = {key: value for key, value in data.items() if value is not None}
    try:
        return ProposalIn.model_validate(data), {}
    except ValidationError as exc:
        found: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "title"
            found.setdefault(field, error_text(error, locale))
        return None, found


def _edit_page(
    request: Request,
    session: Session,
    *,
    principal: Principal,
    proposal: SessionProposal | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    locale = negotiate_locale(request)
    partner = session.get_one(Partner, principal.subject_id)
    edition = session.get_one(Edition, partner.edition_id)
    view = service.proposal_views(session, [proposal])[0] if proposal is not None else None
    editable = service.proposals_open(edition) and (proposal is None or proposal.status == "submitted")
    return _page(
        request,
        "proposal_form.html",
        locale=locale,
        status_code=status_code,
        partner=partner,
        edition=edition,
        proposal=view,
        values=values,
        errors=errors,
        editable=editable,
        is_open=service.proposals_open(edition),
        csrf=csrf_token(principal),
        **_proposal_choices(session, edition, locale),
    )


@router.get("/partenaire")
def partner_home(request: Request, session: SessionDep) -> Response:
    guarded = _guard(request, session, "partner")
    if isinstance(guarded, Response):
        return guarded
    _, subject_id = guarded
    partner = session.get_one(Partner, subject_id)
    edition = session.get_one(Edition, partner.edition_id)
    proposals = service.proposal_views(session, repo.list_proposals(session, partner_id=partner.id))
    return _page(
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
    guarded = _guard(request, session, "partner")
    if isinstance(guarded, Response):
        return guarded
    principal, _ = guarded
    return _edit_page(request, session, principal=principal, proposal=None, values=_values_from(None, []), errors={})


def _save_proposal(request: Request, session: Session, form: FormData, proposal_id: int | None) -> Response:
    guarded = _guard(request, session, "partner", form)
    if isinstance(guarded, Response):
        return guarded
    principal, subject_id = guarded
    locale = negotiate_locale(request)
    proposal = None
    if proposal_id is not None:
        proposal = repo.partner_proposal(session, partner_id=subject_id, proposal_id=proposal_id)
        if proposal is None:
            return _denied(request, locale, "not_found", 404)
    values = _values_from_form(form)
    data, errors = _proposal_input(values, locale)
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
        request, session, principal=principal, proposal=proposal, values=values, errors=errors, status_code=422
    )


@router.post("/partenaire/propositions")
def create_proposal(request: Request, session: SessionDep, form: FormDep) -> Response:
    return _save_proposal(request, session, form, None)


@router.get("/partenaire/propositions/{proposal_id}")
def edit_proposal(proposal_id: int, request: Request, session: SessionDep) -> Response:
    guarded = _guard(request, session, "partner")
    if isinstance(guarded, Response):
        return guarded
    principal, subject_id = guarded
    proposal = repo.partner_proposal(session, partner_id=subject_id, proposal_id=proposal_id)
    if proposal is None:
        return _denied(request, negotiate_locale(request), "not_found", 404)
    codes = repo.speaker_codes(session, [proposal.id])[proposal.id]
    return _edit_page(
        request, session, principal=principal, proposal=proposal, values=_values_from(proposal, codes), errors={}
    )


@router.post("/partenaire/propositions/{proposal_id}")
def update_proposal(proposal_id: int, request: Request, session: SessionDep, form: FormDep) -> Response:
    return _save_proposal(request, session, form, proposal_id)


@router.post("/partenaire/propositions/{proposal_id}/retrait")
def withdraw_proposal(proposal_id: int, request: Request, session: SessionDep, form: FormDep) -> Response:
    guarded = _guard(request, session, "partner", form)
    if isinstance(guarded, Response):
        return guarded
    _, subject_id = guarded
    locale = negotiate_locale(request)
    try:
        service.withdraw_proposal(session, partner_id=subject_id, proposal_id=proposal_id)
    except IngestError as exc:
        return _page(
            request,
            "message.html",
            locale=locale,
            status_code=exc.status_code,
            heading=t("denied_title", locale),
            message=exc.message(locale),
        )
    return RedirectResponse(f"/formulaires/partenaire?ok=1&lang={locale}", status_code=303)


# --- speakers -------------------------------------------------------------------------------------


def _grid(edition: Edition, speaker: Speaker) -> list[dict[str, Any]]:
    """One row per day of the edition; a half-day is ticked when the speaker's ranges cover it whole."""
    ranges = [(a.start, a.end) for a in speaker.availability]
    rows = []
    day = edition.start_date
    while day <= edition.end_date:
        cells = []
        for key, start, end in PERIODS:
            begin, finish = datetime.combine(day, start), datetime.combine(day, end)
            covered = any(s <= begin and finish <= e for s, e in ranges)
            cells.append({"value": f"{day.isoformat()}|{key}", "checked": covered, "period": key})
        rows.append({"day": day, "cells": cells})
        day += timedelta(days=1)
    return rows


def _speaker_page(
    request: Request,
    session: Session,
    *,
    principal: Principal,
    errors: dict[str, str],
    values: dict[str, str] | None = None,
    grid_override: set[str] | None = None,
    status_code: int = 200,
) -> Response:
    speaker = session.get_one(Speaker, principal.subject_id)
    edition = session.get_one(Edition, speaker.edition_id)
    grid = _grid(edition, speaker)
    if grid_override is not None:
        for row in grid:
            for cell in row["cells"]:
                cell["checked"] = cell["value"] in grid_override
    contact = values or {
        "name": speaker.name,
        "email": speaker.email or "",
        "phone": speaker.phone or "",
        "locale": speaker.locale,
    }
    return _page(
        request,
        "speaker_form.html",
        locale=negotiate_locale(request),
        status_code=status_code,
        speaker=speaker,
        edition=edition,
        grid=grid,
        values=contact,
        errors=errors,
        csrf=csrf_token(principal),
        saved=request.query_params.get("ok") == "1",
    )


@router.get("/intervenant")
def speaker_home(request: Request, session: SessionDep) -> Response:
    guarded = _guard(request, session, "speaker")
    if isinstance(guarded, Response):
        return guarded
    principal, _ = guarded
    return _speaker_page(request, session, principal=principal, errors={})


def _ranges_from(ticked: set[str], edition: Edition) -> list[dict[str, datetime]] | None:
    periods = {key: (start, end) for key, start, end in PERIODS}
    ranges = []
    for value in sorted(ticked):
        day_text, _, key = value.partition("|")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            return None
        if key not in periods or not edition.start_date <= day <= edition.end_date:
            return None
        ranges.append({"start": datetime.combine(day, periods[key][0]), "end": datetime.combine(day, periods[key][1])})
    return ranges


@router.post("/intervenant")
def speaker_save(request: Request, session: SessionDep, form: FormDep) -> Response:
    """Save contact details and the ticked half-days together (all or nothing)."""
    guarded = _guard(request, session, "speaker", form)
    if isinstance(guarded, Response):
        return guarded
    principal, subject_id = guarded
    locale = negotiate_locale(request)
    speaker = session.get_one(Speaker, subject_id)
    edition = session.get_one(Edition, speaker.edition_id)
    values = {key: str(form.get(key) or "").strip() for key in ("name", "email", "phone", "locale")}
    ticked = {str(v) for v in form.getlist("slot")}
    errors: dict[str, str] = {}
    contact = None
    try:
        contact = SpeakerContactUpdate.model_validate(
            {
                "name": values["name"],
                "email": values["email"] or None,
                "phone": values["phone"] or None,
                "locale": values["locale"] or "fr",
            }
        )
    except ValidationError as exc:
        for error in exc.errors():
            errors.setdefault(str(error["loc"][0]), error_text(error, locale))
    ranges = _ranges_from(ticked, edition)
    if ranges is None:
        errors["slot"] = t("not_found", locale)
    if not errors and contact is not None and ranges is not None:
        try:
            service.update_speaker_contact(session, speaker_id=speaker.id, changes=contact.model_dump())
            service.replace_availability(
                session, speaker_id=speaker.id, data=AvailabilityIn.model_validate({"ranges": ranges})
            )
        except IngestError as exc:
            errors["slot" if isinstance(exc, Invalid) else "_form"] = exc.message(locale)
        else:
            return RedirectResponse(f"/formulaires/intervenant?ok=1&lang={locale}", status_code=303)
    session.rollback()
    return _speaker_page(
        request, session, principal=principal, errors=errors, values=values, grid_override=ticked, status_code=422
    )
