"""The budget's section of the evaluation report: cost per participant, per session kind and territory, the
share spent on accessibility, planned against paid by line, and the edition's real cost (partners'
contributions included). Installed as a provider of :mod:`shared.report_sections` by the composition root.

Costs are the planned amounts of the items not cancelled (TTC). Per session kind only the items attached to a
session count (fees, equipment): travel, nights and the edition's own costs are not split between kinds.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.budget import repository as repo
from services.budget.domain.money import format_euros
from services.budget.domain.status import CANCELLED
from services.budget.service import summary
from shared.i18n import translate
from shared.models import AttendanceCount, Edition, SessionProposal
from shared.report_sections import ReportSection, SectionChart, SectionTable

WORDS = {
    "title": {"fr": "Budget", "en": "Budget"},
    "envelope": {"fr": "Enveloppe (TTC)", "en": "Envelope (incl. VAT)"},
    "planned": {"fr": "Dépenses prévues", "en": "Planned costs"},
    "paid": {"fr": "Payé", "en": "Paid"},
    "real": {"fr": "Coût réel (avec les apports des partenaires)", "en": "Real cost (with partners' contributions)"},
    "per_participant": {"fr": "Coût par participant·e", "en": "Cost per participant"},
    "real_per_participant": {"fr": "Coût réel par participant·e", "en": "Real cost per participant"},
    "accessibility": {"fr": "Part consacrée à l'accessibilité", "en": "Share spent on accessibility"},
    "by_line": {"fr": "Prévu et payé par ligne (€)", "en": "Planned and paid by line (€)"},
    "by_line_desc": {"fr": "Deux barres par ligne budgétaire.", "en": "Two bars per budget line."},
    "by_territory": {"fr": "Dépenses par territoire (€)", "en": "Costs by territory (€)"},
    "by_territory_desc": {
        "fr": "Dépenses rattachées à un lieu ; les autres sont « transversales ».",
        "en": "Costs tied to a venue; the others are “transversal”.",
    },
    "by_kind": {
        "fr": "Coûts directs par participant·e, par type de séance (€)",
        "en": "Direct cost per participant, by kind (€)",
    },
    "by_kind_desc": {
        "fr": "Cachets et matériel rattachés aux séances, divisés par les présent·es comptés.",
        "en": "Fees and equipment tied to sessions, divided by the people counted.",
    },
    "kind": {"fr": "Type de séance", "en": "Session kind"},
    "direct": {"fr": "Coûts directs", "en": "Direct costs"},
    "attended": {"fr": "Présent·es", "en": "Attended"},
    "per_head": {"fr": "Par participant·e", "en": "Per participant"},
    "kind_conference": {"fr": "Conférence", "en": "Conference"},
    "kind_round_table": {"fr": "Table ronde", "en": "Round table"},
    "kind_workshop": {"fr": "Atelier", "en": "Workshop"},
    "kind_showroom": {"fr": "Démonstration", "en": "Showroom"},
    "kind_social": {"fr": "Moment convivial", "en": "Social"},
}


def _t(key: str, locale: str) -> str:
    return translate(WORDS, key, locale)


def _kind(kind: str | None, locale: str) -> str:
    return _t(f"kind_{kind}", locale) if f"kind_{kind}" in WORDS else (kind or "—")


def _attendance(session: Session, edition_id: int) -> dict[str | None, tuple[int, set[int]]]:
    rows = session.execute(
        select(SessionProposal.kind, SessionProposal.id, AttendanceCount.count)
        .join(AttendanceCount, AttendanceCount.proposal_id == SessionProposal.id)
        .where(SessionProposal.edition_id == edition_id)
    ).all()
    out: dict[str | None, tuple[int, set[int]]] = {}
    for kind, proposal_id, count in rows:
        total, ids = out.get(kind, (0, set()))
        out[kind] = (total + count, ids | {proposal_id})
    return out


def budget_section(session: Session, *, edition_id: int, locale: str) -> ReportSection | None:
    """The budget's figures for the evaluation report, or ``None`` when the edition has no envelope."""
    edition = session.get(Edition, edition_id)
    if edition is None or repo.envelope(session, edition_id) is None:
        return None
    figures = summary(session, edition)
    euros = lambda cents: format_euros(cents, locale)  # noqa: E731
    attendance = _attendance(session, edition_id)
    attended = sum(total for total, _ in attendance.values())
    contributions = sum(c.amount_cents for c in repo.contributions(session, edition_id))
    planned = figures.totals.planned
    accessibility = figures.by_category.get("accessibility")
    kinds = dict(session.execute(select(SessionProposal.id, SessionProposal.kind).where(
        SessionProposal.edition_id == edition_id)).all())  # fmt: skip
    direct: dict[str | None, int] = {}
    for item in repo.items(session, edition_id):
        if item.status != CANCELLED and item.proposal_id in kinds:
            kind = kinds[item.proposal_id]
            direct[kind] = direct.get(kind, 0) + item.amount_ttc_cents
    per_kind = [
        (_kind(kind, locale), cents, attendance.get(kind, (0, set()))[0])
        for kind, cents in sorted(direct.items(), key=str)
    ]
    facts = [
        (_t("envelope", locale), euros(figures.envelope_cents)),
        (_t("planned", locale), euros(planned)),
        (_t("paid", locale), euros(figures.totals.paid)),
        (_t("real", locale), euros(planned + contributions)),
    ]
    if attended:
        facts.append((_t("per_participant", locale), euros(planned // attended)))
        facts.append((_t("real_per_participant", locale), euros((planned + contributions) // attended)))
    if planned:
        share = (accessibility.planned if accessibility else 0) / planned
        facts.append((_t("accessibility", locale), f"{share * 100:.1f} %".replace(".", "," if locale == "fr" else ".")))
    lines = {line.code: line.name for line in figures.lines}
    charts = [
        SectionChart(
            chart_id="budget-lignes",
            title=_t("by_line", locale),
            desc=_t("by_line_desc", locale),
            rows=tuple(
                (lines[code], (t.planned / 100, t.paid / 100)) for code, t in figures.by_line.items() if code in lines
            ),
            series=(_t("planned", locale), _t("paid", locale)),
        ),
        SectionChart(
            chart_id="budget-territoires",
            title=_t("by_territory", locale),
            desc=_t("by_territory_desc", locale),
            rows=tuple((name, (t.planned / 100,)) for name, t in sorted(figures.by_territory.items())),
        ),
        SectionChart(
            chart_id="budget-types",
            title=_t("by_kind", locale),
            desc=_t("by_kind_desc", locale),
            rows=tuple((kind, (cents / 100 / heads if heads else None,)) for kind, cents, heads in per_kind),
        ),
    ]
    table = SectionTable(
        header=(_t("kind", locale), _t("direct", locale), _t("attended", locale), _t("per_head", locale)),
        rows=tuple(
            (kind, euros(cents), str(heads), euros(cents // heads) if heads else "—") for kind, cents, heads in per_kind
        ),
    )
    return ReportSection(
        section_id="budget", title=_t("title", locale), facts=tuple(facts), charts=tuple(charts), tables=(table,)
    )
