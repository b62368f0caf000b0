"""What the composition root installs for the budget: the optimiser's cost provider, the publication listener
and the evaluation report's budget section."""

from __future__ import annotations

from shared import report_sections, variable_costs, version_listeners


def install() -> None:
    """Let runs carry the edition's variable-cost table, each publication recompute the planned costs, and the
    evaluation report show the budget's figures."""
    from services.budget.handlers import on_version_published
    from services.budget.planning import cost_table_for
    from services.budget.report_figures import budget_section

    variable_costs.provide(cost_table_for)
    version_listeners.listen(on_version_published)
    report_sections.provide(budget_section)
