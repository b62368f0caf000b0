"""Properties of the checker on random schedules: the order of the file's lists never changes the verdict."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduler.domain.checker.check import CheckReport, check
from shared.scenario.model import Assignment, Scenario, Schedule, Unplaced
from tests.factories.scenarios import base_scenario, session, speaker, time_range, with_previous

ROOMS = ("hd-cassin", "hd-vercingetorix", "riom-audito")


def random_world() -> Scenario:
    """Five sessions sharing two speakers, an audience and a theme, with preferences and a previous schedule."""
    sc = base_scenario(
        sessions=[
            session(
                "se-001",
                duration=60,
                speakers=["sp-001"],
                audience="family",
                theme="jeu",
                priority=2,
                preferred_venues=["riom"],
                expected_attendance=50,
            ),
            session(
                "se-002", duration=90, speakers=["sp-001", "sp-002"], audience="family", theme="jeu", mandatory=True
            ),
            session(
                "se-003",
                duration=60,
                speakers=["sp-002"],
                audience="school",
                required_features=["wheelchair"],
                preferred_dates=[date(2023, 10, 18)],
            ),
            session("se-004", duration=120, allowed_venues=["hd"], expected_attendance=100),
            session("se-005", duration=45, speakers=["sp-001"], priority=3),
        ],
        speakers=[
            speaker("sp-001", "Marie Dupont", max_sessions_per_day=1),
            speaker("sp-002", "Karim Benali", availability=[time_range("2023-10-17T09:00", "2023-10-19T18:00")]),
        ],
    )
    return with_previous(sc, ("se-001", "riom-audito", "2023-10-18T10:00"), ("se-004", "hd-cassin", "2023-10-17T14:00"))


placements = st.lists(
    st.tuples(st.booleans(), st.sampled_from(ROOMS), st.integers(15, 28), st.integers(28, 92), st.integers(-1, 1)),
    min_size=5,
    max_size=5,
)


def build(scenario: Scenario, choice: list[tuple[bool, str, int, int, int]]) -> Schedule:
    """Each session placed or not; start on a quarter hour between 07:00 and 23:00; length sometimes off by 15."""
    assignments, unplaced = [], []
    for s, (placed, room, day, quarter, skew) in zip(scenario.sessions, choice, strict=True):
        if not placed:
            unplaced.append(Unplaced(session=s.id, reasons=[]))
            continue
        start = datetime(2023, 10, day) + timedelta(minutes=15 * quarter)
        end = start + timedelta(minutes=s.duration_minutes + 15 * skew)
        assignments.append(Assignment(session=s.id, room=room, start=start, end=end))
    return Schedule(scenario_edition="cn2023", status="feasible", assignments=assignments, unplaced=unplaced)


def fingerprint(report: CheckReport) -> tuple[object, ...]:
    return (
        report.valid,
        report.hard_violations,
        report.unplaced_weight,
        report.soft_penalty,
        tuple(sorted(report.soft_terms.items())),
        Counter((v.code, v.sessions) for v in report.violations),
    )


@settings(max_examples=80, deadline=None)
@given(choice=placements, seed=st.integers(0, 10**6))
def test_shuffling_the_lists_of_the_file_changes_nothing(
    choice: list[tuple[bool, str, int, int, int]], seed: int
) -> None:
    scenario = random_world()
    first = build(scenario, choice)
    shuffled = build(scenario, choice)
    rng = random.Random(seed)
    rng.shuffle(shuffled.assignments)
    rng.shuffle(shuffled.unplaced)
    assert fingerprint(check(scenario, first)) == fingerprint(check(scenario, shuffled))


@settings(max_examples=80, deadline=None)
@given(choice=placements)
def test_the_report_adds_up(choice: list[tuple[bool, str, int, int, int]]) -> None:
    scenario = random_world()
    schedule = build(scenario, choice)
    report = check(scenario, schedule)
    placed_ids = {a.session for a in schedule.assignments}
    assert report.hard_violations == len(report.violations)
    assert report.valid == (report.hard_violations == 0)
    assert report.soft_penalty == sum(report.soft_terms.values())
    assert (report.placed, report.unplaced) == (len(placed_ids), 5 - len(placed_ids))
    assert report.unplaced_weight == sum(s.weight for s in scenario.sessions if s.id not in placed_ids)
    assert all(1 <= v.rule <= 5 for v in report.violations)
    # se-002 is mandatory: leaving it out is always a violation
    assert ("se-002" in placed_ids) or any(v.code == "mandatory_unplaced" for v in report.violations)
