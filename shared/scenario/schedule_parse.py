"""Read and validate a schedule document of format 1 (``festplan-schedule/1``) into :class:`Schedule`.

Only the file's own rules are checked here; whether the schedule fits its scenario is the checker's job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared.scenario.model import SCHEDULE_FORMAT, Assignment, Schedule, Score, Unplaced
from shared.scenario.reading import (
    FormatError,
    Reader,
    a_datetime,
    any_text,
    child,
    expect_dict,
    integer,
    list_of,
    load_json,
    one_of,
    read_object,
    text,
    top_object,
)

SCHEDULE_KEYS = ("format", "scenario_edition", "status", "assignments", "unplaced", "score", "bound", "solver")
STATUSES = ("optimal", "feasible", "infeasible", "unknown")
_POINTS = integer(minimum=0)


def load_schedule(path: Path) -> Schedule:
    """Read a schedule file; a JSON syntax error becomes a FormatError at ``$`` (file errors propagate)."""
    return parse_schedule(load_json(path))


def parse_schedule(doc: object) -> Schedule:
    """Validate a decoded schedule document; every session may appear only once in assignments + unplaced."""
    top = top_object(doc, format_name=SCHEDULE_FORMAT, keys=SCHEDULE_KEYS)
    seen: set[str] = set()
    fields: dict[str, Reader] = {
        "format": any_text,
        "scenario_edition": text,
        "status": one_of(STATUSES),
        "assignments": list_of(_assignment(seen)),
        "unplaced": list_of(_unplaced(seen)),
        "score": _score,
        "bound": _points_map,
        "solver": expect_dict,
    }
    got = read_object(top, "$", fields, ("scenario_edition", "status", "assignments", "unplaced"))
    got.pop("format")
    return Schedule(**got)


def _first_time(session: str, seen: set[str], path: str) -> None:
    if session in seen:
        raise FormatError(path, f"session {session!r} déjà présente / session listed twice")
    seen.add(session)


def _assignment(seen: set[str]) -> Reader:
    fields = {"session": text, "room": text, "start": a_datetime(1), "end": a_datetime(1)}

    def read(value: object, path: str) -> Assignment:
        got = read_object(value, path, fields, ("session", "room", "start", "end"))
        _first_time(got["session"], seen, child(path, "session"))
        if got["end"] <= got["start"]:
            raise FormatError(child(path, "end"), "la fin doit suivre le début / end must be after start")
        return Assignment(**got)

    return read


def _unplaced(seen: set[str]) -> Reader:
    fields = {"session": text, "reasons": list_of(any_text)}

    def read(value: object, path: str) -> Unplaced:
        got = read_object(value, path, fields, ("session", "reasons"))
        _first_time(got["session"], seen, child(path, "session"))
        return Unplaced(**got)

    return read


def _points_map(value: object, path: str) -> dict[str, int]:
    return {key: _POINTS(raw, child(path, key)) for key, raw in expect_dict(value, path).items()}


def _score(value: object, path: str) -> Score:
    fields: dict[str, Any] = {
        "hard_violations": _POINTS,
        "unplaced_weight": _POINTS,
        "soft_penalty": _POINTS,
        "soft_terms": _points_map,
    }
    got = read_object(value, path, fields, ("hard_violations", "unplaced_weight", "soft_penalty"))
    return Score(**got)
