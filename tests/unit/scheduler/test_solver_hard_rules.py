"""The optimiser never breaks a hard rule, even where the rule is what decides the schedule.

Each scenario here is tight: the rule leaves exactly one way (or no way) to place everything, so a solver that
ignored it would either place a session it must not or miss the only valid shape. The independent checker
confirms validity and the exact score every time.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from services.scheduler.domain.checker.check import check
from services.scheduler.domain.solve.solver import SolveResult, solve
from shared.scenario.model import Placement, Scenario, TimeRange
from tests.factories.hard_cases import hard_scenarios
from tests.factories.scenarios import (
    base_scenario,
    dt,
    session,
    speaker,
    time_range,
    with_previous,
)


def solved(scenario: Scenario, *, seconds: float = 5.0) -> SolveResult:
    """Solve, then assert what must hold of every answer: each session once, and the checker agrees."""
    result = solve(scenario, time_limit=seconds, workers=2)
    schedule = result.schedule
    ids = [a.session for a in schedule.assignments] + [u.session for u in schedule.unplaced]
    assert sorted(ids) == sorted(s.id for s in scenario.sessions)
    report = check(scenario, schedule)
    if schedule.status in ("optimal", "feasible"):
        assert report.valid, [v.message_fr for v in report.violations]
        assert schedule.score is not None
        assert (schedule.score.unplaced_weight, schedule.score.soft_penalty) == (
            report.unplaced_weight,
            report.soft_penalty,
        )
        assert schedule.score.soft_terms == report.soft_terms
    return result


def where(result: SolveResult) -> dict[str, tuple[str, datetime]]:
    return {a.session: (a.room, a.start) for a in result.schedule.assignments}


def window_on(session_id: str, start: str, end: str, **fields: object):
    return session(session_id, windows=[time_range(start, end)], **fields)


@pytest.mark.parametrize("code", sorted(hard_scenarios()))
def test_every_rule_provoking_scenario_is_solved_validly_and_optimally(code: str) -> None:
    scenario = hard_scenarios()[code]
    result = solved(scenario)
    assert result.schedule.status == "optimal"
    assert result.schedule.bound == {
        "unplaced_weight": result.schedule.score.unplaced_weight,
        "soft_penalty": result.schedule.score.soft_penalty,
    }


def test_changeover_is_kept_when_it_is_the_only_way_to_fit_both() -> None:
    # one suitable room (hearing loop: only the Hall René-Cassin, changeover 15), 10:00–12:15 on 18 Oct
    sessions = [
        window_on(f"se-00{i}", "2023-10-18T10:00", "2023-10-18T12:15", required_features=["hearing_loop"])
        for i in (1, 2)
    ]
    result = solved(base_scenario(sessions=sessions))
    starts = sorted(start for _, start in where(result).values())
    assert starts == [dt("2023-10-18T10:00"), dt("2023-10-18T11:15")]
    assert result.schedule.status == "optimal"


def test_changeover_too_tight_leaves_one_out_and_says_the_rooms_are_full() -> None:
    sessions = [
        window_on("se-001", "2023-10-18T10:00", "2023-10-18T12:00", required_features=["hearing_loop"]),
        window_on("se-002", "2023-10-18T10:00", "2023-10-18T12:00", required_features=["hearing_loop"], priority=2),
    ]
    result = solved(base_scenario(sessions=sessions))
    assert list(where(result)) == ["se-002"]  # the heavier one stays
    assert result.schedule.score.unplaced_weight == 1000
    assert result.schedule.unplaced[0].reasons == ["salles compatibles complètes le 18/10"]


def test_travel_time_between_venues_is_respected_and_counted() -> None:
    karim = speaker("sp-002", "Karim Benali")
    sessions = [
        window_on(
            "se-001",
            "2023-10-18T10:00",
            "2023-10-18T12:30",
            speakers=["sp-002"],
            allowed_venues=["hd"],
            required_features=["hearing_loop"],
        ),
        window_on("se-002", "2023-10-18T10:00", "2023-10-18T12:30", speakers=["sp-002"], allowed_venues=["riom"]),
    ]
    result = solved(base_scenario(sessions=sessions, speakers=[karim]))
    assert where(result) == {
        "se-001": ("hd-cassin", dt("2023-10-18T10:00")),
        "se-002": ("riom-audito", dt("2023-10-18T11:30")),
    }
    assert result.schedule.score.soft_terms["travel"] == 30


def test_travel_counts_only_consecutive_sessions_as_the_spec_says() -> None:
    # a non-metric matrix: hd→hd2 is 5 min each way through riom, but 300 min directly. A (hd) then B (riom)
    # then C (hd) on one morning is valid: only consecutive pairs need travel time.
    scenario = base_scenario(
        sessions=[
            window_on("se-a", "2023-10-18T09:00", "2023-10-18T10:00", speakers=["sp-1"], allowed_venues=["hd"]),
            window_on("se-b", "2023-10-18T10:15", "2023-10-18T11:15", speakers=["sp-1"], allowed_venues=["riom"]),
            window_on("se-c", "2023-10-18T11:30", "2023-10-18T12:30", speakers=["sp-1"], allowed_venues=["hd"]),
        ],
        speakers=[speaker("sp-1", "Inès Roux")],
    )
    scenario.travel_minutes = {"hd": {"hd": 300, "riom": 15}, "riom": {"hd": 15, "riom": 0}}
    result = solved(scenario)
    assert len(result.schedule.assignments) == 3
    assert result.schedule.score.soft_terms["travel"] == 30
    assert result.schedule.status == "optimal"


def test_speaker_daily_limit_leaves_the_lighter_session_out_with_the_reason() -> None:
    lea = speaker("sp-003", "Léa Martin", max_sessions_per_day=1)
    sessions = [
        window_on("se-001", "2023-10-18T09:00", "2023-10-18T18:00", speakers=["sp-003"], priority=3),
        window_on("se-002", "2023-10-18T09:00", "2023-10-18T18:00", speakers=["sp-003"]),
    ]
    result = solved(base_scenario(sessions=sessions, speakers=[lea]))
    assert list(where(result)) == ["se-001"]
    assert result.schedule.unplaced[0].reasons == ["l'intervenant·e Léa Martin a déjà 1 sessions le 18/10 (maximum 1)"]


def test_school_audience_only_on_school_days_inside_its_hours() -> None:
    # 20 Oct is a Friday (school day); 21–23 Oct are weekend / holidays: only Friday 09:00–16:30 is possible
    sessions = [window_on("se-001", "2023-10-20T00:00", "2023-10-24T00:00", audience="school", duration=120)]
    result = solved(base_scenario(sessions=sessions))
    ((_room, start),) = where(result).values()
    assert start.date() == dt("2023-10-20T00:00").date()
    assert 9 * 60 <= start.hour * 60 + start.minute <= 16 * 60 + 30 - 120


def test_speaker_available_only_when_the_venue_is_closed_is_explained_in_french() -> None:
    # Saturday 21 Oct: the Hôtel du Département is closed on weekends
    marie = speaker("sp-001", "Marie Dupont", availability=[time_range("2023-10-21T00:00", "2023-10-22T00:00")])
    sessions = [session("se-001", speakers=["sp-001"], allowed_venues=["hd"])]
    result = solved(base_scenario(sessions=sessions, speakers=[marie]))
    assert result.schedule.unplaced[0].reasons == [
        "aucun créneau commun : l'intervenant·e Marie Dupont n'est disponible que le 21/10 et le lieu "
        "Hôtel du Département est fermé ce jour-là"
    ]


def test_no_room_big_enough_with_the_feature_is_explained() -> None:
    sessions = [session("se-001", expected_attendance=400, required_features=["hearing_loop"])]
    result = solved(base_scenario(sessions=sessions))
    assert result.schedule.unplaced[0].reasons == [
        "aucune salle de capacité ≥ 400 avec boucle magnétique (hearing_loop) dans l'ensemble des lieux "
        "(la plus grande adaptée : 150 places)"
    ]


def test_fixed_sessions_in_one_room_at_one_time_are_infeasible_and_named() -> None:
    fixed = Placement(room="riom-audito", start=dt("2023-10-18T10:00"))
    sessions = [session("se-001", fixed=fixed), session("se-002", fixed=fixed), session("se-003")]
    result = solved(base_scenario(sessions=sessions))
    schedule = result.schedule
    assert schedule.status == "infeasible"
    assert schedule.assignments == []
    reasons = {u.session: u.reasons for u in schedule.unplaced}
    assert reasons["se-001"][0] == (
        "sessions obligatoires ou fixées incompatibles entre elles : "
        "« Session se-001 » (se-001), « Session se-002 » (se-002)"
    )
    assert "mêmes salles possibles (Auditorium) sur les mêmes créneaux" in reasons["se-001"]
    assert reasons["se-003"][0].startswith("non planifiée : le scénario est infaisable")


def test_mandatory_sessions_competing_for_one_speaker_give_a_minimal_core() -> None:
    lea = speaker("sp-003", "Léa Martin", max_sessions_per_day=1)
    one_day = {"windows": [TimeRange(dt("2023-10-18T09:00"), dt("2023-10-18T18:00"))], "mandatory": True}
    sessions = [
        session("se-001", speakers=["sp-003"], **one_day),
        session("se-002", speakers=["sp-003"], **one_day),
        session("se-003", mandatory=True),
    ]
    result = solved(base_scenario(sessions=sessions, speakers=[lea]))
    assert result.schedule.status == "infeasible"
    assert result.stats["core"] == ["se-001", "se-002"]
    reasons = {u.session: u.reasons for u in result.schedule.unplaced}
    assert "même intervenant·e (Léa Martin) : disponibilités, trajets ou maximum par jour" in reasons["se-001"]


def test_mandatory_session_without_any_room_is_infeasible_with_the_pruning_reason() -> None:
    sessions = [session("se-001", expected_attendance=900, mandatory=True)]
    result = solved(base_scenario(sessions=sessions))
    assert result.schedule.status == "infeasible"
    assert result.schedule.unplaced[0].reasons[0].startswith("aucune salle de capacité ≥ 900")


def test_fixed_placement_breaking_the_opening_is_infeasible_and_says_why() -> None:
    # Saturday: the Hôtel du Département is closed
    sessions = [session("se-001", fixed=Placement(room="hd-cassin", start=dt("2023-10-21T10:00")))]
    result = solved(base_scenario(sessions=sessions))
    assert result.schedule.status == "infeasible"
    assert result.schedule.unplaced[0].reasons == [
        "placement fixé impossible (salle Hall René-Cassin le 21/10 à 10h) : lieu fermé à cette heure"
    ]


def test_fixed_session_is_placed_exactly_and_others_work_around_it() -> None:
    fixed = Placement(room="riom-audito", start=dt("2023-10-18T10:00"))
    sessions = [
        session("se-001", fixed=fixed, duration=120),
        window_on("se-002", "2023-10-18T09:00", "2023-10-18T14:00", allowed_venues=["riom"], duration=120),
    ]
    result = solved(base_scenario(sessions=sessions))
    assert where(result)["se-001"] == ("riom-audito", dt("2023-10-18T10:00"))
    assert where(result)["se-002"] == ("riom-audito", dt("2023-10-18T12:00"))


def test_previous_placements_are_kept_when_nothing_forces_a_move() -> None:
    sessions = [session("se-001"), session("se-002", allowed_venues=["riom"])]
    scenario = with_previous(
        base_scenario(sessions=sessions),
        ("se-001", "hd-vercingetorix", "2023-10-19T14:00"),
        ("se-002", "riom-audito", "2023-10-17T09:00"),
    )
    result = solved(scenario)
    assert where(result) == {
        "se-001": ("hd-vercingetorix", dt("2023-10-19T14:00")),
        "se-002": ("riom-audito", dt("2023-10-17T09:00")),
    }
    assert result.schedule.score.soft_terms["stability"] == 0
    assert result.schedule.status == "optimal"


def test_english_reasons_are_available() -> None:
    sessions = [session("se-001", expected_attendance=400)]
    result = solve(base_scenario(sessions=sessions), time_limit=2, locale="en")
    assert result.schedule.unplaced[0].reasons == [
        "no room with capacity ≥ 400 in any venue (largest suitable: 150 seats)"
    ]


def test_progress_reports_improving_solutions_with_bound_and_elapsed() -> None:
    events: list[dict[str, object]] = []
    sessions = [session(f"se-{i:03d}", preferred_dates=[datetime(2023, 10, 18).date()]) for i in range(6)]
    solve(base_scenario(sessions=sessions), time_limit=5, progress=events.append)
    assert events, "at least the first solution is reported"
    last = events[-1]
    assert set(last) == {"phase", "elapsed", "unplaced_weight", "soft_penalty", "bound"}
    assert last["unplaced_weight"] == 0
    assert isinstance(last["elapsed"], float)


def test_touching_availability_ranges_make_one_stretch_but_touching_windows_do_not() -> None:
    """Availability is a union (rule 4: "outside their availability"); a session's windows are "inside one of"."""
    marie = speaker(
        "sp-001",
        "Marie Dupont",
        availability=[
            time_range("2023-10-18T09:00", "2023-10-18T12:00"),
            time_range("2023-10-18T12:00", "2023-10-18T18:00"),
        ],
    )
    only_across_noon = window_on("se-001", "2023-10-18T11:00", "2023-10-18T13:00", duration=120, speakers=["sp-001"])
    placed = solved(base_scenario(sessions=[only_across_noon], speakers=[marie]))
    assert [a.start for a in placed.schedule.assignments] == [dt("2023-10-18T11:00")]

    split_windows = session(
        "se-002",
        duration=120,
        windows=[
            time_range("2023-10-18T11:00", "2023-10-18T12:00"),
            time_range("2023-10-18T12:00", "2023-10-18T13:00"),
        ],
    )
    result = solved(base_scenario(sessions=[split_windows]))
    assert result.schedule.assignments == []
    assert [u.session for u in result.schedule.unplaced] == ["se-002"]
