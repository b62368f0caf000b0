"""Each soft term of the score on a hand-computed example (the arithmetic is written beside the figure)."""

from __future__ import annotations

from datetime import date

from services.scheduler.domain.checker.check import SOFT_TERMS, check
from tests.factories.scenarios import (
    CLERMONT,
    RIOM,
    base_scenario,
    place,
    schedule,
    session,
    speaker,
    with_previous,
)


def test_travel_sums_consecutive_sessions_of_each_speaker_and_day() -> None:
    sp2, sp3 = speaker("sp-002", "Karim Benali"), speaker("sp-003", "Léa Martin")
    sc = base_scenario(
        sessions=[
            session("se-001", speakers=["sp-002"]),
            session("se-002", speakers=["sp-002"]),
            session("se-003", speakers=["sp-002", "sp-003"]),
            session("se-004", speakers=["sp-002"]),
            session("se-005", speakers=["sp-003"]),
        ],
        speakers=[sp2, sp3],
    )
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T09:00"),
            place(sc, "se-002", "riom-audito", "2023-10-18T10:30"),
            place(sc, "se-003", "hd-vercingetorix", "2023-10-18T12:00"),
            place(sc, "se-004", "riom-audito", "2023-10-19T10:00"),
            place(sc, "se-005", "hd-cassin", "2023-10-18T14:00"),
        ),
    )
    assert report.valid
    # Karim on 18/10: hd → riom 30, riom → hd 30; on 19/10 a single session: 0.
    # Léa on 18/10: hd (se-003, 12:00) → hd (se-005, 14:00) 0.
    assert report.soft_terms["travel"] == 30 + 30 + 0 + 0


def test_venue_preference_costs_20_per_session_outside_a_non_empty_list() -> None:
    sc = base_scenario(
        sessions=[
            session("se-001", preferred_venues=["riom"]),
            session("se-002", preferred_venues=["riom"]),
            session("se-003", preferred_venues=[]),
            session("se-004"),
        ]
    )
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T09:00"),
            place(sc, "se-002", "riom-audito", "2023-10-18T09:00"),
            place(sc, "se-003", "hd-cassin", "2023-10-18T11:00"),
            place(sc, "se-004", "hd-cassin", "2023-10-18T13:00"),
        ),
    )
    # only se-001 is placed away from its non-empty preference
    assert report.soft_terms["venue_preference"] == 20


def test_date_preference_costs_20_per_session_on_another_date() -> None:
    sc = base_scenario(
        sessions=[
            session("se-001", preferred_dates=[date(2023, 10, 18)]),
            session("se-002", preferred_dates=[date(2023, 10, 17), date(2023, 10, 19)]),
            session("se-003", preferred_dates=[]),
        ]
    )
    report = check(sc, schedule(*(place(sc, f"se-00{i}", "riom-audito", f"2023-10-18T1{i}:00") for i in (1, 2, 3))))
    # se-001 on its date: 0; se-002 on 18/10, neither 17 nor 19: 20; se-003 has no preference: 0
    assert report.soft_terms["date_preference"] == 0 + 20 + 0


def test_audience_clash_counts_overlapping_pairs_with_same_known_audience_and_theme() -> None:
    family = {"audience": "family", "theme": "numerique"}
    sc = base_scenario(
        sessions=[
            session("se-001", **family),
            session("se-002", **family),
            session("se-003", **family),
            session("se-004", audience="family"),
            session("se-005", theme="numerique"),
        ]
    )
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "riom-audito", "2023-10-18T10:00"),  # 10:00–11:00
            place(sc, "se-002", "hd-cassin", "2023-10-18T10:30"),  # 10:30–11:30
            place(sc, "se-003", "hd-vercingetorix", "2023-10-18T11:00"),  # 11:00–12:00
            place(sc, "se-004", "riom-audito", "2023-10-18T11:00"),  # theme unknown
            place(sc, "se-005", "riom-audito", "2023-10-18T12:00"),  # audience unknown
        ),
    )
    # (se-001, se-002) overlap: 30; (se-002, se-003) overlap: 30; (se-001, se-003) only touch: 0
    assert report.soft_terms["audience_clash"] == 30 + 30


