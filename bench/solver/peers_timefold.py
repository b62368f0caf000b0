"""Peer: Timefold Solver (Python package ``timefold``, a JVM under JPype) on a model of the same rules.

What the model holds (see :mod:`timefold_model`): every hard rule of the spec — rules 1, 2 and availability
through each session's value range (festplan's per-session pruning), rooms with changeover, speakers' overlap
and travel, daily limits, mandatory and fixed sessions; the unplaced weight as the medium score (the planning
variable may stay unassigned); as soft score wasted seats, preferences, stability, audience clashes and
territory coverage. What it leaves out, by choice, and says so in the table: the ``travel`` soft term (it needs
each speaker's sessions in order within a day, which streams only approximate), and starts off the hour
(value ranges keep starts on the hour, plus fixed and previous starts, so that the construction heuristic
stays tractable). The schedule is scored by festplan's checker like every other.
"""

from __future__ import annotations

import threading
from itertools import combinations
from time import perf_counter

from bench.solver.common import peer_schedule, previous_units, unary_soft_cost
from services.scheduler.domain.candidates import Candidates, SessionOptions, compute_candidates
from services.scheduler.domain.solve.greedy import Spot as AxisSpot
from shared.scenario.model import Scenario, Schedule

NAME = "timefold"
#: Most (room, start) values one session may hold; beyond, starts are thinned evenly.
MAX_SPOTS = 800
LIMITS = "starts on the hour only (plus fixed and previous starts); soft term `travel` not modelled"


