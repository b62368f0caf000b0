"""Rule 4 and the ``travel`` soft term: a speaker's sessions never overlap, respect the daily maximum, and leave
``travel_minutes[A][B]`` between CONSECUTIVE sessions of one day (as the spec says: by start time, not every
pair), which is also what the travel term adds up.

For each pair of a speaker's sessions that can fall on one day we keep ``same`` (both placed, same day) and
``order`` (which starts first), hence ``before[a, b]``. ``next[a, c]`` must hold when ``a`` is before ``c`` and
no third session ``b`` sits between them (``mid[a, b, c]``); the travel constraint and cost hang on ``next``.
Since ``next`` only ever restricts or costs, the solver never sets it without need, so the model is exact.
"""

from __future__ import annotations

from itertools import permutations

from ortools.sat.python import cp_model

from services.scheduler.domain.model.variables import Literal, ScheduleModel, SessionVars
from shared.scenario.model import Speaker

#: Most (venue, venue) pairs with a travel time for which a speaker's two sessions get one literal each.
LEG_LITERALS = 6


class PairLiterals:
    """``same`` and ``order`` per unordered pair of sessions, shared by all speakers they have in common."""

    def __init__(self, sm: ScheduleModel) -> None:
        self.sm = sm
        self.same: dict[tuple[int, int], Literal] = {}
        self.order: dict[tuple[int, int], Literal] = {}
        self.before_lits: dict[tuple[int, int], Literal] = {}

    def _pair(self, a: SessionVars, b: SessionVars) -> tuple[int, int]:
        key = (min(a.index, b.index), max(a.index, b.index))
        if key in self.same:
            return key
        model = self.sm.model
        first, second = (a, b) if a.index < b.index else (b, a)
        same = model.new_bool_var(f"same{key}")
        model.add_implication(same, first.placed)
        model.add_implication(same, second.placed)
        day_first, day_second = self.sm.day_literals(first), self.sm.day_literals(second)
        both_placed = [first.placed, second.placed]
        if len(day_first) == 1 and len(day_second) == 1:
            # one candidate day each: both placed means same day (they share it, or the pair is not created)
            model.add_bool_or([same, first.placed.Not(), second.placed.Not()])
        else:
            # clauses over the day literals (a linear "≠" of day indices propagates and relaxes badly)
            for k in sorted(set(day_first) | set(day_second)):
                lit_first, lit_second = day_first.get(k), day_second.get(k)
                if lit_first is None or lit_second is None:
                    model.add_implication(same, (lit_first if lit_second is None else lit_second).Not())
                    continue
                model.add_bool_or([same, lit_first.Not(), lit_second.Not()])
                model.add_bool_or([same.Not(), lit_first.Not(), lit_second])
                model.add_bool_or([same.Not(), lit_second.Not(), lit_first])
        order = model.new_bool_var(f"order{key}")  # first starts before second
        model.add(first.start < second.start).only_enforce_if([order, *both_placed])
        model.add(second.start < first.start).only_enforce_if([order.Not(), *both_placed])
        self.same[key], self.order[key] = same, order
        return key

    def before(self, a: SessionVars, b: SessionVars) -> Literal:
        """Both placed on one day, ``a`` first."""
        if (a.index, b.index) in self.before_lits:
            return self.before_lits[(a.index, b.index)]
        key = self._pair(a, b)
        same, order = self.same[key], self.order[key]
        ordered = order if a.index < b.index else order.Not()
        model = self.sm.model
        lit = model.new_bool_var(f"before{a.index}_{b.index}")
        model.add_bool_and([same, ordered]).only_enforce_if(lit)
        model.add_bool_or([same.Not(), ordered.Not(), lit])
        self.before_lits[(a.index, b.index)] = lit
        return lit


def can_share_day(a: SessionVars, b: SessionVars) -> bool:
    return not set(a.days).isdisjoint(b.days)


def travel_of(sm: ScheduleModel, origin: str, destination: str) -> int:
    return sm.scenario.travel_minutes.get(origin, {}).get(destination, 0)


def needs_travel(sm: ScheduleModel, a: SessionVars, b: SessionVars) -> bool:
    return any(travel_of(sm, u, w) > 0 for u in a.venues for w in b.venues)


def add_speakers(sm: ScheduleModel) -> None:
    """Every speaker's rules; the travel minutes go to the ``travel`` soft term."""
    pairs = PairLiterals(sm)
    # one pass over the sessions (a scan per speaker cost 3.6 s of the 20 s at 600 sessions), same order
    sessions_of: dict[str, list[SessionVars]] = {}
    for sv in sm.vars.values():
        for speaker_id in dict.fromkeys(sp.id for sp in sv.options.speakers):
            sessions_of.setdefault(speaker_id, []).append(sv)
    for speaker in sm.scenario.speakers:
        mine = sessions_of.get(speaker.id, [])
        if len(mine) < 2:
            continue
        sm.model.add_no_overlap([sm.busy(sv) for sv in mine])
        add_daily_limit(sm, speaker, mine)
        add_travel(sm, pairs, mine)


