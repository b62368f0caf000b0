"""First-fit placement: the solver's starting hint (and the benchmark's greedy baseline's core).

Sessions are taken fixed first, then at their previous (or hinted) place when that still holds, then
mandatory ones, then by priority and fewest options; each goes to the first (room, start) that breaks no hard
rule given what is already placed. Starts come from :mod:`candidates`, so rules 1–2 and availability hold by
construction; the :class:`Board` checks rooms (rule 3) and speakers (rule 4) incrementally.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from services.scheduler.domain.candidates import Candidates, RoomOption, SessionOptions
from shared.scenario.model import Scenario, Speaker

#: How many (room, start) pairs one session may try before the greedy gives up on it.
TRY_LIMIT = 20_000


@dataclass(frozen=True, slots=True)
class Spot:
    """Where one session goes: a room option and a start (units)."""

    option: RoomOption
    start: int


@dataclass(frozen=True, slots=True)
class Conflict:
    """Why a spot is taken: ``room`` (busy or changeover), ``overlap``, ``travel`` or ``limit`` (speaker)."""

    kind: str
    other: int | None = None  # the session index in the way
    speaker: Speaker | None = None
    minutes: int = 0


@dataclass(slots=True)
class Board:
    """What is placed so far, indexed for the room and speaker checks."""

    candidates: Candidates
    travel: dict[str, dict[str, int]]
    rooms: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)  # (start, end + changeover, index)
    speakers: dict[str, list[tuple[int, int, str, int]]] = field(default_factory=dict)  # (start, end, venue, index)
    spots: dict[int, Spot] = field(default_factory=dict)

    def room_conflict(self, option: RoomOption, start: int, duration: int) -> tuple[int, int] | None:
        """The (end + changeover, index) of a session in the way in this room, if any."""
        end = start + duration + self.candidates.axis.ceil_units(option.room.changeover)
        for other_start, other_end, index in self.rooms.get(option.room_index, []):
            if other_start >= end:
                break
            if start < other_end:
                return other_end, index
        return None

    def speaker_conflict(self, speaker: Speaker, *, venue_id: str, start: int, duration: int) -> Conflict | None:
        """Daily limit, overlap, then travel from the previous and to the next session of that day."""
        axis = self.candidates.axis
        day = axis.day_index(start)
        todays = [b for b in self.speakers.get(speaker.id, []) if axis.day_index(b[0]) == day]
        if speaker.max_sessions_per_day is not None and len(todays) >= speaker.max_sessions_per_day:
            return Conflict("limit", speaker=speaker, minutes=speaker.max_sessions_per_day)
        end = start + duration
        for other_start, other_end, _, index in todays:
            if other_start < end and start < other_end:
                return Conflict("overlap", other=index, speaker=speaker)
        earlier = [b for b in todays if b[0] < start]
        later = [b for b in todays if b[0] > start]
        if earlier:
            other_start, other_end, other_venue, index = earlier[-1]
            minutes = self.travel.get(other_venue, {}).get(venue_id, 0)
            if start - other_end < axis.ceil_units(minutes):
                return Conflict("travel", other=index, speaker=speaker, minutes=minutes)
        if later:
            other_start, _, other_venue, index = later[0]
            minutes = self.travel.get(venue_id, {}).get(other_venue, 0)
            if other_start - end < axis.ceil_units(minutes):
                return Conflict("travel", other=index, speaker=speaker, minutes=minutes)
        return None

    def conflict(self, options: SessionOptions, spot: Spot) -> Conflict | None:
        """The first reason ``spot`` cannot take the session now, or ``None``."""
        busy = self.room_conflict(spot.option, spot.start, options.duration)
        if busy is not None:
            return Conflict("room", other=busy[1])
        for speaker in options.speakers:
            found = self.speaker_conflict(
                speaker, venue_id=spot.option.venue.id, start=spot.start, duration=options.duration
            )
            if found is not None:
                return found
        return None

    def place(self, options: SessionOptions, spot: Spot) -> None:
        end = spot.start + options.duration
        changeover = self.candidates.axis.ceil_units(spot.option.room.changeover)
        insort(self.rooms.setdefault(spot.option.room_index, []), (spot.start, end + changeover, options.index))
        for speaker in options.speakers:
            insort(self.speakers.setdefault(speaker.id, []), (spot.start, end, spot.option.venue.id, options.index))
        self.spots[options.index] = spot

    def remove(self, options: SessionOptions) -> Spot:
        """Take a placed session off the board (the repair moves sessions); its former spot."""
        spot = self.spots.pop(options.index)
        room = self.rooms[spot.option.room_index]
        room[:] = [entry for entry in room if entry[2] != options.index]
        for speaker in options.speakers:
            booked = self.speakers[speaker.id]
            booked[:] = [entry for entry in booked if entry[3] != options.index]
        return spot


def spot_of(options: SessionOptions, *, room_id: str, start: datetime, candidates: Candidates) -> Spot | None:
    """The candidate spot matching a (room, start) written in a file, if it is one."""
    unit = candidates.axis.from_datetime(start)
    option = next((o for o in options.rooms if o.room.id == room_id), None)
    if option is None or unit is None or not any(lo <= unit <= hi for lo, hi in option.starts):
        return None
    return Spot(option, unit)


def spots_in_order(options: SessionOptions, candidates: Candidates) -> Iterator[Spot]:
    """Preferred venues and cheapest rooms first; within a room, preferred dates first, then time order."""
    session = options.session
    preferred_venues = set(session.preferred_venues or [])
    wanted = {candidates.axis.index_of(d) for d in session.preferred_dates or []}
    rooms = sorted(
        options.rooms, key=lambda o: (bool(preferred_venues) and o.venue.id not in preferred_venues, o.room.capacity)
    )
    per_day = candidates.axis.per_day
    for option in rooms:
        for preferred_pass in (True, False) if wanted else (False,):
            for lo, hi in option.starts:
                start = lo
                while start <= hi:
                    if not wanted or ((start // per_day) in wanted) == preferred_pass:
                        yield Spot(option, start)
                    start += 1


def first_fit(board: Board, options: SessionOptions) -> Spot | None:
    """The first spot free for this session, skipping over busy stretches of a room."""
    tried = 0
    skip_until: dict[int, int] = {}
    for spot in spots_in_order(options, board.candidates):
        if spot.start < skip_until.get(spot.option.room_index, -1):
            continue
        tried += 1
        if tried > TRY_LIMIT:
            return None
        busy = board.room_conflict(spot.option, spot.start, options.duration)
        if busy is not None:
            skip_until[spot.option.room_index] = busy[0]
            continue
        if board.conflict(options, spot) is None:
            return spot
    return None


def greedy_spots(
    scenario: Scenario,
    candidates: Candidates,
    *,
    seeds: dict[str, tuple[str, datetime]] | None = None,
    best_fit: bool = False,
) -> dict[int, Spot]:
    """Place what first-fit can; ``seeds`` (session id → room id, start) are tried first, where still valid.

    With ``best_fit`` each session takes, among the first free start of every (room, day), the one that adds
    least to the soft penalty (a better hint for the solver; the plain first-fit is the benchmark's baseline).
    """
    board = Board(candidates=candidates, travel=scenario.travel_minutes)
    placeable = candidates.placeable()
    seeds = dict(seeds or {})
    for entry in scenario.previous or []:
        seeds.setdefault(entry.session, (entry.room, entry.start))
    for options in [o for o in placeable if o.session.fixed is not None]:
        spot = Spot(options.rooms[0], options.rooms[0].first_start)
        if board.conflict(options, spot) is None:
            board.place(options, spot)
    for options in placeable:
        seed = seeds.get(options.session.id)
        if options.index in board.spots or seed is None:
            continue
        spot = spot_of(options, room_id=seed[0], start=seed[1], candidates=candidates)
        if spot is not None and board.conflict(options, spot) is None:
            board.place(options, spot)
    rest = [o for o in placeable if o.index not in board.spots and o.session.fixed is None]
    rest.sort(key=lambda o: (not o.session.is_mandatory, -o.session.weight, o.start_count(), o.index))
    for options in rest:
        spot = cheapest_fit(board, options, scenario) if best_fit else first_fit(board, options)
        if spot is not None:
            board.place(options, spot)
    return board.spots


def first_free_per_day(board: Board, options: SessionOptions) -> Iterator[Spot]:
    """For every room and day, the earliest start free of room and speaker conflicts."""
    per_day = board.candidates.axis.per_day
    for option in options.rooms:
        done: set[int] = set()
        for lo, hi in option.starts:
            start = lo
            while start <= hi:
                day = start // per_day
                if day in done:
                    start = (day + 1) * per_day
                    continue
                busy = board.room_conflict(option, start, options.duration)
                if busy is not None:
                    start = max(start + 1, busy[0])
                    continue
                if board.conflict(options, Spot(option, start)) is None:
                    done.add(day)
                    yield Spot(option, start)
                    start = (day + 1) * per_day
                    continue
                start += 1


def cheapest_fit(board: Board, options: SessionOptions, scenario: Scenario) -> Spot | None:
    """The free spot (first start of each room and day) that adds least to the soft penalty."""
    context = CostContext.of(board, options, scenario)
    best: tuple[int, int, Spot] | None = None
    for spot in first_free_per_day(board, options):
        cost = context.cost(spot)
        if best is None or (cost, spot.start) < best[:2]:
            best = (cost, spot.start, spot)
    return best[2] if best else None


@dataclass(slots=True)
class CostContext:
    """What the soft penalty of one more session depends on, gathered once per session."""

    board: Board
    options: SessionOptions
    scenario: Scenario
    same_group: list[tuple[int, int]]
    uncovered: set[str]
    previous: list[tuple[str, int]]

    @classmethod
    def of(cls, board: Board, options: SessionOptions, scenario: Scenario) -> CostContext:
        s = options.session
        same_group = []
        if s.audience is not None and s.theme is not None:
            for index, spot in board.spots.items():
                other = board.candidates.sessions[index]
                if (other.session.audience, other.session.theme) == (s.audience, s.theme):
                    same_group.append((spot.start, spot.start + other.duration))
        covered = {spot.option.venue.territory for spot in board.spots.values()}
        uncovered = {t for t in scenario.edition.territories if t not in covered}
        axis = board.candidates.axis
        previous = [(p.room, axis.from_datetime(p.start) or -1) for p in scenario.previous or [] if p.session == s.id]
        return cls(board, options, scenario, same_group, uncovered, previous)

    def cost(self, spot: Spot) -> int:
        """Soft points this spot adds (territory newly covered counts negative)."""
        s, venue, axis = self.options.session, spot.option.venue, self.board.candidates.axis
        end = spot.start + self.options.duration
        cost = (spot.option.room.capacity - s.attendance) // 10
        cost += 20 if s.preferred_venues and venue.id not in s.preferred_venues else 0
        day = axis.date_of(axis.day_index(spot.start))
        cost += 20 if s.preferred_dates and day not in s.preferred_dates else 0
        cost += 30 * sum(1 for lo, hi in self.same_group if lo < end and spot.start < hi)
        cost -= 200 * sum(1 for t in self.scenario.edition.territories if t in self.uncovered and t == venue.territory)
        for room_id, unit in self.previous:
            if unit < 0 or axis.day_index(unit) != axis.day_index(spot.start):
                cost += 100
            elif unit != spot.start:
                cost += 40
            elif room_id != spot.option.room.id:
                cost += 30
        travel = self.board.travel
        for speaker in self.options.speakers:
            todays = [
                b for b in self.board.speakers.get(speaker.id, []) if axis.day_index(b[0]) == axis.day_index(spot.start)
            ]
            before = [b for b in todays if b[0] < spot.start]
            after = [b for b in todays if b[0] > spot.start]
            if before:
                cost += travel.get(before[-1][2], {}).get(venue.id, 0)
            if after:
                cost += travel.get(venue.id, {}).get(after[0][2], 0)
            if before and after:
                cost -= travel.get(before[-1][2], {}).get(after[0][2], 0)
        return cost
