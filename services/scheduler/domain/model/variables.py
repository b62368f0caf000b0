"""The CP-SAT model of a pruned scenario: one start variable per session on the integer time axis, one presence
literal per candidate room with an optional interval (length = duration + the room's changeover, so that one
``NoOverlap`` per room also enforces changeovers), and lazily created day literals for the rules that count days.

Speakers' rules live in :mod:`model_speakers`, the soft penalty in :mod:`model_soft`; both only add to the
:class:`ScheduleModel` defined here, and :mod:`model_build` puts the three together. The model is exact
with respect to the spec: every valid schedule restricted
to the candidates is a solution and vice versa, so its bounds are true bounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

from services.scheduler.domain.candidates import Candidates, Ranges, RoomOption, SessionOptions, TimeAxis
from shared.scenario.model import Scenario

Literal = cp_model.IntVar  # a Boolean variable (or its negation)


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of inclusive integer ranges (adjacent ones joined)."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def domain_of(ranges: Ranges | list[tuple[int, int]]) -> cp_model.Domain:
    return cp_model.Domain.from_intervals([[lo, hi] for lo, hi in ranges])


@dataclass(slots=True)
class SessionVars:
    """The variables of one placeable session."""

    options: SessionOptions
    start: cp_model.IntVar
    placed: Literal
    rooms: list[tuple[RoomOption, Literal]]
    venues: dict[str, Literal]
    span: list[tuple[int, int]]  # merged start ranges over all rooms
    days: list[int]
    day_literals: dict[int, Literal] | None = None
    busy: cp_model.IntervalVar | None = None

    @property
    def index(self) -> int:
        return self.options.index

    @property
    def duration(self) -> int:
        return self.options.duration

    def day_expr(self) -> cp_model.LinearExprT:
        """The day index of the session when placed (0 when not: always read it under ``placed``)."""
        assert self.day_literals is not None
        return sum(k * lit for k, lit in self.day_literals.items())


@dataclass(slots=True)
class ScheduleModel:
    """A CP-SAT model plus the handles needed to read a schedule back and to state objectives."""

    scenario: Scenario
    candidates: Candidates
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    vars: dict[int, SessionVars] = field(default_factory=dict)
    must: dict[int, Literal] = field(default_factory=dict)
    unplaced_terms: list[tuple[int, Literal]] = field(default_factory=list)  # (weight, placed)
    unplaced_constant: int = 0
    soft: dict[str, list[tuple[int, Literal | cp_model.IntVar]]] = field(default_factory=dict)
    soft_constants: dict[str, int] = field(default_factory=dict)

    @property
    def axis(self) -> TimeAxis:
        return self.candidates.axis

    def unplaced_weight(self) -> cp_model.LinearExprT:
        """Σ 1000 × priority over unplaced sessions (pruned ones are a constant)."""
        total = self.unplaced_constant + sum(w for w, _ in self.unplaced_terms)
        return total - cp_model.LinearExpr.weighted_sum(
            [lit for _, lit in self.unplaced_terms], [w for w, _ in self.unplaced_terms]
        )

    def soft_term(self, name: str) -> cp_model.LinearExprT:
        terms = self.soft.get(name, [])
        return cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms]) + self.soft_constants.get(
            name, 0
        )

    def soft_penalty(self) -> cp_model.LinearExprT:
        names = sorted(set(self.soft) | set(self.soft_constants))
        return sum((self.soft_term(n) for n in names), cp_model.LinearExpr.constant(0))

    def add_soft(self, name: str, coefficient: int, variable: Literal | cp_model.IntVar) -> None:
        if coefficient:
            self.soft.setdefault(name, []).append((coefficient, variable))

    def add_soft_constant(self, name: str, value: int) -> None:
        self.soft_constants[name] = self.soft_constants.get(name, 0) + value

    def day_literals(self, sv: SessionVars) -> dict[int, Literal]:
        """One literal per candidate day, exactly one true when placed; created on first use."""
        if sv.day_literals is None:
            if len(sv.days) == 1:
                sv.day_literals = {sv.days[0]: sv.placed}
            else:
                per_day = self.axis.per_day
                literals = {k: self.model.new_bool_var(f"d{sv.index}_{k}") for k in sv.days}
                self.model.add(sum(literals.values()) == sv.placed)
                for k, lit in literals.items():
                    self.model.add_linear_expression_in_domain(
                        sv.start, cp_model.Domain(k * per_day, (k + 1) * per_day - 1)
                    ).only_enforce_if(lit)
                sv.day_literals = literals
        return sv.day_literals

    def busy(self, sv: SessionVars) -> cp_model.IntervalVar:
        """The session's own interval ``[start, start + duration)``, present when placed (speakers use it)."""
        if sv.busy is None:
            sv.busy = self.model.new_optional_fixed_size_interval_var(sv.start, sv.duration, sv.placed, f"b{sv.index}")
        return sv.busy


