"""Properties of the optimiser on random small scenarios (2 venues, 2 days): every answer is valid with the
score the independent checker computes, and on the tiniest ones it is the true optimum, found by brute force.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduler.domain.checker.check import check
from services.scheduler.domain.solve.solver import solve
from shared.scenario.model import (
    Assignment,
    DateRange,
    DayWindow,
    Edition,
    PreviousAssignment,
    Room,
    Scenario,
    Schedule,
    Session,
    Speaker,
    TimeRange,
    Unplaced,
    Venue,
)

FRIDAY, SATURDAY = date(2023, 10, 20), date(2023, 10, 21)  # a school day, then the first day of the holidays
GRID = 60
FIRST_HOUR, LAST_HOUR = 9, 13  # every start any venue may allow lies in 09:00..13:00


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


@st.composite
def scenarios(draw: st.DrawFn, *, max_sessions: int) -> Scenario:
    """Two venues (one always closes at 13:00, the other opens at 10:00), up to three rooms, two speakers."""
    rooms_a = [
        Room(
            id=f"a{i}",
            name=f"Salle A{i}",
            capacity=draw(st.sampled_from([20, 50, 100])),
            features=draw(st.sampled_from([[], ["projector"]])),
            changeover_minutes=draw(st.sampled_from([None, 30, 45])),
        )
        for i in range(draw(st.integers(1, 2)))
    ]
    room_b = Room(id="b0", name="Salle B", capacity=draw(st.sampled_from([30, 80])), features=["projector"])
    venues = [
        Venue(id="va", name="Lieu A", territory="T1", opening=[DayWindow("all", 9 * 60, 13 * 60)], rooms=rooms_a),
        Venue(id="vb", name="Lieu B", territory="T2", opening=[DayWindow("all", 10 * 60, 14 * 60)], rooms=[room_b]),
    ]
    travel = draw(st.sampled_from([0, 30, 60, 90]))
    speakers = []
    for i in range(2):
        availability = draw(
            st.sampled_from(
                [None, [TimeRange(at(FRIDAY, 0), at(SATURDAY, 0))], [TimeRange(at(FRIDAY, 11), at(SATURDAY, 12))]]
            )
        )
        speakers.append(
            Speaker(
                id=f"sp{i}",
                name=f"Personne {i}",
                availability=availability,
                max_sessions_per_day=draw(st.sampled_from([None, 1, 2])),
            )
        )
    count = draw(st.integers(1, max_sessions))
    sessions = []
    for i in range(count):
        sessions.append(
            Session(
                id=f"se{i}",
                title=f"Session {i}",
                duration_minutes=draw(st.sampled_from([60, 120])),
                speakers=draw(st.lists(st.sampled_from(["sp0", "sp1"]), max_size=2, unique=True)),
                expected_attendance=draw(st.sampled_from([None, 10, 25, 60])),
                audience=draw(st.sampled_from([None, "school", "family", "public"])),
                theme=draw(st.sampled_from([None, "t1"])),
                required_features=draw(st.sampled_from([None, ["projector"]])),
                allowed_venues=draw(st.sampled_from([None, ["va"], ["vb"]])),
                preferred_venues=draw(st.sampled_from([None, ["va"], ["vb"]])),
                preferred_dates=draw(st.sampled_from([None, [FRIDAY], [SATURDAY]])),
                priority=draw(st.sampled_from([None, 1, 2, 3])),
                mandatory=draw(st.sampled_from([None, False, False, True])),
            )
        )
    previous = None
    if draw(st.booleans()):
        previous = [
            PreviousAssignment(
                session=s.id,
                room=draw(st.sampled_from(["a0", "b0"])),
                start=at(draw(st.sampled_from([FRIDAY, SATURDAY])), draw(st.integers(9, 12))),
            )
            for s in sessions
            if draw(st.booleans())
        ]
    edition = Edition(
        id="prop",
        name="Propriétés",
        start_date=FRIDAY,
        end_date=SATURDAY,
        granularity_minutes=GRID,
        school_holidays=[DateRange(SATURDAY, date(2023, 11, 5))],
        audience_windows={
            "school": [DayWindow("school_days", 9 * 60, 12 * 60)],
            "family": [DayWindow("holidays", 10 * 60, 14 * 60)],
        },
        territories=["T1", "T2", "T3"],
    )
    return Scenario(
        edition=edition,
        venues=venues,
        travel_minutes={"va": {"va": 0, "vb": travel}, "vb": {"va": travel, "vb": 0}},
        speakers=speakers,
        partners=[],
        sessions=sessions,
        previous=previous,
    )


def brute_force_best(scenario: Scenario) -> tuple[int, int] | None:
    """The lexicographic minimum of (unplaced weight, soft penalty) over every valid schedule, by the checker."""
    return min(valid_scores(scenario), default=None)


def valid_scores(scenario: Scenario) -> set[tuple[int, int]]:
    """(unplaced weight, soft penalty) of every valid schedule on the hourly grid, by the checker."""
    rooms = [room.id for _, room in scenario.rooms()]
    options: list[list[Assignment | None]] = []
    for s in scenario.sessions:
        alone = [None]
        for room, day, hour in product(rooms, (FRIDAY, SATURDAY), range(FIRST_HOUR, LAST_HOUR + 1)):
            a = Assignment(s.id, room, at(day, hour), at(day, hour) + timedelta(minutes=s.duration_minutes))
            others = [Unplaced(o.id) for o in scenario.sessions if o.id != s.id]
            report = check(scenario, Schedule("prop", "feasible", [a], others))
            if all(v.code in ("mandatory_unplaced", "fixed_unplaced") for v in report.violations):
                alone.append(a)
        options.append(alone)
    scores = set()
    for combo in product(*options):
        placed = [a for a in combo if a is not None]
        unplaced = [Unplaced(s.id) for s, a in zip(scenario.sessions, combo, strict=True) if a is None]
        report = check(scenario, Schedule("prop", "feasible", placed, unplaced))
        if report.valid:
            scores.add((report.unplaced_weight, report.soft_penalty))
    return scores


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_sessions=8))
def test_random_scenarios_give_valid_schedules_scored_as_the_checker_scores_them(scenario: Scenario) -> None:
    schedule = solve(scenario, time_limit=3, workers=2).schedule
    report = check(scenario, schedule)
    assert schedule.status in ("optimal", "feasible", "infeasible")
    if schedule.status == "infeasible":
        assert any(s.mandatory for s in scenario.sessions)
        return
    assert report.valid, [v.message_fr for v in report.violations]
    assert schedule.score is not None
    assert (schedule.score.unplaced_weight, schedule.score.soft_penalty) == (
        report.unplaced_weight,
        report.soft_penalty,
    )
    assert schedule.bound is not None
    assert (schedule.bound["unplaced_weight"], schedule.bound["soft_penalty"]) <= (
        report.unplaced_weight,
        report.soft_penalty,
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(max_sessions=3))
def test_tiny_scenarios_are_solved_to_the_brute_force_optimum(scenario: Scenario) -> None:
    schedule = solve(scenario, time_limit=3, workers=2).schedule
    best = brute_force_best(scenario)
    if best is None:
        assert schedule.status == "infeasible"
        return
    assert schedule.status == "optimal"
    assert schedule.score is not None
    assert (schedule.score.unplaced_weight, schedule.score.soft_penalty) == best
    assert schedule.bound == {"unplaced_weight": best[0], "soft_penalty": best[1]}
