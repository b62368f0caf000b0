"""Every kind of format-1 error is reported at the JSON path of the first problem."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from spec_example import spec_scenario, spec_schedule

from shared.scenario.parse import FormatError, load_scenario, parse_scenario, parse_schedule

Doc = dict[str, Any]


def _set(path: list[Any], value: Any) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _drop(path: list[Any]) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


def _append(path: list[Any], value: Any) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        target = doc
        for key in path:
            target = target[key]
        target.append(value)

    return edit


SE1 = ["sessions", 0]
CASES: list[tuple[str, Callable[[Doc], None], str]] = [
    ("wrong format", _set(["format"], "festplan-scenario/2"), "$.format"),
    ("missing format", _drop(["format"]), "$.format"),
    ("unknown top-level key", _set(["extra"], 1), "$.extra"),
    ("missing sessions", _drop(["sessions"]), "$.sessions"),
    ("edition not an object", _set(["edition"], []), "$.edition"),
    ("edition end before start", _set(["edition", "end_date"], "2023-10-01"), "$.edition.end_date"),
    ("bad date spelling", _set(["edition", "start_date"], "16/10/2023"), "$.edition.start_date"),
    ("granularity not dividing a day", _set(["edition", "granularity_minutes"], 7), "$.edition.granularity_minutes"),
    ("unknown time zone", _set(["edition", "timezone"], "Europe/Clermont"), "$.edition.timezone"),
    (
        "unknown day set",
        _set(["edition", "audience_windows", "family", 1, "days"], "sundays"),
        "$.edition.audience_windows.family[1].days",
    ),
    (
        "24:00 as a start",
        _set(["edition", "audience_windows", "public", 0, "from"], "24:00"),
        "$.edition.audience_windows.public[0].from",
    ),
    ("window end before start", _set(["venues", 0, "opening", 0, "to"], "08:00"), "$.venues[0].opening[0].to"),
    ("hour off the grid", _set(["venues", 0, "opening", 0, "from"], "08:20"), "$.venues[0].opening[0].from"),
    ("duplicate room across venues", _set(["venues", 2, "rooms", 0, "id"], "hd-cassin"), "$.venues[2].rooms[0].id"),
    ("negative capacity", _set(["venues", 0, "rooms", 0, "capacity"], -1), "$.venues[0].rooms[0].capacity"),
    ("capacity as a decimal", _set(["venues", 0, "rooms", 0, "capacity"], 150.0), "$.venues[0].rooms[0].capacity"),
    ("empty venue id", _set(["venues", 1, "id"], ""), "$.venues[1].id"),
    ("latitude out of range", _set(["venues", 0, "lat"], 145.0), "$.venues[0].lat"),
    ("travel diagonal not 0", _set(["travel_minutes", "hd", "hd"], 5), "$.travel_minutes.hd.hd"),
    ("travel missing cell", _drop(["travel_minutes", "hd", "lezoux-musee"]), "$.travel_minutes.hd['lezoux-musee']"),
    ("travel missing row", _drop(["travel_minutes", "riom-mediatheque"]), "$.travel_minutes['riom-mediatheque']"),
    ("travel unknown venue", _set(["travel_minutes", "hd", "nowhere"], 3), "$.travel_minutes.hd.nowhere"),
    ("travel negative", _set(["travel_minutes", "hd", "lezoux-musee"], -5), "$.travel_minutes.hd['lezoux-musee']"),
    (
        "availability with seconds",
        _set(["speakers", 0, "availability", 0, "start"], "2023-10-16T09:00:00"),
        "$.speakers[0].availability[0].start",
    ),
    (
        "availability ends before it starts",
        _set(["speakers", 0, "availability", 0, "end"], "2023-10-16T08:00"),
        "$.speakers[0].availability[0].end",
    ),
    (
        "max sessions per day zero",
        _set(["speakers", 0, "max_sessions_per_day"], 0),
        "$.speakers[0].max_sessions_per_day",
    ),
    ("duplicate speaker id", _set(["speakers", 1, "id"], "sp-001"), "$.speakers[1].id"),
    ("null optional value", _set(["partners", 0, "email"], None), "$.partners[0].email"),
    ("unknown partner", _set([*SE1, "partner"], "pa-999"), "$.sessions[0].partner"),
    ("unknown speaker", _set([*SE1, "speakers"], ["sp-001", "sp-404"]), "$.sessions[0].speakers[1]"),
    ("duplicate speaker in a session", _set([*SE1, "speakers"], ["sp-001", "sp-001"]), "$.sessions[0].speakers[1]"),
    ("duration off the grid", _set([*SE1, "duration_minutes"], 100), "$.sessions[0].duration_minutes"),
    ("missing duration", _drop([*SE1, "duration_minutes"]), "$.sessions[0].duration_minutes"),
    ("missing title", _drop(["sessions", 1, "title"]), "$.sessions[1].title"),
    ("unknown allowed venue", _set([*SE1, "allowed_venues"], ["hd", "clermont"]), "$.sessions[0].allowed_venues[1]"),
    ("unknown preferred venue", _set([*SE1, "preferred_venues"], ["x"]), "$.sessions[0].preferred_venues[0]"),
    (
        "preferred date spelling",
        _set([*SE1, "preferred_dates"], ["2023-10-18T10:00"]),
        "$.sessions[0].preferred_dates[0]",
    ),
    ("window off the grid", _set([*SE1, "windows", 0, "start"], "2023-10-16T09:10"), "$.sessions[0].windows[0].start"),
    ("priority out of range", _set([*SE1, "priority"], 4), "$.sessions[0].priority"),
    ("mandatory not a boolean", _set([*SE1, "mandatory"], "yes"), "$.sessions[0].mandatory"),
    ("fixed unknown room", _set(["sessions", 2, "fixed", "room"], "hd-salle-9"), "$.sessions[2].fixed.room"),
    ("fixed missing start", _drop(["sessions", 2, "fixed", "start"]), "$.sessions[2].fixed.start"),
    ("duplicate session id", _set(["sessions", 2, "id"], "se-001"), "$.sessions[2].id"),
    ("previous unknown session", _set(["previous", 0, "session"], "se-404"), "$.previous[0].session"),
    ("previous unknown room", _set(["previous", 0, "room"], "nowhere"), "$.previous[0].room"),
    (
        "previous session twice",
        _append(["previous"], {"session": "se-001", "room": "hd-cassin", "start": "2023-10-19T14:00"}),
        "$.previous[1].session",
    ),
    ("duplicate territory", _append(["edition", "territories"], "Entre Dore et Allier"), "$.edition.territories[3]"),
]


@pytest.mark.parametrize(("edit", "path"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_names_the_json_path(edit: Callable[[Doc], None], path: str) -> None:
    doc = spec_scenario()
    edit(doc)
    with pytest.raises(FormatError) as caught:
        parse_scenario(doc)
    assert caught.value.path == path
    assert str(caught.value) == f"{path}: {caught.value.message}"
    assert " / " in caught.value.message  # French first, then English


def test_first_problem_in_document_order_wins() -> None:
    doc = spec_scenario()
    doc["sessions"][0]["priority"] = 9
    doc["sessions"][1]["duration_minutes"] = 7
    with pytest.raises(FormatError, match=r"^\$\.sessions\[0\]\.priority: "):
        parse_scenario(doc)


def test_unknown_keys_inside_objects_are_ignored() -> None:
    doc = spec_scenario()
    doc["sessions"][0]["colour"] = "blue"
    doc["venues"][0]["rooms"][0]["floor"] = 2
    assert parse_scenario(doc).sessions[0].id == "se-001"


def test_not_an_object_at_all() -> None:
    with pytest.raises(FormatError) as caught:
        parse_scenario([1, 2])
    assert caught.value.path == "$"


def test_json_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "festplan-scenario/1",\n  "edition": {,\n}', encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        load_scenario(path)
    assert caught.value.path == "$"
    assert "ligne 3" in caught.value.message
    assert "colonne 15" in caught.value.message


def test_missing_file_propagates(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_scenario(tmp_path / "absent.json")


def test_load_scenario_reads_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(spec_scenario(), ensure_ascii=False), encoding="utf-8")
    assert load_scenario(path).edition.id == "cn2023"


SCHEDULE_CASES: list[tuple[str, Callable[[Doc], None], str]] = [
    ("wrong format", _set(["format"], "festplan-scenario/1"), "$.format"),
    ("unknown top-level key", _set(["notes"], "x"), "$.notes"),
    ("unknown status", _set(["status"], "done"), "$.status"),
    ("end before start", _set(["assignments", 0, "end"], "2023-10-18T13:00"), "$.assignments[0].end"),
    ("bad datetime", _set(["assignments", 0, "start"], "2023-10-18 14:00"), "$.assignments[0].start"),
    ("session twice", _set(["unplaced", 0, "session"], "se-001"), "$.unplaced[0].session"),
    ("missing reasons", _drop(["unplaced", 0, "reasons"]), "$.unplaced[0].reasons"),
    ("negative score", _set(["score", "soft_penalty"], -1), "$.score.soft_penalty"),
    ("bound not an integer", _set(["bound", "soft_penalty"], "180"), "$.bound.soft_penalty"),
    ("missing assignments", _drop(["assignments"]), "$.assignments"),
]


@pytest.mark.parametrize(("edit", "path"), [c[1:] for c in SCHEDULE_CASES], ids=[c[0] for c in SCHEDULE_CASES])
def test_schedule_error_names_the_json_path(edit: Callable[[Doc], None], path: str) -> None:
    doc = spec_schedule()
    edit(doc)
    with pytest.raises(FormatError) as caught:
        parse_schedule(doc)
    assert caught.value.path == path
