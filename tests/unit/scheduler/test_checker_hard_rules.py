"""Every hard clause of the score is caught, counted once per offending entity, and the fixed schedule is valid."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from services.scheduler.domain.checker.check import check
from tests.factories.hard_cases import HARD_CASES, case_fixed_unplaced, case_speaker_unavailable
from tests.factories.hard_cases_room_time import HardCase, case_outside_opening
from tests.factories.scenarios import (
    base_scenario,
    place,
    schedule,
    session,
    speaker,
    time_range,
    window,
)


@pytest.mark.parametrize("make", HARD_CASES, ids=lambda make: make.__name__.removeprefix("case_"))
def test_broken_schedule_is_caught_with_the_right_code_and_count(make: Callable[[], HardCase]) -> None:
    case = make()
    report = check(case.scenario, case.broken)
    assert Counter(v.code for v in report.violations) == Counter(case.expected)
    assert report.hard_violations == sum(case.expected.values())
    assert not report.valid
    assert {v.rule for v in report.violations if v.code == case.code} == {case.rule}


@pytest.mark.parametrize("make", HARD_CASES, ids=lambda make: make.__name__.removeprefix("case_"))
def test_fixed_schedule_is_valid(make: Callable[[], HardCase]) -> None:
    case = make()
    report = check(case.scenario, case.fixed)
    assert [v.message_en for v in report.violations] == []
    assert report.valid
    assert report.hard_violations == 0


@pytest.mark.parametrize("make", HARD_CASES, ids=lambda make: make.__name__.removeprefix("case_"))
def test_every_violation_names_its_sessions_in_both_languages(make: Callable[[], HardCase]) -> None:
    case = make()
    for v in check(case.scenario, case.broken).violations:
        assert v.sessions
        assert v.message_fr
        assert v.message_en != v.message_fr
        assert all(s in v.message_fr for s in v.sessions)


def test_a_session_must_fit_inside_one_opening_window_even_when_two_touch() -> None:
    """09:00–12:00 + 12:00–18:00 refuses 11:00–13:00: the spec says inside one of the windows."""
    sc = base_scenario(sessions=[session("se-001", duration=120)])
    sc.venues[0].opening = [window("weekdays", "09:00", "12:00"), window("weekdays", "12:00", "18:00")]
    report = check(sc, schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T11:00")))
    assert [v.code for v in report.violations] == ["outside_opening"]
    assert check(sc, schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T12:00"))).valid


def test_a_session_must_fit_inside_one_of_its_own_windows_even_when_two_touch() -> None:
    """Own windows 09:00–12:00 + 12:00–18:00 on 16 Oct refuse 11:00–13:00 and accept 12:00–14:00."""
    sc = base_scenario(
        sessions=[
            session(
                "se-001",
                duration=120,
                windows=[
                    time_range("2023-10-16T09:00", "2023-10-16T12:00"),
                    time_range("2023-10-16T12:00", "2023-10-16T18:00"),
                ],
            )
        ]
    )
    report = check(sc, schedule(place(sc, "se-001", "riom-audito", "2023-10-16T11:00")))
    assert [v.code for v in report.violations] == ["outside_windows"]
    assert check(sc, schedule(place(sc, "se-001", "riom-audito", "2023-10-16T12:00"))).valid


def test_opening_applies_to_its_day_set_only() -> None:
    """The Hôtel du Département opens on weekdays: Saturday 21 Oct is outside, whatever the hour."""
    sc = base_scenario(sessions=[session("se-001")])
    report = check(sc, schedule(place(sc, "se-001", "hd-cassin", "2023-10-21T10:00")))
    assert [v.code for v in report.violations] == ["outside_opening"]


def test_split_opening_refuses_a_session_over_the_lunch_break() -> None:
    case = case_outside_opening()
    report = check(case.scenario, case.broken)
    assert report.violations[0].message_fr == (
        "se-001 « Session se-001 » : le 18/10 de 11h à 15h, en dehors des heures d'ouverture du lieu "
        "« Hôtel du Département »"
    )


def test_a_session_crossing_midnight_is_outside_the_whole_day() -> None:
    """Riom has no opening (open 00:00–24:00 every day) but 23:00–00:30 does not fit in one day."""
    sc = base_scenario(sessions=[session("se-001", duration=90)])
    report = check(sc, schedule(place(sc, "se-001", "riom-audito", "2023-10-18T23:00")))
    assert [v.code for v in report.violations] == ["outside_opening"]


def test_school_session_after_half_past_four_is_outside_the_audience_windows() -> None:
    sc = base_scenario(sessions=[session("se-001", audience="school")])
    report = check(sc, schedule(place(sc, "se-001", "riom-audito", "2023-10-19T16:00")))
    assert [v.code for v in report.violations] == ["outside_audience_windows"]


def test_audience_without_windows_is_unrestricted() -> None:
    sc = base_scenario(sessions=[session("se-001", audience="public")])
    assert check(sc, schedule(place(sc, "se-001", "riom-audito", "2023-10-22T07:00"))).valid


def test_empty_allowed_venues_allow_nothing_but_absent_allows_everything() -> None:
    sc = base_scenario(sessions=[session("se-001", allowed_venues=[]), session("se-002")])
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "riom-audito", "2023-10-18T10:00"),
            place(sc, "se-002", "riom-audito", "2023-10-19T10:00"),
        ),
    )
    assert [(v.code, v.sessions) for v in report.violations] == [("venue_not_allowed", ("se-001",))]


def test_one_unavailability_per_session_and_speaker() -> None:
    """Two speakers both unavailable for one session: two violations."""
    case = case_speaker_unavailable()
    case.scenario.speakers.append(
        speaker("sp-009", "Jeanne Roche", availability=[time_range("2023-10-19T09:00", "2023-10-19T18:00")])
    )
    case.scenario.sessions[0].speakers.append("sp-009")
    report = check(case.scenario, case.broken)
    assert [v.code for v in report.violations] == ["speaker_unavailable", "speaker_unavailable"]


def test_availability_ranges_that_touch_are_merged() -> None:
    sp = speaker(
        "sp-001",
        "Marie Dupont",
        availability=[
            time_range("2023-10-18T09:00", "2023-10-18T12:00"),
            time_range("2023-10-18T12:00", "2023-10-18T18:00"),
        ],
    )
    sc = base_scenario(sessions=[session("se-001", duration=120, speakers=["sp-001"])], speakers=[sp])
    assert check(sc, schedule(place(sc, "se-001", "riom-audito", "2023-10-18T11:00"))).valid


def test_three_overlapping_sessions_in_one_room_make_three_pairs() -> None:
    sc = base_scenario(sessions=[session(f"se-00{i}", duration=120) for i in (1, 2, 3)])
    report = check(sc, schedule(*(place(sc, f"se-00{i}", "riom-audito", f"2023-10-18T1{i}:00") for i in (1, 2, 3))))
    # 11–13 / 12–14 overlap, 12–14 / 13–15 overlap, 11–13 / 13–15 touch (Auditorium: no changeover)
    assert [v.sessions for v in report.violations] == [("se-001", "se-002"), ("se-002", "se-003")]


def test_changeover_is_measured_across_midnight() -> None:
    """The Hall René-Cassin's 15 min apply between a session ending at 24:00 and one at 00:00 the next day."""
    sc = base_scenario(sessions=[session("se-001"), session("se-002")])
    sc.venues[0].opening = None
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T23:00"), place(sc, "se-002", "hd-cassin", "2023-10-19T00:00")
        ),
    )
    assert [v.code for v in report.violations] == ["room_changeover"]