def add_daily_limit(sm: ScheduleModel, speaker: Speaker, mine: list[SessionVars]) -> None:
    """At most ``max_sessions_per_day`` of the speaker's sessions on each day."""
    limit = speaker.max_sessions_per_day
    if limit is None:
        return
    days = sorted({k for sv in mine for k in sv.days})
    for k in days:
        todays = [sv for sv in mine if k in sv.days]
        if len(todays) > limit:
            sm.model.add(sum(sm.day_literals(sv)[k] for sv in todays) <= limit)


def add_travel(sm: ScheduleModel, pairs: PairLiterals, mine: list[SessionVars]) -> None:
    """Consecutive sessions of one day: the later one starts ``travel`` after the earlier ends; the minutes cost."""
    if not any(needs_travel(sm, a, b) for a, b in permutations(mine, 2) if can_share_day(a, b)):
        return
    for a, c in permutations(mine, 2):
        if not can_share_day(a, c) or not needs_travel(sm, a, c):
            continue
        between = [b for b in mine if b is not a and b is not c and can_share_day(a, b) and can_share_day(b, c)]
        follows = next_literal(sm, pairs, a=a, c=c, between=between)
        add_pair_travel(sm, a=a, c=c, follows=follows)


def next_literal(
    sm: ScheduleModel, pairs: PairLiterals, *, a: SessionVars, c: SessionVars, between: list[SessionVars]
) -> Literal:
    """A literal forced true when ``c`` directly follows ``a`` on one day (no ``b`` in between)."""
    before = pairs.before(a, c)
    if not between:
        return before
    model = sm.model
    follows = model.new_bool_var(f"next{a.index}_{c.index}")
    mids = []
    for b in between:
        mid = model.new_bool_var(f"mid{a.index}_{b.index}_{c.index}")
        model.add_implication(mid, pairs.before(a, b))
        model.add_implication(mid, pairs.before(b, c))
        mids.append(mid)
    model.add_bool_or([before.Not(), follows, *mids])
    return follows


def add_pair_travel(sm: ScheduleModel, *, a: SessionVars, c: SessionVars, follows: Literal) -> None:
    """When ``c`` follows ``a``: ``start_c ≥ end_a + travel`` and ``travel`` minutes in the soft penalty.

    With few venue pairs, one literal per pair with a travel time (true when ``c`` follows ``a`` from that venue
    to that one) carries a constant gap and cost; otherwise, per venue of ``a``, the gap and cost are sums over
    the venue literals of ``c`` (fewer variables when both sessions may go to many venues).
    """
    legs = [(u, w, travel_of(sm, u, w)) for u in a.venues for w in c.venues if travel_of(sm, u, w) > 0]
    if len(legs) <= LEG_LITERALS:
        add_legs(sm, a=a, c=c, follows=follows, legs=legs)
        return
    model, axis = sm.model, sm.axis
    gap = c.start - a.start - a.duration
    worst = max(minutes for _, _, minutes in legs)
    cost = model.new_int_var(0, worst, f"travel{a.index}_{c.index}")
    for u, at_u in a.venues.items():
        row = {w: travel_of(sm, u, w) for w in c.venues}
        if not any(row.values()):
            continue
        units = cp_model.LinearExpr.weighted_sum([c.venues[w] for w in row], [axis.ceil_units(m) for m in row.values()])
        minutes = cp_model.LinearExpr.weighted_sum([c.venues[w] for w in row], list(row.values()))
        model.add(gap >= units).only_enforce_if([follows, at_u])
        model.add(cost >= minutes).only_enforce_if([follows, at_u])
    sm.add_soft("travel", 1, cost)


def add_legs(
    sm: ScheduleModel, *, a: SessionVars, c: SessionVars, follows: Literal, legs: list[tuple[str, str, int]]
) -> None:
    """One literal per (venue of ``a``, venue of ``c``) with a travel time, forced when ``c`` follows from there."""
    model, axis = sm.model, sm.axis
    for u, w, minutes in legs:
        if len(a.venues) == 1 and len(c.venues) == 1:
            leg = follows
        else:
            leg = model.new_bool_var(f"leg{a.index}_{c.index}_{u}_{w}")
            model.add_bool_or([leg, follows.Not(), a.venues[u].Not(), c.venues[w].Not()])
        model.add(c.start - a.start >= a.duration + axis.ceil_units(minutes)).only_enforce_if(leg)
        sm.add_soft("travel", minutes, leg)
