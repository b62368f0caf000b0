"""Per-session option-cost rows (issue 21): each session's own soft cost is at least its cheapest option.

The cost a session adds on its own (wasted seats, venue and date preferences, stability) is a linear
expression of its room, venue and day literals and of its stability credits. Its cheapest value over the
session's options (:func:`relaxation.cheapest_option`) is a valid floor, but CP-SAT's LP only learns it from
the enforced rows (venue ⇒ start, day ⇒ start, kept start ⇒ start) that linearisation level 1 leaves out.
Stated as one plain row per session, ``cost ≥ floor·placed + dropped·(1 − placed)``, the LP bound is at least
the relaxation's sum, and the search prunes on it.
"""

from __future__ import annotations

from collections import Counter

from ortools.sat.python import cp_model

from services.scheduler.domain.model import Literal, ScheduleModel, SessionVars
from services.scheduler.domain.model_soft import PREFERENCE, STABILITY_DATE
from services.scheduler.domain.relaxation import cheapest_option


def own_cost(sm: ScheduleModel, sv: SessionVars, credits: list[tuple[int, Literal]]) -> cp_model.LinearExprT:
    """The session's own soft cost as the model writes it, with the stability constant as ``dropped``."""
    session = sv.options.session
    terms: list[tuple[int, Literal]] = [
        ((option.room.capacity - session.attendance) // 10, lit) for option, lit in sv.rooms
    ]
    if session.preferred_venues:
        terms += [(PREFERENCE, lit) for venue_id, lit in sv.venues.items() if venue_id not in session.preferred_venues]
    if session.preferred_dates:
        wanted = {sm.axis.index_of(d) for d in session.preferred_dates}
        if not any(k in wanted for k in sv.days):
            terms.append((PREFERENCE, sv.placed))
        elif not all(k in wanted for k in sv.days):
            terms += [(PREFERENCE, lit) for k, lit in sm.day_literals(sv).items() if k not in wanted]
    terms += [(-credit, lit) for credit, lit in credits]
    return cp_model.LinearExpr.weighted_sum([lit for _, lit in terms], [c for c, _ in terms])


def add_floor_rows(sm: ScheduleModel, credits: dict[int, list[tuple[int, Literal]]]) -> None:
    """One row per session whose cheapest option costs something: no enforcement literal, so the LP keeps it."""
    entries = Counter(p.session for p in sm.scenario.previous or [])
    previous = {p.session: p for p in sm.scenario.previous or []}
    for sv in sm.vars.values():
        session_id = sv.options.session.id
        if entries[session_id] > 1:
            continue  # the same session published twice: the spec counts each entry; leave it to the search
        before = previous.get(session_id)
        floor = min(cheapest_option(sm.axis, sv.options, o, before) for o in sv.options.rooms)
        dropped = STABILITY_DATE if before is not None else 0
        if floor == 0 and dropped == 0:
            continue
        # the stability constant (100 per published session) is outside the expression: take it off both sides
        own = own_cost(sm, sv, credits.get(sv.index, []))
        if before is not None:
            sm.model.add(own + dropped >= floor * sv.placed + dropped * (1 - sv.placed))
        else:
            sm.model.add(own >= floor * sv.placed)