def test_travel_uses_consecutive_sessions_of_the_same_day_only() -> None:
    """Riom at 18:00 one day, Clermont at 08:30 the next: different days, no travel breach."""
    sp = speaker("sp-002", "Karim Benali")
    sc = base_scenario(
        sessions=[session("se-001", speakers=["sp-002"]), session("se-002", speakers=["sp-002"])], speakers=[sp]
    )
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "riom-audito", "2023-10-18T23:00"), place(sc, "se-002", "hd-cassin", "2023-10-19T08:30")
        ),
    )
    assert report.valid


def test_day_limit_counts_once_per_speaker_and_day() -> None:
    sp = speaker("sp-003", "Léa Martin", max_sessions_per_day=1)
    sc = base_scenario(sessions=[session(f"se-00{i}", speakers=["sp-003"]) for i in (1, 2, 3, 4)], speakers=[sp])
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "riom-audito", "2023-10-18T10:00"),
            place(sc, "se-002", "riom-audito", "2023-10-18T12:00"),
            place(sc, "se-003", "riom-audito", "2023-10-18T14:00"),
            place(sc, "se-004", "riom-audito", "2023-10-19T10:00"),
        ),
    )
    assert [(v.code, v.sessions) for v in report.violations] == [("speaker_day_limit", ("se-001", "se-002", "se-003"))]


def test_a_mandatory_fixed_session_left_unplaced_breaks_both_clauses() -> None:
    case = case_fixed_unplaced()
    case.scenario.sessions[0].mandatory = True
    report = check(case.scenario, case.broken)
    assert [v.code for v in report.violations] == ["fixed_unplaced", "mandatory_unplaced"]


def test_missing_mandatory_session_is_missing_and_unplaced() -> None:
    sc = base_scenario(sessions=[session("se-001", mandatory=True, priority=3)])
    report = check(sc, schedule())
    assert [v.code for v in report.violations] == ["missing_session", "mandatory_unplaced"]
    assert report.unplaced_weight == 3000
    assert (report.placed, report.unplaced) == (0, 1)


def test_capacity_message_reads_like_the_brief() -> None:
    sc = base_scenario(sessions=[session("se-012", expected_attendance=200)])
    sc.sessions[0].title = "Les écrans et les tout-petits"
    report = check(sc, schedule(place(sc, "se-012", "hd-cassin", "2023-10-18T14:30")))
    assert report.violations[0].message_fr == (
        "se-012 « Les écrans et les tout-petits » : salle Hall René-Cassin (150 places) trop petite pour "
        "200 personnes attendues"
    )
    assert report.violations[0].message_en == (
        'se-012 "Les écrans et les tout-petits": room Hall René-Cassin (150 seats) too small for 200 expected attendees'
    )