def add_session(sm: ScheduleModel, options: SessionOptions, *, assume_musts: bool) -> SessionVars:
    """Variables of one session: start, presence per room and per venue, the venue's allowed starts."""
    model, index = sm.model, options.index
    span = merge_ranges([r for o in options.rooms for r in o.starts])
    start = model.new_int_var_from_domain(domain_of(span), f"s{index}")
    placed = model.new_bool_var(f"p{index}")
    if len(options.rooms) == 1:
        rooms = [(options.rooms[0], placed)]
    else:
        rooms = [(o, model.new_bool_var(f"x{index}_{o.room_index}")) for o in options.rooms]
        model.add(sum(lit for _, lit in rooms) == placed)
    venues: dict[str, Literal] = {}
    venue_ids = options.venue_ids()
    for venue_id in venue_ids:
        in_venue = [lit for o, lit in rooms if o.venue.id == venue_id]
        if len(venue_ids) == 1:
            venues[venue_id] = placed
        elif len(in_venue) == 1:
            venues[venue_id] = in_venue[0]
        else:
            venues[venue_id] = model.new_bool_var(f"v{index}_{venue_id}")
            model.add(sum(in_venue) == venues[venue_id])
        allowed = merge_ranges(list(options.starts_of_venue(venue_id)))
        if allowed != span:
            model.add_linear_expression_in_domain(start, domain_of(allowed)).only_enforce_if(venues[venue_id])
    weight = options.session.weight
    if options.must_place:
        if assume_musts:
            sm.must[index] = model.new_bool_var(f"must{index}")
            model.add_implication(sm.must[index], placed)
        else:
            model.add(placed == 1)
    sm.unplaced_terms.append((weight, placed))
    days = options.days(sm.axis)
    return SessionVars(options=options, start=start, placed=placed, rooms=rooms, venues=venues, span=span, days=days)


def add_rooms(sm: ScheduleModel) -> None:
    """One NoOverlap per room over intervals stretched by the room's changeover (rule 3)."""
    per_room: dict[int, list[cp_model.IntervalVar]] = {}
    for sv in sm.vars.values():
        for option, lit in sv.rooms:
            length = sv.duration + sm.axis.ceil_units(option.room.changeover)
            per_room.setdefault(option.room_index, []).append(
                sm.model.new_optional_fixed_size_interval_var(sv.start, length, lit, f"i{sv.index}_{option.room_index}")
            )
    for intervals in per_room.values():
        if len(intervals) > 1:
            sm.model.add_no_overlap(intervals)


def signature(sm: ScheduleModel, sv: SessionVars) -> tuple[object, ...] | None:
    """What makes two sessions interchangeable (same options, same data the score reads); ``None``: unique."""
    s = sv.options.session
    if s.fixed is not None or s.speakers:
        return None
    rooms = tuple((o.room_index, o.starts) for o in sv.options.rooms)
    return (
        rooms,
        sv.duration,
        s.attendance,
        s.audience,
        s.theme,
        s.weight,
        s.is_mandatory,
        tuple(s.preferred_venues or ()),
        tuple(s.preferred_dates or ()),
    )


def add_identical_symmetry(sm: ScheduleModel) -> None:
    """Interchangeable sessions (no speaker, no previous placement, same everything else) are placed in order.

    Swapping two of them in any schedule gives a schedule with the same score, so we may ask the first to be
    placed whenever the second is, and to start no later.
    """
    previous = {p.session for p in sm.scenario.previous or []}
    groups: dict[tuple[object, ...], list[SessionVars]] = {}
    for sv in sm.vars.values():
        key = signature(sm, sv)
        if key is not None and sv.options.session.id not in previous:
            groups.setdefault(key, []).append(sv)
    for members in groups.values():
        for first, second in pairwise(members):
            sm.model.add_implication(second.placed, first.placed)
            sm.model.add(first.start <= second.start).only_enforce_if(second.placed)
