"""The budget cap in the CP-SAT model: a hard constraint on variable costs, explained in French when it bites."""

from __future__ import annotations

from services.scheduler.domain.candidates import compute_candidates
from services.scheduler.domain.model.budget import CostTable, schedule_cost, spots_cost
from services.scheduler.domain.solve.solver import solve
from shared.scenario.dump import dump_schedule
from tests.factories.scenarios import base_scenario, session

ROOMS = {"hd-cassin": "hd", "hd-vercingetorix": "hd", "riom-audito": "riom"}


def scenario():
    return base_scenario(
        sessions=[session(f"se-{i}", duration=60, expected_attendance=30, preferred_dates=None) for i in (1, 2, 3)]
    )


def table(cap: int | None, **extra: object) -> CostTable:
    return CostTable(
        travel={"se-1": {"hd": 100, "riom": 5_000}, "se-2": {"hd": 100, "riom": 5_000}},
        equipment=extra.get("equipment", {}),
        hire={"riom": 1_000},
        rooms=ROOMS,
        cap_cents=cap,
    )


def test_without_cap_costs_are_only_measured():
    result = solve(scenario(), time_limit=5, workers=1, budget=table(None))
    assert len(result.schedule.assignments) == 3
    assert result.stats["variable_cost_cents"] == schedule_cost(
        table(None), dump_schedule(result.schedule)["assignments"]
    )


def test_a_cap_keeps_the_schedule_under_it_and_moves_sessions_to_cheaper_venues():
    result = solve(scenario(), time_limit=5, workers=1, budget=table(300))
    placed = {a.session: a.room for a in result.schedule.assignments}
    assert len(placed) == 3
    assert ROOMS[placed["se-1"]] == ROOMS[placed["se-2"]] == "hd"
    assert result.stats["variable_cost_cents"] <= 300
    assert schedule_cost(table(300), dump_schedule(result.schedule)["assignments"]) <= 300


def test_what_the_cap_keeps_out_is_explained_as_such_in_french():
    capped = table(250, equipment={"se-3": 100})
    result = solve(scenario(), time_limit=5, workers=1, budget=capped)
    assert result.stats["variable_cost_cents"] <= 250
    unplaced = {u.session: u.reasons for u in result.schedule.unplaced}
    assert len(unplaced) == 1
    (reasons,) = unplaced.values()
    assert reasons[0].startswith("plafond budgétaire : la placer coûterait au moins 1,00 €")
    assert "il ne reste que 0,50 € sous le plafond de 2,50 €" in reasons[0]


def test_spots_and_schedule_cost_agree_and_hire_counts_once_per_day():
    sc = scenario()
    candidates = compute_candidates(sc)
    result = solve(sc, time_limit=5, workers=1, budget=CostTable(hire={"hd": 700, "riom": 700}, rooms=ROOMS))
    days = {(ROOMS[a.room], a.start.date()) for a in result.schedule.assignments}
    assert result.stats["variable_cost_cents"] == 700 * len(days)
    assert spots_cost(CostTable(rooms=ROOMS), candidates, {}) == 0


def test_a_run_without_costs_has_no_table():
    assert CostTable.from_parameters({"time_limit": 5}) is None
    parsed = CostTable.from_parameters({"costs": {"hire": {"riom": 5}}, "budget_cap_cents": "12"})
    assert (parsed.hire, parsed.cap_cents) == ({"riom": 5}, 12)
