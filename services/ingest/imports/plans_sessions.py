"""What a spreadsheet row of sessions, participants or registrations does to the database.

The same rules as :mod:`services.ingest.imports.plans` (load the edition once, queue changes, write nothing
until the whole file is clean); these kinds name rows that the places-and-people kinds made.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from services.ingest.imports import kinds_sessions as spec
from services.ingest.imports.plans import in_edition
from shared.models import (
    Participant,
    Partner,
    Registration,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    Venue,
)
from shared.models.types import utcnow
from shared.scenario.store.codec import dates_to_json
from shared.spreadsheets.importer import PlanContext, Row, register_kind
from shared.spreadsheets.reader import normalise_header


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
        ok = all([in_edition(ctx, row, "preferred_dates", d) for d in days or []]) and ok
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
    (spec.PROPOSALS, plan_proposals),
    (spec.PARTICIPANTS, plan_participants),
    (spec.REGISTRATIONS, plan_registrations),
):
    register_kind(_spec, _plan)
