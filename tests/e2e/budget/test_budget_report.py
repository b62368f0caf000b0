"""The evaluation report shows the budget's section (through ``shared.report_sections``, installed by the
composition root): cost per participant, accessibility share, charts of planned against paid."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from services.budget import service
from services.budget.wiring import install
from services.evaluation.domain.report import compute_report
from services.evaluation.report.data import load_evaluation
from services.evaluation.report.render import render_html
from shared.db import unit_of_work
from shared.models import AttendanceCount, Edition, SessionProposal
from tests.factories.backoffice import build_backoffice
from tests.factories.budget import add_budget


def test_the_report_has_the_budget_figures(festplan_env):
    install()
    with unit_of_work() as session:
        made = build_backoffice(session)
        edition = add_budget(session, edition_id=made.edition_id)
        conference = session.scalar(select(SessionProposal).where(SessionProposal.code == "se-003"))
        for line, ht, links in (("fees", 40_000, {"proposal": conference.id}), ("accessibility", 10_000, None)):
            service.add_item(
                session, edition=edition, line_code=line, label=line, ht_cents=ht, vat="0", who="t", links=links,
                on=date(2023, 6, 1),
            )  # fmt: skip
        session.add(AttendanceCount(proposal_id=conference.id, count=50))
    with unit_of_work() as session:
        edition = session.get(Edition, made.edition_id)
        data = load_evaluation(session, edition, locale="fr")
    html = render_html(compute_report(data, locale="fr"))
    assert '<section aria-labelledby="budget">' in html
    assert "Coût par participant·e</dt><dd>10,00\u00a0€" in html  # 500 € / 50 people
    assert "Part consacrée à l&#39;accessibilité</dt><dd>20,0 %" in html
    assert 'id="budget-lignes-t"' in html
    assert '<th scope="row">Conférence</th><td class="num">400,00\u00a0€</td><td class="num">50</td>' in html
