"""The envelope's figures: totals per status (the gauge), by line, category, partner and territory, what is
left, and the warnings the lead must see (a line or the envelope overrun by what is planned).

Amounts are TTC cents. "Planned" in the gauge means every item not cancelled (what the edition will cost if
everything goes as planned); "committed" every item committed or beyond, "done" service done or paid, "paid"
paid. Pure: items are plain dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.budget.domain.status import CANCELLED, ORDER, rank

LEVELS = ("planned", "committed", "done", "paid")
#: Where an item with no venue is counted in the "by territory" table.
WHOLE_DEPARTEMENT = "Département (transversal)"


@dataclass(frozen=True, slots=True)
class ItemFigures:
    line: str
    category: str
    status: str
    ttc_cents: int
    partner: str | None = None
    territory: str | None = None


@dataclass(frozen=True, slots=True)
class LineFigures:
    code: str
    name: str
    category: str
    allotted_cents: int


@dataclass(slots=True)
class Totals:
    planned: int = 0
    committed: int = 0
    done: int = 0
    paid: int = 0

    def add(self, item: ItemFigures) -> None:
        if item.status == CANCELLED:
            return
        level = rank(item.status)
        for index, name in enumerate(LEVELS):
            if level >= index:
                setattr(self, name, getattr(self, name) + item.ttc_cents)

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in LEVELS}


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    values: dict[str, object]


@dataclass(slots=True)
class Summary:
    envelope_cents: int
    totals: Totals
    by_line: dict[str, Totals] = field(default_factory=dict)
    by_category: dict[str, Totals] = field(default_factory=dict)
    by_partner: dict[str, Totals] = field(default_factory=dict)
    by_territory: dict[str, Totals] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    lines: list[LineFigures] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

    @property
    def left_cents(self) -> int:
        """What the envelope still allows once everything planned is spent."""
        return self.envelope_cents - self.totals.planned


def summarise(*, envelope_cents: int, lines: list[LineFigures], items: list[ItemFigures]) -> Summary:
    """Every figure of the budget page, ``budget show`` and the export, from the same items."""
    summary = Summary(envelope_cents=envelope_cents, totals=Totals(), lines=list(lines))
    summary.by_line = {line.code: Totals() for line in lines}
    summary.by_status = {status: 0 for status in (*ORDER, CANCELLED)}
    for item in items:
        summary.by_status[item.status] = summary.by_status.get(item.status, 0) + item.ttc_cents
        summary.totals.add(item)
        summary.by_line.setdefault(item.line, Totals()).add(item)
        summary.by_category.setdefault(item.category, Totals()).add(item)
        if item.partner:
            summary.by_partner.setdefault(item.partner, Totals()).add(item)
        summary.by_territory.setdefault(item.territory or WHOLE_DEPARTEMENT, Totals()).add(item)
    for line in lines:
        planned = summary.by_line[line.code].planned
        if planned > line.allotted_cents:
            summary.warnings.append(Warning("line_over", {"line": line.name, "over": planned - line.allotted_cents}))
    if summary.totals.planned > envelope_cents:
        summary.warnings.append(Warning("envelope_over", {"over": summary.totals.planned - envelope_cents}))
    if summary.totals.committed > envelope_cents:
        summary.warnings.append(Warning("committed_over", {"over": summary.totals.committed - envelope_cents}))
    return summary


def commitment_overruns(*, envelope_cents: int, committed_cents: int, adding_cents: int) -> int:
    """How far committing ``adding_cents`` more would take commitments past the envelope (0 when it fits)."""
    return max(0, committed_cents + adding_cents - envelope_cents)
