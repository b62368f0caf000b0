"""Types of scenario-format 1. Optional keys keep ``None`` for "absent" so that a document round-trips.

Times are kept as the spec writes them (naive local wall-clock ``datetime`` / ``date`` / ``time``);
the edition's time zone only matters when festplan talks to calendars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

SCENARIO_FORMAT = "festplan-scenario/1"
SCHEDULE_FORMAT = "festplan-schedule/1"
DAY_SETS = ("all", "weekdays", "weekend", "school_days", "holidays")
KNOWN_KINDS = ("conference", "round_table", "workshop", "showroom", "social")
UNPLACED_UNIT = 1000


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive range of dates (school holidays)."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class DayWindow:
    """Daily hours on a set of days: ``{"days": "weekdays", "from": "09:00", "to": "18:00"}``.

    ``to`` may be 24:00, kept as ``None`` is not allowed: we store minutes since midnight instead.
    """

    days: str
    start_minute: int
    end_minute: int


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Half-open range of local date-times ``[start, end)``."""

    start: datetime
    end: datetime


@dataclass(slots=True)
class Room:
    id: str
    name: str
    capacity: int
    features: list[str] = field(default_factory=list)
    changeover_minutes: int | None = None
    #: Optional keys this object's document left out (kept only so that the file round-trips; see parse.py).
    absent_keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def changeover(self) -> int:
        return self.changeover_minutes or 0


@dataclass(slots=True)
class Venue:
    id: str
    name: str
    commune: str | None = None
    territory: str | None = None
    lat: float | None = None
    lon: float | None = None
    opening: list[DayWindow] | None = None
    rooms: list[Room] = field(default_factory=list)


@dataclass(slots=True)
class Speaker:
    id: str
    name: str
    email: str | None = None
    availability: list[TimeRange] | None = None
    max_sessions_per_day: int | None = None


@dataclass(slots=True)
class Partner:
    id: str
    name: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a session is (or must be): a room and a start."""

    room: str
    start: datetime


@dataclass(slots=True)
class Session:
    id: str
    title: str
    duration_minutes: int
    kind: str | None = None
    partner: str | None = None
    speakers: list[str] = field(default_factory=list)
    expected_attendance: int | None = None
    audience: str | None = None
    theme: str | None = None
    required_features: list[str] | None = None
    allowed_venues: list[str] | None = None
    preferred_venues: list[str] | None = None
    preferred_dates: list[date] | None = None
    windows: list[TimeRange] | None = None
    priority: int | None = None
    mandatory: bool | None = None
    fixed: Placement | None = None
    #: True when the document wrote ``"fixed": null`` (kept only so that the file round-trips).
    fixed_key_present: bool = False
    #: Optional keys this object's document left out (kept only so that the file round-trips; see parse.py).
    absent_keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def weight(self) -> int:
        """What leaving this session unplaced costs: 1000 × priority."""
        return UNPLACED_UNIT * (self.priority or 1)

    @property
    def is_mandatory(self) -> bool:
        return bool(self.mandatory)

    @property
    def attendance(self) -> int:
        return self.expected_attendance or 0


@dataclass(slots=True)
class Edition:
    id: str
    name: str
    start_date: date
    end_date: date
    timezone: str = "Europe/Paris"
    granularity_minutes: int = 15
    school_holidays: list[DateRange] = field(default_factory=list)
    audience_windows: dict[str, list[DayWindow]] = field(default_factory=dict)
    territories: list[str] = field(default_factory=list)
    #: Optional keys this object's document left out (kept only so that the file round-trips; see parse.py).
    absent_keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(slots=True)
class PreviousAssignment:
    session: str
    room: str
    start: datetime


@dataclass(slots=True)
class Scenario:
    edition: Edition
    venues: list[Venue]
    travel_minutes: dict[str, dict[str, int]]
    speakers: list[Speaker]
    partners: list[Partner]
    sessions: list[Session]
    previous: list[PreviousAssignment] | None = None

    def rooms(self) -> list[tuple[Venue, Room]]:
        """Every room with its venue, in document order."""
        return [(v, r) for v in self.venues for r in v.rooms]


@dataclass(slots=True)
class Assignment:
    session: str
    room: str
    start: datetime
    end: datetime


@dataclass(slots=True)
class Unplaced:
    session: str
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Score:
    hard_violations: int
    unplaced_weight: int
    soft_penalty: int
    #: Points per soft term (``travel``, ``venue_preference``, …), when the writer gives them.
    soft_terms: dict[str, int] | None = None


@dataclass(slots=True)
class Schedule:
    scenario_edition: str
    status: str
    assignments: list[Assignment]
    unplaced: list[Unplaced]
    score: Score | None = None
    bound: dict[str, int] | None = None
    solver: dict[str, object] | None = None
