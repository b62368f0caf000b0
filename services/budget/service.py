"""Use cases of the budget: set up an envelope, add and edit items, move them through their statuses, read the
figures. Each one validates with the pure domain, writes the audit row beside the change, and only flushes:
the edge (request, CLI command, handler) commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from services.budget import repository as repo
from services.budget.domain import money
from services.budget.domain.status import (
    COMMITTED,
    PLANNED,
    ItemState,
    StatusError,
    move,
    rank,
    steps_from_json,
    steps_to_json,
)
from services.budget.domain.summary import ItemFigures, LineFigures, Summary, summarise
from services.budget.texts import BudgetError
from shared.models import BudgetAudit, BudgetEnvelope, BudgetLine, CostItem, Edition

PAYMENT_FORMS = ("invoice", "author_rights", "cachet")
CATEGORIES = (
    "fees",
    "travel",
    "accommodation",
    "venue_hire",
    "equipment",
    "catering",
    "communication",
    "accessibility",
    "contingency",
)


@dataclass(frozen=True, slots=True)
class LineSpec:
    code: str
    name: str
    category: str
    allotted_cents: int


def resolve_edition(session: Session, code: str | None) -> Edition:
    found = repo.edition(session, code)
    if found is None:
        raise BudgetError("no_edition", edition=code or "—")
    return found


def require_envelope(session: Session, edition: Edition) -> BudgetEnvelope:
    found = repo.envelope(session, edition.id)
    if found is None:
        raise BudgetError("no_envelope", edition=edition.code)
    return found


def _audit(session: Session, *, item: CostItem | None, edition_id: int, who: str, action: str, **extra: object) -> None:
    reason = extra.pop("reason", None)
    on_date = extra.pop("on_date", None)
    repo.add(
        session,
        BudgetAudit(
            edition_id=edition_id,
            item_id=item.id if item else None,
            who=who,
            action=action,
            details={k: v for k, v in extra.items() if v is not None},
            reason=reason,
            on_date=on_date,
        ),
    )


def set_envelope(
    session: Session, *, edition: Edition, amount_cents: int, lines: list[LineSpec], rules: dict, who: str
) -> BudgetEnvelope:
    """Create or replace the envelope's amount, rates and lines (lines keep their items; new ones are added)."""
    money.check_amount(amount_cents)
    found = repo.envelope(session, edition.id)
    if found is None:
        found = BudgetEnvelope(edition_id=edition.id, amount_cents=amount_cents, rules=rules)
        repo.add(session, found)
    found.amount_cents, found.rules = amount_cents, rules
    existing = {line.code: line for line in repo.lines(session, edition.id)}
    for position, spec in enumerate(lines):
        money.check_amount(spec.allotted_cents)
        line = existing.get(spec.code) or BudgetLine(edition_id=edition.id, code=spec.code)
        line.name, line.category, line.allotted_cents, line.position = (
            spec.name,
            spec.category,
            spec.allotted_cents,
            position,
        )
        if line.id is None:
            repo.add(session, line)
    session.flush()
    _audit(session, item=None, edition_id=edition.id, who=who, action="envelope", amount=amount_cents)
    return found


def _line(session: Session, edition_id: int, code: str) -> BudgetLine:
    for line in repo.lines(session, edition_id):
        if line.code == code:
            return line
    raise BudgetError("unknown_line", line=code)


def _checked(*, ht_cents: int, vat: str | int, payment_form: str | None) -> tuple[int, int]:
    try:
        permille = money.vat_permille(vat)
        ttc = money.ttc_of(ht_cents, permille)
    except money.MoneyError as exc:
        raise BudgetError(exc.code, **exc.values) from None
    if payment_form is not None and payment_form not in PAYMENT_FORMS:
        raise BudgetError("bad_payment_form", value=payment_form)
    return permille, ttc


def add_item(
    session: Session,
    *,
    edition: Edition,
    line_code: str,
    label: str,
    ht_cents: int,
    vat: str | int,
    who: str,
    supplier: str | None = None,
    payment_form: str | None = None,
    reference: str | None = None,
    links: dict[str, int | None] | None = None,
    schedule_key: str | None = None,
    on: date | None = None,
) -> CostItem:
    """A planned item on a line; its TTC is computed from HT and the VAT rate by the stated rounding rule."""
    if not label.strip():
        raise BudgetError("empty_label")
    permille, ttc = _checked(ht_cents=ht_cents, vat=vat, payment_form=payment_form)
    line = _line(session, edition.id, line_code)
    item = CostItem(
        edition_id=edition.id,
        line_id=line.id,
        label=label.strip(),
        supplier=supplier,
        category=line.category,
        amount_ht_cents=ht_cents,
        vat_permille=permille,
        amount_ttc_cents=ttc,
        payment_form=payment_form,
        status=PLANNED,
        steps={PLANNED: {"on": (on or date.today()).isoformat(), "ref": None}},
        reference=reference or None,
        schedule_key=schedule_key,
        **{f"{k}_id": v for k, v in (links or {}).items()},
    )
    repo.add(session, item)
    _audit(session, item=item, edition_id=edition.id, who=who, action="create", ttc=ttc, label=item.label)
    return item


