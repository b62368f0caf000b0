"""The soft terms of the score, each computed on its own from the effective placement, in integers."""

from __future__ import annotations

from itertools import pairwise

from services.scheduler.domain.checker.hard import by_day, overlaps, speakers_sessions, travel_minutes
from services.scheduler.domain.checker.placement import Placed
from shared.scenario.model import Scenario, Session

#: The keys of ``soft_terms``, in the spec's order: the checker's and the model's (which reports its terms under them).
SOFT_TERMS = (
    "travel",
    "venue_preference",
    "date_preference",
    "audience_clash",
    "territory",
    "wasted_seats",
    "stability",
)
PREFERENCE_POINTS = 20
CLASH_POINTS = 30
TERRITORY_POINTS = 200
STABILITY_DATE, STABILITY_TIME, STABILITY_ROOM, STABILITY_DROPPED = 100, 40, 30, 100


def travel(scenario: Scenario, placements: list[Placed]) -> int:
    """Minutes travelled by every speaker between consecutive sessions of a day (sorted by start, then id)."""
    total = 0
    for _, mine in speakers_sessions(scenario, placements):
        for todays in by_day(mine).values():
            for a, b in pairwise(todays):
                total += travel_minutes(scenario, a.venue.id, b.venue.id)
    return total


def venue_preference(placements: list[Placed]) -> int:
    return sum(
        PREFERENCE_POINTS
        for p in placements
        if p.session.preferred_venues and p.venue.id not in p.session.preferred_venues
    )


def date_preference(placements: list[Placed]) -> int:
    return sum(
        PREFERENCE_POINTS
        for p in placements
        if p.session.preferred_dates and p.start.date() not in p.session.preferred_dates
    )


def audience_clash(placements: list[Placed]) -> int:
    """30 per pair of overlapping sessions aimed at the same audience on the same theme (both known)."""
    total = 0
    for i, a in enumerate(placements):
        for b in placements[i + 1 :]:
            same_audience = a.session.audience is not None and a.session.audience == b.session.audience
            same_theme = a.session.theme is not None and a.session.theme == b.session.theme
            if same_audience and same_theme and overlaps(a, b):
                total += CLASH_POINTS
    return total


def territory(scenario: Scenario, placements: list[Placed]) -> int:
    """200 per entry of the edition's territories where nothing is placed."""
    reached = {p.venue.territory for p in placements}
    return sum(TERRITORY_POINTS for t in scenario.edition.territories if t not in reached)


def wasted_seats(placements: list[Placed]) -> int:
    """⌊(capacity − attendance) / 10⌋ per placed session, Python floor division."""
    return sum((p.room.capacity - p.session.attendance) // 10 for p in placements)


def stability(scenario: Scenario, placements: list[Placed]) -> int:
    """How far the published schedule moved: date 100, else start time 40, else room 30; dropped 100."""
    known = {s.id for s in scenario.sessions}
    now = {p.id: p for p in placements}
    total = 0
    for before in scenario.previous or []:
        if before.session not in known:
            continue
        p = now.get(before.session)
        if p is None:
            total += STABILITY_DROPPED
        elif p.start.date() != before.start.date():
            total += STABILITY_DATE
        elif p.start.time() != before.start.time():
            total += STABILITY_TIME
        elif p.room.id != before.room:
            total += STABILITY_ROOM
    return total


def soft_terms(scenario: Scenario, placements: list[Placed]) -> dict[str, int]:
    """Every soft term, keyed as in the spec's table."""
    return {
        "travel": travel(scenario, placements),
        "venue_preference": venue_preference(placements),
        "date_preference": date_preference(placements),
        "audience_clash": audience_clash(placements),
        "territory": territory(scenario, placements),
        "wasted_seats": wasted_seats(placements),
        "stability": stability(scenario, placements),
    }


def unplaced_weight(unplaced: list[Session]) -> int:
    """Σ 1000 × priority over the sessions that are not placed."""
    return sum(s.weight for s in unplaced)
