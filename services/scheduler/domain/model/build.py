"""The whole CP-SAT model of a scenario: the sessions and rooms of :mod:`model`, then speakers and soft terms.

Kept apart from :mod:`model` because :mod:`model_speakers` and :mod:`model_soft` add to the model's types:
building here lets each of them import :mod:`model` without an import circle.
"""

from __future__ import annotations

from services.scheduler.domain.candidates import Candidates
from services.scheduler.domain.model.budget import CostTable, add_budget_cap
from services.scheduler.domain.model.soft import add_soft_terms
from services.scheduler.domain.model.speakers import add_speakers
from services.scheduler.domain.model.variables import ScheduleModel, add_identical_symmetry, add_rooms, add_session
from shared.scenario.model import Scenario


def build_model(
    scenario: Scenario,
    candidates: Candidates,
    *,
    assume_musts: bool = False,
    with_soft: bool = True,
    budget: CostTable | None = None,
) -> ScheduleModel:
    """The whole model: sessions, rooms, speakers, and the soft-penalty terms (objectives are set by the caller).

    With ``assume_musts`` the placement of mandatory and fixed sessions is tied to literals in ``sm.must``
    instead of being imposed, so that an infeasible set can be found with assumptions.
    """
    sm = ScheduleModel(scenario=scenario, candidates=candidates)
    for options in candidates.sessions:
        if options.placeable:
            sm.vars[options.index] = add_session(sm, options, assume_musts=assume_musts)
        else:
            sm.unplaced_constant += options.session.weight
    add_rooms(sm)
    add_identical_symmetry(sm)
    add_speakers(sm)
    if budget is not None:
        add_budget_cap(sm, budget)  # the variable costs' cap (services.budget computes the table)
    if with_soft:
        add_soft_terms(sm)
    return sm
