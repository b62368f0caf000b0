"""The optimiser's view of variable costs: what placing a session in a venue, or opening a venue on a day, costs.

It is an upper bound of :mod:`schedule_costs` without the nights: each session counts a round trip for each
of its speakers (two sessions of a speaker on one day count two trips), so a schedule whose table cost is
under the cap has planned travel, hire and equipment under the cap too. Nights depend on sequences of days
per speaker and are left to the planned costs computed on publication.

The table is plain JSON so that a run stores the very figures it was solved with.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.budget.domain.schedule_costs import Rules, trip_cents


@dataclass(frozen=True, slots=True)
class SessionFacts:
    code: str
    kind: str | None
    speakers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VenueFacts:
    code: str
    point: tuple[float, float] | None
    rooms: tuple[str, ...]


def cost_table(rules: Rules, *, sessions: list[SessionFacts], venues: list[VenueFacts]) -> dict[str, object]:
    """``{"travel": {session: {venue: cents}}, "equipment": {session: cents}, "hire": {venue: cents per day},
    "rooms": {room: venue}}``, zero entries left out."""
    travel: dict[str, dict[str, int]] = {}
    for s in sessions:
        row = {}
        for v in venues:
            cents = sum(trip_cents(rules, rules.homes[sp], v.point) for sp in s.speakers if sp in rules.homes)
            if cents:
                row[v.code] = cents
        if row:
            travel[s.code] = row
    equipment = {s.code: rules.equipment[s.kind] for s in sessions if s.kind and rules.equipment.get(s.kind)}
    hire = {v.code: rules.venue_hire[v.code] for v in venues if rules.venue_hire.get(v.code)}
    rooms = {room: v.code for v in venues for room in v.rooms}
    return {"travel": travel, "equipment": equipment, "hire": hire, "rooms": rooms}
