"""Back-office pages of the directory: venues and rooms, speakers (with their availability grid), partners.

The edit forms validate with the API's own bodies (``VenueUpdate``…) and save through
:mod:`services.ingest.directory`, so the back-office and the API refuse exactly the same things.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from services.ingest import backoffice_queries as q
from services.ingest import directory
from services.ingest.backoffice_common import not_found, pages, validation_errors
from services.ingest.backoffice_views import PERIODS, availability_grid
from services.ingest.errors import IngestError
from services.ingest.forms import FormDep
from services.ingest.schemas import PartnerUpdate, RoomUpdate, SpeakerUpdate, VenueUpdate
from shared.backoffice.pages import locale_of
from shared.backoffice.session import PREFIX, LeadDep
from shared.http import SessionDep
from shared.models import Edition, Partner, Room, Speaker, Venue

router = APIRouter()

VENUE_FIELDS = (
    "name",
    "commune",
    "territory",
    "address",
    "postal_code",
    "contact_name",
    "contact_phone",
    "contact_email",
)
ROOM_FIELDS = ("name", "capacity", "features", "changeover_minutes")
SPEAKER_FIELDS = ("name", "email", "phone", "locale", "max_sessions_per_day")
PARTNER_FIELDS = ("name", "email", "contact_name", "phone", "locale")
#: Columns a person may leave empty on these forms (the others are required by the model).
REQUIRED = {"name", "capacity", "locale"}


def _values(row: object, fields: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for key in fields:
        value = getattr(row, key)
        values[key] = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
    return values


def _parse(model: type[BaseModel], values: dict[str, str], locale: str) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """Form strings → the columns to change (empty optional field → NULL), or each field's error."""
    data: dict[str, Any] = {}
    for key, raw in values.items():
        text = raw.strip()
        if key == "features":
            data[key] = [part.strip() for part in text.split(",") if part.strip()]
        elif text or key not in REQUIRED:
            data[key] = text or None
        else:
            data[key] = None
    t = pages.translator(locale)
    errors = {key: t("required_field") for key in REQUIRED if key in data and data[key] is None}
    try:
        checked = model.model_validate(data)
    except ValidationError as exc:
        return None, {**validation_errors(exc, locale), **errors}
    if errors:
        return None, errors
    return checked.model_dump(exclude_unset=True), {}


def _save(
    request: Request,
    db: Session,
    *,
    lead: Any,
    form: Any,
    fields: tuple[str, ...],
    model: type[BaseModel],
    update: Any,
    done: str,
    page: Any,
) -> Response:
    """The shared shape of an edit POST: parse, save through the directory, redirect, or show the errors."""
    locale = locale_of(request)
    values = {key: str(form.get(key) or "") for key in fields}
    changes, errors = _parse(model, values, locale)
    if changes is not None:
        try:
            update(changes)
        except IngestError as exc:
            errors = {exc.field or "_form": exc.message(locale)}
        else:
            return RedirectResponse(f"{done}?fait=saved", status_code=303)
    db.rollback()
    return page(values=values, errors=errors, status_code=422)


# --- venues and rooms ------------------------------------------------------------------------------------------


