"""Back-office pages of the directory: venues and rooms, speakers (with their availability grid), partners.

The edit forms validate with the API's own bodies (``VenueUpdate``…) and save through
:mod:`services.ingest.directory.service`, so the back-office and the API refuse exactly the same things.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from services.ingest.backoffice import repository as q
from services.ingest.backoffice.common import pages, validation_errors
from services.ingest.backoffice.views import PERIODS, availability_grid
from services.ingest.directory import service as directory
from services.ingest.directory.schemas import PartnerUpdate, RoomUpdate, SpeakerUpdate, VenueUpdate
from services.ingest.errors import IngestError
from shared.models import Edition, Partner, Room, Speaker, Venue
from shared.web.backoffice.pages import locale_of
from shared.web.backoffice.session import PREFIX, LeadDep
from shared.web.http import FormDep, SessionDep
from shared.web.ids import DbId

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


# --- one row's page and its edit form, the same for venues, rooms, speakers and partners ----------------------


@dataclass(frozen=True, slots=True)
class _Detail:
    """What differs between the directory's detail pages; :func:`_detail_routes` builds the GET and the POST."""

    segment: str
    model: type[Venue | Room | Speaker | Partner]
    fields: tuple[str, ...]
    body: type[BaseModel]
    update: Callable[..., Any]
    #: What the template shows beside the row and its form (the venue of a room, a partner's proposals…).
    extra: Callable[[Session, Any], dict[str, Any]]

    @property
    def name(self) -> str:
        return self.model.__name__.lower()


def _detail_page(
    request: Request,
    db: Session,
    lead: Any,
    detail: _Detail,
    row: Any,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return pages.render(
        request,
        f"backoffice/{detail.name}.html",
        lead=lead,
        status_code=status_code,
        values=values or _values(row, detail.fields),
        errors=errors or {},
        **{detail.name: row},
        **detail.extra(db, row),
    )


def _detail_routes(detail: _Detail) -> None:
    def show(row_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
        row = db.get(detail.model, row_id)
        return pages.not_found(request, lead) if row is None else _detail_page(request, db, lead, detail, row)

    def save(row_id: DbId, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
        if db.get(detail.model, row_id) is None:
            return pages.not_found(request, lead)
        return _save(
            request,
            db,
            lead=lead,
            form=form,
            fields=detail.fields,
            model=detail.body,
            update=lambda changes: detail.update(db, **{f"{detail.name}_id": row_id, "changes": changes}),
            done=f"{PREFIX}/{detail.segment}/{row_id}",
            page=lambda **kw: _detail_page(request, db, lead, detail, db.get_one(detail.model, row_id), **kw),
        )

    path = f"/{detail.segment}/{{row_id}}"
    router.add_api_route(path, show, methods=["GET"], name=f"{detail.name}_page")
    router.add_api_route(path, save, methods=["POST"], name=f"{detail.name}_save")


def _speaker_extra(db: Session, speaker: Speaker) -> dict[str, Any]:
    edition = db.get_one(Edition, speaker.edition_id)
    grid = availability_grid(
        start=edition.start_date,
        end=edition.end_date,
        given=speaker.availability_given,
        ranges=[(a.start, a.end) for a in speaker.availability],
    )
    return {"grid": grid, "periods": [key for key, _, _ in PERIODS], "sessions": q.speaker_sessions(db, speaker.id)}


for _detail in (
    _Detail("lieux", Venue, VENUE_FIELDS, VenueUpdate, directory.update_venue, lambda db, venue: {}),
    _Detail(
        "salles",
        Room,
        ROOM_FIELDS,
        RoomUpdate,
        directory.update_room,
        lambda db, room: {"venue": db.get_one(Venue, room.venue_id)},
    ),
    _Detail("intervenants", Speaker, SPEAKER_FIELDS, SpeakerUpdate, directory.update_speaker, _speaker_extra),
    _Detail(
        "partenaires",
        Partner,
        PARTNER_FIELDS,
        PartnerUpdate,
        directory.update_partner,
        lambda db, partner: {"proposals": q.partner_proposals(db, partner.id)},
    ),
):
    _detail_routes(_detail)


# --- the lists -------------------------------------------------------------------------------------------------


def _list_page(
    request: Request, lead: Any, db: Session, template: str, rows: Callable[[int], dict[str, Any]]
) -> Response:
    """A list of the current edition's rows, or the not-found page when there is no edition yet."""
    edition = q.current_edition(db, request)
    if edition is None:
        return pages.not_found(request, lead)
    return pages.render(request, f"backoffice/{template}.html", lead=lead, edition=edition, **rows(edition.id))


@router.get("/lieux")
def venues(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    return _list_page(request, lead, db, "venues", lambda edition_id: {"venues": q.venues(db, edition_id)})


@router.get("/intervenants")
def speakers(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    return _list_page(request, lead, db, "speakers", lambda edition_id: {"speakers": q.speakers(db, edition_id)})


@router.get("/partenaires")
def partners(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    return _list_page(
        request,
        lead,
        db,
        "partners",
        lambda edition_id: {
            "partners": q.partners(db, edition_id),
            "counts": q.proposal_counts_by_partner(db, edition_id),
        },
    )
