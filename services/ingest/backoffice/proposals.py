"""Back-office pages of proposals: the filtered list, a proposal's every field, the decision, the lead's corrections."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.ingest import repository as repo
from services.ingest.backoffice import repository as q
from services.ingest.backoffice.common import pages, validation_errors
from services.ingest.backoffice.views import edition_days
from services.ingest.domain import windows as form_windows
from services.ingest.errors import IngestError, Invalid
from services.ingest.forms import texts as form_texts
from services.ingest.forms.partner import (
    AUDIENCES,
    BASE_FEATURES,
    KINDS,
    LIST_FIELDS,
    TEXT_FIELDS,
    FormDep,
    form_fields,
    proposal_values,
    values_from_form,
)
from services.ingest.proposals import service
from services.ingest.proposals.schemas import ProposalIn
from shared.i18n import format_date
from shared.models import Edition, Partner, Room, SessionProposal, SessionSpeaker, Speaker, Venue
from shared.models.types import utcnow
from shared.web.backoffice.pages import locale_of
from shared.web.backoffice.session import PREFIX, LeadDep
from shared.web.http import SessionDep
from shared.web.ids import DbId, parse_db_id

router = APIRouter()

STATUSES = ("submitted", "accepted", "rejected", "withdrawn")
MESSAGE_MAX = 5000


@router.get("/propositions")
def proposals(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """Every proposal of the edition, filtered by status, partner, format, audience and territory."""
    edition = q.current_edition(db, request)
    if edition is None:
        return pages.not_found(request, lead)
    params = request.query_params
    chosen = {key: params.get(key) or "" for key in ("statut", "partenaire", "format", "public", "territoire")}
    version = q.published_version(db, edition.id)
    rows = q.filter_proposals(
        db,
        edition_id=edition.id,
        status=chosen["statut"] if chosen["statut"] in STATUSES else None,
        partner_id=parse_db_id(chosen["partenaire"]),
        kind=chosen["format"] or None,
        audience=chosen["public"] or None,
        territory=chosen["territoire"] or None,
        published_run_id=version.run_id if version else None,
    )
    return pages.render(
        request,
        "backoffice/proposals.html",
        lead=lead,
        edition=edition,
        rows=rows,
        chosen=chosen,
        statuses=STATUSES,
        kinds=KINDS,
        audiences=AUDIENCES,
        partners=q.partners(db, edition.id),
        territories=q.territories(db, edition),
    )


def _proposal_page(
    request: Request,
    db: Session,
    *,
    lead: Any,
    proposal: SessionProposal,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    view = service.proposal_views(db, [proposal])[0]
    partner = db.get(Partner, proposal.partner_id) if proposal.partner_id else None
    speakers = db.scalars(
        select(Speaker)
        .join(SessionSpeaker, SessionSpeaker.speaker_id == Speaker.id)
        .where(SessionSpeaker.proposal_id == proposal.id)
        .order_by(SessionSpeaker.position)
    ).all()
    venue_names = dict(
        db.execute(select(Venue.code, Venue.name).where(Venue.edition_id == proposal.edition_id)).tuples().all()
    )
    return pages.render(
        request,
        "backoffice/proposal.html",
        lead=lead,
        status_code=status_code,
        p=view,
        proposal=proposal,
        partner=partner,
        speakers=speakers,
        venue_names=venue_names,
        errors=errors or {},
        values=values or {"decision": "", "message": proposal.decision_message or ""},
    )


@router.get("/propositions/{proposal_id}")
def proposal_page(proposal_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    proposal = db.get(SessionProposal, proposal_id)
    if proposal is None:
        return pages.not_found(request, lead)
    return _proposal_page(request, db, lead=lead, proposal=proposal)


@router.post("/propositions/{proposal_id}/decision")
def decide(proposal_id: DbId, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    """Accept or reject with a message: the partner's email is recorded in the same transaction."""
    t = pages.translator(locale_of(request))
    proposal = db.get(SessionProposal, proposal_id)
    if proposal is None:
        return pages.not_found(request, lead)
    decision, message = str(form.get("decision") or ""), str(form.get("message") or "").strip()
    errors: dict[str, str] = {}
    if decision not in ("accepted", "rejected"):
        errors["decision"] = t("err_decision")
    if len(message) > MESSAGE_MAX:
        errors["message"] = t("err_message_long")
    elif decision == "rejected" and not message:
        errors["message"] = t("err_message_needed")
    if not errors:
        try:
            service.decide(db, proposal_id=proposal.id, status=decision, message=message)
        except IngestError as exc:
            errors["_form"] = exc.message(locale_of(request))
        else:
            return RedirectResponse(f"{PREFIX}/propositions/{proposal.id}?fait=decided", status_code=303)
    return _proposal_page(
        request,
        db,
        lead=lead,
        proposal=proposal,
        errors=errors,
        values={"decision": decision, "message": message},
        status_code=422,
    )


