"""Writing a scenario into the tables: one bulk insert per table, ids returned in document order.

Helpers of :func:`shared.scenario.store.save_scenario`; they only flush.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from shared.models import (
    Assignment,
    OptimisationRun,
    Partner,
    ProposalStatus,
    Room,
    RunStatus,
    ScheduleVersion,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    SpeakerAvailability,
    TravelTime,
    Venue,
)
from shared.models import Edition as EditionRow
from shared.models.types import utcnow
from shared.scenario import model as sc
from shared.scenario.store.codec import (
    audience_windows_to_json,
    date_ranges_to_json,
    dates_to_json,
    optional_day_windows_to_json,
    optional_list,
    time_ranges_to_json,
)

IMPORT_TRIGGER = "import"
IMPORT_MESSAGE = "importé"


class ScenarioStoreError(ValueError):
    """A scenario cannot be written or read as asked (unknown edition, edition already there, dangling code)."""


def insert_edition(session: Session, edition: sc.Edition) -> EditionRow:
    row = EditionRow(
        code=edition.id,
        name=edition.name,
        start_date=edition.start_date,
        end_date=edition.end_date,
        timezone=edition.timezone,
        granularity_minutes=edition.granularity_minutes,
        school_holidays=date_ranges_to_json(edition.school_holidays),
        audience_windows=audience_windows_to_json(edition.audience_windows),
        territories=list(edition.territories),
        absent_keys=sorted(edition.absent_keys),
    )
    session.add(row)
    session.flush()
    return row


def _bulk_insert(session: Session, model: type, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in one statement and return their ids in the same order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
    return list(session.scalars(statement, list(rows)).all())


def _lookup(ids: dict[str, int], code: str, *, what: str) -> int:
    try:
        return ids[code]
    except KeyError:
        raise ScenarioStoreError(f"{what} « {code} » inconnu·e du scénario") from None


def insert_places(session: Session, *, edition_id: int, scenario: sc.Scenario) -> dict[str, int]:
    """Venues, their rooms and the travel matrix; returns room ids by code (what assignments need)."""
    venue_rows = [
        {
            "edition_id": edition_id,
            "code": v.id,
            "name": v.name,
            "commune": v.commune,
            "territory": v.territory,
            "lat": v.lat,
            "lon": v.lon,
            "opening": optional_day_windows_to_json(v.opening),
            "position": i,
        }
        for i, v in enumerate(scenario.venues)
    ]
    venue_ids = dict(zip((v.id for v in scenario.venues), _bulk_insert(session, Venue, venue_rows), strict=True))
    room_rows = [
        {
            "edition_id": edition_id,
            "venue_id": venue_ids[venue.id],
            "code": room.id,
            "name": room.name,
            "capacity": room.capacity,
            "features": list(room.features),
            "changeover_minutes": room.changeover_minutes,
            "absent_keys": sorted(room.absent_keys),
            "position": i,
        }
        for i, (venue, room) in enumerate(scenario.rooms())
    ]
    room_codes = [room.id for _, room in scenario.rooms()]
    room_ids = dict(zip(room_codes, _bulk_insert(session, Room, room_rows), strict=True))
    travel_rows = [
        {
            "edition_id": edition_id,
            "from_venue_id": _lookup(venue_ids, origin, what="lieu"),
            "to_venue_id": _lookup(venue_ids, target, what="lieu"),
            "minutes": minutes,
        }
        for origin, targets in scenario.travel_minutes.items()
        for target, minutes in targets.items()
    ]
    if travel_rows:
        session.execute(insert(TravelTime), travel_rows)
    return room_ids


def insert_partners(session: Session, *, edition_id: int, partners: list[sc.Partner]) -> dict[str, int]:
    rows = [
        {"edition_id": edition_id, "code": p.id, "name": p.name, "email": p.email, "position": i}
        for i, p in enumerate(partners)
    ]
    return dict(zip((p.id for p in partners), _bulk_insert(session, Partner, rows), strict=True))


def insert_speakers(session: Session, *, edition_id: int, speakers: list[sc.Speaker]) -> dict[str, int]:
    rows = [
        {
            "edition_id": edition_id,
            "code": s.id,
            "name": s.name,
            "email": s.email,
            "max_sessions_per_day": s.max_sessions_per_day,
            "availability_given": s.availability is not None,
            "position": i,
        }
        for i, s in enumerate(speakers)
    ]
    ids = dict(zip((s.id for s in speakers), _bulk_insert(session, Speaker, rows), strict=True))
    availability_rows = [
        {"speaker_id": ids[s.id], "start": r.start, "end": r.end, "position": i}
        for s in speakers
        for i, r in enumerate(s.availability or [])
    ]
    if availability_rows:
        session.execute(insert(SpeakerAvailability), availability_rows)
    return ids


def insert_sessions(
    session: Session,
    *,
    edition_id: int,
    sessions: list[sc.Session],
    partner_ids: dict[str, int],
    speaker_ids: dict[str, int],
) -> dict[str, int]:
    rows = [
        {
            "edition_id": edition_id,
            "code": s.id,
            "partner_id": None if s.partner is None else _lookup(partner_ids, s.partner, what="partenaire"),
            "title": s.title,
            "kind": s.kind,
            "duration_minutes": s.duration_minutes,
            "expected_attendance": s.expected_attendance,
            "audience": s.audience,
            "theme": s.theme,
            "required_features": optional_list(s.required_features),
            "allowed_venues": optional_list(s.allowed_venues),
            "preferred_venues": optional_list(s.preferred_venues),
            "preferred_dates": dates_to_json(s.preferred_dates),
            "windows": time_ranges_to_json(s.windows),
            "priority": s.priority,
            "mandatory": s.mandatory,
            "fixed_room_code": None if s.fixed is None else s.fixed.room,
            "fixed_start": None if s.fixed is None else s.fixed.start,
            "fixed_declared": s.fixed_key_present,
            "absent_keys": sorted(s.absent_keys),
            "status": ProposalStatus.accepted.value,
            "position": i,
        }
        for i, s in enumerate(sessions)
    ]
    ids = dict(zip((s.id for s in sessions), _bulk_insert(session, SessionProposal, rows), strict=True))
    speaker_rows = [
        {"proposal_id": ids[s.id], "speaker_id": _lookup(speaker_ids, code, what="intervenant·e"), "position": i}
        for s in sessions
        for i, code in enumerate(s.speakers)
    ]
    if speaker_rows:
        session.execute(insert(SessionSpeaker), speaker_rows)
    return ids


def insert_previous(
    session: Session,
    *,
    edition: EditionRow,
    scenario: sc.Scenario,
    proposal_ids: dict[str, int],
    room_ids: dict[str, int],
) -> None:
    """Store ``previous`` as a succeeded run published as version 1, « importé »."""
    now = utcnow()
    run = OptimisationRun(
        edition_id=edition.id,
        status=RunStatus.succeeded.value,
        parameters={"source": "scenario"},
        progress={},
        triggered_by=IMPORT_TRIGGER,
        started_at=now,
        finished_at=now,
    )
    session.add(run)
    session.flush()
    durations = {s.id: s.duration_minutes for s in scenario.sessions}
    rows = [
        {
            "run_id": run.id,
            "proposal_id": _lookup(proposal_ids, a.session, what="session"),
            "room_id": _lookup(room_ids, a.room, what="salle"),
            "start": a.start,
            "end": a.start + timedelta(minutes=durations[a.session]),
        }
        for a in scenario.previous or []
    ]
    _bulk_insert(session, Assignment, rows)
    session.add(
        ScheduleVersion(
            edition_id=edition.id,
            number=1,
            run_id=run.id,
            message=IMPORT_MESSAGE,
            published_by=IMPORT_TRIGGER,
            published_at=now,
        )
    )
    session.flush()
