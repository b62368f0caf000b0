"""The published programme as plain data: what every page, feed and export is rendered from (no I/O here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

#: Room features a member of the public filters on, in the order the form shows them.
ACCESSIBILITY_FEATURES = ("wheelchair", "hearing_loop", "sign_language", "easy_read")
#: Kinds of sessions the scenario format names; other strings are shown as they are.
KINDS = ("conference", "round_table", "workshop", "showroom", "social")


@dataclass(frozen=True, slots=True)
class VenueItem:
    """A venue as the public sees it (its contact phone is for staff documents only)."""

    code: str
    name: str
    commune: str | None
    territory: str | None
    address: str | None
    postal_code: str | None
    lat: float | None
    lon: float | None
    contact_name: str | None = None
    contact_phone: str | None = None

    def map_url(self) -> str | None:
        """An OpenStreetMap link centred on the venue, or None without coordinates."""
        if self.lat is None or self.lon is None:
            return None
        return f"https://www.openstreetmap.org/?mlat={self.lat:.5f}&mlon={self.lon:.5f}#map=17/{self.lat:.5f}/{self.lon:.5f}"


@dataclass(frozen=True, slots=True)
class RoomItem:
    code: str
    name: str
    capacity: int
    features: tuple[str, ...]
    changeover_minutes: int
    venue_code: str


@dataclass(frozen=True, slots=True)
class PersonItem:
    """A speaker or a partner; ``phone`` and ``email`` never reach a public page."""

    code: str
    name: str
    phone: str | None = None
    email: str | None = None
    id: int = 0


@dataclass(frozen=True, slots=True)
class ProgrammeSession:
    """One placed session of the published version, with everything shown about it."""

    code: str
    proposal_id: int
    title: str
    description: str | None
    kind: str | None
    audience: str | None
    theme: str | None
    start: datetime
    end: datetime
    room: RoomItem
    venue: VenueItem
    speakers: tuple[PersonItem, ...]
    partner: PersonItem | None
    accessibility_note: str | None
    setup_minutes: int
    #: How many published versions moved this session (the iCalendar SEQUENCE).
    sequence: int

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def capacity(self) -> int:
        return self.room.capacity

    @property
    def accessibility(self) -> tuple[str, ...]:
        """The accessibility features of the room the session takes place in, in the form's order."""
        return tuple(f for f in ACCESSIBILITY_FEATURES if f in self.room.features)

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class Programme:
    """The latest published version of one edition, sessions sorted by start, venue and room."""

    edition_id: int
    edition_code: str
    edition_name: str
    timezone: str
    start_date: date
    end_date: date
    version_number: int
    published_at: datetime
    sessions: tuple[ProgrammeSession, ...]
    venues: Mapping[str, VenueItem]
    speakers: Mapping[str, PersonItem]
    partners: Mapping[str, PersonItem]
    #: Identifies the content (version and last edit of a session): the base of ETags and caches.
    stamp: str = ""
    _by_code: dict[str, ProgrammeSession] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_code.update({s.code: s for s in self.sessions})

    def session(self, code: str) -> ProgrammeSession | None:
        return self._by_code.get(code)

    def edition_days(self) -> list[date]:
        """Every day of the edition, from its first to its last."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=i) for i in range(max(count, 0))]

    def of_venue(self, code: str) -> list[ProgrammeSession]:
        return [s for s in self.sessions if s.venue.code == code]

    def of_speaker(self, code: str) -> list[ProgrammeSession]:
        return [s for s in self.sessions if any(p.code == code for p in s.speakers)]

    def of_partner(self, code: str) -> list[ProgrammeSession]:
        return [s for s in self.sessions if s.partner is not None and s.partner.code == code]

    def choices(self) -> FilterChoices:
        """The values the filter form offers: only those the programme actually holds."""
        return FilterChoices(
            communes=sorted({s.venue.commune for s in self.sessions if s.venue.commune}),
            territories=sorted({s.venue.territory for s in self.sessions if s.venue.territory}),
            venues=sorted({s.venue.code: s.venue for s in self.sessions}.values(), key=lambda v: v.name),
            audiences=sorted({s.audience for s in self.sessions if s.audience}),
            kinds=sorted({s.kind for s in self.sessions if s.kind}, key=_kind_order),
            days=sorted({s.day for s in self.sessions}),
        )


def _kind_order(kind: str) -> tuple[int, str]:
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


@dataclass(frozen=True, slots=True)
class FilterChoices:
    communes: list[str]
    territories: list[str]
    venues: list[VenueItem]
    audiences: list[str]
    kinds: list[str]
    days: list[date]


@dataclass(frozen=True, slots=True)
class Filters:
    """What a visitor asked for in the programme's form; an empty field filters nothing."""

    day: date | None = None
    commune: str | None = None
    territory: str | None = None
    venue: str | None = None
    audience: str | None = None
    kind: str | None = None
    accessibility: tuple[str, ...] = ()

    def active(self) -> bool:
        return any((self.day, self.commune, self.territory, self.venue, self.audience, self.kind, self.accessibility))

    def keeps(self, item: ProgrammeSession) -> bool:
        """True when ``item`` matches every field that is set (accessibility: every feature asked for)."""
        return (
            (self.day is None or item.day == self.day)
            and (not self.commune or item.venue.commune == self.commune)
            and (not self.territory or item.venue.territory == self.territory)
            and (not self.venue or item.venue.code == self.venue)
            and (not self.audience or item.audience == self.audience)
            and (not self.kind or item.kind == self.kind)
            and all(f in item.room.features for f in self.accessibility)
        )


def parse_filters(params: Mapping[str, str], accessibility: Iterable[str]) -> Filters:
    """Filters from a query string; unknown or malformed values are ignored rather than refused."""
    day: date | None = None
    raw_day = (params.get("jour") or "").strip()
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            day = None
    wanted = tuple(f for f in ACCESSIBILITY_FEATURES if f in set(accessibility))
    return Filters(
        day=day,
        commune=(params.get("commune") or "").strip() or None,
        territory=(params.get("interco") or "").strip() or None,
        venue=(params.get("lieu") or "").strip() or None,
        audience=(params.get("public") or "").strip() or None,
        kind=(params.get("type") or "").strip() or None,
        accessibility=wanted,
    )


@dataclass(frozen=True, slots=True)
class DayGroup:
    day: date
    sessions: list[ProgrammeSession]


def by_day(sessions: Iterable[ProgrammeSession]) -> list[DayGroup]:
    """Sessions grouped by day, days and sessions in order."""
    groups: dict[date, list[ProgrammeSession]] = {}
    for item in sorted(sessions, key=lambda s: (s.start, s.venue.name, s.room.name)):
        groups.setdefault(item.day, []).append(item)
    return [DayGroup(day=d, sessions=items) for d, items in sorted(groups.items())]


def slot_sequences(history: Iterable[Mapping[str, tuple[str, datetime, datetime]]]) -> dict[str, int]:
    """For each session, how many versions (after the one where it first appeared) changed its room or times.

    ``history`` is the published versions in order, each a mapping session code → (room, start, end).
    A session that disappears and later comes back counts as changed when it comes back elsewhere.
    """
    sequences: dict[str, int] = {}
    last: dict[str, tuple[str, datetime, datetime]] = {}
    for version in history:
        for code, slot in version.items():
            if code in last and last[code] != slot:
                sequences[code] = sequences.get(code, 0) + 1
            sequences.setdefault(code, 0)
            last[code] = slot
    return sequences


def seats_left(capacity: int, taken: int) -> int:
    """Seats still free in a room (never negative, even if the room shrank after registrations)."""
    return max(capacity - taken, 0)
