"""What each kind of spreadsheet row does to the database: places and people (sessions are in ``_sessions``).

A plan function loads what it needs once (everything of the edition, so 10,000 rows cost a handful of
queries), resolves references against the database and the same file, records errors on the row and
column at fault, and queues creations and updates through :class:`~shared.spreadsheets.importer.PlanContext`.
It writes nothing itself: the importer applies the queue only when the whole file is clean. The kinds
are registered in the order the lead imports them: places and people here, then
:mod:`services.ingest.imports.plans_sessions` (sessions, participants, registrations).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.ingest.directory import service as directory
from services.ingest.domain import directory as rules
from services.ingest.domain.directory import RowProblem
from services.ingest.imports import kinds as spec
from shared.models import (
    Partner,
    Room,
    Speaker,
    SpeakerAvailability,
    Venue,
)
from shared.spreadsheets.importer import PlanContext, Row, register_kind
from shared.spreadsheets.reader import normalise_header

_FR = "%d/%m/%Y"


def in_edition(ctx: PlanContext, row: Row, column: str, day: date) -> bool:
    """Whether ``day`` is a date of the edition; if not, the error is recorded on the row's ``column``."""
    edition = ctx.edition
    if edition.start_date <= day <= edition.end_date:
        return True
    ctx.error(
        row,
        column,
        "row.outside_edition",
        value=day.strftime(_FR),
        start=edition.start_date.strftime(_FR),
        end=edition.end_date.strftime(_FR),
    )
    return False


def plan_venues(ctx: PlanContext, rows: list[Row]) -> None:
    existing = {v.code: v for v in ctx.all_of(Venue)}
    position = ctx.next_position(Venue)
    keys = (
        "name",
        "commune",
        "territory",
        "lat",
        "lon",
        "address",
        "postal_code",
        "contact_name",
        "contact_phone",
        "contact_email",
    )
    for row in rows:
        values = ctx.pick(row, keys)
        if any(ctx.has(k) for k in ("opening_days", "opens", "closes")):
            opening = _opening(ctx, row)
            if opening is False:
                continue
            values["opening"] = opening
        position = _upsert_by_code(
            ctx, kind="venues", model=Venue, existing=existing, row=row, values=values, at=position
        )


def _opening(ctx: PlanContext, row: Row) -> list[dict[str, str]] | bool | None:
    """Opening hours as scenario windows; ``None`` (always open) when no hours are given, ``False`` on error."""
    days, opens, closes = (row.values.get(k) for k in ("opening_days", "opens", "closes"))
    found = rules.opening_windows(days=days, opens=opens, closes=closes)
    if isinstance(found, RowProblem):
        ctx.error(row, found.column, found.key, **found.params)
        return False
    return found


def plan_rooms(ctx: PlanContext, rows: list[Row]) -> None:
    venues = {v.code: v for v in ctx.all_of(Venue)}
    existing = {r.code: r for r in ctx.all_of(Room)}
    position = ctx.next_position(Room)
    for row in rows:
        venue = venues.get(row.values["venue"])
        if venue is None:
            ctx.error(row, "venue", "ref.venue", value=row.values["venue"])
            continue
        values = ctx.pick(row, ("name", "capacity", "changeover_minutes"))
        values["venue_id"] = venue.id
        if ctx.has("features"):
            values["features"] = row.values.get("features") or []
        position = _upsert_by_code(
            ctx, kind="rooms", model=Room, existing=existing, row=row, values=values, at=position
        )


def _upsert_by_code(
    ctx: PlanContext,
    *,
    kind: str,
    model: type[Venue] | type[Room],
    existing: dict[str, Any],
    row: Row,
    values: dict[str, Any],
    at: int,
) -> int:
    """Queue the venue or room of the row's code: changed in place, or created at position ``at``. Returns the
    position the next new one takes."""
    code = row.values["code"]
    ctx.upsert(
        kind=kind,
        existing=existing.get(code),
        values=values,
        create=lambda: model(edition_id=ctx.edition.id, code=code, position=at, **values),
    )
    return at + (code not in existing)


