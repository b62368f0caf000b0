"""The budget's step of ``festplan demo``: the 50,000 € envelope, the costs of the published programme, the
items of the edition, and their statuses moved along the edition (commitments in summer, services certified
during the fortnight, payments in November) — ending within the envelope with a few lines overrun and flagged.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.budget import demo_data as data
from services.budget import repository as repo
from services.budget import service
from services.budget.domain.money import format_euros, parse_euros
from services.budget.planning import recompute_for_version
from services.budget.texts import BudgetError
from services.budget.views import warnings_in_words
from shared.db import unit_of_work
from shared.i18n import translate
from shared.models import CostItem, Edition, Partner, PartnerContribution, ScheduleVersion, SessionProposal, Speaker
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

WHO = "demo"
PLANNED_ON = date(2023, 6, 12)
COMMITTED_ON = date(2023, 9, 4)
DONE_ON = date(2023, 10, 27)
PAID_ON = date(2023, 11, 24)

MESSAGES = {
    "step": {"fr": "budget de l'édition", "en": "the edition's budget"},
    "envelope": {
        "fr": "enveloppe {envelope} : prévu {planned}, engagé {committed}, service fait {done}, payé {paid}",
        "en": "envelope {envelope}: planned {planned}, committed {committed}, service done {done}, paid {paid}",
    },
    "left": {
        "fr": "reste {left} ; {items} dépenses dont {computed} calculées depuis le programme publié",
        "en": "{left} left; {items} items, {computed} of them computed from the published programme",
    },
    "warning": {"fr": "alerte : {text}", "en": "warning: {text}"},
    "refused": {
        "fr": "{n} engagement(s) refusé(s) : ils auraient dépassé l'enveloppe (restés prévus, à arbitrer)",
        "en": "{n} commitment(s) refused: they would have exceeded the envelope (left planned, for a decision)",
    },
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def set_up(session: Session, *, edition: Edition, seed: int) -> None:
    """The envelope, its lines and rates, speakers' homes; then the programme's costs and the fixed items."""
    speakers = list(session.scalars(select(Speaker.code).where(Speaker.edition_id == edition.id)))
    rules = {
        "venue_hire": {k: v for k, v in data.VENUE_HIRE.items() if v},
        "equipment": data.EQUIPMENT,
        "homes": data.speaker_homes(speakers, seed=seed),
    }
    service.set_envelope(
        session, edition=edition, amount_cents=data.ENVELOPE_CENTS, lines=list(data.LINES), rules=rules, who=WHO
    )
    version = session.scalar(
        select(ScheduleVersion).where(ScheduleVersion.edition_id == edition.id).order_by(ScheduleVersion.number.desc())
    )
    if version is not None:
        recompute_for_version(session, version_id=version.id, who=WHO, on=PLANNED_ON)
    for line, label, supplier, ht, vat, ref in data.FIXED_ITEMS:
        service.add_item(
            session,
            edition=edition,
            line_code=line,
            label=label,
            supplier=supplier,
            ht_cents=parse_euros(ht),
            vat=vat,
            reference=ref,
            who=WHO,
            on=PLANNED_ON,
        )
    _fees(session, edition=edition, seed=seed)
    _contributions(session, edition=edition, seed=seed)


def _fees(session: Session, *, edition: Edition, seed: int) -> None:
    """One fee per paid session (the first speaker of conferences, round tables, workshops and showrooms)."""
    rng = random.Random(seed + 31)
    rows = session.execute(
        select(SessionProposal.id, SessionProposal.code, SessionProposal.kind, SessionProposal.partner_id)
        .where(SessionProposal.edition_id == edition.id, SessionProposal.status == "accepted")
        .order_by(SessionProposal.code)
    ).all()
    for number, (proposal_id, code, kind, partner_id) in enumerate(rows, start=1):
        if kind not in data.FEES or rng.random() < 0.45:  # partners' own staff speak for free
            continue
        form, vat, ht = rng.choice(data.FEES[kind])
        service.add_item(
            session,
            edition=edition,
            line_code="fees",
            label=f"Intervention — {code}",
            supplier=None,
            ht_cents=parse_euros(ht),
            vat=vat,
            payment_form=form,
            reference=f"EJ-23-{1000 + number}",
            links={"proposal": proposal_id, "partner": partner_id},
            who=WHO,
            on=PLANNED_ON,
        )


def _contributions(session: Session, *, edition: Edition, seed: int) -> None:
    """Partners lend rooms and staff: recorded so the report can show the edition's real cost."""
    rng = random.Random(seed + 47)
    partners = session.scalars(select(Partner).where(Partner.edition_id == edition.id).order_by(Partner.id)).all()
    for partner in partners[:12]:
        kind = "in_kind" if rng.random() < 0.8 else "money"
        label = "Mise à disposition de salle et de personnel" if kind == "in_kind" else "Participation financière"
        amount = rng.choice((300, 450, 600, 800, 1200)) * 100
        session.add(
            PartnerContribution(
                edition_id=edition.id, partner_id=partner.id, kind=kind, label=label, amount_cents=amount
            )
        )
    session.flush()


