"""Pruning before the model: per session, the rooms and start times that break no per-session hard rule.

Rules 1 and 2 of the spec, and the speakers' availability (rule 4), depend on one session alone, so they are
settled here, once, instead of inside CP-SAT: a session keeps the rooms whose venue is allowed, whose capacity
and features fit, and, per venue, the starts (on one integer time axis) that lie inside the edition, the
venue's opening, the audience's windows, its own windows and every speaker's availability. A session with no
candidate left never enters the model; the :class:`Blocker` records say why, for :mod:`explain`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import gcd

from shared.scenario.calendar import available_on_day, daily_intervals, edition_days, intersect, ranges_on_day
from shared.scenario.model import Room, Scenario, Session, Speaker, Venue

MINUTES_PER_DAY = 24 * 60
Ranges = tuple[tuple[int, int], ...]  # sorted, disjoint, inclusive ranges of start units


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """One integer time axis: ``unit`` minutes per step, counted from the edition's first midnight."""

    first_day: date
    day_count: int
    unit: int
    granularity: int

    @classmethod
    def of(cls, scenario: Scenario) -> TimeAxis:
        grid = scenario.edition.granularity_minutes
        days = edition_days(scenario.edition)
        return cls(
            first_day=scenario.edition.start_date,
            day_count=len(days),
            unit=gcd(grid, MINUTES_PER_DAY),
            granularity=grid,
        )

    @property
    def per_day(self) -> int:
        return MINUTES_PER_DAY // self.unit

    @property
    def horizon(self) -> int:
        return self.day_count * self.per_day

    def ceil_units(self, minutes: int) -> int:
        """Gaps (changeover, travel) rounded up: every start and end sits on the unit grid."""
        return -(-max(minutes, 0) // self.unit)

    def to_datetime(self, units: int) -> datetime:
        return datetime.combine(self.first_day, time()) + timedelta(minutes=units * self.unit)

    def from_datetime(self, value: datetime) -> int | None:
        """Units of ``value``, or ``None`` when it is off the axis's grid."""
        minutes = int((value - datetime.combine(self.first_day, time())).total_seconds()) // 60
        return minutes // self.unit if minutes % self.unit == 0 else None

    def day_index(self, units: int) -> int:
        return units // self.per_day

    def date_of(self, day_index: int) -> date:
        return self.first_day + timedelta(days=day_index)

    def index_of(self, day: date) -> int | None:
        offset = (day - self.first_day).days
        return offset if 0 <= offset < self.day_count else None


@dataclass(frozen=True, slots=True)
class Blocker:
    """One reason a session cannot be placed, as data: ``kind`` plus what the words need."""

    kind: str
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RoomOption:
    """A room a session may take, and the starts (ranges of units) allowed there."""

    room_index: int
    room: Room
    venue: Venue
    starts: Ranges

    @property
    def first_start(self) -> int:
        return self.starts[0][0]


@dataclass(slots=True)
class SessionOptions:
    """Everything the model needs to know about one session after pruning."""

    index: int
    session: Session
    duration: int  # in units
    speakers: list[Speaker]
    rooms: list[RoomOption] = field(default_factory=list)
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def placeable(self) -> bool:
        return bool(self.rooms)

    @property
    def must_place(self) -> bool:
        """Mandatory and fixed sessions must both be placed (a fixed session unplaced is not where fixed)."""
        return self.session.is_mandatory or self.session.fixed is not None

    def venue_ids(self) -> list[str]:
        return list(dict.fromkeys(o.venue.id for o in self.rooms))

    def starts_of_venue(self, venue_id: str) -> Ranges:
        return next(o.starts for o in self.rooms if o.venue.id == venue_id)

    def days(self, axis: TimeAxis) -> list[int]:
        """Candidate day indices, sorted."""
        found: set[int] = set()
        for venue_id in self.venue_ids():
            for lo, hi in self.starts_of_venue(venue_id):
                found.update(range(axis.day_index(lo), axis.day_index(hi) + 1))
        return sorted(found)

    def start_count(self) -> int:
        return sum(hi - lo + 1 for o in self.rooms for lo, hi in o.starts)


@dataclass(slots=True)
class Candidates:
    """The pruned problem: the time axis and every session's options, in scenario order."""

    axis: TimeAxis
    sessions: list[SessionOptions]
    venue_of_room: dict[str, Venue]

    def placeable(self) -> list[SessionOptions]:
        return [s for s in self.sessions if s.placeable]


# --- time constraints as per-day minute ranges ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeConstraint:
    """One source of allowed times for a session (edition, own windows, audience, a speaker, an opening)."""

    kind: str
    ref: str | None

    def on_day(self, *, scenario: Scenario, session: Session, venue: Venue, day: date) -> list[tuple[int, int]]:
        edition = scenario.edition
        if self.kind == "windows":
            return ranges_on_day(session.windows, day)
        if self.kind == "audience":
            return daily_intervals(edition, edition.audience_windows[session.audience or ""], day)
        if self.kind == "speaker":
            speaker = next(sp for sp in scenario.speakers if sp.id == self.ref)
            return available_on_day(speaker.availability, day)
        if self.kind == "opening":
            return daily_intervals(edition, venue.opening, day)
        raise ValueError(self.kind)


def time_constraints(scenario: Scenario, session: Session, speakers: list[Speaker]) -> list[TimeConstraint]:
    """The constraints that restrict a session's times, the venue's opening last."""
    out = []
    if session.windows is not None:
        out.append(TimeConstraint("windows", None))
    if session.audience is not None and session.audience in scenario.edition.audience_windows:
        out.append(TimeConstraint("audience", session.audience))
    out += [TimeConstraint("speaker", sp.id) for sp in speakers if sp.availability is not None]
    out.append(TimeConstraint("opening", None))
    return out


def start_ranges(
    *, scenario: Scenario, axis: TimeAxis, session: Session, venue: Venue, constraints: list[TimeConstraint]
) -> Ranges:
    """Allowed starts (units) of ``session`` at ``venue`` under ``constraints``: inside all of them, on the grid."""
    duration, grid = session.duration_minutes, axis.granularity
    out: list[tuple[int, int]] = []
    for index, day in enumerate(edition_days(scenario.edition)):
        allowed = [(0, MINUTES_PER_DAY)]
        for constraint in constraints:
            allowed = intersect(allowed, constraint.on_day(scenario=scenario, session=session, venue=venue, day=day))
            if not allowed:
                break
        base = index * axis.per_day
        for lo, hi in allowed:
            first = -(-lo // grid) * grid
            last = ((hi - duration) // grid) * grid
            if last < first:
                continue
            if grid == axis.unit:
                out.append((base + first // axis.unit, base + last // axis.unit))
            else:
                out += [(base + m // axis.unit, base + m // axis.unit) for m in range(first, last + 1, grid)]
    return tuple(out)


def minimal_conflict(
    *, scenario: Scenario, axis: TimeAxis, session: Session, venue: Venue, constraints: list[TimeConstraint]
) -> list[TimeConstraint]:
    """A smallest-by-deletion subset of ``constraints`` that already leaves no start (why there is no time)."""
    kept = list(constraints)
    for constraint in list(constraints):
        trial = [c for c in kept if c is not constraint]
        if not start_ranges(scenario=scenario, axis=axis, session=session, venue=venue, constraints=trial):
            kept = trial
    return kept


# --- rooms ---------------------------------------------------------------------------------------------------


def room_blocker(scenario: Scenario, session: Session) -> Blocker:
    """Why no room fits physically: no allowed venue, or capacity and features out of reach."""
    allowed = [v for v in scenario.venues if session.allowed_venues is None or v.id in session.allowed_venues]
    rooms = [r for v in allowed for r in v.rooms]
    if not rooms:
        return Blocker("no_venue", {"allowed": list(session.allowed_venues or [])})
    features = list(session.required_features or [])
    with_features = [r for r in rooms if set(features) <= set(r.features)]
    return Blocker(
        "rooms",
        {
            "capacity": session.attendance,
            "features": features,
            "largest": max((r.capacity for r in with_features), default=None),
            "venues": [v.name for v in allowed],
            "all_venues": session.allowed_venues is None,
        },
    )


def physical_rooms(scenario: Scenario, session: Session) -> list[tuple[int, Venue, Room]]:
    """Rooms of allowed venues with enough seats and every required feature (rule 1)."""
    needed = set(session.required_features or [])
    return [
        (index, venue, room)
        for index, (venue, room) in enumerate(scenario.rooms())
        if (session.allowed_venues is None or venue.id in session.allowed_venues)
        and room.capacity >= session.attendance
        and needed <= set(room.features)
    ]


def session_speakers(scenario: Scenario, session: Session) -> list[Speaker]:
    """The session's speakers, each once, in scenario order (a speaker listed twice is one person)."""
    wanted = set(session.speakers)
    return [sp for sp in scenario.speakers if sp.id in wanted]


def session_options(*, scenario: Scenario, axis: TimeAxis, index: int, session: Session) -> SessionOptions:
    """Prune one session: physical rooms, then allowed starts per venue (a fixed session: its one placement)."""
    speakers = session_speakers(scenario, session)
    duration = session.duration_minutes
    options = SessionOptions(index=index, session=session, duration=duration // axis.unit, speakers=speakers)
    if duration <= 0 or duration % axis.granularity or duration > MINUTES_PER_DAY:
        options.blockers.append(Blocker("duration", {"duration": duration, "granularity": axis.granularity}))
        return options
    constraints = time_constraints(scenario, session, speakers)
    if session.fixed is not None:
        fix_options(options, scenario=scenario, axis=axis, constraints=constraints)
        return options
    rooms = physical_rooms(scenario, session)
    if not rooms:
        options.blockers.append(room_blocker(scenario, session))
        return options
    per_venue: dict[str, Ranges] = {}
    for _, venue, _ in rooms:
        if venue.id not in per_venue:
            per_venue[venue.id] = start_ranges(
                scenario=scenario, axis=axis, session=session, venue=venue, constraints=constraints
            )
    options.rooms = [RoomOption(i, room, venue, per_venue[venue.id]) for i, venue, room in rooms if per_venue[venue.id]]
    if not options.rooms:
        for venue in {v.id: v for _, v, _ in rooms}.values():
            conflict = minimal_conflict(
                scenario=scenario, axis=axis, session=session, venue=venue, constraints=constraints
            )
            options.blockers.append(Blocker("time", {"venue": venue, "conflict": conflict}))
    return options


def fix_options(
    options: SessionOptions, *, scenario: Scenario, axis: TimeAxis, constraints: list[TimeConstraint]
) -> None:
    """A fixed session has one option, its fixed room and start, unless that placement itself breaks a rule."""
    session = options.session
    fixed = session.fixed
    assert fixed is not None
    problems: list[str] = []
    found = next(((i, v, r) for i, (v, r) in enumerate(scenario.rooms()) if r.id == fixed.room), None)
    unit = axis.from_datetime(fixed.start)
    if found is None:
        problems.append("unknown_room")
    else:
        _, venue, room = found
        if session.allowed_venues is not None and venue.id not in session.allowed_venues:
            problems.append("venue_not_allowed")
        if room.capacity < session.attendance:
            problems.append("capacity")
        if not set(session.required_features or []) <= set(room.features):
            problems.append("features")
        minute = fixed.start.hour * 60 + fixed.start.minute
        if unit is None or minute % axis.granularity:
            problems.append("off_grid")
        elif not 0 <= unit < axis.horizon:
            problems.append("outside_edition")
        else:
            for constraint in constraints:
                allowed = constraint.on_day(scenario=scenario, session=session, venue=venue, day=fixed.start.date())
                if not any(lo <= minute and minute + session.duration_minutes <= hi for lo, hi in allowed):
                    problems.append(constraint.kind if constraint.kind != "speaker" else f"speaker:{constraint.ref}")
            if minute + session.duration_minutes > MINUTES_PER_DAY:
                problems.append("midnight")
    if problems:
        options.blockers.append(Blocker("fixed", {"room_id": fixed.room, "start": fixed.start, "problems": problems}))
        return
    assert found is not None
    assert unit is not None
    index, venue, room = found
    options.rooms = [RoomOption(index, room, venue, ((unit, unit),))]


def compute_candidates(scenario: Scenario) -> Candidates:
    """Prune every session of the scenario."""
    axis = TimeAxis.of(scenario)
    sessions = [
        session_options(scenario=scenario, axis=axis, index=i, session=s) for i, s in enumerate(scenario.sessions)
    ]
    venue_of_room = {room.id: venue for venue, room in scenario.rooms()}
    return Candidates(axis=axis, sessions=sessions, venue_of_room=venue_of_room)
