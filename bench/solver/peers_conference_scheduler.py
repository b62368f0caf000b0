"""Peer: the ``conference-scheduler`` package (PyPI, PuLP/CBC), on what its model can say.

Its model: a list of ``Slot`` (a room, a start, a length, a capacity), a list of ``Event`` (a length, a demand,
unavailabilities); an event goes into one slot at most one event per slot, never into a slot it is unavailable
for or too short for, never concurrently with an event it is unavailable with (our shared speakers). We map:

* slots — each room gets, each day, a fixed grid of non-overlapping slots, as the package's users lay out a
  programme: alternately three blocks (10:00 3 h, 14:00 4 h, 18:30 2 h 30) or a long day (10:00 8 h, 18:30
  2 h 30); a fixed session gets its own slot and the grid slots it overlaps are dropped;
* events — a session is unavailable for a slot whose room or start breaks rules 1–2 or its speakers'
  availability (festplan's per-session pruning gives the allowed starts, so venue opening per day is kept);
  sessions sharing a speaker are mutually unavailable (no two in concurrent slots).

What it cannot model and is therefore left out (the checker then finds the schedule invalid when it matters):
travel time between venues, speakers' daily limits, starts other than the grid's, the soft terms that depend
on pairs (travel, audience clashes, territories). Two changes to its LP, documented: "every event exactly once"
becomes "at most once" with the unplaced weight in the objective (otherwise any instance where not everything
fits is infeasible), and the objective is ours (unplaced weight, then wasted seats, preferences, stability —
all linear per (event, slot)). Its dense constraint builders enumerate events × slots (and events² per pair
of concurrent slots) in Python, which does not finish at 150 sessions; the same constraint families are
therefore written over the available (event, slot) pairs only.
"""

from __future__ import annotations

import warnings
from time import perf_counter

import pulp
from conference_scheduler.lp_problem.utils import lpsum
from conference_scheduler.resources import Event, Slot

from bench.solver.common import peer_schedule, previous_units, unary_soft_cost
from services.scheduler.domain.candidates import Candidates, RoomOption, SessionOptions, compute_candidates
from services.scheduler.domain.solve.greedy import Spot
from shared.scenario.model import Scenario, Schedule

NAME = "conference-scheduler"
#: Daily grids, in (start minute, length minutes); a room alternates between them day by day.
LAYOUTS = (((600, 180), (840, 240), (1110, 150)), ((600, 480), (1110, 150)))
#: What makes leaving a mandatory or fixed session unplaced far worse than anything else.
MUST_PLACE_PENALTY = 1_000_000
LIMITS = "fixed slot grid; travel, daily limits and pair soft terms not modelled"


