"""The planned costs the schedule decides: speakers' travel and nights, venue hire per opened day, equipment.

Distances: road distance between communes = great-circle distance × :data:`ROAD_FACTOR` (1.3, the factor
``shared.scenario.geography`` already uses for the travel times between venues; festplan has no road
distances from a speaker's home, only venue-to-venue travel minutes). A commune's point is its venue's in
the catalogue, or the entry of :data:`OTHER_COMMUNES` for homes outside it.

The rules, per speaker (pure functions over plain dataclasses):

* days on which a speaker has sessions are grouped in *stays*: consecutive days when the speaker lives far
  (more than ``far_km`` by road from the farthest venue of the day), single days otherwise (they go home);
* each stay is one round trip home → farthest venue of the stay → home, reimbursed at ``km_rate_cents`` per
  km, or the speaker's fixed amount per trip when one is set (a train fare, say);
* a far speaker sleeps one night between two consecutive days of a stay, and one more when the last day
  ends at or after ``late_minute`` (no way home that evening);
* a hired venue costs its daily rate for each day it holds at least one session; a session kind costs the
  equipment it needs once per session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.scenario.geography import PLACES, ROAD_FACTOR

#: Homes outside the venues' communes (lat, lon), for speakers who come from further away.
OTHER_COMMUNES: dict[str, tuple[float, float]] = {
    "Paris": (48.8566, 2.3522),
    "Lyon": (45.7640, 4.8357),
    "Saint-Étienne": (45.4397, 4.3872),
    "Vichy": (46.1277, 3.4259),
    "Montluçon": (46.3401, 2.6034),
    "Moulins": (46.5646, 3.3326),
    "Le Puy-en-Velay": (45.0434, 3.8858),
    "Aurillac": (44.9264, 2.4397),
    "Chamalières": (45.7742, 3.0670),
    "Cournon-d'Auvergne": (45.7354, 3.1967),
    "Aubière": (45.7510, 3.1110),
    "Beaumont": (45.7520, 3.0830),
    "Pont-du-Château": (45.7980, 3.2480),
    "Volvic": (45.8720, 3.0390),
}


def commune_point(commune: str) -> tuple[float, float] | None:
    """Where a commune is: a catalogue venue's point, or :data:`OTHER_COMMUNES`; ``None`` when unknown."""
    for place in PLACES:
        if place.commune == commune:
            return place.lat, place.lon
    return OTHER_COMMUNES.get(commune)


def road_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Road distance ≈ haversine (Earth radius 6371 km) × :data:`ROAD_FACTOR`."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h)) * ROAD_FACTOR


@dataclass(frozen=True, slots=True)
class Home:
    commune: str
    point: tuple[float, float] | None
    #: A fixed amount per round trip instead of the rate per km.
    flat_cents: int | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    """The edition's rates (all TTC cents)."""

    km_rate_cents: int
    night_cents: int
    far_km: int
    late_minute: int
    venue_hire: dict[str, int] = field(default_factory=dict)
    equipment: dict[str, int] = field(default_factory=dict)
    homes: dict[str, Home] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlacedSession:
    code: str
    kind: str | None
    venue: str
    venue_point: tuple[float, float] | None
    day: date
    end_minute: int
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedCost:
    """One cost the schedule implies; ``key`` is stable across publications so the item is updated in place."""

    key: str
    category: str
    ttc_cents: int
    label: str
    speaker: str | None = None
    venue: str | None = None
    session: str | None = None


def trip_cents(rules: Rules, home: Home, venue_point: tuple[float, float] | None) -> int:
    """One round trip from home to a venue: the fixed amount, or 2 × road km × rate rounded to the cent."""
    if home.flat_cents is not None:
        return home.flat_cents
    if home.point is None or venue_point is None:
        return 0
    return round(2 * road_km(home.point, venue_point) * rules.km_rate_cents)


def _is_far(rules: Rules, home: Home, point: tuple[float, float] | None) -> bool:
    if home.point is None or point is None:
        return home.flat_cents is not None
    return road_km(home.point, point) > rules.far_km


def speaker_costs(rules: Rules, speaker: str, sessions: list[PlacedSession]) -> list[PlannedCost]:
    """Travel and nights of one speaker over the sessions they give."""
    home = rules.homes.get(speaker)
    if home is None or not sessions:
        return []
    by_day: dict[date, list[PlacedSession]] = {}
    for s in sessions:
        by_day.setdefault(s.day, []).append(s)
    far_days = {day for day, given in by_day.items() if any(_is_far(rules, home, s.venue_point) for s in given)}
    stays: list[list[date]] = []
    for day in sorted(by_day):
        previous = day - timedelta(days=1)
        if day in far_days and previous in far_days and stays and stays[-1][-1] == previous:
            stays[-1].append(day)  # far from home two days running: they stay over
        else:
            stays.append([day])
    costs: list[PlannedCost] = []
    for stay in stays:
        visited = [s for d in stay for s in by_day[d]]
        farthest = max(visited, key=lambda s: trip_cents(rules, home, s.venue_point))
        trip = trip_cents(rules, home, farthest.venue_point)
        first = stay[0].isoformat()
        if trip:
            costs.append(
                PlannedCost(
                    key=f"travel:{speaker}:{first}",
                    category="travel",
                    ttc_cents=trip,
                    label=f"Déplacement {home.commune} ↔ {farthest.venue} ({first}, {len(stay)} j)",
                    speaker=speaker,
                    venue=farthest.venue,
                )
            )
        if not any(_is_far(rules, home, s.venue_point) for s in visited):
            continue
        nights = list(stay[:-1])
        last = stay[-1]
        if max(s.end_minute for s in by_day[last]) >= rules.late_minute:
            nights.append(last)
        for night in nights:
            costs.append(
                PlannedCost(
                    key=f"night:{speaker}:{night.isoformat()}",
                    category="accommodation",
                    ttc_cents=rules.night_cents,
                    label=f"Nuitée du {night.strftime('%d/%m/%Y')}",
                    speaker=speaker,
                )
            )
    return costs


def schedule_costs(rules: Rules, sessions: list[PlacedSession]) -> list[PlannedCost]:
    """Every planned cost the schedule implies, in a stable order (by key)."""
    costs: list[PlannedCost] = []
    per_speaker: dict[str, list[PlacedSession]] = {}
    opened: set[tuple[str, date]] = set()
    for s in sessions:
        for speaker in s.speakers:
            per_speaker.setdefault(speaker, []).append(s)
        opened.add((s.venue, s.day))
        equipment = rules.equipment.get(s.kind or "", 0)
        if equipment:
            costs.append(
                PlannedCost(
                    key=f"equipment:{s.code}",
                    category="equipment",
                    ttc_cents=equipment,
                    label=f"Matériel ({s.kind}) — {s.code}",
                    session=s.code,
                    venue=s.venue,
                )
            )
    for venue, day in opened:
        hire = rules.venue_hire.get(venue, 0)
        if hire:
            costs.append(
                PlannedCost(
                    key=f"hire:{venue}:{day.isoformat()}",
                    category="venue_hire",
                    ttc_cents=hire,
                    label=f"Location {venue} le {day.strftime('%d/%m/%Y')}",
                    venue=venue,
                )
            )
    for speaker, given in per_speaker.items():
        costs.extend(speaker_costs(rules, speaker, given))
    return sorted(costs, key=lambda c: c.key)
