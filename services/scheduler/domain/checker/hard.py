"""The hard rules 1–5 of the score, written as plain loops over the effective placement.

Deliberately naive (every pair compared, every window merged by hand) so that it can be trusted to catch
the optimiser's mistakes; it shares nothing with the CP-SAT model but the calendar's day sets.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import pairwise

from services.scheduler.domain.checker.placement import Placed, Violation
from services.scheduler.domain.checker.texts import (
    day,
    of_gap,
    of_moment,
    of_room,
    of_session,
    of_when,
    speaker_label,
    violation,
)
from shared.i18n import format_date
from shared.scenario.calendar import daily_intervals
from shared.scenario.model import Scenario, Session, Speaker, TimeRange

MINUTES_PER_DAY = 24 * 60


def overlaps(a: Placed, b: Placed) -> bool:
    """Half-open intervals ``[start, end)`` intersect."""
    return a.start < b.end and b.start < a.end


def inside_daily(intervals: list[tuple[int, int]], placed: Placed) -> bool:
    """Whether the session, as minutes of its start day, lies inside one of the day's windows (not merged)."""
    start = placed.start.hour * 60 + placed.start.minute
    end = start + placed.minutes
    return any(a <= start and end <= b for a, b in intervals)


def inside_one(ranges: list[TimeRange], placed: Placed) -> bool:
    """Whether ``[start, end)`` lies inside one of the ranges: the spec's "inside one of" a session's windows."""
    return any(r.start <= placed.start and placed.end <= r.end for r in ranges)


def inside_ranges(ranges: list[TimeRange], placed: Placed) -> bool:
    """Whether ``[start, end)`` lies inside the union of date-time ranges, touching ranges being joined."""
    merged: list[list[datetime]] = []
    for r in sorted(ranges, key=lambda r: (r.start, r.end)):
        if r.end <= r.start:
            continue
        if merged and r.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r.end)
        else:
            merged.append([r.start, r.end])
    return any(a <= placed.start and placed.end <= b for a, b in merged)


def rule1_room(placed: Placed) -> list[Violation]:
    """The venue is allowed, the room is big enough and has every required feature."""
    s, room, out = placed.session, placed.room, []
    if s.allowed_venues is not None and placed.venue.id not in s.allowed_venues:
        out.append(
            violation(
                "venue_not_allowed",
                (s.id,),
                session=of_session(s),
                venue=placed.venue.name,
                room=of_room(room.name),
                allowed=", ".join(s.allowed_venues) or "—",
            )
        )
    if room.capacity < s.attendance:
        out.append(
            violation(
                "capacity",
                (s.id,),
                session=of_session(s),
                room=of_room(room.name),
                capacity=room.capacity,
                attendance=s.attendance,
            )
        )
    missing = [f for f in (s.required_features or []) if f not in room.features]
    if missing:
        out.append(
            violation(
                "missing_feature", (s.id,), session=of_session(s), room=of_room(room.name), features=", ".join(missing)
            )
        )
    return out


def rule2_time(scenario: Scenario, placed: Placed) -> list[Violation]:
    """Inside the edition, the opening, the audience's and its own windows; on the grid; the right length."""
    edition, s, out = scenario.edition, placed.session, []
    the_day = placed.start.date()
    words = {"session": of_session(s), "when": of_when(placed.start, placed.end)}

    first = datetime.combine(edition.start_date, datetime.min.time())
    after_last = datetime.combine(edition.end_date, datetime.min.time()) + timedelta(days=1)
    if not (first <= placed.start and placed.end <= after_last):
        out.append(
            violation(
                "outside_edition", (s.id,), **words, first=day(first), last=format_date(edition.end_date, long=False)
            )
        )
    if not inside_daily(daily_intervals(edition, placed.venue.opening, the_day), placed):
        out.append(violation("outside_opening", (s.id,), **words, venue=placed.venue.name))
    audience_windows = edition.audience_windows.get(s.audience) if s.audience is not None else None
    if audience_windows is not None and not inside_daily(daily_intervals(edition, audience_windows, the_day), placed):
        out.append(violation("outside_audience_windows", (s.id,), **words, audience=s.audience))
    if s.windows is not None and not inside_one(s.windows, placed):
        out.append(violation("outside_windows", (s.id,), **words))
    grid = edition.granularity_minutes
    if any((t.hour * 60 + t.minute) % grid or t.second or t.microsecond for t in (placed.start, placed.end)):
        out.append(violation("off_granularity", (s.id,), **words, granularity=grid))
    if placed.end != placed.start + timedelta(minutes=s.duration_minutes):
        out.append(
            violation(
                "wrong_length", (s.id,), session=of_session(s), actual=placed.minutes, expected=s.duration_minutes
            )
        )
    return out


def pair_words(first: Placed, second: Placed) -> dict[str, object]:
    """The two sessions of a clash, with their times."""
    return {
        "first": of_session(first.session),
        "second": of_session(second.session),
        "first_when": of_when(first.start, first.end),
        "second_when": of_when(second.start, second.end),
    }