@router.get("/lieux")
def venues(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    edition = q.current_edition(db)
    if edition is None:
        return not_found(request, lead)
    return pages.render(request, "backoffice/venues.html", lead=lead, edition=edition, venues=q.venues(db, edition.id))


def _venue_page(
    request: Request,
    db: Session,
    lead: Any,
    venue: Venue,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return pages.render(
        request,
        "backoffice/venue.html",
        lead=lead,
        venue=venue,
        status_code=status_code,
        values=values or _values(venue, VENUE_FIELDS),
        errors=errors or {},
    )


@router.get("/lieux/{venue_id}")
def venue_page(venue_id: int, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    venue = db.get(Venue, venue_id)
    return not_found(request, lead) if venue is None else _venue_page(request, db, lead, venue)


@router.post("/lieux/{venue_id}")
def venue_save(venue_id: int, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    venue = db.get(Venue, venue_id)
    if venue is None:
        return not_found(request, lead)
    return _save(
        request,
        db,
        lead=lead,
        form=form,
        fields=VENUE_FIELDS,
        model=VenueUpdate,
        update=lambda changes: directory.update_venue(db, venue_id=venue_id, changes=changes),
        done=f"{PREFIX}/lieux/{venue_id}",
        page=lambda **kw: _venue_page(request, db, lead, db.get_one(Venue, venue_id), **kw),
    )


def _room_page(
    request: Request,
    db: Session,
    lead: Any,
    room: Room,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return pages.render(
        request,
        "backoffice/room.html",
        lead=lead,
        room=room,
        venue=db.get_one(Venue, room.venue_id),
        status_code=status_code,
        values=values or _values(room, ROOM_FIELDS),
        errors=errors or {},
    )


@router.get("/salles/{room_id}")
def room_page(room_id: int, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    room = db.get(Room, room_id)
    return not_found(request, lead) if room is None else _room_page(request, db, lead, room)


@router.post("/salles/{room_id}")
def room_save(room_id: int, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    room = db.get(Room, room_id)
    if room is None:
        return not_found(request, lead)
    return _save(
        request,
        db,
        lead=lead,
        form=form,
        fields=ROOM_FIELDS,
        model=RoomUpdate,
        update=lambda changes: directory.update_room(db, room_id=room_id, changes=changes),
        done=f"{PREFIX}/salles/{room_id}",
        page=lambda **kw: _room_page(request, db, lead, db.get_one(Room, room_id), **kw),
    )


# --- speakers --------------------------------------------------------------------------------------------------


@router.get("/intervenants")
def speakers(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    edition = q.current_edition(db)
    if edition is None:
        return not_found(request, lead)
    return pages.render(
        request, "backoffice/speakers.html", lead=lead, edition=edition, speakers=q.speakers(db, edition.id)
    )


def _speaker_page(
    request: Request,
    db: Session,
    lead: Any,
    speaker: Speaker,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    edition = db.get_one(Edition, speaker.edition_id)
    grid = availability_grid(
        start=edition.start_date,
        end=edition.end_date,
        given=speaker.availability_given,
        ranges=[(a.start, a.end) for a in speaker.availability],
    )
    return pages.render(
        request,
        "backoffice/speaker.html",
        lead=lead,
        speaker=speaker,
        status_code=status_code,
        values=values or _values(speaker, SPEAKER_FIELDS),
        errors=errors or {},
        grid=grid,
        periods=[key for key, _, _ in PERIODS],
        sessions=q.speaker_sessions(db, speaker.id),
    )


@router.get("/intervenants/{speaker_id}")
def speaker_page(speaker_id: int, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    speaker = db.get(Speaker, speaker_id)
    return not_found(request, lead) if speaker is None else _speaker_page(request, db, lead, speaker)


@router.post("/intervenants/{speaker_id}")
def speaker_save(speaker_id: int, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    speaker = db.get(Speaker, speaker_id)
    if speaker is None:
        return not_found(request, lead)
    return _save(
        request,
        db,
        lead=lead,
        form=form,
        fields=SPEAKER_FIELDS,
        model=SpeakerUpdate,
        update=lambda changes: directory.update_speaker(db, speaker_id=speaker_id, changes=changes),
        done=f"{PREFIX}/intervenants/{speaker_id}",
        page=lambda **kw: _speaker_page(request, db, lead, db.get_one(Speaker, speaker_id), **kw),
    )


# --- partners --------------------------------------------------------------------------------------------------


@router.get("/partenaires")
def partners(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    edition = q.current_edition(db)
    if edition is None:
        return not_found(request, lead)
    return pages.render(
        request,
        "backoffice/partners.html",
        lead=lead,
        edition=edition,
        partners=q.partners(db, edition.id),
        counts=q.proposal_counts_by_partner(db, edition.id),
    )


def _partner_page(
    request: Request,
    db: Session,
    lead: Any,
    partner: Partner,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return pages.render(
        request,
        "backoffice/partner.html",
        lead=lead,
        partner=partner,
        status_code=status_code,
        values=values or _values(partner, PARTNER_FIELDS),
        errors=errors or {},
        proposals=q.partner_proposals(db, partner.id),
    )


@router.get("/partenaires/{partner_id}")
def partner_page(partner_id: int, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    partner = db.get(Partner, partner_id)
    return not_found(request, lead) if partner is None else _partner_page(request, db, lead, partner)


@router.post("/partenaires/{partner_id}")
def partner_save(partner_id: int, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    partner = db.get(Partner, partner_id)
    if partner is None:
        return not_found(request, lead)
    return _save(
        request,
        db,
        lead=lead,
        form=form,
        fields=PARTNER_FIELDS,
        model=PartnerUpdate,
        update=lambda changes: directory.update_partner(db, partner_id=partner_id, changes=changes),
        done=f"{PREFIX}/partenaires/{partner_id}",
        page=lambda **kw: _partner_page(request, db, lead, db.get_one(Partner, partner_id), **kw),
    )
