"""Use cases of partners, speakers and the lead's review: proposals, decisions, availability, programme.

Functions only ``flush()``: the edge (request, CLI command) commits. Each event a person must hear
about (receipt of a proposal, a decision) is a domain event recorded in the same transaction
(:mod:`shared.events`); the notifier's handlers turn it into an email once it has committed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from services.ingest import repository as repo
from services.ingest.directory.schemas import AvailabilityIn
from services.ingest.domain import proposals as rules
from services.ingest.errors import Invalid, NotFound
from services.ingest.proposals.schemas import ProposalIn
from shared import events
from shared.events import ProposalDecided, ProposalSubmitted
from shared.models import (
    Edition,
    Partner,
    ProposalStatus,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    SpeakerAvailability,
)
from shared.models.types import utcnow

_FMT = "%Y-%m-%dT%H:%M"


def today_in(edition: Edition) -> date:
    """Today's date where the edition takes place (the call closes at local midnight)."""
    return utcnow().astimezone(rules.zone(edition.timezone)).date()


def proposals_open(edition: Edition, today: date | None = None) -> bool:
    """Partners may submit and change proposals up to and including ``proposals_close_on``."""
    return rules.call_open(close_on=edition.proposals_close_on, today=today or today_in(edition))


def _checked_fields(session: Session, edition: Edition, data: ProposalIn) -> tuple[dict[str, Any], list[Speaker]]:
    """The proposal's columns once every code and date has been checked against the edition."""
    rules.check_duration(edition, data.duration_minutes)
    if data.preferred_venues:
        known = repo.venues_by_code(session, edition.id, data.preferred_venues)
        missing = [code for code in data.preferred_venues if code not in known]
        if missing:
            raise Invalid(
                f"lieu inconnu : {', '.join(missing)}", f"unknown venue: {', '.join(missing)}", field="preferred_venues"
            )
    rules.check_dates(edition, data.preferred_dates or [])
    windows = None
    if data.windows is not None:
        merged = rules.check_ranges(edition, [(w.start, w.end) for w in data.windows], field="windows")
        windows = [{"start": s.strftime(_FMT), "end": e.strftime(_FMT)} for s, e in merged]
    speakers: list[Speaker] = []
    if data.speakers:
        codes = list(dict.fromkeys(data.speakers))
        known_speakers = repo.speakers_by_code(session, edition.id, codes)
        missing = [code for code in codes if code not in known_speakers]
        if missing:
            raise Invalid(
                f"intervenant·e inconnu·e : {', '.join(missing)}",
                f"unknown speaker: {', '.join(missing)}",
                field="speakers",
            )
        speakers = [known_speakers[code] for code in codes]
    fields = data.model_dump(exclude={"speakers", "windows", "preferred_dates"})
    fields["windows"] = windows
    fields["preferred_dates"] = (
        None if data.preferred_dates is None else sorted({d.isoformat() for d in data.preferred_dates})
    )
    if data.preferred_venues is not None:
        fields["preferred_venues"] = list(dict.fromkeys(data.preferred_venues))
    return fields, speakers


def _set_speakers(proposal: SessionProposal, speakers: list[Speaker]) -> None:
    proposal.speakers = [SessionSpeaker(speaker_id=s.id, position=i) for i, s in enumerate(speakers)]


def _partner_and_edition(session: Session, partner_id: int) -> tuple[Partner, Edition]:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise NotFound("partenaire introuvable", "partner not found")
    return partner, session.get_one(Edition, partner.edition_id)


def _require_open(edition: Edition) -> None:
    rules.require_open(close_on=edition.proposals_close_on, today=today_in(edition))


def create_proposal(session: Session, *, partner_id: int, data: ProposalIn) -> SessionProposal:
    """A partner submits a session; they are told by email that it arrived."""
    partner, edition = _partner_and_edition(session, partner_id)
    _require_open(edition)
    fields, speakers = _checked_fields(session, edition, data)
    proposal = SessionProposal(
        edition_id=edition.id,
        partner_id=partner.id,
        code=f"tmp-{utcnow().timestamp()}",
        status=ProposalStatus.submitted.value,
        **fields,
    )
    session.add(proposal)
    session.flush()
    code = f"se-{proposal.id:04d}"
    if repo.proposal_code_taken(session, edition_id=edition.id, code=code):
        code = f"se-{proposal.id:04d}-{partner.id}"
    proposal.code = code
    _set_speakers(proposal, speakers)
    session.flush()
    events.record(session, ProposalSubmitted(proposal_id=proposal.id))
    return proposal


def _own(session: Session, *, partner_id: int, proposal_id: int) -> SessionProposal:
    proposal = repo.partner_proposal(session, partner_id=partner_id, proposal_id=proposal_id)
    if proposal is None:
        raise NotFound("proposition introuvable", "proposal not found")
    return proposal