def rule3_rooms(placements: list[Placed]) -> list[Violation]:
    """One violation per pair of sessions in one room that overlap or leave less than the changeover."""
    out = []
    for i, a in enumerate(placements):
        for b in placements[i + 1 :]:
            if a.room.id != b.room.id:
                continue
            earlier, later = (a, b) if (a.start, a.id) <= (b.start, b.id) else (b, a)
            ids = (earlier.id, later.id)
            if overlaps(a, b):
                out.append(violation("room_overlap", ids, room=of_room(a.room.name), **pair_words(earlier, later)))
                continue
            gap = int((later.start - earlier.end).total_seconds()) // 60
            if gap < a.room.changeover:
                out.append(
                    violation(
                        "room_changeover",
                        ids,
                        room=of_room(a.room.name),
                        **pair_words(earlier, later),
                        gap=gap,
                        changeover=a.room.changeover,
                    )
                )
    return out


def speakers_sessions(scenario: Scenario, placements: list[Placed]) -> list[tuple[Speaker, list[Placed]]]:
    """Each speaker with their placed sessions, sorted by (start, session id)."""
    by_id: dict[str, list[Placed]] = defaultdict(list)
    for p in placements:
        for speaker_id in dict.fromkeys(p.session.speakers):
            by_id[speaker_id].append(p)
    return [(sp, sorted(by_id[sp.id], key=lambda p: (p.start, p.id))) for sp in scenario.speakers]


def by_day(placements: list[Placed]) -> dict[date, list[Placed]]:
    """Group (already sorted) placements by the date of their start."""
    days: dict[date, list[Placed]] = defaultdict(list)
    for p in placements:
        days[p.start.date()].append(p)
    return days


def travel_minutes(scenario: Scenario, origin: str, destination: str) -> int:
    """The matrix value (the parser guarantees a complete matrix; a missing cell reads as 0)."""
    return scenario.travel_minutes.get(origin, {}).get(destination, 0)


def rule4_speakers(scenario: Scenario, placements: list[Placed]) -> list[Violation]:
    """Availability, no double booking, time to travel, and the daily maximum, for every speaker."""
    out: list[Violation] = []
    for speaker, mine in speakers_sessions(scenario, placements):
        who = speaker_label(speaker)
        if speaker.availability is not None:
            for p in mine:
                if not inside_ranges(speaker.availability, p):
                    out.append(
                        violation(
                            "speaker_unavailable",
                            (p.id,),
                            speaker=who,
                            session=of_session(p.session),
                            when=of_when(p.start, p.end),
                        )
                    )
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                if overlaps(a, b):
                    out.append(violation("speaker_overlap", (a.id, b.id), speaker=who, **pair_words(a, b)))
        for the_day, todays in sorted(by_day(mine).items()):
            for a, b in pairwise(todays):
                need = travel_minutes(scenario, a.venue.id, b.venue.id)
                gap = int((b.start - a.end).total_seconds()) // 60
                if gap < need:
                    out.append(
                        violation(
                            "speaker_travel",
                            (a.id, b.id),
                            speaker=who,
                            gap=of_gap(gap),
                            travel=need,
                            date=day(a.start),
                            first=of_session(a.session),
                            second=of_session(b.session),
                            first_venue=a.venue.name,
                            second_venue=b.venue.name,
                        )
                    )
            limit = speaker.max_sessions_per_day
            if limit is not None and len(todays) > limit:
                ids = tuple(p.id for p in todays)
                out.append(
                    violation(
                        "speaker_day_limit",
                        ids,
                        speaker=who,
                        ids=", ".join(ids),
                        count=len(todays),
                        limit=limit,
                        date=format_date(the_day, long=False),
                    )
                )
    return out


def rule5_obligations(scenario: Scenario, placements: list[Placed], unplaced: list[Session]) -> list[Violation]:
    """Fixed sessions exactly where fixed; mandatory sessions placed."""
    out: list[Violation] = []
    where = {p.id: p for p in placements}
    room_names = {room.id: room.name for _, room in scenario.rooms()}
    for s in scenario.sessions:
        if s.fixed is None:
            continue
        words = {
            "session": of_session(s),
            "fixed_room": of_room(room_names.get(s.fixed.room, s.fixed.room)),
            "fixed_when": of_moment(s.fixed.start),
        }
        p = where.get(s.id)
        if p is None:
            out.append(violation("fixed_unplaced", (s.id,), **words))
        elif p.room.id != s.fixed.room or p.start != s.fixed.start:
            out.append(violation("fixed_moved", (s.id,), **words, room=of_room(p.room.name), when=of_moment(p.start)))
    for s in unplaced:
        if s.is_mandatory:
            out.append(violation("mandatory_unplaced", (s.id,), session=of_session(s)))
    return out


def hard_violations(scenario: Scenario, placements: list[Placed], unplaced: list[Session]) -> list[Violation]:
    """Every hard violation of rules 1–5, in rule order."""
    out: list[Violation] = []
    for p in placements:
        out += rule1_room(p)
    for p in placements:
        out += rule2_time(scenario, p)
    out += rule3_rooms(placements)
    out += rule4_speakers(scenario, placements)
    out += rule5_obligations(scenario, placements, unplaced)
    return out
