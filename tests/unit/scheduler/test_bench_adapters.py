"""Each peer adapter of the benchmark gives a well-formed format-1 schedule that festplan's checker scores."""

from __future__ import annotations

import shutil

import pytest

from bench.solver.peers_conference_scheduler import conference_scheduler_schedule
from bench.solver.peers_greedy import greedy_peer_schedule
from services.scheduler.domain.checker.check import check
from shared.scenario.dump import dump_schedule
from shared.scenario.generate import generate_scenario
from shared.scenario.model import Scenario, Schedule
from shared.scenario.parse import parse_schedule


@pytest.fixture(scope="module")
def tiny() -> Scenario:
    """Eight sessions over a few venues, with travel between them and one fixed, mandatory opening."""
    return generate_scenario(sessions=8, seed=11)


@pytest.fixture(scope="module")
def tiny_with_previous() -> Scenario:
    return generate_scenario(sessions=10, seed=5, with_previous=True)


def assert_well_formed(scenario: Scenario, schedule: Schedule, *, name: str) -> None:
    """Format 1 round-trips; every session exactly once; the declared score is the checker's."""
    again = parse_schedule(dump_schedule(schedule))
    ids = [a.session for a in again.assignments] + [u.session for u in again.unplaced]
    assert sorted(ids) == sorted(s.id for s in scenario.sessions)
    durations = {s.id: s.duration_minutes for s in scenario.sessions}
    for a in again.assignments:
        assert (a.end - a.start).total_seconds() == durations[a.session] * 60
    assert all(u.reasons for u in again.unplaced)
    report = check(scenario, again)
    assert again.score is not None
    assert (again.score.hard_violations, again.score.unplaced_weight, again.score.soft_penalty) == (
        report.hard_violations,
        report.unplaced_weight,
        report.soft_penalty,
    )
    assert report.placed == len(again.assignments)
    assert again.solver is not None
    assert again.solver["name"] == name


def test_greedy_peer_places_validly(tiny: Scenario) -> None:
    schedule = greedy_peer_schedule(tiny)
    assert_well_formed(tiny, schedule, name="greedy")
    assert check(tiny, schedule).valid


def test_conference_scheduler_peer_is_scored_by_the_checker(tiny: Scenario) -> None:
    schedule = conference_scheduler_schedule(tiny, time_limit=5)
    assert_well_formed(tiny, schedule, name="conference-scheduler")
    # the fixed, mandatory opening gets its own slot in the package's grid
    opening = next(s for s in tiny.sessions if s.fixed is not None)
    placed = {a.session: a for a in schedule.assignments}
    assert opening.id in placed
    assert (placed[opening.id].room, placed[opening.id].start) == (opening.fixed.room, opening.fixed.start)


def test_conference_scheduler_peer_counts_stability(tiny_with_previous: Scenario) -> None:
    schedule = conference_scheduler_schedule(tiny_with_previous, time_limit=5)
    assert_well_formed(tiny_with_previous, schedule, name="conference-scheduler")
    assert "stability" in check(tiny_with_previous, schedule).soft_terms


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="Timefold needs a JDK: `java` is not on PATH")
def test_timefold_peer_places_validly(tiny: Scenario) -> None:
    """Slow only by its fixed cost: JPype starts a JVM and compiles the model to Java (tens of seconds)."""
    from bench.solver.peers_timefold import timefold_schedule

    schedule = timefold_schedule(tiny, time_limit=3)
    assert_well_formed(tiny, schedule, name="timefold")
    report = check(tiny, schedule)
    assert report.valid, [v.message("en") for v in report.violations]
    assert report.placed >= 1


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="Timefold needs a JDK: `java` is not on PATH")
def test_timefold_daily_limits_group_by_speaker() -> None:
    """Every session of one limited speaker carries the same speaker key, so the daily count can exceed it."""
    from bench.solver.peers_timefold import build_plan
    from services.scheduler.domain.candidates import compute_candidates

    scenario = generate_scenario(sessions=40, seed=3)
    plan = build_plan(scenario, compute_candidates(scenario))
    expected = {}
    for session in scenario.sessions:
        for speaker in scenario.speakers:
            if speaker.id in session.speakers and speaker.max_sessions_per_day is not None:
                expected.setdefault(speaker.id, set()).add(scenario.sessions.index(session))
    keys: dict[int, set[int]] = {}
    for limit in plan.speaker_limits:
        keys.setdefault(limit.speaker, set()).add(limit.session)
    assert sorted(map(sorted, keys.values())) == sorted(map(sorted, expected.values()))
    assert any(len(sessions) > 1 for sessions in keys.values())
