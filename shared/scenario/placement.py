"""A first-fit greedy placement that respects every hard rule of format 1 (none of the soft ones).

The generator uses it to build a witness schedule (so its instances are known to be largely feasible) and
the ``previous`` schedule of a re-planning scenario. It is not the optimiser: it places sessions one by one,
in a seeded random order of rooms, days and start times, and never moves a session once placed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from shared.scenario import calendar
from shared.scenario.model import Room, Scenario, Session, Speaker, Venue


@dataclass(frozen=True, slots=True)
class Slot:
    """Where the greedy put a session."""

    session: str
    room: str
    venue: str
    day: date
    start_minute: int
    end_minute: int

    @property
    def start(self) -> datetime:
        return calendar.at_minute(self.day, self.start_minute)

    @property
    def end(self) -> datetime:
        return calendar.at_minute(self.day, self.end_minute)


@dataclass
class Board:
    """What is booked so far: rooms and speakers per day, so that a new slot can be checked against it."""

    scenario: Scenario
    #: Upper bound on a speaker's sessions per day when the scenario sets none (the generator's own realism).
    daily_cap: int | None = None
    rooms: dict[str, tuple[Venue, Room]] = field(init=False)
    speakers: dict[str, Speaker] = field(init=False)
    room_days: dict[tuple[str, date], list[tuple[int, int]]] = field(init=False)
    speaker_days: dict[tuple[str, date], list[tuple[int, int, str]]] = field(init=False)

    def __post_init__(self) -> None:
        self.rooms = {r.id: (v, r) for v, r in self.scenario.rooms()}
        self.speakers = {s.id: s for s in self.scenario.speakers}
        self.room_days = defaultdict(list)
        self.speaker_days = defaultdict(list)

    # -- where a session may go at all ------------------------------------------------------------------------

    def candidate_rooms(self, session: Session) -> list[str]:
        """Rooms of an allowed venue, big enough and with every required feature (rule 1)."""
        allowed = session.allowed_venues
        needed = session.required_features or []
        return [
            r.id
            for v, r in self.scenario.rooms()
            if (allowed is None or v.id in allowed)
            and r.capacity >= session.attendance
            and all(f in r.features for f in needed)
        ]

    def open_intervals(self, session: Session, room_id: str, day: date) -> list[tuple[int, int]]:
        """Minute ranges of ``day`` allowed by the venue, the audience, the session and its speakers (rules 2, 4)."""
        edition = self.scenario.edition
        venue, _ = self.rooms[room_id]
        spans = calendar.daily_intervals(edition, venue.opening, day)
        if session.audience in edition.audience_windows:
            spans = calendar.intersect(
                spans, calendar.daily_intervals(edition, edition.audience_windows[session.audience], day)
            )
        spans = calendar.intersect(spans, calendar.ranges_on_day(session.windows, day))
        for speaker_id in session.speakers:
            spans = calendar.intersect(spans, calendar.available_on_day(self.speakers[speaker_id].availability, day))
        return spans

    def starts(self, session: Session, room_id: str, day: date) -> list[int]:
        """Every start on the grid where the session fits inside the open intervals."""
        grid = self.scenario.edition.granularity_minutes
        out: list[int] = []
        for a, b in self.open_intervals(session, room_id, day):
            first = -(-a // grid) * grid
            out.extend(range(first, b - session.duration_minutes + 1, grid))
        return sorted(set(out))

    # -- what is already booked -------------------------------------------------------------------------------

    def room_free(self, room_id: str, day: date, start: int, end: int) -> bool:
        """No overlap and at least the room's changeover between sessions (rule 3)."""
        gap = self.rooms[room_id][1].changeover
        return all(end + gap <= a or b + gap <= start for a, b in self.room_days[(room_id, day)])

    def speakers_free(self, session: Session, *, venue: str, day: date, start: int, end: int) -> bool:
        """No overlap, enough travel time in both directions, and the daily limit (rule 4)."""
        travel = self.scenario.travel_minutes
        for speaker_id in session.speakers:
            booked = self.speaker_days[(speaker_id, day)]
            limit = self.speakers[speaker_id].max_sessions_per_day or self.daily_cap
            if limit is not None and len(booked) >= limit:
                return False
            for a, b, other in booked:
                if not (end + travel[venue][other] <= a or b + travel[other][venue] <= start):
                    return False
        return True

    def fits(self, session: Session, *, room_id: str, day: date, start: int) -> bool:
        """Whether ``session`` may start at ``start`` on ``day`` in ``room_id`` given everything booked."""
        end = start + session.duration_minutes
        venue = self.rooms[room_id][0].id
        return (
            room_id in self.candidate_rooms(session)
            and start in self.starts(session, room_id, day)
            and self.room_free(room_id, day, start, end)
            and self.speakers_free(session, venue=venue, day=day, start=start, end=end)
        )

    def book(self, session: Session, *, room_id: str, day: date, start: int) -> Slot:
        end = start + session.duration_minutes
        venue = self.rooms[room_id][0].id
        self.room_days[(room_id, day)].append((start, end))
        for speaker_id in session.speakers:
            self.speaker_days[(speaker_id, day)].append((start, end, venue))
        return Slot(session=session.id, room=room_id, venue=venue, day=day, start_minute=start, end_minute=end)