def _starts(
    options: SessionOptions,
    candidates: Candidates,
    previous: dict[str, tuple[str, int | None]],
) -> list[tuple[int, int]]:
    """(room option index, start) pairs: the hour marks of each allowed range, thinned to MAX_SPOTS."""
    step = max(1, 60 // candidates.axis.unit)
    before = previous.get(options.session.id)
    pairs: list[tuple[int, int]] = []
    for k, option in enumerate(options.rooms):
        for lo, hi in option.starts:
            first = lo + (-lo) % step
            pairs += [(k, s) for s in range(first, hi + 1, step)]
            if lo == hi and first != lo:  # a fixed start off the hour
                pairs.append((k, lo))
    if len(pairs) > MAX_SPOTS:
        stride = -(-len(pairs) // MAX_SPOTS)
        pairs = pairs[::stride]
    if before is not None and before[1] is not None:
        for k, option in enumerate(options.rooms):
            if option.room.id == before[0] and any(lo <= before[1] <= hi for lo, hi in option.starts):
                pairs.append((k, before[1]))
    return sorted(set(pairs))


def build_plan(scenario: Scenario, candidates: Candidates):  # -> timefold_model.Plan
    """The Timefold problem of a scenario."""
    from bench.solver import timefold_model as tm

    axis = candidates.axis
    venue_index = {v.id: i for i, v in enumerate(scenario.venues)}
    territory_index = {name: i for i, name in enumerate(scenario.edition.territories)}
    travel_units = {
        v.id: [axis.ceil_units(scenario.travel_minutes.get(v.id, {}).get(w.id, 0)) for w in scenario.venues]
        for v in scenario.venues
    }
    previous = previous_units(scenario, candidates)
    talks, spot_id = [], 0
    for options in candidates.sessions:
        spots = []
        for k, start in _starts(options, candidates, previous):
            option = options.rooms[k]
            cost = unary_soft_cost(
                options=options, spot=AxisSpot(option, start), candidates=candidates, previous=previous
            )
            spots.append(
                tm.Spot(
                    id=spot_id,
                    room=option.room_index,
                    venue=venue_index[option.venue.id],
                    start=start,
                    end=start + options.duration,
                    busy_until=start + options.duration + axis.ceil_units(option.room.changeover),
                    day=axis.day_index(start),
                    territory=territory_index.get(option.venue.territory or "", -1),
                    cost=cost,
                    travel_units=travel_units[option.venue.id],
                )
            )
            spot_id += 1
        talks.append(
            tm.Talk(
                id=options.index,
                weight=options.session.weight,
                must_place=options.must_place,
                unplace_cost=100 if options.session.id in previous else 0,
                spots=spots,
            )
        )
    limits, clashes = [], []
    speaker_index = {sp.id: i for i, sp in enumerate(scenario.speakers)}
    by_speaker: dict[str, list[int]] = {}
    for options in candidates.sessions:
        for speaker in options.speakers:
            by_speaker.setdefault(speaker.id, []).append(options.index)
            if speaker.max_sessions_per_day is not None:
                limits.append(
                    tm.SpeakerLimit(
                        id=len(limits),
                        speaker=speaker_index[speaker.id],
                        session=options.index,
                        limit=speaker.max_sessions_per_day,
                    )
                )
    shared = {pair for indices in by_speaker.values() for pair in combinations(sorted(set(indices)), 2)}
    pairs = [tm.SpeakerPair(id=i, first=a, second=b) for i, (a, b) in enumerate(sorted(shared))]
    for a, b in combinations(candidates.sessions, 2):
        sa, sb = a.session, b.session
        if sa.audience is not None and sa.audience == sb.audience and sa.theme is not None and sa.theme == sb.theme:
            clashes.append(tm.ClashPair(id=len(clashes), first=a.index, second=b.index))
    territories = [tm.Territory(id=i) for i in range(len(scenario.edition.territories))]
    return tm.Plan(
        territories=territories, speaker_pairs=pairs, speaker_limits=limits, clash_pairs=clashes, talks=talks
    )


def timefold_schedule(scenario: Scenario, *, time_limit: float) -> Schedule:
    """Solve with Timefold: ``time_limit`` seconds of search, after the JVM start and the translation of the model.

    The setup (tens of seconds: JPype starts the JVM and compiles the Python classes and lambdas to Java) is a
    fixed cost unrelated to the search, so it is not taken from the limit; it is reported as ``setup_seconds``.
    """
    began = perf_counter()
    from timefold.solver import SolutionManager, SolverFactory
    from timefold.solver.config import Duration, ScoreDirectorFactoryConfig, SolverConfig, TerminationConfig

    from bench.solver import timefold_model as tm

    candidates = compute_candidates(scenario)
    plan = build_plan(scenario, candidates)
    config = SolverConfig(
        solution_class=tm.Plan,
        entity_class_list=[tm.Talk],
        score_director_factory_config=ScoreDirectorFactoryConfig(constraint_provider_function=tm.constraints),
        termination_config=TerminationConfig(spent_limit=Duration(milliseconds=int(time_limit * 1000))),
    )
    factory = SolverFactory.create(config)
    SolutionManager.create(factory).update(plan)  # compiles the constraint streams now, not inside the search
    solver = factory.build_solver()
    setup = perf_counter() - began
    # Timefold checks its spent limit between steps; a construction step over a large value range can run
    # far past it, so a watchdog asks for the best solution so far once the limit has passed.
    watchdog = threading.Timer(time_limit, solver.terminate_early)
    watchdog.start()
    try:
        solved = solver.solve(plan)
    finally:
        watchdog.cancel()
    searched = perf_counter() - began - setup
    by_index = {o.index: o for o in candidates.sessions}
    spots: dict[int, AxisSpot] = {}
    for talk in solved.talks:
        if talk.spot is None:
            continue
        options = by_index[talk.id]
        option = next(o for o in options.rooms if o.room_index == talk.spot.room)
        spots[talk.id] = AxisSpot(option, talk.spot.start)
    score = solved.score
    return peer_schedule(
        scenario,
        candidates,
        spots,
        name=NAME,
        began=began,
        status="feasible" if score is not None and score.hard_score == 0 else "unknown",
        extra={
            "engine_score": str(score),
            "limits": LIMITS,
            "setup_seconds": round(setup, 3),
            "search_seconds": round(searched, 3),
        },
    )