def grid_slots(scenario: Scenario, candidates: Candidates) -> tuple[list[Slot], list[tuple[int, int]]]:
    """Every slot (the package's type) and, for each, (room index, start unit) on festplan's time axis."""
    axis = candidates.axis
    fixed: dict[int, list[tuple[int, int]]] = {}
    for options in candidates.sessions:
        if options.session.fixed is not None and options.rooms:
            option = options.rooms[0]
            fixed.setdefault(option.room_index, []).append((option.first_start, options.duration))
    slots, where = [], []
    for room_index, (_venue, room) in enumerate(scenario.rooms()):
        changeover = axis.ceil_units(room.changeover)
        for day in range(axis.day_count):
            base = day * axis.per_day
            layout = LAYOUTS[(room_index + day) % len(LAYOUTS)]
            wanted = [(base + m // axis.unit, length // axis.unit) for m, length in layout]
            pinned = [(s, d) for s, d in fixed.get(room_index, []) if axis.day_index(s) == day]
            kept = [
                (s, d)
                for s, d in wanted
                if all(s + d + changeover <= ps or ps + pd + changeover <= s for ps, pd in pinned)
            ]
            previous_end = None
            for start, length in sorted(kept + pinned):
                if previous_end is not None and start < previous_end + changeover:
                    continue
                previous_end = start + length
                slots.append(
                    Slot(
                        venue=room.id,
                        starts_at=axis.to_datetime(start),
                        duration=length * axis.unit,
                        capacity=room.capacity,
                        session=f"{axis.date_of(day)}:{start - base}",
                    )
                )
                where.append((room_index, start))
    return slots, where


def _available(options: SessionOptions, room_index: int, start: int, length_units: int) -> RoomOption | None:
    """The room option under which this session may start in this slot, if it may."""
    if options.duration > length_units:
        return None
    for option in options.rooms:
        if option.room_index == room_index and any(lo <= start <= hi for lo, hi in option.starts):
            return option
    return None


def conference_scheduler_schedule(scenario: Scenario, *, time_limit: float, threads: int = 2) -> Schedule:
    """Solve the package's (sparse) LP with CBC for at most ``time_limit`` seconds."""
    began = perf_counter()
    candidates = compute_candidates(scenario)
    axis = candidates.axis
    slots, where = grid_slots(scenario, candidates)
    events = [
        Event(
            name=o.session.id,
            duration=o.session.duration_minutes,
            demand=o.session.attendance,
            tags=list(o.session.speakers),
        )
        for o in candidates.sessions
    ]
    previous = previous_units(scenario, candidates)
    problem = pulp.LpProblem("conference_scheduler", pulp.LpMinimize)
    x: dict[tuple[int, int], pulp.LpVariable] = {}
    option_of: dict[tuple[int, int], RoomOption] = {}
    cost: dict[tuple[int, int], int] = {}
    for options in candidates.sessions:
        for j, (room_index, start) in enumerate(where):
            option = _available(options, room_index, start, slots[j].duration // axis.unit)
            if option is None:
                continue
            key = (options.index, j)
            x[key] = problem.add_variable(f"x_{options.index}_{j}", cat=pulp.LpBinary)
            option_of[key] = option
            cost[key] = unary_soft_cost(
                options=options, spot=Spot(option, start), candidates=candidates, previous=previous
            )
    per_event: dict[int, list[tuple[int, int]]] = {}
    per_slot: dict[int, list[tuple[int, int]]] = {}
    for key in x:
        per_event.setdefault(key[0], []).append(key)
        per_slot.setdefault(key[1], []).append(key)
    reward = {}
    for options in candidates.sessions:
        weight = options.session.weight + (MUST_PLACE_PENALTY if options.must_place else 0)
        weight += 100 if options.session.id in previous else 0  # stability: unplacing a published session
        reward[options.index] = weight
        if options.index in per_event:
            problem += lpsum(x[k] for k in per_event[options.index]) <= 1, f"event_{options.index}_at_most_once"
    for j, keys in per_slot.items():
        if len(keys) > 1:
            problem += lpsum(x[k] for k in keys) <= 1, f"slot_{j}_one_event"
    _add_speaker_concurrency(problem, x=x, candidates=candidates, slots=slots, where=where)
    problem += lpsum((cost[k] - reward[k[0]]) * v for k, v in x.items())
    build = perf_counter() - began
    with warnings.catch_warnings():  # PuLP 3.3 deprecates its bundled CBC for 4.0; it is still the one shipped
        warnings.simplefilter("ignore", DeprecationWarning)
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1.0, time_limit - build), threads=threads)
    problem.solve(solver)
    spots = {k[0]: Spot(option_of[k], where[k[1]][1]) for k, v in x.items() if (v.value() or 0) > 0.5}
    solved = problem.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    status = pulp.LpSolution.get(problem.sol_status, str(problem.sol_status))
    return peer_schedule(
        scenario,
        candidates,
        spots if solved else {},
        name=NAME,
        began=began,
        status="feasible" if solved else "unknown",
        extra={
            "engine_status": status,
            "limits": LIMITS,
            "variables": len(x),
            "slots": len(slots),
            "events": len(events),
        },
    )


def _add_speaker_concurrency(
    problem: pulp.LpProblem,
    *,
    x: dict[tuple[int, int], pulp.LpVariable],
    candidates: Candidates,
    slots: list[Slot],
    where: list[tuple[int, int]],
) -> None:
    """Events sharing a speaker are never in concurrent slots: one clique per speaker and slot start."""
    spans = [
        (start, start + slot.duration // candidates.axis.unit) for (_, start), slot in zip(where, slots, strict=True)
    ]
    points = sorted({s for s, _ in spans})
    covering = {p: [j for j, (s, e) in enumerate(spans) if s <= p < e] for p in points}
    by_speaker: dict[str, list[int]] = {}
    for options in candidates.sessions:
        for speaker in options.speakers:
            by_speaker.setdefault(speaker.id, []).append(options.index)
    for speaker_id, events in by_speaker.items():
        if len(events) < 2:
            continue
        for p, js in covering.items():
            terms = [x[(e, j)] for e in events for j in js if (e, j) in x]
            if len(terms) > 1:
                problem += lpsum(terms) <= 1, f"speaker_{speaker_id}_{p}"