# --- the lead's corrections -----------------------------------------------------------------------------------


def _choices(db: Session, edition: Edition, t: Any, locale: str) -> dict[str, Any]:
    venues = db.scalars(select(Venue).where(Venue.edition_id == edition.id).order_by(Venue.position, Venue.name))
    speakers = db.scalars(select(Speaker).where(Speaker.edition_id == edition.id).order_by(Speaker.name))
    features = list(BASE_FEATURES)
    for room_features in db.scalars(select(Room.features).where(Room.edition_id == edition.id)):
        features += [f for f in room_features or [] if f not in features]
    return {
        "kind_options": [(k, t(f"kind_{k}")) for k in KINDS],
        "audience_options": [(a, t(f"audience_{a}")) for a in AUDIENCES],
        "venue_options": [(v.code, v.name) for v in venues],
        "speaker_options": [(s.code, s.name) for s in speakers],
        "feature_options": [(f, t(f"feature_{f}") if f in BASE_FEATURES else f) for f in features],
        "day_options": [
            (d.isoformat(), format_date(d, locale)) for d in edition_days(edition.start_date, edition.end_date)
        ],
    }


def _values_of(db: Session, proposal: SessionProposal) -> dict[str, Any]:
    """The stored proposal as the edit form shows it: the partners' form's own reading of it."""
    return proposal_values(proposal, repo.speaker_codes(db, [proposal.id])[proposal.id])


def _edit_page(
    request: Request,
    db: Session,
    *,
    lead: Any,
    proposal: SessionProposal,
    values: dict[str, Any],
    errors: dict[str, str],
    bad_window: int | None = None,
    status_code: int = 200,
) -> Response:
    edition = db.get_one(Edition, proposal.edition_id)
    locale = locale_of(request)
    return pages.render(
        request,
        "backoffice/proposal_edit.html",
        lead=lead,
        status_code=status_code,
        proposal=proposal,
        **form_fields(values, errors, bad_window),
        window_texts=lambda key, **v: form_texts.t(key, locale, **v),
        grid=edition.granularity_minutes or 15,
        **_choices(db, edition, pages.translator(locale), locale),
    )


@router.get("/propositions/{proposal_id}/modifier")
def edit_form(proposal_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    proposal = db.get(SessionProposal, proposal_id)
    if proposal is None:
        return pages.not_found(request, lead)
    return _edit_page(request, db, lead=lead, proposal=proposal, values=_values_of(db, proposal), errors={})


def lead_edit(db: Session, *, proposal: SessionProposal, data: ProposalIn) -> None:
    """The lead corrects a proposal whatever its status or the call's deadline, with the partners' own checks.

    The time windows are on the form as on the partner's (rows of day, start, end); the partner is not emailed.
    """
    edition = db.get_one(Edition, proposal.edition_id)
    fields, speakers = service._checked_fields(db, edition, data)  # the partners' rules, shared on purpose
    for key, value in fields.items():
        setattr(proposal, key, value)
    proposal.speakers = [SessionSpeaker(speaker_id=s.id, position=i) for i, s in enumerate(speakers)]
    proposal.updated_at = utcnow()
    db.flush()


@router.post("/propositions/{proposal_id}/modifier")
def edit_save(proposal_id: DbId, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    locale = locale_of(request)
    proposal = db.get(SessionProposal, proposal_id)
    if proposal is None:
        return pages.not_found(request, lead)
    values = values_from_form(form, proposal)
    data: dict[str, Any] = {key: values[key].strip() for key in TEXT_FIELDS if values[key].strip()}
    data.update({key: values[key] for key in LIST_FIELDS if values[key]})
    windows, problem = form_windows.ranges_from_rows(values["windows"])
    if windows:
        data["windows"] = windows
    checked: ProposalIn | None = None
    errors: dict[str, str] = {}
    try:
        checked = ProposalIn.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(exc, locale)
    if problem is not None:
        errors["windows"] = form_texts.t(problem.key, locale, row=problem.row)
    elif checked is not None:
        try:
            lead_edit(db, proposal=proposal, data=checked)
        except IngestError as exc:
            errors = {(exc.field if isinstance(exc, Invalid) and exc.field else "_form"): exc.message(locale)}
        else:
            return RedirectResponse(f"{PREFIX}/propositions/{proposal.id}?fait=saved", status_code=303)
    db.rollback()
    proposal = db.get_one(SessionProposal, proposal_id)
    return _edit_page(
        request,
        db,
        lead=lead,
        proposal=proposal,
        values=values,
        errors=errors,
        bad_window=problem.row if problem else None,
        status_code=422,
    )