def _plan_people(ctx: PlanContext, rows: list[Row], *, model: Any, role: str, kind: str, keys: tuple[str, ...]) -> None:
    """Partners and speakers: found by code, or by name when the file has no code; a code is made if new.

    A new person with an address is sent their personal link, as when the lead adds them through the API: the
    invitation is recorded in the import's transaction, once per person (a re-import creates no one).
    """
    invited = 0
    everyone = ctx.all_of(model)
    by_code = {p.code: p for p in everyone}
    by_name = {normalise_header(p.name): p for p in everyone}
    taken = set(by_code) | {r.values["code"] for r in rows if r.values.get("code")}
    position = ctx.next_position(model)
    for row in rows:
        code = row.values.get("code")
        found = by_code.get(code) if code else by_name.get(normalise_header(row.values["name"]))
        values = ctx.pick(row, keys, defaults={"locale": "fr"})
        invite = found is None and rules.invites(role, values.get("email"))
        if found is None:
            code = code or rules.readable_code(row.values["name"], taken)
        invited += invite

        def create(
            code: str = code, values: dict[str, Any] = values, pos: int = position, invite: bool = invite
        ) -> Any:
            person = model(edition_id=ctx.edition.id, code=code, position=pos, **values)
            if invite:
                ctx.after_flush(lambda: directory.invite(ctx.session, role=role, person=person))
            return person

        ctx.upsert(kind=kind, existing=found, values=values, create=create)
        position += found is None
    ctx.invitations = invited


_PARTNER_KEYS = ("name", "email", "contact_name", "phone", "locale")
_SPEAKER_KEYS = ("name", "email", "phone", "locale", "max_sessions_per_day")


def plan_partners(ctx: PlanContext, rows: list[Row]) -> None:
    _plan_people(ctx, rows, model=Partner, role="partner", kind="partners", keys=_PARTNER_KEYS)


def plan_speakers(ctx: PlanContext, rows: list[Row]) -> None:
    _plan_people(ctx, rows, model=Speaker, role="speaker", kind="speakers", keys=_SPEAKER_KEYS)


def plan_availability(ctx: PlanContext, rows: list[Row]) -> None:
    """The file states each listed speaker's whole availability: ranges it lacks are removed."""
    speakers = {
        s.code: s
        for s in ctx.session.scalars(
            select(Speaker).where(Speaker.edition_id == ctx.edition.id).options(selectinload(Speaker.availability))
        )
    }
    wanted: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for row in rows:
        code, day = row.values["speaker"], row.values["date"]
        if code not in speakers:
            ctx.error(row, "speaker", "ref.speaker", value=code)
            continue
        if not in_edition(ctx, row, "date", day):
            continue
        found = rules.day_range(day, row.values["start"], row.values["end"])
        if isinstance(found, RowProblem):
            ctx.error(row, found.column, found.key, **found.params)
            continue
        wanted[code].append(found)
    for code, ranges in wanted.items():
        speaker = speakers[code]
        have = {(a.start, a.end): a for a in speaker.availability}
        new = [r for r in ranges if r not in have]
        gone = [a for key, a in have.items() if key not in set(ranges)]
        ctx.count("availability", "unchanged", len(ranges) - len(new))
        ctx.count("availability", "created", len(new))
        ctx.count("availability", "deleted", len(gone))
        if new or gone or not speaker.availability_given:
            ctx.later(
                lambda speaker=speaker, ranges=sorted(set(ranges)), have=have: _replace_availability(
                    speaker, ranges, have
                )
            )


def _replace_availability(
    speaker: Speaker,
    ranges: list[tuple[datetime, datetime]],
    have: dict[tuple[datetime, datetime], SpeakerAvailability],
) -> None:
    speaker.availability = [
        have.get((start, end)) or SpeakerAvailability(start=start, end=end) for start, end in ranges
    ]
    for position, item in enumerate(speaker.availability):
        item.position = position
    speaker.availability_given = True


for _spec, _plan in (
    (spec.VENUES, plan_venues),
    (spec.ROOMS, plan_rooms),
    (spec.PARTNERS, plan_partners),
    (spec.SPEAKERS, plan_speakers),
    (spec.AVAILABILITY, plan_availability),
):
    register_kind(_spec, _plan)
