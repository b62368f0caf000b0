"""The soft penalty of the spec as linear terms of the model (``travel`` is added by :mod:`model_speakers`).

Each term is kept under its ``soft_terms`` key so that the solver can report them one by one, exactly as the
checker computes them.
"""

from __future__ import annotations

from services.scheduler.domain.model.variables import Literal, ScheduleModel, SessionVars

CLASH = 30
PREFERENCE = 20
TERRITORY = 200
STABILITY_DATE, STABILITY_TIME, STABILITY_ROOM = 100, 40, 30


def add_soft_terms(sm: ScheduleModel) -> None:
    for sv in sm.vars.values():
        add_wasted_seats(sm, sv)
        add_venue_preference(sm, sv)
        add_date_preference(sm, sv)
    add_territories(sm)
    add_stability(sm)
    add_audience_clashes(sm)


def add_wasted_seats(sm: ScheduleModel, sv: SessionVars) -> None:
    """⌊(capacity − attendance) / 10⌋ for the room taken."""
    attendance = sv.options.session.attendance
    for option, lit in sv.rooms:
        sm.add_soft("wasted_seats", (option.room.capacity - attendance) // 10, lit)


def add_venue_preference(sm: ScheduleModel, sv: SessionVars) -> None:
    """20 when placed outside a non-empty ``preferred_venues``."""
    preferred = sv.options.session.preferred_venues
    if not preferred:
        return
    for venue_id, lit in sv.venues.items():
        if venue_id not in preferred:
            sm.add_soft("venue_preference", PREFERENCE, lit)


def add_date_preference(sm: ScheduleModel, sv: SessionVars) -> None:
    """20 when placed on a date outside a non-empty ``preferred_dates``."""
    preferred = sv.options.session.preferred_dates
    if not preferred:
        return
    wanted = {sm.axis.index_of(d) for d in preferred}
    if all(k in wanted for k in sv.days):
        return
    if not any(k in wanted for k in sv.days):
        sm.add_soft("date_preference", PREFERENCE, sv.placed)
        return
    for k, lit in sm.day_literals(sv).items():
        if k not in wanted:
            sm.add_soft("date_preference", PREFERENCE, lit)


def add_territories(sm: ScheduleModel) -> None:
    """200 per entry of ``edition.territories`` where no session is placed."""
    for number, territory in enumerate(sm.scenario.edition.territories):
        venues = {v.id for v in sm.scenario.venues if v.territory == territory}
        covering = [lit for sv in sm.vars.values() for venue_id, lit in sv.venues.items() if venue_id in venues]
        if not covering:
            sm.add_soft_constant("territory", TERRITORY)
            continue
        uncovered = sm.model.new_bool_var(f"uncovered{number}")
        sm.model.add_bool_or([uncovered, *covering])
        sm.add_soft("territory", TERRITORY, uncovered)


def add_stability(sm: ScheduleModel) -> None:
    """Per ``previous`` entry: 100 date changed or unplaced, 40 start time changed, 30 room changed, 0 kept.

    Written as ``100 − 60·same_day − 10·same_start − 30·same_start_and_room`` with literals that may only be
    true when what they say holds (the solver sets them true whenever it can, as they lower the cost).
    """
    by_id = {options.session.id: options for options in sm.candidates.sessions}
    for number, entry in enumerate(sm.scenario.previous or []):
        options = by_id.get(entry.session)
        if options is None:
            continue
        sm.add_soft_constant("stability", STABILITY_DATE)
        sv = sm.vars.get(options.index)
        if sv is None:
            continue
        day = sm.axis.index_of(entry.start.date())
        if day is None or day not in sv.days:
            continue
        sm.add_soft("stability", -(STABILITY_DATE - STABILITY_TIME), sm.day_literals(sv)[day])
        unit = sm.axis.from_datetime(entry.start)
        if unit is None or not any(lo <= unit <= hi for lo, hi in sv.span):
            continue
        same_start = sm.model.new_bool_var(f"keep_start{number}")
        sm.model.add_implication(same_start, sv.placed)
        sm.model.add(sv.start == unit).only_enforce_if(same_start)
        add_kept_start_rows(sm, sv, same_start=same_start, day=day, unit=unit)
        sm.add_soft("stability", -(STABILITY_TIME - STABILITY_ROOM), same_start)
        room = next(((o, lit) for o, lit in sv.rooms if o.room.id == entry.room), None)
        if room is None or not any(lo <= unit <= hi for lo, hi in room[0].starts):
            continue
        same_room = sm.model.new_bool_var(f"keep_room{number}")
        sm.model.add_implication(same_room, same_start)
        sm.model.add_implication(same_room, room[1])
        sm.add_soft("stability", -STABILITY_ROOM, same_room)


def add_kept_start_rows(sm: ScheduleModel, sv: SessionVars, *, same_start: Literal, day: int, unit: int) -> None:
    """Redundant rows without enforcement literal, so that the LP relaxation sees them (issue 21): keeping the
    start keeps the day, and needs a room whose venue allows that start."""
    if len(sv.days) > 1:
        sm.model.add_implication(same_start, sm.day_literals(sv)[day])
    fitting = [lit for option, lit in sv.rooms if any(lo <= unit <= hi for lo, hi in option.starts)]
    if len(fitting) < len(sv.rooms):
        sm.model.add(same_start <= sum(fitting))


def spans(sv: SessionVars) -> list[tuple[int, int]]:
    """Half-open time ranges the session may occupy, whatever its start."""
    return [(lo, hi + sv.duration) for lo, hi in sv.span]


def may_overlap(a: SessionVars, b: SessionVars) -> bool:
    left, right = spans(a), spans(b)
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i][0] < right[j][1] and right[j][0] < left[i][1]:
            return True
        if left[i][1] <= right[j][1]:
            i += 1
        else:
            j += 1
    return False


def add_audience_clashes(sm: ScheduleModel) -> None:
    """30 per pair of placed sessions of the same audience and theme whose times overlap."""
    groups: dict[tuple[str, str], list[SessionVars]] = {}
    for sv in sm.vars.values():
        s = sv.options.session
        if s.audience is not None and s.theme is not None:
            groups.setdefault((s.audience, s.theme), []).append(sv)
    model = sm.model
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if not may_overlap(a, b):
                    continue
                clash = model.new_bool_var(f"clash{a.index}_{b.index}")
                a_first = model.new_bool_var(f"af{a.index}_{b.index}")
                b_first = model.new_bool_var(f"bf{a.index}_{b.index}")
                model.add(a.start + a.duration <= b.start).only_enforce_if(a_first)
                model.add(b.start + b.duration <= a.start).only_enforce_if(b_first)
                model.add_bool_or([clash, a_first, b_first, a.placed.Not(), b.placed.Not()])
                sm.add_soft("audience_clash", CLASH, clash)
