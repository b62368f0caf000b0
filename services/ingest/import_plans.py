"""What each kind of spreadsheet row does to the database: one plan function per kind, registered on import.

A plan function loads what it needs once (everything of the edition, so 10,000 rows cost a handful of
queries), resolves references against the database and the same file, records errors on the row and
column at fault, and queues creations and updates through :class:`~services.ingest.importer.PlanContext`.
It writes nothing itself: the importer applies the queue only when the whole file is clean.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.ingest import import_kinds as spec
from services.ingest.importer import PlanContext, Row, register_kind
from services.ingest.spreadsheet import normalise_header
from shared.models import (
    Participant,
    Partner,
    Registration,
    Room,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    SpeakerAvailability,
    Venue,
)
from shared.models.types import utcnow
from shared.scenario_store_codec import dates_to_json

_FR = "%d/%m/%Y"


def _hhmm(value: time | str) -> str:
    return value if isinstance(value, str) else f"{value.hour:02d}:{value.minute:02d}"


def _unique_code(base: str, taken: set[str]) -> str:
    """A readable code from a name (``Médiathèque de Riom`` → ``mediatheque-de-riom``), unique in ``taken``."""
    stem = normalise_header(base).replace(" ", "-")[:56] or "x"
    code, n = stem, 2
    while code in taken:
        code, n = f"{stem}-{n}", n + 1
    taken.add(code)
    return code


def _in_edition(ctx: PlanContext, row: Row, column: str, day: date) -> bool:
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
        code = row.values["code"]
        ctx.upsert(
            kind="venues",
            existing=existing.get(code),
            values=values,
            create=lambda code=code, values=values, pos=position: Venue(
                edition_id=ctx.edition.id, code=code, position=pos, **values
            ),
        )
        position += code not in existing


def _opening(ctx: PlanContext, row: Row) -> list[dict[str, str]] | bool | None:
    """Opening hours as scenario windows; ``None`` (always open) when no hours are given, ``False`` on error."""
    days, opens, closes = (row.values.get(k) for k in ("opening_days", "opens", "closes"))
    if opens is None and closes is None:
        return None if days is None else [{"days": days, "from": "00:00", "to": "24:00"}]
    if opens is None or closes is None:
        ctx.error(row, "opens" if opens is None else "closes", "cell.required")
        return False
    if closes != "24:00" and closes <= opens:
        ctx.error(row, "closes", "row.end_before_start", start=_hhmm(opens), end=_hhmm(closes))
        return False
    return [{"days": days or "all", "from": _hhmm(opens), "to": _hhmm(closes)}]


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
        code = row.values["code"]
        ctx.upsert(
            kind="rooms",
            existing=existing.get(code),
            values=values,
            create=lambda code=code, values=values, pos=position: Room(
                edition_id=ctx.edition.id, code=code, position=pos, **values
            ),
        )
        position += code not in existing


def _plan_people(ctx: PlanContext, rows: list[Row], *, model: Any, kind: str, keys: tuple[str, ...]) -> None:
    """Partners and speakers: found by code, or by name when the file has no code; a code is made if new."""
    everyone = ctx.all_of(model)
    by_code = {p.code: p for p in everyone}
    by_name = {normalise_header(p.name): p for p in everyone}
    taken = set(by_code) | {r.values["code"] for r in rows if r.values.get("code")}
    position = ctx.next_position(model)
    for row in rows:
        code = row.values.get("code")
        found = by_code.get(code) if code else by_name.get(normalise_header(row.values["name"]))
        values = ctx.pick(row, keys, defaults={"locale": "fr"})
        if found is None:
            code = code or _unique_code(row.values["name"], taken)
        ctx.upsert(
            kind=kind,
            existing=found,
            values=values,
            create=lambda code=code, values=values, pos=position: model(
                edition_id=ctx.edition.id, code=code, position=pos, **values
            ),
        )
        position += found is None


def plan_partners(ctx: PlanContext, rows: list[Row]) -> None:
    _plan_people(ctx, rows, model=Partner, kind="partners", keys=("name", "email", "contact_name", "phone", "locale"))


def plan_speakers(ctx: PlanContext, rows: list[Row]) -> None:
    _plan_people(
        ctx, rows, model=Speaker, kind="speakers", keys=("name", "email", "phone", "locale", "max_sessions_per_day")
    )


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
        if not _in_edition(ctx, row, "date", day):
            continue
        start = datetime.combine(day, row.values["start"])
        end_value = row.values["end"]
        end = (
            datetime.combine(day + timedelta(days=1), time(0))
            if end_value == "24:00"
            else datetime.combine(day, end_value)
        )
        if end <= start:
            ctx.error(row, "end", "row.end_before_start", start=_hhmm(row.values["start"]), end=_hhmm(end_value))
            continue
        wanted[code].append((start, end))
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


def plan_proposals(ctx: PlanContext, rows: list[Row]) -> None:
    partners = {p.code: p for p in ctx.all_of(Partner)}
    speakers = {s.code: s for s in ctx.all_of(Speaker)}
    venues = {v.code for v in ctx.all_of(Venue)}
    proposals = list(
        ctx.session.scalars(
            select(SessionProposal)
            .where(SessionProposal.edition_id == ctx.edition.id)
            .options(selectinload(SessionProposal.speakers))
        )
    )
    by_code = {p.code: p for p in proposals}
    by_title = {(p.partner_id, normalise_header(p.title)): p for p in proposals}
    speaker_codes = {s.id: s.code for s in speakers.values()}
    taken = set(by_code) | {r.values["code"] for r in rows if r.values.get("code")}
    numbers = [int(m.group(1)) for c in taken if (m := re.fullmatch(r"se-(\d+)", c))]
    next_number = max(numbers, default=0) + 1
    position = ctx.next_position(SessionProposal)
    for row in rows:
        values = ctx.pick(
            row,
            (
                "title",
                "description",
                "kind",
                "duration_minutes",
                "expected_attendance",
                "audience",
                "theme",
                "required_features",
                "allowed_venues",
                "preferred_venues",
                "priority",
                "mandatory",
                "accessibility",
                "equipment",
                "setup_minutes",
                "status",
            ),
            defaults={"status": "submitted"},
        )
        ok = _proposal_references(ctx, row, partners=partners, speakers=speakers, venues=venues, values=values)
        if not ok:
            continue
        partner = partners.get(row.values.get("partner") or "")
        if ctx.has("partner"):
            values["partner_id"] = partner.id if partner else None
        code = row.values.get("code")
        found = (
            by_code.get(code)
            if code
            else by_title.get((partner.id if partner else None, normalise_header(row.values["title"])))
        )
        wanted = (row.values.get("speakers") or []) if ctx.has("speakers") else None
        if found is None and not code:
            while f"se-{next_number:03d}" in taken:
                next_number += 1
            code, next_number = f"se-{next_number:03d}", next_number + 1
        also = None
        if (
            found is not None
            and wanted is not None
            and wanted != [speaker_codes.get(s.speaker_id) for s in found.speakers]
        ):
            also = lambda found=found, codes=wanted: _replace_speakers(found, codes, speakers)  # noqa: E731
        ctx.upsert(
            kind="proposals",
            existing=found,
            values=values,
            also=also,
            create=lambda code=code, values=values, pos=position, codes=wanted or []: SessionProposal(
                edition_id=ctx.edition.id,
                code=code,
                position=pos,
                **values,
                speakers=[SessionSpeaker(speaker_id=speakers[c].id, position=i) for i, c in enumerate(codes)],
            ),
        )
        position += found is None


def _proposal_references(
    ctx: PlanContext,
    row: Row,
    *,
    partners: dict[str, Partner],
    speakers: dict[str, Speaker],
    venues: set[str],
    values: dict[str, Any],
) -> bool:
    """Check the codes a proposal names and spell its dates as the scenario format does; False on any error."""
    ok = True
    partner = row.values.get("partner")
    if partner and partner not in partners:
        ctx.error(row, "partner", "ref.partner", value=partner)
        ok = False
    for code in row.values.get("speakers") or []:
        if code not in speakers:
            ctx.error(row, "speakers", "ref.speaker", value=code)
            ok = False
    for column in ("allowed_venues", "preferred_venues"):
        for code in row.values.get(column) or []:
            if code not in venues:
                ctx.error(row, column, "ref.venue", value=code)
                ok = False
    if ctx.has("preferred_dates"):
        days = row.values.get("preferred_dates")
        ok = all([_in_edition(ctx, row, "preferred_dates", d) for d in days or []]) and ok
        values["preferred_dates"] = dates_to_json(days)
    return ok


def _replace_speakers(proposal: SessionProposal, codes: list[str], speakers: dict[str, Speaker]) -> None:
    """Keep the link rows of speakers who stay (their key cannot be deleted and re-inserted in one flush)."""
    kept = {link.speaker_id: link for link in proposal.speakers}
    links = []
    for position, code in enumerate(codes):
        link = kept.get(speakers[code].id) or SessionSpeaker(speaker_id=speakers[code].id)
        link.position = position
        links.append(link)
    proposal.speakers = links


def plan_participants(ctx: PlanContext, rows: list[Row]) -> None:
    existing = {p.email.lower(): p for p in ctx.all_of(Participant)}
    for row in rows:
        email = row.values["email"]
        values = ctx.pick(
            row,
            ("name", "phone", "commune", "is_professional", "locale", "accessibility_needs"),
            defaults={"is_professional": False, "locale": "fr"},
        )
        found = existing.get(email)
        if found is None:
            ctx.insert(
                kind="participants",
                model=Participant,
                values=lambda email=email, values=values: {"edition_id": ctx.edition.id, "email": email, **values},
            )
        else:
            ctx.upsert(kind="participants", existing=found, values=values, create=lambda: None)


def plan_registrations(ctx: PlanContext, rows: list[Row]) -> None:
    """Registrations name a session by code and a person by email; a person new to festplan needs a name."""
    proposals = {
        code: pid
        for code, pid in ctx.session.execute(
            select(SessionProposal.code, SessionProposal.id).where(SessionProposal.edition_id == ctx.edition.id)
        )
    }
    # Light rows, not mapped objects: a big edition has thousands of each.
    participants = {
        p.email.lower(): p
        for p in ctx.session.execute(
            select(Participant.id, Participant.email).where(Participant.edition_id == ctx.edition.id)
        )
    }
    registrations = {
        (r.participant_id, r.proposal_id): r
        for r in ctx.session.execute(
            select(
                Registration.id,
                Registration.participant_id,
                Registration.proposal_id,
                Registration.seats,
                Registration.status,
                Registration.accessibility_needs,
                Registration.cancelled_at,
            )
            .join(Participant)
            .where(Participant.edition_id == ctx.edition.id)
        )
    }
    newcomers: dict[str, Participant] = {}
    for row in rows:
        email, session_code = row.values["email"], row.values["session"]
        proposal_id = proposals.get(session_code)
        if proposal_id is None:
            ctx.error(row, "session", "ref.session", value=session_code)
        person = participants.get(email)
        if person is None and email not in newcomers:
            if not row.values.get("name"):
                ctx.error(row, "email", "ref.participant", value=email)
                continue
            newcomers[email] = Participant(edition_id=ctx.edition.id, email=email, name=row.values["name"])
            ctx.count("participants", "created")
            ctx.later(lambda p=newcomers[email]: ctx.session.add(p))
        if proposal_id is None:
            continue
        values = ctx.pick(row, ("seats", "status", "accessibility_needs"), defaults={"seats": 1, "status": "confirmed"})
        found = registrations.get((person.id, proposal_id)) if person is not None else None
        _cancellation(values, found)
        if found is None:
            who = person or newcomers[email]  # a newcomer's id exists once the queued changes are flushed
            ctx.insert(
                kind="registrations",
                model=Registration,
                values=lambda who=who, pid=proposal_id, values=values: {
                    "participant_id": who.id,
                    "proposal_id": pid,
                    **values,
                },
            )
        else:
            ctx.upsert(
                kind="registrations",
                existing=found,
                values=values,
                create=lambda: None,
                load=lambda rid=found.id: ctx.session.get(Registration, rid),
            )


def _cancellation(values: dict[str, Any], found: Any) -> None:
    """A registration that becomes cancelled gets its date; one that comes back loses it."""
    status = values.get("status")
    before = found.status if found is not None else None
    if status == "cancelled" and before != "cancelled":
        values["cancelled_at"] = utcnow()
    elif status is not None and status != "cancelled" and before == "cancelled":
        values["cancelled_at"] = None


for _spec, _plan in (
    (spec.VENUES, plan_venues),
    (spec.ROOMS, plan_rooms),
    (spec.PARTNERS, plan_partners),
    (spec.SPEAKERS, plan_speakers),
    (spec.AVAILABILITY, plan_availability),
    (spec.PROPOSALS, plan_proposals),
    (spec.PARTICIPANTS, plan_participants),
    (spec.REGISTRATIONS, plan_registrations),
):
    register_kind(_spec, _plan)
