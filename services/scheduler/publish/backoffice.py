"""Back-office pages that compare a run with the published version, publish it, and list the versions.

The diff shown is :func:`services.scheduler.runs.service.diff`, the one ``festplan diff`` prints and the
publication's emails are planned from: what the lead reads is what people will be told.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from services.scheduler import repository as repo
from services.scheduler.backoffice_texts import TEXTS, say
from services.scheduler.errors import SchedulerError
from services.scheduler.publish import service as publishing
from services.scheduler.runs import costs as run_costs
from services.scheduler.runs import service
from services.scheduler.texts import describe_slot, describe_warning
from shared.web.backoffice.pages import Pages, locale_of
from shared.web.backoffice.session import PREFIX, LeadDep, chosen_edition
from shared.web.http import FormDep, SessionDep
from shared.web.ids import DbId

router = APIRouter()
pages = Pages(Path(__file__).resolve().parents[1] / "templates", TEXTS)
MESSAGE_MAX = 2000


def _diff_page(
    request: Request,
    db: Session,
    *,
    lead: Any,
    run_id: DbId,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    locale = locale_of(request)
    run = repo.get_run(db, run_id)
    if run is None:
        return pages.not_found(request, lead)
    current = repo.latest_version(db, run.edition_id)
    blocker = None
    try:
        diff = service.diff(db, run_id)
    except SchedulerError as exc:
        return pages.message(request, lead=lead, status_code=409, title=exc.message(locale), text=exc.message(locale))
    if run.status != "succeeded" or run.schedule_status not in publishing.PUBLISHABLE_STATUSES:
        blocker = run.schedule_status or run.status
    elif current is not None and current.run_id == run.id:
        blocker = f"version {current.number}"
    facts = repo.session_facts(db, run.edition_id)
    speakers = repo.speakers_by_code(db, run.edition_id)
    partners = repo.partners_by_code(db, run.edition_id)

    def row(change: Any) -> dict[str, Any]:
        fact = facts.get(change.session)
        return {
            "code": change.session,
            "title": fact.title if fact else change.session,
            "old": describe_slot(change.old, locale) if change.old else None,
            "new": describe_slot(change.new, locale) if change.new else None,
            "what": ", ".join(say(f"what_{part}", locale) for part in change.what),
        }

    return pages.render(
        request,
        "backoffice/diff.html",
        lead=lead,
        status_code=status_code,
        run=run,
        current=current,
        diff=diff,
        cost_line=run_costs.diff_words(run, repo.get_run(db, current.run_id) if current else None, locale),
        moved=[row(c) for c in diff.moved],
        new=[row(c) for c in diff.new],
        removed=[row(c) for c in diff.removed],
        speakers=[(speakers[c].name if c in speakers else c, codes) for c, codes in diff.affected_speakers.items()],
        partners=[(partners[c].name if c in partners else c, codes) for c, codes in diff.affected_partners.items()],
        warnings=[describe_warning(w, locale) for w in diff.warnings],
        blocker=blocker,
        values=values or {"message": "", "hold": ""},
        errors=errors or {},
    )


@router.get("/optimisations/{run_id}/comparaison")
def diff_page(run_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    return _diff_page(request, db, lead=lead, run_id=run_id)


@router.post("/optimisations/{run_id}/publication")
def publish(run_id: DbId, request: Request, lead: LeadDep, db: SessionDep, form: FormDep) -> Response:
    """Publish the run as the next version; its emails are recorded now and leave (or wait) after the commit."""
    locale = locale_of(request)
    message = str(form.get("message") or "").strip()
    hold = form.get("hold") == "1"
    values = {"message": message, "hold": "1" if hold else ""}
    if len(message) > MESSAGE_MAX:
        return _diff_page(
            request,
            db,
            lead=lead,
            run_id=run_id,
            values=values,
            status_code=422,
            errors={"message": TEXTS["err_message_long"]["en" if locale == "en" else "fr"]},
        )
    try:
        version = publishing.publish(db, run_id=run_id, message=message or None, hold_mail=hold, published_by=lead.who)
    except SchedulerError as exc:
        db.rollback()
        return _diff_page(
            request, db, lead=lead, run_id=run_id, values=values, status_code=409, errors={"_form": exc.message(locale)}
        )
    target = f"{PREFIX}/courriels/versions/{version.id}" if hold else f"{PREFIX}/versions"
    return RedirectResponse(f"{target}?fait=published", status_code=303)


@router.get("/versions")
def versions(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    edition = chosen_edition(db, request)
    rows = list(reversed(repo.list_versions(db, edition.id))) if edition else []
    return pages.render(request, "backoffice/versions.html", lead=lead, versions=rows, edition=edition)