def test_territory_costs_200_per_territory_without_any_session() -> None:
    sc = base_scenario(sessions=[session("se-001"), session("se-002")], territories=[CLERMONT, RIOM, "Livradois-Forez"])
    report = check(sc, schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"), unplaced=("se-002",)))
    # Clermont is reached; Riom and Livradois-Forez are not
    assert report.soft_terms["territory"] == 200 + 200
    assert check(sc, schedule(unplaced=("se-001", "se-002"))).soft_terms["territory"] == 3 * 200


def test_wasted_seats_use_floor_division_even_below_zero() -> None:
    sc = base_scenario(
        sessions=[
            session("se-001", expected_attendance=60),
            session("se-002"),
            session("se-003", expected_attendance=35),
            session("se-004", expected_attendance=45),
        ]
    )
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"),  # (150 − 60) // 10 = 9
            place(sc, "se-002", "riom-audito", "2023-10-18T10:00"),  # (80 − 0) // 10 = 8
            place(sc, "se-003", "hd-vercingetorix", "2023-10-18T10:00"),  # (40 − 35) // 10 = 0
            place(sc, "se-004", "hd-vercingetorix", "2023-10-19T10:00"),  # (40 − 45) // 10 = −1 (capacity broken)
        ),
    )
    assert report.soft_terms["wasted_seats"] == 9 + 8 + 0 - 1
    assert [v.code for v in report.violations] == ["capacity"]


def test_stability_compares_with_the_published_schedule() -> None:
    sc = base_scenario(sessions=[session(f"se-00{i}") for i in (1, 2, 3, 4, 5)])
    with_previous(
        sc,
        ("se-001", "hd-cassin", "2023-10-18T10:00"),
        ("se-002", "riom-audito", "2023-10-18T10:00"),
        ("se-003", "hd-cassin", "2023-10-18T14:00"),
        ("se-004", "riom-audito", "2023-10-19T10:00"),
        ("se-005", "riom-audito", "2023-10-20T10:00"),
        ("se-999", "riom-audito", "2023-10-20T14:00"),
    )
    report = check(
        sc,
        schedule(
            place(sc, "se-001", "hd-vercingetorix", "2023-10-19T10:00"),  # date (and room) changed: 100
            place(sc, "se-002", "riom-audito", "2023-10-18T14:00"),  # same date, start moved: 40
            place(sc, "se-003", "hd-vercingetorix", "2023-10-18T14:00"),  # only the room changed: 30
            place(sc, "se-004", "riom-audito", "2023-10-19T10:00"),  # unchanged: 0
            unplaced=("se-005",),  # dropped: 100; se-999 unknown: ignored
        ),
    )
    assert report.soft_terms["stability"] == 100 + 40 + 30 + 0 + 100


def test_soft_penalty_is_the_sum_of_the_terms_and_unplaced_weight_uses_priority() -> None:
    sc = base_scenario(
        sessions=[
            session("se-001", expected_attendance=60, preferred_venues=["riom"]),
            session("se-002", priority=3),
            session("se-003"),
        ]
    )
    report = check(sc, schedule(place(sc, "se-001", "hd-cassin", "2023-10-18T10:00"), unplaced=("se-002", "se-003")))
    assert set(report.soft_terms) == set(SOFT_TERMS)
    # venue_preference 20 + territory (Riom) 200 + wasted_seats (150 − 60) // 10 = 9
    assert report.soft_terms == {
        "travel": 0,
        "venue_preference": 20,
        "date_preference": 0,
        "audience_clash": 0,
        "territory": 200,
        "wasted_seats": 9,
        "stability": 0,
    }
    assert report.soft_penalty == 20 + 200 + 9
    assert report.unplaced_weight == 1000 * 3 + 1000 * 1
    assert (report.placed, report.unplaced) == (1, 2)
    assert report.valid
