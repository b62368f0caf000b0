"""HTTP API of the budget (``/api/v1/budget``), for the lead only, in JSON; amounts are decimal strings in euros.

Refusals are 422 (bad amount, VAT rate, status move) or 409 (a commitment over the envelope without
``confirm_over``), with the sentence in French then English — never a 500. The request is the edge: it
commits when the endpoint returns.

The lead's token is checked by ``shared.web.auth.require_lead``, the dependency every API of festplan
uses today (issue 18 moves it to ``shared/web``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from services.budget import repository as repo
from services.budget import service
from services.budget.domain.money import MoneyError, euros, parse_euros
from services.budget.texts import BudgetError
from services.budget.views import summary_json
from shared.models import CostItem
from shared.web.auth import Principal, require_lead
from shared.web.http import SessionDep
from shared.web.ids import DbId

P = ParamSpec("P")
R = TypeVar("R")

router = APIRouter(prefix="/api/v1/budget", tags=["budget"])
LeadDep = Annotated[Principal, Depends(require_lead)]
EditionQuery = Annotated[str | None, Query(description="Code de l'édition (défaut : la plus récente).")]


def _http_errors(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except MoneyError as exc:
            error = BudgetError(exc.code, **exc.values)
            raise HTTPException(422, detail=error.both()) from None
        except BudgetError as exc:
            raise HTTPException(409 if exc.code == "over_envelope" else 422, detail=exc.both()) from None

    return wrapper


class ItemIn(BaseModel):
    line: str = Field(min_length=1, max_length=64)
    label: str = Field(min_length=1, max_length=300)
    amount_ht: str = Field(description="Montant HT en euros (« 1234,56 » ou « 1234.56 »).")
    vat: str = Field(description="Taux de TVA : 0, 5.5, 10 ou 20.")
    supplier: str | None = Field(default=None, max_length=200)
    payment_form: str | None = None
    reference: str | None = Field(default=None, max_length=64)


class ItemPatch(BaseModel):
    label: str | None = Field(default=None, max_length=300)
    amount_ht: str | None = None
    vat: str | None = None
    supplier: str | None = Field(default=None, max_length=200)
    payment_form: str | None = None
    reference: str | None = Field(default=None, max_length=64)


class MoveIn(BaseModel):
    to: str
    on: dt.date
    ref: str | None = Field(default=None, max_length=64)
    reason: str | None = Field(default=None, max_length=2000)
    confirm_over: bool = False


def item_out(item: CostItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "label": item.label,
        "supplier": item.supplier,
        "category": item.category,
        "amount_ht": euros(item.amount_ht_cents),
        "vat_rate": str(item.vat_permille / 10).removesuffix(".0"),
        "amount_ttc": euros(item.amount_ttc_cents),
        "payment_form": item.payment_form,
        "status": item.status,
        "steps": item.steps,
        "reference": item.reference,
        "schedule_key": item.schedule_key,
    }


@router.get("", summary="Le budget de l'édition / The edition's budget")
@_http_errors
def get_budget(principal: LeadDep, session: SessionDep, edition: EditionQuery = None) -> dict[str, Any]:
    found = service.resolve_edition(session, edition)
    return summary_json(service.summary(session, found), edition=found.code)


@router.get("/items", summary="Les dépenses / Cost items")
@_http_errors
def list_items(principal: LeadDep, session: SessionDep, edition: EditionQuery = None) -> list[dict[str, Any]]:
    found = service.resolve_edition(session, edition)
    return [item_out(item) for item in repo.items(session, found.id)]


@router.post("/items", status_code=201, summary="Ajouter une dépense prévue / Add a planned item")
@_http_errors
def add_item(body: ItemIn, principal: LeadDep, session: SessionDep, edition: EditionQuery = None) -> dict[str, Any]:
    found = service.resolve_edition(session, edition)
    service.require_envelope(session, found)
    item = service.add_item(
        session,
        edition=found,
        line_code=body.line,
        label=body.label,
        ht_cents=parse_euros(body.amount_ht),
        vat=body.vat,
        supplier=body.supplier,
        payment_form=body.payment_form,
        reference=body.reference,
        who=f"api:token-{principal.token_id}",
    )
    return item_out(item)


@router.patch("/items/{item_id}", summary="Modifier une dépense / Edit an item")
@_http_errors
def edit_item(item_id: DbId, body: ItemPatch, principal: LeadDep, session: SessionDep) -> dict[str, Any]:
    item = service.edit_item(
        session,
        item_id=item_id,
        who=f"api:token-{principal.token_id}",
        label=body.label,
        supplier=body.supplier,
        ht_cents=None if body.amount_ht is None else parse_euros(body.amount_ht),
        vat=body.vat,
        payment_form=body.payment_form,
        reference=body.reference,
    )
    return item_out(item)


@router.post("/items/{item_id}/status", summary="Changer le statut d'une dépense / Move an item")
@_http_errors
def move_item(item_id: DbId, body: MoveIn, principal: LeadDep, session: SessionDep) -> dict[str, Any]:
    item = service.move_item(
        session,
        item=service.get_item(session, item_id),
        to=body.to,
        on=body.on,
        ref=body.ref,
        reason=body.reason,
        confirm_over=body.confirm_over,
        who=f"api:token-{principal.token_id}",
    )
    return item_out(item)
