"""Why a session is unplaced, in the edition's language: found by the solver, never guessed.

Three sources: the pruning (no room, no common time — with the smallest set of constraints that already
leaves no time), a conflict analysis of the final schedule for sessions that had options (every candidate
room and start is tried against what is placed: rooms full, the speaker's daily maximum, the speaker busy),
and the infeasibility core of mandatory / fixed sessions found by CP-SAT assumptions (:mod:`solve`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from services.scheduler.domain.candidates import (
    Blocker,
    Candidates,
    SessionOptions,
    TimeAxis,
    TimeConstraint,
    start_ranges,
)
from services.scheduler.domain.model.words import (
    AUDIENCES,
    dates_words,
    feature_words,
    moment,
    pick,
    ranges_words,
    say,
    session_label,
    windows_words,
)
from services.scheduler.domain.solve.greedy import Board, Spot
from shared.scenario.calendar import daily_intervals
from shared.scenario.model import Scenario, Speaker, Venue

#: Spots examined per unplaced session in the conflict analysis (skipping over busy stretches of a room).
ANALYSIS_LIMIT = 5_000


# --- pruning -----------------------------------------------------------------------------------------------------


def pruning_reasons(scenario: Scenario, options: SessionOptions, locale: str) -> list[str]:
    """The blockers recorded by :mod:`candidates`, in words (at most three venues spelled out)."""
    out: list[str] = []
    time_blockers = [b for b in options.blockers if b.kind == "time"]
    for blocker in options.blockers:
        if blocker.kind != "time":
            out.append(blocker_words(scenario, options, blocker, locale))
    seen: dict[str, int] = {}
    for blocker in time_blockers:
        text = time_words(scenario, options, blocker, locale)
        seen[text] = seen.get(text, 0) + 1
    texts = list(seen)
    out += texts[:3]
    if len(texts) > 3:
        out.append(say("more_venues", locale, count=len(texts) - 3))
    return out


def blocker_words(scenario: Scenario, options: SessionOptions, blocker: Blocker, locale: str) -> str:
    data = blocker.data
    if blocker.kind == "duration":
        return say("duration", locale, **data)
    if blocker.kind == "no_venue":
        return say("no_venue", locale, allowed=", ".join(map(str, data["allowed"])) or "—")
    if blocker.kind == "rooms":
        features = list(data["features"])  # type: ignore[call-overload]
        largest = data["largest"]
        return say(
            "rooms",
            locale,
            capacity=data["capacity"],
            features=say("rooms_with", locale, features=feature_words(features, locale)) if features else "",
            where=say("rooms_where_allowed", locale) if not data["all_venues"] else say("rooms_where_all", locale),
            largest=say("rooms_largest", locale, largest=largest) if largest is not None else "",
        )
    if blocker.kind == "fixed":
        return fixed_words(scenario, options, blocker, locale)
    raise ValueError(blocker.kind)


def fixed_words(scenario: Scenario, options: SessionOptions, blocker: Blocker, locale: str) -> str:
    names = {sp.id: sp.name for sp in scenario.speakers}
    rooms = {room.id: room.name for _, room in scenario.rooms()}
    problems = []
    for code in blocker.data["problems"]:  # type: ignore[attr-defined]
        if code.startswith("speaker:"):
            problems.append(say("fixed_speaker", locale, name=names.get(code[8:], code[8:])))
        else:
            problems.append(say(f"fixed_{code}", locale, granularity=scenario.edition.granularity_minutes))
    room_id = str(blocker.data["room_id"])
    return say(
        "fixed",
        locale,
        room=rooms.get(room_id, room_id),
        when=moment(blocker.data["start"], locale),  # type: ignore[arg-type]
        problems=", ".join(problems),
    )


def time_words(scenario: Scenario, options: SessionOptions, blocker: Blocker, locale: str) -> str:
    """``aucun créneau commun : A et B`` from the minimal conflicting constraints at one venue."""
    conflict: list[TimeConstraint] = blocker.data["conflict"]  # type: ignore[assignment]
    venue: Venue = blocker.data["venue"]  # type: ignore[assignment]
    session = options.session
    parts = []
    for constraint in conflict:
        if constraint.kind == "windows":
            parts.append(say("part_windows", locale, ranges=ranges_words(session.windows or [], locale)))
        elif constraint.kind == "audience":
            audience = constraint.ref or ""
            parts.append(
                say(
                    "part_audience",
                    locale,
                    audience=pick(AUDIENCES.get(audience, (audience, audience)), locale),
                    windows=windows_words(scenario.edition.audience_windows[audience], locale),
                )
            )
        elif constraint.kind == "speaker":
            speaker = next(sp for sp in scenario.speakers if sp.id == constraint.ref)
            parts.append(
                say("part_speaker", locale, name=speaker.name, when=ranges_words(speaker.availability or [], locale))
            )
        else:
            others = [c for c in conflict if c is not constraint]
            parts.append(opening_words(scenario, options, venue=venue, others=others, locale=locale))
    if not parts:
        return say("part_edition", locale, duration=session.duration_minutes)
    key = "time" if len(parts) > 1 else "time_single"
    return say(key, locale, parts=say("and", locale).join(parts), duration=session.duration_minutes)


def opening_words(
    scenario: Scenario, options: SessionOptions, *, venue: Venue, others: list[TimeConstraint], locale: str
) -> str:
    """« le lieu X est fermé ce jour-là » when the other constraints only leave days where it is closed."""
    axis = TimeAxis.of(scenario)
    other_days: set[int] = set()
    for lo, hi in start_ranges(scenario=scenario, axis=axis, session=options.session, venue=venue, constraints=others):
        other_days.update(range(axis.day_index(lo), axis.day_index(hi) + 1))
    open_days = [k for k in other_days if daily_intervals(scenario.edition, venue.opening, axis.date_of(k))]
    if other_days and not open_days:
        these = say("that_day", locale) if len(other_days) == 1 else say("those_days", locale)
        return say("part_opening_closed", locale, venue=venue.name, these_days=these)
    return say("part_opening", locale, venue=venue.name, windows=windows_words(venue.opening or [], locale))


# --- conflict analysis of the final schedule ---------------------------------------------------------------------


def board_of(scenario: Scenario, candidates: Candidates, spots: dict[int, Spot]) -> Board:
    board = Board(candidates=candidates, travel=scenario.travel_minutes)
    for index, spot in spots.items():
        board.place(candidates.sessions[index], spot)
    return board


def left_out_reasons(board: Board, options: SessionOptions, *, locale: str) -> list[str]:
    """Try every candidate spot against the schedule; say what blocks each day."""
    axis = board.candidates.axis
    per_day: dict[int, dict[str, object]] = defaultdict(dict)
    examined = 0
    for option in options.rooms:
        for lo, hi in option.starts:
            start = lo
            while start <= hi and examined < ANALYSIS_LIMIT:
                examined += 1
                day = axis.day_index(start)
                busy = board.room_conflict(option, start, options.duration)
                if busy is not None:
                    per_day[day].setdefault("room", True)
                    start = max(start + 1, busy[0])
                    continue
                conflict = board.conflict(options, Spot(option, start))
                if conflict is None:
                    per_day[day]["free"] = (option, start)
                elif conflict.kind == "limit":
                    per_day[day]["limit"] = conflict.speaker
                elif conflict.speaker is not None:
                    per_day[day].setdefault("busy", {})[conflict.speaker.id] = conflict.speaker  # type: ignore[index]
                start += 1
    return day_reasons(board, per_day, locale=locale)


def day_reasons(board: Board, per_day: dict[int, dict[str, object]], *, locale: str) -> list[str]:
    axis = board.candidates.axis
    free = [v["free"] for v in per_day.values() if "free" in v]
    out = []
    if free:
        option, start = free[0]  # type: ignore[misc]
        out.append(say("free_left", locale, room=option.room.name, when=moment(axis.to_datetime(start), locale)))
    limited: dict[str, tuple[Speaker, list[date]]] = {}
    busy: dict[str, tuple[Speaker, list[date]]] = {}
    full: list[date] = []
    for day, seen in sorted(per_day.items()):
        when = axis.date_of(day)
        if "free" in seen:
            continue
        if "limit" in seen:
            speaker: Speaker = seen["limit"]  # type: ignore[assignment]
            limited.setdefault(speaker.id, (speaker, []))[1].append(when)
        elif "busy" in seen:
            for speaker in seen["busy"].values():  # type: ignore[attr-defined]
                busy.setdefault(speaker.id, (speaker, []))[1].append(when)
        else:
            full.append(when)
    if full:
        out.append(say("rooms_full", locale, dates=dates_words(full, locale)))
    for speaker, days in limited.values():
        out.append(
            say(
                "speaker_limit",
                locale,
                name=speaker.name,
                limit=speaker.max_sessions_per_day,
                dates=dates_words(days, locale),
            )
        )
    for speaker, days in busy.values():
        out.append(say("speaker_busy", locale, name=speaker.name, dates=dates_words(days, locale)))
    return out


def unplaced_reasons(
    scenario: Scenario, candidates: Candidates, spots: dict[int, Spot], *, locale: str
) -> dict[int, list[str]]:
    """Reasons for every session not in ``spots``: pruning, or the conflicts found in the final schedule."""
    board: Board | None = None
    out: dict[int, list[str]] = {}
    for options in candidates.sessions:
        if options.index in spots:
            continue
        if not options.placeable:
            out[options.index] = pruning_reasons(scenario, options, locale)
            continue
        if board is None:
            board = board_of(scenario, candidates, spots)
        reasons = left_out_reasons(board, options, locale=locale)
        out[options.index] = reasons or [say("not_enough_time", locale)]
    return out


# --- infeasibility -----------------------------------------------------------------------------------------------


def core_reasons(scenario: Scenario, candidates: Candidates, core: list[int], *, locale: str) -> dict[int, list[str]]:
    """Reasons for the mandatory / fixed sessions that cannot all hold, naming what they share."""
    members = [candidates.sessions[i] for i in core]
    labels = ", ".join(session_label(o.session) for o in members)
    shared_speakers = set.intersection(*[{sp.id for sp in o.speakers} for o in members]) if members else set()
    rooms_sets = [{opt.room.name for opt in o.rooms} for o in members]
    shared_rooms = set.intersection(*rooms_sets) if rooms_sets else set()
    lines = [say("core", locale, sessions=labels)]
    if shared_speakers:
        names = ", ".join(sp.name for sp in scenario.speakers if sp.id in shared_speakers)
        lines.append(say("core_speakers", locale, names=names))
    if shared_rooms:
        lines.append(say("core_rooms", locale, rooms=", ".join(sorted(shared_rooms))))
    return {o.index: list(lines) for o in members}


def other_infeasible_reason(locale: str) -> str:
    return say("infeasible_other", locale)
