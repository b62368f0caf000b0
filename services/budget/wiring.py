"""What the composition root installs for the budget: the optimiser's cost provider and the publication listener."""

from __future__ import annotations

from shared import variable_costs, version_listeners


def install() -> None:
    """Let runs carry the edition's variable-cost table, and each publication recompute the planned costs."""
    from services.budget.handlers import on_version_published
    from services.budget.planning import cost_table_for

    variable_costs.provide(cost_table_for)
    version_listeners.listen(on_version_published)
