"""The lead's budget page under ``/gestion/budget``: the envelope as a gauge, the figures by line, category,
partner and territory, the warnings, the items with their status forms, and the audit trail.

Every POST carries the session's CSRF token (checked by :func:`shared.web.backoffice.session.require_lead_session`,
as on every back-office page); each change goes through :mod:`services.budget.service`, which writes the
audit row (who, what, when) beside it. A refusal re-renders the page with the French sentence (422), never a
500; a commitment over the envelope asks for the explicit confirmation box.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from services.budget import repository as repo
from services.budget import service
from services.budget.backoffice_texts import TEXTS
from services.budget.domain.money import MoneyError, format_euros, parse_euros, rate_label
from services.budget.domain.status import STATUSES
from services.budget.texts import BudgetError
from services.budget.views import warnings_in_words
from shared.web.backoffice.pages import Pages, locale_of
from shared.web.backoffice.session import PREFIX, LeadDep, require_lead_session
from shared.web.http import SessionDep
from shared.web.ids import DbId

router = APIRouter(prefix=f"{PREFIX}/budget", include_in_schema=False, dependencies=[Depends(require_lead_session)])
pages = Pages(Path(__file__).resolve().parent / "templates", TEXTS)
PAGE = f"{PREFIX}/budget"


def _page(request: Request, lead: Any, db: Session, *, error: str | None = None, status_code: int = 200) -> Response:
    locale = locale_of(request)
    edition = repo.edition(db, request.query_params.get("edition"))
    envelope = repo.envelope(db, edition.id) if edition else None
    if edition is None or envelope is None:
        return pages.render(
            request, "backoffice/budget.html", lead=lead, status_code=status_code, edition=edition, figures=None,
            error=error,
        )  # fmt: skip
    figures = service.summary(db, edition)
    names = repo.names(db, edition.id)
    return pages.render(
        request,
        "backoffice/budget.html",
        lead=lead,
        status_code=status_code,
        edition=edition,
        figures=figures,
        warnings=warnings_in_words(figures, locale),
        lines={line.id: line for line in repo.lines(db, edition.id)},
        items=repo.items(db, edition.id),
        audit=repo.audit_trail(db, edition.id),
        names=names,
        statuses=STATUSES,
        forms=service.PAYMENT_FORMS,
        euros=lambda cents: format_euros(cents, locale),
        rate=rate_label,
        pct=lambda part, whole: 0 if not whole else min(100, round(100 * part / whole)),
        error=error,
        today=date.today().isoformat(),
    )


@router.get("")
def budget_page(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """The envelope, its figures and warnings, the items and the audit trail."""
    return _page(request, lead, db)


def _refused(request: Request, lead: Any, db: Session, exc: BudgetError | MoneyError) -> Response:
    db.rollback()
    error = BudgetError(exc.code, **exc.values) if isinstance(exc, MoneyError) else exc
    return _page(request, lead, db, error=error.message(locale_of(request)), status_code=422)


@router.post("/depenses")
async def add_item(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """Add a planned item on a line."""
    form = await request.form()
    try:
        edition = service.resolve_edition(db, request.query_params.get("edition"))
        service.require_envelope(db, edition)
        service.add_item(
            db,
            edition=edition,
            line_code=str(form.get("line") or ""),
            label=str(form.get("label") or ""),
            ht_cents=parse_euros(str(form.get("amount_ht") or "")),
            vat=str(form.get("vat") or ""),
            supplier=str(form.get("supplier") or "") or None,
            payment_form=str(form.get("payment_form") or "") or None,
            reference=str(form.get("reference") or "") or None,
            who=lead.who,
        )
    except (BudgetError, MoneyError) as exc:
        return _refused(request, lead, db, exc)
    return RedirectResponse(f"{PAGE}?fait=added", status_code=303)


@router.post("/depenses/{item_id}")
async def edit_item(item_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """Change an item's label, supplier or amount."""
    form = await request.form()
    try:
        amount = str(form.get("amount_ht") or "").strip()
        service.edit_item(
            db,
            item_id=item_id,
            who=lead.who,
            label=str(form.get("label")) if form.get("label") is not None else None,
            supplier=str(form.get("supplier")) if form.get("supplier") is not None else None,
            ht_cents=parse_euros(amount) if amount else None,
            vat=str(form.get("vat")) if form.get("vat") else None,
        )
    except (BudgetError, MoneyError) as exc:
        return _refused(request, lead, db, exc)
    return RedirectResponse(f"{PAGE}?fait=edited", status_code=303)


@router.post("/depenses/{item_id}/statut")
async def move_item(item_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """Move an item to another status, with its date, document number and, going back, a reason."""
    form = await request.form()
    try:
        try:
            on = date.fromisoformat(str(form.get("on") or ""))
        except ValueError:
            raise BudgetError("bad_date", value=form.get("on") or "") from None
        service.move_item(
            db,
            item=service.get_item(db, item_id),
            to=str(form.get("to") or ""),
            on=on,
            ref=str(form.get("ref") or "") or None,
            reason=str(form.get("reason") or "") or None,
            confirm_over=form.get("confirm_over") == "oui",
            who=lead.who,
        )
    except BudgetError as exc:
        return _refused(request, lead, db, exc)
    return RedirectResponse(f"{PAGE}?fait=moved", status_code=303)
