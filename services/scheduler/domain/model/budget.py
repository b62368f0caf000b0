"""A cap on the schedule's variable costs, as a hard constraint of the CP-SAT model, and its explanation.

The costs come from a :class:`CostTable` (integer cents TTC), which the budget service computes and the run
stores in its parameters; the scheduler only reads it, so it never imports the budget. The variable cost of
a placement is

    Σ sessions placed: equipment[s] + travel[s][venue]  +  Σ venues, days opened: hire[venue]

where a venue is *opened* on a day when at least one session is placed there that day. In the model an
``open[v, d]`` literal is implied by every ``venue[s, v] ∧ day[s, d]`` of the sessions that can be there;
the solver may only set it when needed, since the cap is the only thing that reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ortools.sat.python import cp_model

from services.scheduler.domain.candidates import Candidates
from services.scheduler.domain.solve.greedy import Spot
from shared.i18n import translate

MESSAGES = {
    "cap_reason": {
        "fr": "plafond budgétaire : la placer coûterait au moins {cost} € de coûts variables (déplacements, "
        "location, matériel), alors qu'il ne reste que {left} € sous le plafond de {cap} €",
        "en": "budget cap: placing it would cost at least €{cost} in variable costs (travel, hire, equipment), "
        "and only €{left} are left under the €{cap} cap",
    },
    "cap_binding": {
        "fr": "plafond budgétaire presque atteint (il reste {left} € sous le plafond de {cap} €) : la placer sans "
        "le dépasser obligerait à déplacer d'autres sessions vers des lieux moins coûteux",
        "en": "budget cap nearly reached (€{left} left under the €{cap} cap): placing it without exceeding it "
        "would mean moving other sessions to cheaper venues",
    },
}
#: The cap counts as binding when less than this share of it is left unspent.
BINDING_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class CostTable:
    """Cents TTC: per session and venue (speakers' travel), per session (equipment), per venue and opened day."""

    travel: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    equipment: Mapping[str, int] = field(default_factory=dict)
    hire: Mapping[str, int] = field(default_factory=dict)
    rooms: Mapping[str, str] = field(default_factory=dict)
    cap_cents: int | None = None

    @classmethod
    def from_parameters(cls, parameters: Mapping[str, Any]) -> CostTable | None:
        """The table a run was started with (``parameters["costs"]``), with its cap, or ``None``."""
        raw = parameters.get("costs")
        if not raw:
            return None
        cap = parameters.get("budget_cap_cents")
        return cls(
            travel=raw.get("travel", {}),
            equipment=raw.get("equipment", {}),
            hire=raw.get("hire", {}),
            rooms=raw.get("rooms", {}),
            cap_cents=int(cap) if cap is not None else None,
        )

    def session_cost(self, session: str, venue: str) -> int:
        return self.equipment.get(session, 0) + self.travel.get(session, {}).get(venue, 0)


def add_budget_cap(sm: Any, table: CostTable) -> None:
    """Σ variable cost ≤ cap on the model (``sm``: the scheduler's ``ScheduleModel``)."""
    if table.cap_cents is None:
        return
    terms: list[tuple[int, Any]] = []
    opened: dict[tuple[str, int], list[Any]] = {}
    for sv in sm.vars.values():
        code = sv.options.session.id
        if table.equipment.get(code):
            terms.append((table.equipment[code], sv.placed))
        for venue, literal in sv.venues.items():
            cents = table.travel.get(code, {}).get(venue, 0)
            if cents:
                terms.append((cents, literal))
            if table.hire.get(venue):
                for day, day_literal in sm.day_literals(sv).items():
                    opened.setdefault((venue, day), []).append((literal, day_literal))
    for (venue, day), pairs in opened.items():
        open_literal = sm.model.new_bool_var(f"open_{venue}_{day}")
        for in_venue, on_day in pairs:
            sm.model.add_bool_or([open_literal, in_venue.Not(), on_day.Not()])
        terms.append((table.hire[venue], open_literal))
    if terms:
        sm.model.add(cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms]) <= table.cap_cents)


def spots_cost(table: CostTable, candidates: Candidates, spots: Mapping[int, Spot]) -> int:
    """The variable cost of placements (the greedy's, or the best found) by the same formula as the model."""
    total, opened = 0, set()
    for index, spot in spots.items():
        code, venue = candidates.sessions[index].session.id, spot.option.venue.id
        total += table.session_cost(code, venue)
        opened.add((venue, spot.start // candidates.axis.per_day))
    return total + sum(table.hire.get(venue, 0) for venue, _ in opened)


def schedule_cost(table: CostTable, assignments: list[dict[str, Any]]) -> int:
    """The variable cost of a schedule of format 1 (``assignments`` as stored on a run): same formula."""
    total, opened = 0, set()
    for a in assignments:
        venue = table.rooms.get(a["room"])
        if venue is None:
            continue
        total += table.session_cost(a["session"], venue)
        opened.add((venue, datetime.fromisoformat(a["start"]).date()))
    return total + sum(table.hire.get(venue, 0) for venue, _ in opened)


def cap_reasons(table: CostTable, candidates: Candidates, spots: Mapping[int, Spot], *, locale: str) -> dict[int, str]:
    """For each placeable session left out, the cap's reason when placing it anywhere would break the cap
    (without moving the others): its cheapest venue, plus that venue's hire unless already opened that day.
    When the cap is nearly spent, the others are said to be kept out by it too, since freeing room under it
    means moving placed sessions (the solver weighed that and could not)."""
    if table.cap_cents is None:
        return {}
    spent = spots_cost(table, candidates, spots)
    opened = {(s.option.venue.id, s.start // candidates.axis.per_day) for s in spots.values()}
    reasons: dict[int, str] = {}
    left = max(table.cap_cents - spent, 0)
    binding = left < BINDING_SHARE * table.cap_cents
    for options in candidates.sessions:
        if options.index in spots or not options.placeable:
            continue
        code, days = options.session.id, options.days(candidates.axis)
        cheapest = min(
            table.session_cost(code, o.venue.id)
            + (0 if any((o.venue.id, d) in opened for d in days) else table.hire.get(o.venue.id, 0))
            for o in options.rooms
        )
        if spent + cheapest > table.cap_cents:
            reasons[options.index] = translate(
                MESSAGES,
                "cap_reason",
                locale,
                cost=_euros(cheapest),
                left=_euros(left),
                cap=_euros(table.cap_cents),
            )
        elif binding:
            reasons[options.index] = translate(
                MESSAGES, "cap_binding", locale, left=_euros(left), cap=_euros(table.cap_cents)
            )
    return reasons


def _euros(cents: int) -> str:
    return f"{cents // 100:,}".replace(",", "\u202f") + f",{cents % 100:02d}"


def explain_cap(
    schedule: Any, table: CostTable, candidates: Candidates, spots: Mapping[int, Spot], *, locale: str
) -> int:
    """Put the cap's reason first for the sessions it kept out; returns the schedule's variable cost (cents)."""
    reasons = cap_reasons(table, candidates, spots, locale=locale)
    by_code = {candidates.sessions[i].session.id: reason for i, reason in reasons.items()}
    for unplaced in schedule.unplaced:
        if unplaced.session in by_code:
            unplaced.reasons = [by_code[unplaced.session], *unplaced.reasons]
    return spots_cost(table, candidates, spots)