def move_along(session: Session, *, edition: Edition, seed: int) -> int:
    """Statuses as the edition went: commitments, services certified, payments, one rejected mandate, one
    cancelled fee, and costs beyond their line. A commitment that would take the edition past its envelope is
    refused (the lead does not confirm it): it stays planned, and the number of those is returned."""
    rng = random.Random(seed + 59)
    refused = 0
    items = list(session.scalars(select(CostItem).where(CostItem.edition_id == edition.id).order_by(CostItem.id)))
    for number, item in enumerate(items, start=1):
        ref = item.reference or f"EJ-23-{2000 + number}"
        roll = rng.random()
        if item.category == "fees" and roll < 0.05:
            service.move_item(
                session,
                item=item,
                to="cancelled",
                on=date(2023, 10, 2),
                ref=None,
                reason="Session annulée par le partenaire",
                who=WHO,
            )
            continue
        try:  # refused before anything is written
            service.move_item(session, item=item, to="committed", on=COMMITTED_ON, ref=ref, who=WHO)
        except BudgetError as refusal:
            if refusal.code != "over_envelope":
                raise
            refused += 1
            continue
        if roll < 0.9:
            service.move_item(session, item=item, to="done", on=DONE_ON, ref=f"SF-{ref[3:]}", who=WHO)
        if roll < 0.7:
            paid_on = PAID_ON + timedelta(days=number % 20)
            service.move_item(session, item=item, to="paid", on=paid_on, ref=f"MDT-{ref[3:]}", who=WHO)
    paid = [i for i in items if i.status == "paid" and i.category == "fees"]
    if paid:
        service.move_item(
            session,
            item=paid[0],
            to="done",
            on=date(2023, 12, 5),
            reason="Mandat rejeté par la paierie départementale : RIB erroné",
            who=WHO,
        )
    return refused


def budget_demo(*, edition_code: str | None, seed: int) -> list[str]:
    with unit_of_work() as session:
        edition = service.resolve_edition(session, edition_code)
        set_up(session, edition=edition, seed=seed)
        refused = move_along(session, edition=edition, seed=seed)
    with unit_of_work() as session:
        edition = service.resolve_edition(session, edition_code)
        figures = service.summary(session, edition)
        items = repo.items(session, edition.id)
        computed = sum(1 for i in items if i.schedule_key)
    locale = get_settings().locale
    f = lambda cents: format_euros(cents, locale)  # noqa: E731
    t = figures.totals
    lines = [
        _t(
            "envelope",
            envelope=f(figures.envelope_cents),
            planned=f(t.planned),
            committed=f(t.committed),
            done=f(t.done),
            paid=f(t.paid),
        ),
        _t("left", left=f(figures.left_cents), items=len(items), computed=computed),
    ]
    if refused:
        lines.append(_t("refused", n=refused))
    lines += [_t("warning", text=w) for w in warnings_in_words(figures, locale)]
    return lines


def demo_steps() -> list[DemoStep]:
    """The step ``services.demo.run`` runs when this module is listed in its ``STEP_MODULES``."""
    from shared.demo_steps import DemoStep

    def run(ctx: DemoContext) -> list[str]:
        return budget_demo(edition_code=ctx.edition_code, seed=ctx.seed)

    return [DemoStep(name=_t("step"), run=run)]