def edit_item(
    session: Session,
    *,
    item_id: int,
    who: str,
    label: str | None = None,
    supplier: str | None = None,
    ht_cents: int | None = None,
    vat: str | int | None = None,
    payment_form: str | None = None,
    reference: str | None = None,
) -> CostItem:
    """Change an item's wording or amount; the audit keeps the amount before and after."""
    item = get_item(session, item_id)
    before = item.amount_ttc_cents
    permille, ttc = _checked(
        ht_cents=item.amount_ht_cents if ht_cents is None else ht_cents,
        vat=item.vat_permille / 10 if vat is None else vat,
        payment_form=payment_form if payment_form is not None else item.payment_form,
    )
    if label is not None:
        if not label.strip():
            raise BudgetError("empty_label")
        item.label = label.strip()
    if supplier is not None:
        item.supplier = supplier or None
    if reference is not None:
        item.reference = reference or None
    if payment_form is not None:
        item.payment_form = payment_form or None
    item.amount_ht_cents = item.amount_ht_cents if ht_cents is None else ht_cents
    item.vat_permille, item.amount_ttc_cents = permille, ttc
    session.flush()
    _audit(session, item=item, edition_id=item.edition_id, who=who, action="edit", before=before, after=ttc)
    return item


def get_item(session: Session, item_id: int) -> CostItem:
    item = repo.item(session, item_id, for_update=True)
    if item is None:
        raise BudgetError("unknown_item", item=item_id)
    return item


def move_item(
    session: Session,
    *,
    item: CostItem,
    to: str,
    on: date,
    who: str,
    ref: str | None = None,
    reason: str | None = None,
    confirm_over: bool = False,
) -> CostItem:
    """Move an item along planned → committed → done → paid (or cancel it, or back with a reason).

    A commitment that would take the edition's commitments past the envelope is refused unless
    ``confirm_over``: the lead must say so explicitly, and the audit keeps that they did.
    """
    state = ItemState(status=item.status, steps=steps_from_json(item.steps))
    try:
        done = move(state, to=to, on=on, ref=ref, reason=reason)
    except StatusError as exc:
        raise BudgetError(exc.code, **{k: _words(v) for k, v in exc.values.items()}) from None
    over = 0
    if rank(to) >= rank(COMMITTED) > rank(item.status):  # a new commitment (from planned or cancelled)
        over = commitment_overrun(session, edition_id=item.edition_id, adding_cents=item.amount_ttc_cents)
        if over and not confirm_over:
            raise BudgetError("over_envelope", over=money.format_euros(over))
    before = item.status
    item.status, item.steps = done.state.status, steps_to_json(done.state.steps)
    if ref and to in ("committed",) and not item.reference:
        item.reference = ref
    session.flush()
    _audit(
        session,
        item=item,
        edition_id=item.edition_id,
        who=who,
        action="backwards" if done.backwards else "move",
        reason=reason,
        on_date=on,
        before=before,
        after=to,
        ref=ref,
        over_envelope=over or None,
    )
    return item


def _words(value: object) -> object:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def commitment_overrun(session: Session, *, edition_id: int, adding_cents: int) -> int:
    """How far committing ``adding_cents`` more would go past the envelope (the envelope row is locked)."""
    envelope = repo.lock_envelope(session, edition_id)
    if envelope is None:
        return 0
    committed = sum(
        row.amount_ttc_cents for row in repo.items(session, edition_id) if row.status in ("committed", "done", "paid")
    )
    return max(0, committed + adding_cents - envelope.amount_cents)


def summary(session: Session, edition: Edition) -> Summary:
    """Every figure of the budget for the page, ``budget show`` and the export."""
    envelope = require_envelope(session, edition)
    lines = repo.lines(session, edition.id)
    codes = {line.id: line.code for line in lines}
    names = repo.names(session, edition.id)
    figures = [
        ItemFigures(
            line=codes[row.line_id],
            category=row.category,
            status=row.status,
            ttc_cents=row.amount_ttc_cents,
            partner=names["partners"].get(row.partner_id, (None,))[0] if row.partner_id else None,
            territory=names["venues"].get(row.venue_id, (None, None))[1] if row.venue_id else None,
        )
        for row in repo.items(session, edition.id)
    ]
    line_figures = [LineFigures(line.code, line.name, line.category, line.allotted_cents) for line in lines]
    return summarise(envelope_cents=envelope.amount_cents, lines=line_figures, items=figures)
