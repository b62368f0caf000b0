"""What the composition root installs for the budget: the optimiser's cost provider and the evaluation report's
budget section (the publication's handler is subscribed to ``VersionPublished`` in ``services/wiring.py``)."""

from __future__ import annotations

from shared import report_sections, variable_costs


def install() -> None:
    """Let runs carry the edition's variable-cost table and the evaluation report show the budget's figures."""
    from services.budget.planning import cost_table_for
    from services.budget.report_figures import budget_section

    variable_costs.provide(cost_table_for)
    report_sections.provide(budget_section)
