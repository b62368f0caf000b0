"""The costs the schedule decides (travel, nights, hire, equipment), the optimiser's table, and the summary."""

from __future__ import annotations

from datetime import date

from services.budget.domain.cost_table import SessionFacts, VenueFacts, cost_table
from services.budget.domain.schedule_costs import (
    Home,
    PlacedSession,
    Rules,
    commune_point,
    road_km,
    schedule_costs,
)
from services.budget.domain.summary import ItemFigures, LineFigures, summarise

CLERMONT = commune_point("Clermont-Ferrand")
RIOM = commune_point("Riom")
AMBERT = commune_point("Ambert")
RULES = Rules(
    km_rate_cents=32,
    night_cents=9_000,
    far_km=60,
    late_minute=21 * 60,
    venue_hire={"ambert": 20_000},
    equipment={"conference": 7_000},
    homes={
        "paris": Home("Paris", commune_point("Paris"), flat_cents=16_000),
        "riom": Home("Riom", RIOM),
        "nowhere": Home("Atlantis", None),
    },
)


def placed(code: str, *, day: int, venue: str = "hd", point=CLERMONT, end: int = 18 * 60, speakers=(), kind=None):
    return PlacedSession(code, kind, venue, point, date(2023, 10, day), end, tuple(speakers))


def by_key(costs):
    return {c.key: c.ttc_cents for c in costs}


def test_road_distance_is_great_circle_times_the_detour_factor():
    assert 16 < road_km(CLERMONT, RIOM) < 22  # 13.3 km as the crow flies × 1.3
    assert commune_point("Atlantis") is None


def test_a_far_speaker_on_consecutive_days_makes_one_trip_and_sleeps_between():
    costs = by_key(
        schedule_costs(
            RULES,
            [placed("a", day=16, speakers=["paris"]), placed("b", day=17, speakers=["paris"], end=21 * 60 + 30)],
        )
    )
    assert costs == {
        "travel:paris:2023-10-16": 16_000,
        "night:paris:2023-10-16": 9_000,
        "night:paris:2023-10-17": 9_000,  # the last day ends after 21:00: no train home that evening
    }


def test_days_apart_are_separate_trips_and_a_near_speaker_goes_home_each_day():
    far = by_key(
        schedule_costs(RULES, [placed("a", day=16, speakers=["paris"]), placed("b", day=18, speakers=["paris"])])
    )
    assert far == {"travel:paris:2023-10-16": 16_000, "travel:paris:2023-10-18": 16_000}
    near = schedule_costs(RULES, [placed("a", day=16, speakers=["riom"]), placed("b", day=17, speakers=["riom"])])
    trip = round(2 * road_km(RIOM, CLERMONT) * 32)
    assert by_key(near) == {"travel:riom:2023-10-16": trip, "travel:riom:2023-10-17": trip}


def test_a_speaker_without_a_known_place_costs_nothing_and_one_far_away_sleeps_when_late():
    assert schedule_costs(RULES, [placed("a", day=16, speakers=["nowhere", "unknown"])]) == []
    late = by_key(schedule_costs(RULES, [placed("a", day=16, speakers=["riom"], venue="ambert", point=AMBERT,
                                                end=22 * 60)]))  # fmt: skip
    assert late["night:riom:2023-10-16"] == 9_000


def test_hire_per_opened_day_and_equipment_per_session():
    costs = by_key(
        schedule_costs(
            RULES,
            [
                placed("a", day=16, venue="ambert", point=AMBERT, kind="conference"),
                placed("b", day=16, venue="ambert", point=AMBERT, kind="conference"),
                placed("c", day=17, venue="ambert", point=AMBERT, kind="workshop"),
            ],
        )
    )
    assert costs == {
        "equipment:a": 7_000,
        "equipment:b": 7_000,
        "hire:ambert:2023-10-16": 20_000,
        "hire:ambert:2023-10-17": 20_000,
    }


def test_the_optimisers_table_prices_each_session_in_each_venue():
    table = cost_table(
        RULES,
        sessions=[SessionFacts("a", "conference", ("paris", "riom")), SessionFacts("b", None, ())],
        venues=[VenueFacts("hd", CLERMONT, ("hd-1",)), VenueFacts("ambert", AMBERT, ("am-1", "am-2"))],
    )
    assert table["travel"]["a"]["hd"] == 16_000 + round(2 * road_km(RIOM, CLERMONT) * 32)
    assert "b" not in table["travel"]
    assert table["equipment"] == {"a": 7_000}
    assert table["hire"] == {"ambert": 20_000}
    assert table["rooms"] == {"hd-1": "hd", "am-1": "ambert", "am-2": "ambert"}


def test_the_summary_gauge_lines_territories_and_warnings():
    lines = [LineFigures("fees", "Cachets", "fees", 1_000), LineFigures("travel", "Déplacements", "travel", 500)]
    items = [
        ItemFigures("fees", "fees", "paid", 600, partner="Médiathèque", territory="Riom Limagne et Volcans"),
        ItemFigures("fees", "fees", "committed", 300),
        ItemFigures("travel", "travel", "planned", 700),
        ItemFigures("travel", "travel", "cancelled", 5_000),
    ]
    s = summarise(envelope_cents=1_500, lines=lines, items=items)
    assert s.totals.as_dict() == {"planned": 1_600, "committed": 900, "done": 600, "paid": 600}
    assert s.left_cents == -100
    assert s.by_status["cancelled"] == 5_000
    assert s.by_partner["Médiathèque"].paid == 600
    assert s.by_territory["Département (transversal)"].planned == 1_000
    assert [(w.code, w.values["over"]) for w in s.warnings] == [("line_over", 200), ("envelope_over", 100)]
