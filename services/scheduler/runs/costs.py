"""A run's variable cost in euros: the cost table it was started with, its cap, and what its schedule costs.

The table comes from :mod:`shared.variable_costs` when the run is recorded, and is kept in the run's
parameters (``costs``), so a run's cost can be recomputed later exactly as it was solved, even after the
rates change. Listings leave the table out: it is the solver's input, not something to read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from services.scheduler.domain.model.budget import CostTable, schedule_cost
from shared import variable_costs
from shared.i18n import translate
from shared.models.scheduling import OptimisationRun

MESSAGES = {
    "cost_line": {
        "fr": "coûts variables : {cost} (plafond : {cap})",
        "en": "variable costs: {cost} (cap: {cap})",
    },
    "cost_diff": {
        "fr": "coûts variables : {new} contre {old} pour la version publiée, soit {delta}",
        "en": "variable costs: {new} against {old} for the published version, a difference of {delta}",
    },
    "none": {"fr": "sans plafond", "en": "no cap"},
}


def cost_parameters(session: Session, *, edition_id: int, budget_cap_cents: int | None) -> dict[str, Any] | None:
    """What to add to a new run's parameters: the edition's cost table and the cap; ``None`` when no table.

    Raises ``ValueError`` when a cap is asked for an edition without a budget (the caller says it in words).
    """
    table = variable_costs.table_for(session, edition_id=edition_id)
    if table is None:
        if budget_cap_cents is not None:
            raise ValueError("cap_without_costs")
        return None
    out: dict[str, Any] = {"costs": table}
    if budget_cap_cents is not None:
        out["budget_cap_cents"] = budget_cap_cents
    return out


def variable_cost_cents(run: OptimisationRun) -> int | None:
    """The run's variable cost (travel, hire, equipment, cents TTC), ``None`` without table or schedule."""
    table = CostTable.from_parameters(run.parameters or {})
    if table is None or not run.schedule:
        return None
    return schedule_cost(table, run.schedule.get("assignments", []))


def euros(cents: int | None) -> str | None:
    """Cents as an exact decimal string for JSON (``"1234.56"``)."""
    if cents is None:
        return None
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def words(cents: int | None, locale: str = "fr", *, signed: bool = False) -> str:
    """Cents in words (``1 234,56 €``); ``signed`` writes ``+`` before a positive difference."""
    if cents is None:
        return "—"
    sign = "−" if cents < 0 else ("+" if signed and cents > 0 else "")
    whole = f"{abs(cents) // 100:,}"
    if locale == "fr":
        return sign + whole.replace(",", "\u202f") + f",{abs(cents) % 100:02d}\u00a0€"
    return f"{sign}€{whole}.{abs(cents) % 100:02d}"


def public_parameters(run: OptimisationRun) -> dict[str, Any]:
    """The run's parameters without the cost table (the cap, in euros, stays)."""
    out = {k: v for k, v in (run.parameters or {}).items() if k not in ("costs", "budget_cap_cents")}
    cap = (run.parameters or {}).get("budget_cap_cents")
    if cap is not None:
        out["budget_cap"] = euros(int(cap))
    return out


def score_json(run: OptimisationRun) -> dict[str, Any] | None:
    """A run's score as the API and ``runs --json`` give it beside its cost (``None`` until it is scored)."""
    if run.hard_violations is None:
        return None
    return {
        "hard_violations": run.hard_violations,
        "unplaced_weight": run.unplaced_weight,
        "soft_penalty": run.soft_penalty,
        "soft_terms": run.soft_terms,
    }


def cost_fields(run: OptimisationRun) -> dict[str, Any]:
    """``variable_cost_ttc`` and ``budget_cap_ttc`` of a run, as exact decimal strings in euros."""
    cap = (run.parameters or {}).get("budget_cap_cents")
    return {"variable_cost_ttc": euros(variable_cost_cents(run)), "budget_cap_ttc": euros(cap)}


def difference_cents(
    run: OptimisationRun, published: OptimisationRun | None
) -> tuple[int | None, int | None, int | None]:
    """The run's variable cost, the published version's, and the difference (run − published), in cents."""
    new = variable_cost_cents(run)
    old = variable_cost_cents(published) if published is not None else None
    return new, old, (new - old if new is not None and old is not None else None)


def difference(run: OptimisationRun, published: OptimisationRun | None) -> dict[str, Any]:
    """:func:`difference_cents` in exact decimal euros, for JSON."""
    new, old, delta = difference_cents(run, published)
    return {"run": euros(new), "published": euros(old), "difference": euros(delta)}


def say(key: str, locale: str | None = None, **values: object) -> str:
    return translate(MESSAGES, key, locale, **values)


def cap_cents(text: str | None) -> int | None:
    """``"12000"``, ``"12 000,50"`` or ``"12000.5"`` euros → cents; ``ValueError`` when unreadable or negative."""
    if text is None:
        return None
    from decimal import Decimal, InvalidOperation

    raw = str(text).replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or value < 0:
        raise ValueError(text)
    return int((value * 100).to_integral_value())


def diff_words(run: OptimisationRun, published: OptimisationRun | None, locale: str) -> str | None:
    """The cost line of ``festplan diff`` (``None`` when the run has no cost table)."""
    new, old, delta = difference_cents(run, published)
    if new is None:
        return None
    return say(
        "cost_diff", locale, new=words(new, locale), old=words(old, locale), delta=words(delta, locale, signed=True)
    )