def _place_one(board: Board, session: Session, *, rng: random.Random, max_tries: int) -> Slot | None:
    if session.fixed is not None:
        day, start = session.fixed.start.date(), calendar.minute_of(session.fixed.start)
        if session.fixed.room in board.rooms and board.fits(session, room_id=session.fixed.room, day=day, start=start):
            return board.book(session, room_id=session.fixed.room, day=day, start=start)
        return None
    combos = [
        (room, day) for room in board.candidate_rooms(session) for day in calendar.edition_days(board.scenario.edition)
    ]
    rng.shuffle(combos)
    for room_id, day in combos[:max_tries]:
        starts = board.starts(session, room_id, day)
        rng.shuffle(starts)
        venue = board.rooms[room_id][0].id
        for start in starts:
            end = start + session.duration_minutes
            if board.room_free(room_id, day, start, end) and board.speakers_free(
                session, venue=venue, day=day, start=start, end=end
            ):
                return board.book(session, room_id=room_id, day=day, start=start)
    return None


def greedy_place(
    scenario: Scenario, *, rng: random.Random, daily_cap: int | None = None, max_tries: int = 200
) -> dict[str, Slot]:
    """Place fixed, then mandatory, then the other sessions by priority; the ones that do not fit are left out."""
    board = Board(scenario, daily_cap=daily_cap)
    order = sorted(scenario.sessions, key=lambda s: (s.fixed is None, not s.is_mandatory, -(s.priority or 1)))
    placed = {}
    for session in order:
        slot = _place_one(board, session, rng=rng, max_tries=max_tries)
        if slot is not None:
            placed[session.id] = slot
    return placed


def replay(scenario: Scenario, slots: list[tuple[str, str, datetime]]) -> list[str]:
    """Book ``(session, room, start)`` triples in order; return the sessions whose slot breaks a hard rule.

    Used to tell which part of a previous schedule is still valid after the scenario changed.
    """
    board = Board(scenario)
    sessions = {s.id: s for s in scenario.sessions}
    broken = []
    for session_id, room_id, start in slots:
        session = sessions[session_id]
        day, minute = start.date(), calendar.minute_of(start)
        in_edition = scenario.edition.start_date <= day <= scenario.edition.end_date
        fixed_ok = session.fixed is None or (session.fixed.room == room_id and session.fixed.start == start)
        if in_edition and fixed_ok and board.fits(session, room_id=room_id, day=day, start=minute):
            board.book(session, room_id=room_id, day=day, start=minute)
        else:
            broken.append(session_id)
    return broken
