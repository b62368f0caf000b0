"""Write scenarios and schedules back to format-1 documents (the inverse of ``parse``) and to files.

Keys come out in the spec's order; absent optional keys stay absent, so a parsed document round-trips.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from shared.scenario.calendar import fmt_date, fmt_dt, fmt_hhmm
from shared.scenario.model import (
    SCENARIO_FORMAT,
    SCHEDULE_FORMAT,
    DayWindow,
    Edition,
    Room,
    Scenario,
    Schedule,
    Session,
    Speaker,
    TimeRange,
    Venue,
)


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless the value is ``None`` (the key was absent)."""
    if value is not None:
        out[key] = value


def _windows(windows: list[DayWindow]) -> list[dict[str, str]]:
    return [{"days": w.days, "from": fmt_hhmm(w.start_minute), "to": fmt_hhmm(w.end_minute)} for w in windows]


def _ranges(ranges: list[TimeRange] | None) -> list[dict[str, str]] | None:
    if ranges is None:
        return None
    return [{"start": fmt_dt(r.start), "end": fmt_dt(r.end)} for r in ranges]


def _edition(e: Edition) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": e.id,
        "name": e.name,
        "start_date": fmt_date(e.start_date),
        "end_date": fmt_date(e.end_date),
    }
    optional = {
        "timezone": e.timezone,
        "granularity_minutes": e.granularity_minutes,
        "school_holidays": [{"start": fmt_date(r.start), "end": fmt_date(r.end)} for r in e.school_holidays],
        "audience_windows": {name: _windows(ws) for name, ws in e.audience_windows.items()},
        "territories": list(e.territories),
    }
    for key, value in optional.items():
        if key not in e.absent_keys:
            out[key] = value
    return out


def _room(r: Room) -> dict[str, Any]:
    out: dict[str, Any] = {"id": r.id, "name": r.name, "capacity": r.capacity}
    if "features" not in r.absent_keys:
        out["features"] = list(r.features)
    _put(out, "changeover_minutes", r.changeover_minutes)
    return out


def _venue(v: Venue) -> dict[str, Any]:
    out: dict[str, Any] = {"id": v.id, "name": v.name}
    for key in ("commune", "territory", "lat", "lon"):
        _put(out, key, getattr(v, key))
    if v.opening is not None:
        out["opening"] = _windows(v.opening)
    out["rooms"] = [_room(r) for r in v.rooms]
    return out


def _speaker(s: Speaker) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "name": s.name}
    _put(out, "email", s.email)
    _put(out, "availability", _ranges(s.availability))
    _put(out, "max_sessions_per_day", s.max_sessions_per_day)
    return out


def _session(s: Session) -> dict[str, Any]:
    out: dict[str, Any] = {"id": s.id, "title": s.title}
    _put(out, "kind", s.kind)
    _put(out, "partner", s.partner)
    if "speakers" not in s.absent_keys:
        out["speakers"] = list(s.speakers)
    out["duration_minutes"] = s.duration_minutes
    for key in ("expected_attendance", "audience", "theme"):
        _put(out, key, getattr(s, key))
    for key in ("required_features", "allowed_venues", "preferred_venues"):
        value = getattr(s, key)
        _put(out, key, None if value is None else list(value))
    _put(out, "preferred_dates", None if s.preferred_dates is None else [fmt_date(d) for d in s.preferred_dates])
    _put(out, "windows", _ranges(s.windows))
    _put(out, "priority", s.priority)
    _put(out, "mandatory", s.mandatory)
    if s.fixed is not None:
        out["fixed"] = {"room": s.fixed.room, "start": fmt_dt(s.fixed.start)}
    elif s.fixed_key_present:
        out["fixed"] = None
    return out


def dump_scenario(s: Scenario) -> dict[str, Any]:
    """The format-1 document of a scenario (plain dicts and lists, ready for ``json.dumps``)."""
    out: dict[str, Any] = {
        "format": SCENARIO_FORMAT,
        "edition": _edition(s.edition),
        "venues": [_venue(v) for v in s.venues],
        "travel_minutes": {a: dict(row) for a, row in s.travel_minutes.items()},
        "speakers": [_speaker(p) for p in s.speakers],
        "partners": [],
        "sessions": [_session(x) for x in s.sessions],
    }
    for p in s.partners:
        partner: dict[str, Any] = {"id": p.id, "name": p.name}
        _put(partner, "email", p.email)
        out["partners"].append(partner)
    if s.previous is not None:
        out["previous"] = [{"session": p.session, "room": p.room, "start": fmt_dt(p.start)} for p in s.previous]
    return out


def dump_schedule(s: Schedule) -> dict[str, Any]:
    """The format-1 document of a schedule."""
    out: dict[str, Any] = {
        "format": SCHEDULE_FORMAT,
        "scenario_edition": s.scenario_edition,
        "status": s.status,
        "assignments": [
            {"session": a.session, "room": a.room, "start": fmt_dt(a.start), "end": fmt_dt(a.end)}
            for a in s.assignments
        ],
        "unplaced": [{"session": u.session, "reasons": list(u.reasons)} for u in s.unplaced],
    }
    if s.score is not None:
        score: dict[str, Any] = {
            "hard_violations": s.score.hard_violations,
            "unplaced_weight": s.score.unplaced_weight,
            "soft_penalty": s.score.soft_penalty,
        }
        if s.score.soft_terms is not None:
            score["soft_terms"] = dict(s.score.soft_terms)
        out["score"] = score
    _put(out, "bound", None if s.bound is None else dict(s.bound))
    _put(out, "solver", None if s.solver is None else dict(s.solver))
    return out


def write_json(path: Path, doc: object) -> None:
    """Write ``doc`` as UTF-8 JSON (indented, accents kept) atomically: a temp file beside it, then ``os.replace``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
