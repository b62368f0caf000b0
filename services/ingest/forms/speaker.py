"""The speaker's form: contact details and a grid of half-days, saved together (all or nothing).

Mounted under ``/formulaires`` by :mod:`services.ingest.forms.partner`, whose router carries the rate limit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from services.ingest.directory.schemas import AvailabilityIn, SpeakerContactUpdate
from services.ingest.errors import IngestError, Invalid
from services.ingest.forms.pages import guard, page
from services.ingest.forms.texts import error_text, t
from services.ingest.proposals import service
from shared.models import Edition, Speaker
from shared.web.auth import Principal, csrf_token
from shared.web.http import FormDep, SessionDep, negotiate_locale

router = APIRouter()

PERIODS = (("am", time(8), time(13)), ("pm", time(13), time(18)), ("eve", time(18), time(22)))


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
    return page(
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
    guarded = guard(request, session, "speaker")
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
    guarded = guard(request, session, "speaker", form)
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
