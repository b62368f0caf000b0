"""The seeded generator: deterministic, realistic sizes, valid documents, a witness that respects the rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shared.scenario import calendar
from shared.scenario.dump import dump_scenario
from shared.scenario.generate import generate_scenario, generate_scenario_with_witness
from shared.scenario.geography import TERRITORIES
from shared.scenario.model import KNOWN_KINDS, Scenario
from shared.scenario.parse import parse_scenario
from shared.scenario.placement import replay

ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture(scope="module")
def default() -> Scenario:
    return generate_scenario()


def _text(scenario: Scenario) -> str:
    return json.dumps(dump_scenario(scenario), ensure_ascii=False, indent=2)


def test_same_seed_same_bytes_and_other_seed_differs(default: Scenario) -> None:
    assert _text(generate_scenario()) == _text(default)
    assert _text(generate_scenario(seed=7)) != _text(default)


def test_same_bytes_across_processes_whatever_the_hash_seed() -> None:
    code = (
        "import json, hashlib; from shared.scenario.generate import generate_scenario as g; "
        "from shared.scenario.dump import dump_scenario as d; "
        "print(hashlib.sha256(json.dumps(d(g(sessions=40, with_previous=True)), ensure_ascii=False)"
        ".encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_default_sizes(default: Scenario) -> None:
    assert len(default.sessions) == 120
    assert 14 <= len(default.venues) <= 17
    assert 32 <= len(default.rooms()) <= 40
    assert len(default.speakers) == 80
    assert len(default.partners) == 30
    assert default.edition.territories == list(TERRITORIES)
    assert len(TERRITORIES) == 14
    assert {v.territory for v in default.venues} == set(TERRITORIES)


def test_default_is_a_valid_document_that_round_trips(default: Scenario) -> None:
    doc = json.loads(_text(default))
    assert dump_scenario(parse_scenario(doc)) == doc


def test_large_edition_scales() -> None:
    big, witness = generate_scenario_with_witness(sessions=600, with_previous=True)
    assert len(big.sessions) == 600
    assert 36 <= len(big.rooms()) <= 45
    assert len(calendar.edition_days(big.edition)) == 12
    assert len(witness) >= 0.95 * 600
    doc = json.loads(_text(big))
    assert dump_scenario(parse_scenario(doc)) == doc


def test_travel_matrix_is_symmetric_with_zero_diagonal(default: Scenario) -> None:
    travel = default.travel_minutes
    ids = [v.id for v in default.venues]
    assert list(travel) == ids
    for a in ids:
        assert travel[a][a] == 0
        for b in ids:
            assert travel[a][b] == travel[b][a]
            assert travel[a][b] % 5 == 0
            if a != b:
                assert travel[a][b] >= 5
    assert travel["hd"]["lezoux-musee"] == 35  # 28 km as the crow flies
    assert travel["ambert-mediatheque"]["saint-eloy"] > 100  # opposite ends of the département


def test_realistic_content(default: Scenario) -> None:
    kinds = Counter(s.kind for s in default.sessions)
    assert set(kinds) == set(KNOWN_KINDS)
    assert {s.audience for s in default.sessions} == {"public", "professional", "family", "school"}
    assert all(20 <= r.capacity <= 300 for _, r in default.rooms())
    assert sum(1 for s in default.sessions if s.fixed is not None) in (1, 2)
    assert sum(1 for s in default.sessions if s.is_mandatory) >= 2
    opening = default.sessions[0]
    assert opening.fixed is not None
    assert (opening.fixed.room, calendar.fmt_dt(opening.fixed.start)) == ("hd-cassin", "2023-10-16T18:00")
    partial = [s for s in default.speakers if s.availability is not None]
    assert len(default.speakers) // 2 < len(partial) < len(default.speakers)
    assert any(s.max_sessions_per_day for s in default.speakers)
    assert any(s.windows for s in default.sessions)
    assert any(s.preferred_venues for s in default.sessions)
    assert any(s.preferred_dates for s in default.sessions)
    for session in default.sessions:
        assert session.duration_minutes % 15 == 0
        low, high = {
            "conference": (60, 90),
            "round_table": (90, 90),
            "workshop": (60, 180),
            "showroom": (240, 480),
            "social": (60, 120),
        }[session.kind]
        assert low <= session.duration_minutes <= high


def test_every_session_has_a_room_that_fits(default: Scenario) -> None:
    for session in default.sessions:
        rooms = [
            r
            for v, r in default.rooms()
            if (session.allowed_venues is None or v.id in session.allowed_venues)
            and r.capacity >= session.attendance
            and all(f in r.features for f in session.required_features or [])
        ]
        assert rooms, session.id


def test_witness_respects_every_hard_rule(default: Scenario) -> None:
    scenario, witness = generate_scenario_with_witness()
    assert len(witness) == len(scenario.sessions)
    slots = [(s.session, s.room, s.start) for s in witness.values()]
    assert replay(scenario, slots) == []
    for session in scenario.sessions:
        if session.fixed is not None:
            assert (witness[session.id].room, witness[session.id].start) == (session.fixed.room, session.fixed.start)


def test_with_previous_is_mostly_valid_but_partly_broken() -> None:
    scenario = generate_scenario(with_previous=True)
    previous = scenario.previous
    assert previous is not None
    ids = {s.id for s in scenario.sessions}
    published = {p.session for p in previous}
    assert published <= ids
    assert 0.85 * len(ids) <= len(published) < len(ids)  # a few sessions are new
    broken = replay(scenario, [(p.session, p.room, p.start) for p in previous])
    assert 1 <= len(broken) <= 5
    doc = json.loads(_text(scenario))
    assert dump_scenario(parse_scenario(doc)) == doc


def test_single_venue_has_no_travel() -> None:
    scenario, witness = generate_scenario_with_witness(sessions=60, single_venue=True)
    assert len(scenario.venues) == 1
    assert len(scenario.venues[0].rooms) >= 3
    assert scenario.travel_minutes == {scenario.venues[0].id: {scenario.venues[0].id: 0}}
    assert len(witness) >= 55


@pytest.mark.parametrize(("venues", "days"), [(3, 5), (1, 1), (18, None)])
def test_overrides(venues: int, days: int | None) -> None:
    scenario = generate_scenario(sessions=30, venues=venues, days=days)
    assert len(scenario.venues) == venues
    expected_end = scenario.edition.start_date + timedelta(days=(days or 12) - 1)
    assert scenario.edition.end_date == expected_end
    doc = json.loads(_text(scenario))
    assert dump_scenario(parse_scenario(doc)) == doc


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="venues"):
        generate_scenario(venues=40)
    with pytest.raises(ValueError, match="sessions"):
        generate_scenario(sessions=0)


def _violations(scenario: Scenario, slots: list[tuple[str, str, datetime]]) -> list[str]:
    """A second, naive reading of hard rules 1–4 (no shared code with ``placement``), for the witness."""
    edition = scenario.edition
    sessions = {s.id: s for s in scenario.sessions}
    speakers = {s.id: s for s in scenario.speakers}
    venue_of = {r.id: v for v, r in scenario.rooms()}
    room_of = {r.id: r for _, r in scenario.rooms()}
    out = []
    placed = []
    for sid, rid, start in slots:
        s, venue, room = sessions[sid], venue_of[rid], room_of[rid]
        end = start + timedelta(minutes=s.duration_minutes)
        placed.append((s, venue, room, start, end))
        day, a, b = start.date(), start.hour * 60 + start.minute, start.hour * 60 + start.minute + s.duration_minutes
        if s.allowed_venues is not None and venue.id not in s.allowed_venues:
            out.append(f"{sid}: venue")
        if room.capacity < s.attendance or not set(s.required_features or []) <= set(room.features):
            out.append(f"{sid}: room")
        if not (edition.start_date <= day <= edition.end_date) or (end.date() != day and b != 1440) or a % 15:
            out.append(f"{sid}: dates")

        def inside_one(windows: list, day=day, a=a, b=b) -> bool:
            return any(
                calendar.day_matches(edition, day, w.days) and w.start_minute <= a and b <= w.end_minute
                for w in windows
            )

        if venue.opening is not None and not inside_one(venue.opening):
            out.append(f"{sid}: opening")
        if s.audience in edition.audience_windows and not inside_one(edition.audience_windows[s.audience]):
            out.append(f"{sid}: audience")
        if s.windows is not None and not any(w.start <= start and end <= w.end for w in s.windows):
            out.append(f"{sid}: windows")
        for p in s.speakers:
            avail = speakers[p].availability
            if avail is not None and not any(r.start <= start and end <= r.end for r in avail):
                out.append(f"{sid}: availability of {p}")  # generated ranges never need a union
    for i, (s1, v1, r1, a1, b1) in enumerate(placed):
        for s2, v2, r2, a2, b2 in placed[i + 1 :]:
            if (
                r1.id == r2.id
                and a1 < b2 + timedelta(minutes=r1.changeover)
                and a2 < b1 + timedelta(minutes=r1.changeover)
            ):
                out.append(f"{s1.id}/{s2.id}: room overlap or changeover")
            if set(s1.speakers) & set(s2.speakers) and a1.date() == a2.date():
                first, second = ((v1, b1), (v2, a2)) if a1 <= a2 else ((v2, b2), (v1, a1))
                gap = scenario.travel_minutes[first[0].id][second[0].id]
                if second[1] < first[1] + timedelta(minutes=gap):
                    out.append(f"{s1.id}/{s2.id}: speaker overlap or travel")
    per_day = Counter((p, a.date()) for s, _, _, a, _ in placed for p in s.speakers)
    for (p, day), count in per_day.items():
        if speakers[p].max_sessions_per_day is not None and count > speakers[p].max_sessions_per_day:
            out.append(f"{p} on {day}: too many sessions")
    return out


@pytest.mark.parametrize(
    "kwargs", [{}, {"sessions": 60, "seed": 11, "single_venue": True}, {"sessions": 200, "seed": 5, "days": 6}]
)
def test_witness_passes_an_independent_reading_of_the_rules(kwargs: dict) -> None:
    scenario, witness = generate_scenario_with_witness(**kwargs)
    slots = [(s.session, s.room, s.start) for s in witness.values()]
    assert _violations(scenario, slots) == []
    assert len(witness) >= 0.9 * len(scenario.sessions)
