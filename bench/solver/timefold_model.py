"""Timefold Solver's model of the spec, in constraint streams (hard: the spec's rules; medium: unplaced weight;
soft: the terms that constraint streams express without a sequence of sessions).

The classes must live at module level: Timefold translates them (and the lambdas below) to Java classes.
Times are integers on festplan's time axis (units of minutes from the edition's first midnight).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from timefold.solver.domain import (
    PlanningEntityCollectionProperty,
    PlanningId,
    PlanningScore,
    PlanningVariable,
    ProblemFactCollectionProperty,
    ValueRangeProvider,
    planning_entity,
    planning_solution,
)
from timefold.solver.score import (
    ConstraintCollectors,
    ConstraintFactory,
    HardMediumSoftScore,
    Joiners,
    constraint_provider,
)


@dataclass
class Spot:
    """One (room, start) a session may take, with what the constraints need precomputed."""

    id: Annotated[int, PlanningId]
    room: int
    venue: int
    start: int
    end: int
    #: end + the room's changeover (units): the room is busy until then.
    busy_until: int
    day: int
    territory: int
    #: wasted seats + preferences + stability of this session at this spot.
    cost: int
    #: travel minutes (in units, rounded up) from this spot's venue to every venue, by venue index.
    travel_units: list[int]


@dataclass
class Territory:
    id: Annotated[int, PlanningId]


@dataclass
class SpeakerPair:
    """Two sessions that share a speaker (their relative placement is constrained)."""

    id: Annotated[int, PlanningId]
    first: int
    second: int


@dataclass
class SpeakerLimit:
    """A speaker with a daily limit, and one of their sessions."""

    id: Annotated[int, PlanningId]
    speaker: int
    session: int
    limit: int


@dataclass
class ClashPair:
    """Two sessions with the same audience and theme (30 points when their times overlap)."""

    id: Annotated[int, PlanningId]
    first: int
    second: int


@planning_entity
@dataclass
class Talk:
    """One session of the scenario; its spot is ``None`` when unplaced."""

    id: Annotated[int, PlanningId]
    weight: int
    must_place: bool
    #: 100 when this session was placed in ``previous`` (unplacing it costs stability).
    unplace_cost: int
    spots: Annotated[list[Spot], ValueRangeProvider(id="spots")] = field(default_factory=list)
    spot: Annotated[Spot | None, PlanningVariable(value_range_provider_refs=["spots"], allows_unassigned=True)] = None


@planning_solution
@dataclass
class Plan:
    territories: Annotated[list[Territory], ProblemFactCollectionProperty]
    speaker_pairs: Annotated[list[SpeakerPair], ProblemFactCollectionProperty]
    speaker_limits: Annotated[list[SpeakerLimit], ProblemFactCollectionProperty]
    clash_pairs: Annotated[list[ClashPair], ProblemFactCollectionProperty]
    talks: Annotated[list[Talk], PlanningEntityCollectionProperty]
    score: Annotated[HardMediumSoftScore | None, PlanningScore] = None


@constraint_provider
def constraints(factory: ConstraintFactory) -> list:
    return [
        room_conflict(factory),
        speaker_conflict(factory),
        speaker_daily_limit(factory),
        must_place(factory),
        unplaced_weight(factory),
        unary_soft(factory),
        unplaced_stability(factory),
        audience_clash(factory),
        territory_coverage(factory),
    ]


def room_conflict(factory: ConstraintFactory):
    """Rule 3: one room, overlapping or closer than the changeover."""
    return (
        factory.for_each_unique_pair(
            Talk,
            Joiners.equal(lambda t: t.spot.room),
            Joiners.overlapping(lambda t: t.spot.start, lambda t: t.spot.busy_until),
        )
        .penalize(HardMediumSoftScore.ONE_HARD)
        .as_constraint("room conflict")
    )


def _speaker_clash(a: Talk, b: Talk) -> bool:
    """Same day, and overlapping or without the travel time between venues (either order)."""
    x, y = a.spot, b.spot
    if x.day != y.day:
        return False
    if x.start <= y.start:
        return y.start < x.end + x.travel_units[y.venue]
    return x.start < y.end + y.travel_units[x.venue]


def speaker_conflict(factory: ConstraintFactory):
    """Rule 4: a speaker's sessions overlap, or follow each other without the travel time."""
    return (
        factory.for_each(SpeakerPair)
        .join(Talk, Joiners.equal(lambda p: p.first, lambda t: t.id))
        .join(Talk, Joiners.equal(lambda p, a: p.second, lambda t: t.id))
        .filter(lambda p, a, b: _speaker_clash(a, b))
        .penalize(HardMediumSoftScore.ONE_HARD)
        .as_constraint("speaker conflict")
    )


def speaker_daily_limit(factory: ConstraintFactory):
    """Rule 4: more sessions on one day than the speaker's ``max_sessions_per_day``."""
    return (
        factory.for_each(SpeakerLimit)
        .join(Talk, Joiners.equal(lambda lim: lim.session, lambda t: t.id))
        .group_by(
            lambda lim, t: lim.speaker,
            lambda lim, t: t.spot.day,
            lambda lim, t: lim.limit,
            ConstraintCollectors.count_bi(),
        )
        .filter(lambda speaker, day, limit, count: count > limit)
        .penalize(HardMediumSoftScore.ONE_HARD, lambda speaker, day, limit, count: count - limit)
        .as_constraint("speaker daily limit")
    )


def must_place(factory: ConstraintFactory):
    """Rule 5: a mandatory or fixed session left unplaced."""
    return (
        factory.for_each_including_unassigned(Talk)
        .filter(lambda t: t.must_place and t.spot is None)
        .penalize(HardMediumSoftScore.ONE_HARD)
        .as_constraint("must place")
    )


def unplaced_weight(factory: ConstraintFactory):
    return (
        factory.for_each_including_unassigned(Talk)
        .filter(lambda t: t.spot is None)
        .penalize(HardMediumSoftScore.ONE_MEDIUM, lambda t: t.weight)
        .as_constraint("unplaced weight")
    )


def unary_soft(factory: ConstraintFactory):
    """Wasted seats, venue and date preferences, stability of a moved session (precomputed per spot)."""
    return (
        factory.for_each(Talk)
        .filter(lambda t: t.spot.cost > 0)
        .penalize(HardMediumSoftScore.ONE_SOFT, lambda t: t.spot.cost)
        .as_constraint("unary soft")
    )


def unplaced_stability(factory: ConstraintFactory):
    return (
        factory.for_each_including_unassigned(Talk)
        .filter(lambda t: t.spot is None and t.unplace_cost > 0)
        .penalize(HardMediumSoftScore.ONE_SOFT, lambda t: t.unplace_cost)
        .as_constraint("stability unplaced")
    )


def audience_clash(factory: ConstraintFactory):
    return (
        factory.for_each(ClashPair)
        .join(Talk, Joiners.equal(lambda p: p.first, lambda t: t.id))
        .join(Talk, Joiners.equal(lambda p, a: p.second, lambda t: t.id))
        .filter(lambda p, a, b: a.spot.start < b.spot.end and b.spot.start < a.spot.end)
        .penalize(HardMediumSoftScore.of_soft(30))
        .as_constraint("audience clash")
    )


def territory_coverage(factory: ConstraintFactory):
    return (
        factory.for_each(Territory)
        .if_not_exists(Talk, Joiners.equal(lambda terr: terr.id, lambda t: t.spot.territory))
        .penalize(HardMediumSoftScore.of_soft(200))
        .as_constraint("territory")
    )
