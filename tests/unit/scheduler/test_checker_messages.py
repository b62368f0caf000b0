"""The checker speaks French first, English second, with dates as 18/10 and times as 14h30."""

from __future__ import annotations

from services.scheduler.domain.checker.check import check
from services.scheduler.domain.checker.render import render_json, render_text
from services.scheduler.domain.checker.texts import CATALOG, RULE_OF_CODE, when
from shared.i18n import check_catalog
from shared.scenario.model import Score
from tests.factories.hard_cases import HARD_CASES
from tests.factories.hard_cases_room_time import case_capacity
from tests.factories.scenarios import dt


def test_every_code_has_both_languages_and_a_rule() -> None:
    assert check_catalog(CATALOG) == []
    assert set(CATALOG) == set(RULE_OF_CODE)
    assert set(RULE_OF_CODE.values()) == {1, 2, 3, 4, 5}


def test_every_code_has_a_case_that_provokes_it() -> None:
    assert {make().code for make in HARD_CASES} == set(RULE_OF_CODE)


def test_times_read_the_french_way() -> None:
    assert when(dt("2023-10-18T14:30"), dt("2023-10-18T16:00"), "fr") == "le 18/10 de 14h30 à 16h"
    assert when(dt("2023-10-18T14:30"), dt("2023-10-18T16:00"), "en") == "on 18/10 from 14:30 to 16:00"
    assert when(dt("2023-10-18T23:00"), dt("2023-10-19T00:00"), "fr") == "le 18/10 de 23h à 24h"
    assert when(dt("2023-10-18T23:00"), dt("2023-10-19T00:30"), "fr") == "du 18/10 à 23h au 19/10 à 0h30"


def test_render_names_each_soft_term_that_disagrees_with_the_file() -> None:
    case = case_capacity()
    report = check(case.scenario, case.fixed)
    # fixed schedule: territory 200 (Riom unreached) + wasted_seats (150 − 120) // 10 = 3
    declared = Score(
        hard_violations=0, unplaced_weight=0, soft_penalty=203, soft_terms={"territory": 203, "wasted_seats": 0}
    )
    lines = render_text(report, declared=declared, locale="fr")
    assert lines[-2:] == ["  territory : annoncé 203, recalculé 200", "  wasted_seats : annoncé 0, recalculé 3"]
    assert render_json(report, declared=declared, locale="fr")["score_matches"] is False
    agreeing = Score(hard_violations=0, unplaced_weight=0, soft_penalty=203, soft_terms={"territory": 200})
    assert render_json(report, declared=agreeing, locale="en")["score_matches"] is True


def test_render_warns_when_the_schedule_belongs_to_another_edition() -> None:
    case = case_capacity()
    lines = render_text(check(case.scenario, case.broken), declared=None, locale="en", editions=("cn2022", "cn2023"))
    assert lines[0] == 'warning: schedule of edition "cn2022" for the scenario of "cn2023"'
    assert lines[1].startswith("- [rule 1] se-001")
    assert lines[2] == "sessions placed: 1 · unplaced: 0"
