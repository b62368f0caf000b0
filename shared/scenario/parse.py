"""Read and validate scenario and schedule documents of format 1 into the dataclasses of ``model``.

Validation stops at the first problem, in document order, and raises :class:`FormatError` naming its JSON
path (``$.sessions[3].windows[0].start``). Optional keys that are absent stay ``None`` (or are listed in
``absent_keys``) so that ``dump_scenario(parse_scenario(doc)) == doc`` for every valid document whose
objects carry no unknown keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.scenario.model import (
    DAY_SETS,
    SCENARIO_FORMAT,
    DateRange,
    DayWindow,
    Edition,
    Partner,
    Placement,
    PreviousAssignment,
    Room,
    Scenario,
    Session,
    Speaker,
    TimeRange,
    Venue,
)
from shared.scenario.reading import (
    FormatError,
    Reader,
    a_date,
    a_datetime,
    any_text,
    boolean,
    child,
    expect_dict,
    hhmm,
    integer,
    list_of,
    load_json,
    new_id,
    number,
    one_of,
    read_object,
    reference,
    text,
    top_object,
)
from shared.scenario.schedule_parse import load_schedule, parse_schedule

__all__ = ["FormatError", "load_scenario", "load_schedule", "parse_scenario", "parse_schedule"]

TOP_LEVEL_KEYS = ("format", "edition", "venues", "travel_minutes", "speakers", "partners", "sessions", "previous")
EDITION_OPTIONAL = ("timezone", "granularity_minutes", "school_holidays", "audience_windows", "territories")
DEFAULT_GRANULARITY = 15


@dataclass
class _Ids:
    """Ids seen so far, so that references can be checked as soon as they are read."""

    venues: set[str] = field(default_factory=set)
    rooms: set[str] = field(default_factory=set)
    speakers: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)
    sessions: set[str] = field(default_factory=set)


def load_scenario(path: Path) -> Scenario:
    """Read a scenario file; a JSON syntax error becomes a FormatError at ``$`` (file errors propagate)."""
    return parse_scenario(load_json(path))


def parse_scenario(doc: object) -> Scenario:
    """Validate a decoded scenario document and build its :class:`Scenario`."""
    top = top_object(doc, format_name=SCENARIO_FORMAT, keys=TOP_LEVEL_KEYS)
    for key in TOP_LEVEL_KEYS[1:-1]:
        if key not in top:
            raise FormatError(child("$", key), "clé obligatoire absente / missing required key")

    ids = _Ids()
    edition = _edition(top["edition"], "$.edition")
    grid = edition.granularity_minutes
    venues = list_of(_venue_reader(ids, grid))(top["venues"], "$.venues")
    travel = _travel(top["travel_minutes"], "$.travel_minutes", [v.id for v in venues])
    speakers = list_of(_speaker_reader(ids, grid))(top["speakers"], "$.speakers")
    partners = list_of(_partner_reader(ids))(top["partners"], "$.partners")
    sessions = list_of(_session_reader(ids, grid))(top["sessions"], "$.sessions")
    previous = None
    if "previous" in top:
        previous = list_of(_previous_reader(ids, grid, seen=set()))(top["previous"], "$.previous")
    return Scenario(
        edition=edition,
        venues=venues,
        travel_minutes=travel,
        speakers=speakers,
        partners=partners,
        sessions=sessions,
        previous=previous,
    )


# --- edition ---------------------------------------------------------------------------------------------------


def _time_range(grid: int) -> Reader:
    def read(value: object, path: str) -> TimeRange:
        got = read_object(value, path, {"start": a_datetime(grid), "end": a_datetime(grid)}, ("start", "end"))
        if got["end"] <= got["start"]:
            raise FormatError(child(path, "end"), "la fin doit suivre le début / end must be after start")
        return TimeRange(start=got["start"], end=got["end"])

    return read


def _date_range(value: object, path: str) -> DateRange:
    got = read_object(value, path, {"start": a_date, "end": a_date}, ("start", "end"))
    if got["end"] < got["start"]:
        raise FormatError(child(path, "end"), "la fin précède le début / end is before start")
    return DateRange(start=got["start"], end=got["end"])


def _day_window(grid: int) -> Reader:
    fields = {
        "days": one_of(DAY_SETS),
        "from": hhmm(granularity=grid, allow_24=False),
        "to": hhmm(granularity=grid, allow_24=True),
    }

    def read(value: object, path: str) -> DayWindow:
        got = read_object(value, path, fields, ("days", "from", "to"))
        if got["to"] <= got["from"]:
            raise FormatError(child(path, "to"), "« to » doit suivre « from » / 'to' must be after 'from'")
        return DayWindow(days=got["days"], start_minute=got["from"], end_minute=got["to"])

    return read


def _timezone(value: object, path: str) -> str:
    name = text(value, path)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FormatError(path, f"fuseau horaire {name!r} inconnu / unknown time zone") from None
    return name


def _audience_windows(grid: int) -> Reader:
    windows = list_of(_day_window(grid))

    def read(value: object, path: str) -> dict[str, list[DayWindow]]:
        out = {}
        for key, raw in expect_dict(value, path).items():
            if not key.strip():
                raise FormatError(child(path, key), "public vide / empty audience name")
            out[key] = windows(raw, child(path, key))
        return out

    return read


def _edition(value: object, path: str) -> Edition:
    grid_reader = integer(minimum=1, maximum=1440)
    grid = DEFAULT_GRANULARITY
    if isinstance(value, dict) and "granularity_minutes" in value:  # read first: the windows depend on it
        grid = grid_reader(value["granularity_minutes"], child(path, "granularity_minutes"))
        if 1440 % grid:
            raise FormatError(child(path, "granularity_minutes"), "doit diviser 1440 / must divide 1440")
    fields: dict[str, Reader] = {
        "id": text,
        "name": text,
        "start_date": a_date,
        "end_date": a_date,
        "timezone": _timezone,
        "granularity_minutes": grid_reader,
        "school_holidays": list_of(_date_range),
        "audience_windows": _audience_windows(grid),
        "territories": list_of(text, unique=True),
    }
    got = read_object(value, path, fields, ("id", "name", "start_date", "end_date"))
    if got["end_date"] < got["start_date"]:
        raise FormatError(child(path, "end_date"), "la fin précède le début / end is before start")
    absent = frozenset(k for k in EDITION_OPTIONAL if k not in got)
    return Edition(**got, absent_keys=absent)


# --- venues, travel, people ------------------------------------------------------------------------------------


def _room_reader(ids: _Ids) -> Reader:
    fields: dict[str, Reader] = {
        "id": new_id(ids.rooms),
        "name": text,
        "capacity": integer(minimum=0),
        "features": list_of(text),
        "changeover_minutes": integer(minimum=0, maximum=1440),
    }

    def read(value: object, path: str) -> Room:
        got = read_object(value, path, fields, ("id", "name", "capacity"))
        return Room(**got, absent_keys=frozenset({"features"} - got.keys()))

    return read


def _venue_reader(ids: _Ids, grid: int) -> Reader:
    fields: dict[str, Reader] = {
        "id": new_id(ids.venues),
        "name": text,
        "commune": text,
        "territory": text,
        "lat": number(minimum=-90, maximum=90),
        "lon": number(minimum=-180, maximum=180),
        "opening": list_of(_day_window(grid)),
        "rooms": list_of(_room_reader(ids)),
    }

    def read(value: object, path: str) -> Venue:
        return Venue(**read_object(value, path, fields, ("id", "name", "rooms")))

    return read


def _travel(value: object, path: str, venue_ids: list[str]) -> dict[str, dict[str, int]]:
    """A complete square matrix over the venue ids: integers ≥ 0, 0 on the diagonal."""
    known = set(venue_ids)
    minutes = integer(minimum=0)
    out: dict[str, dict[str, int]] = {}
    for origin, raw_row in expect_dict(value, path).items():
        row_path = child(path, origin)
        if origin not in known:
            raise FormatError(row_path, f"lieu {origin!r} inexistant / unknown venue id")
        row: dict[str, int] = {}
        for target, raw in expect_dict(raw_row, row_path).items():
            cell_path = child(row_path, target)
            if target not in known:
                raise FormatError(cell_path, f"lieu {target!r} inexistant / unknown venue id")
            row[target] = minutes(raw, cell_path)
            if target == origin and row[target] != 0:
                raise FormatError(cell_path, "la diagonale doit valoir 0 / diagonal must be 0")
        for target in venue_ids:
            if target not in row:
                raise FormatError(child(row_path, target), "trajet manquant / missing travel time")
        out[origin] = row
    for origin in venue_ids:
        if origin not in out:
            raise FormatError(child(path, origin), "ligne de trajets manquante / missing travel row")
    return out


def _speaker_reader(ids: _Ids, grid: int) -> Reader:
    fields: dict[str, Reader] = {
        "id": new_id(ids.speakers),
        "name": text,
        "email": any_text,
        "availability": list_of(_time_range(grid)),
        "max_sessions_per_day": integer(minimum=1),
    }

    def read(value: object, path: str) -> Speaker:
        return Speaker(**read_object(value, path, fields, ("id", "name")))

    return read


def _partner_reader(ids: _Ids) -> Reader:
    fields: dict[str, Reader] = {"id": new_id(ids.partners), "name": text, "email": any_text}

    def read(value: object, path: str) -> Partner:
        return Partner(**read_object(value, path, fields, ("id", "name")))

    return read


# --- sessions and the previous schedule ------------------------------------------------------------------------


def _placement(ids: _Ids, grid: int) -> Reader:
    fields = {"room": reference(ids.rooms, "salle"), "start": a_datetime(grid)}

    def read(value: object, path: str) -> Placement | None:
        if value is None:
            return None
        got = read_object(value, path, fields, ("room", "start"))
        return Placement(room=got["room"], start=got["start"])

    return read


def _session_reader(ids: _Ids, grid: int) -> Reader:
    venues = list_of(reference(ids.venues, "lieu"), unique=True)
    fields: dict[str, Reader] = {
        "id": new_id(ids.sessions),
        "title": text,
        "kind": text,
        "partner": reference(ids.partners, "partenaire"),
        "speakers": list_of(reference(ids.speakers, "intervenant"), unique=True),
        "duration_minutes": integer(minimum=grid, maximum=1440, multiple_of=grid),
        "expected_attendance": integer(minimum=0),
        "audience": text,
        "theme": text,
        "required_features": list_of(text),
        "allowed_venues": venues,
        "preferred_venues": venues,
        "preferred_dates": list_of(a_date),
        "windows": list_of(_time_range(grid)),
        "priority": integer(minimum=1, maximum=3),
        "mandatory": boolean,
        "fixed": _placement(ids, grid),
    }

    def read(value: object, path: str) -> Session:
        got = read_object(value, path, fields, ("id", "title", "duration_minutes"))
        present = "fixed" in got
        return Session(**got, fixed_key_present=present, absent_keys=frozenset({"speakers"} - got.keys()))

    return read


def _previous_reader(ids: _Ids, grid: int, *, seen: set[str]) -> Reader:
    fields = {
        "session": reference(ids.sessions, "session"),
        "room": reference(ids.rooms, "salle"),
        "start": a_datetime(grid),
    }

    def read(value: object, path: str) -> PreviousAssignment:
        got = read_object(value, path, fields, ("session", "room", "start"))
        if got["session"] in seen:
            raise FormatError(child(path, "session"), "session déjà placée / session listed twice")
        seen.add(got["session"])
        return PreviousAssignment(**got)

    return read