def update_proposal(session: Session, *, partner_id: int, proposal_id: int, data: ProposalIn) -> SessionProposal:
    """A partner rewrites their proposal while it awaits review and the call is open."""
    proposal = _own(session, partner_id=partner_id, proposal_id=proposal_id)
    _, edition = _partner_and_edition(session, partner_id)
    _require_open(edition)
    rules.require_editable(proposal.status)
    fields, speakers = _checked_fields(session, edition, data)
    for key, value in fields.items():
        setattr(proposal, key, value)
    _set_speakers(proposal, speakers)
    proposal.updated_at = utcnow()
    session.flush()
    return proposal


def withdraw_proposal(session: Session, *, partner_id: int, proposal_id: int) -> SessionProposal:
    """A partner withdraws a proposal (submitted or accepted) until the call closes."""
    proposal = _own(session, partner_id=partner_id, proposal_id=proposal_id)
    _, edition = _partner_and_edition(session, partner_id)
    _require_open(edition)
    if not rules.must_withdraw(proposal.status):
        return proposal
    proposal.status = ProposalStatus.withdrawn.value
    proposal.updated_at = utcnow()
    session.flush()
    return proposal


def decide(session: Session, *, proposal_id: int, status: str, message: str) -> SessionProposal:
    """The lead accepts or rejects a proposal; the partner receives the decision and the message."""
    proposal = session.get(SessionProposal, proposal_id)
    if proposal is None:
        raise NotFound("proposition introuvable", "proposal not found")
    if not rules.must_decide(
        status=proposal.status, message=proposal.decision_message, decision=status, new_message=message
    ):
        return proposal
    proposal.status = status
    proposal.decision_message = message or None
    proposal.decided_at = utcnow()
    proposal.updated_at = utcnow()
    session.flush()
    events.record(session, ProposalDecided(proposal_id=proposal.id, decision=status, message=message))
    return proposal


def proposal_views(session: Session, proposals: Sequence[SessionProposal]) -> list[dict[str, Any]]:
    """Proposals as the API shows them: with speakers' codes and their published slots."""
    ids = [p.id for p in proposals]
    codes = repo.speaker_codes(session, ids)
    slots: dict[int, list[dict[str, Any]]] = {pid: [] for pid in ids}
    for edition_id in {p.edition_id for p in proposals}:
        version = repo.latest_version(session, edition_id)
        if version is None:
            continue
        for row in repo.slot_rows(session, run_id=version.run_id, proposal_ids=ids):
            slots[row[0]].append(
                {
                    "version": version.number,
                    "start": row[1],
                    "end": row[2],
                    "room_code": row[3],
                    "room_name": row[4],
                    "venue_code": row[5],
                    "venue_name": row[6],
                    "commune": row[7],
                }
            )
    views = []
    for p in proposals:
        windows = (
            None
            if p.windows is None
            else [
                {"start": datetime.strptime(w["start"], _FMT), "end": datetime.strptime(w["end"], _FMT)}
                for w in p.windows
            ]
        )
        dates = None if p.preferred_dates is None else [date.fromisoformat(d) for d in p.preferred_dates]
        views.append(
            {
                "id": p.id,
                "edition_id": p.edition_id,
                "code": p.code,
                "partner_id": p.partner_id,
                "title": p.title,
                "description": p.description,
                "kind": p.kind,
                "duration_minutes": p.duration_minutes,
                "expected_attendance": p.expected_attendance,
                "audience": p.audience,
                "theme": p.theme,
                "required_features": p.required_features,
                "preferred_venues": p.preferred_venues,
                "preferred_dates": dates,
                "windows": windows,
                "speakers": codes.get(p.id, []),
                "accessibility": p.accessibility,
                "equipment": p.equipment,
                "setup_minutes": p.setup_minutes,
                "status": p.status,
                "decision_message": p.decision_message,
                "decided_at": p.decided_at,
                "created_at": p.created_at,
                "updated_at": p.updated_at,
                "slots": slots.get(p.id, []),
            }
        )
    return views


def replace_availability(session: Session, *, speaker_id: int, data: AvailabilityIn) -> Speaker:
    """A speaker states when they can come; the new ranges replace the old ones entirely."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound("intervenant·e introuvable", "speaker not found")
    edition = session.get_one(Edition, speaker.edition_id)
    merged = rules.check_ranges(edition, [(r.start, r.end) for r in data.ranges], field="ranges")
    speaker.availability = [SpeakerAvailability(start=s, end=e, position=i) for i, (s, e) in enumerate(merged)]
    speaker.availability_given = True
    session.flush()
    return speaker


def update_speaker_contact(session: Session, *, speaker_id: int, changes: dict[str, Any]) -> Speaker:
    """A speaker corrects their own name, email, phone or language."""
    speaker = session.get(Speaker, speaker_id)
    if speaker is None:
        raise NotFound("intervenant·e introuvable", "speaker not found")
    for key, value in changes.items():
        if value is None and key in ("name", "locale"):
            raise Invalid("ce champ ne peut pas être vide", "this field cannot be empty", field=key)
        setattr(speaker, key, value)
    session.flush()
    return speaker
