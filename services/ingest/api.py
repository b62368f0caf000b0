"""The ingest JSON API under ``/api/v1``: partners' proposals, speakers' availability.

The lead's directory and review endpoints live in :mod:`services.ingest.api_lead` and are included
here, so that ``services.ingest.api.router`` is the one router of the service.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from services.ingest import repository as repo
from services.ingest.api_common import http_errors
from services.ingest.api_lead import router as lead_router
from services.ingest.directory.schemas import (
    AvailabilityIn,
    AvailabilityOut,
    EditionOut,
    PartnerOut,
    SpeakerContactUpdate,
    SpeakerOut,
)
from services.ingest.directory.service import find
from services.ingest.errors import NotFound
from services.ingest.proposals import service
from services.ingest.proposals.schemas import PartnerMeOut, ProposalIn, ProposalOut
from shared.models import Edition, Partner, Speaker
from shared.web.api_docs import AUTH_ERRORS, errors
from shared.web.auth import Principal, require_any, require_partner, require_speaker
from shared.web.http import SessionDep
from shared.web.ids import DbId

router = APIRouter(prefix="/api/v1")
ProposalId = Annotated[DbId, Path(description="Identifiant de la proposition / proposal id")]
SpeakerId = Annotated[DbId, Path(description="Identifiant de l'intervenant·e / speaker id")]
PartnerDep = Annotated[Principal, Depends(require_partner)]
SpeakerDep = Annotated[Principal, Depends(require_speaker)]


def _subject(principal: Principal) -> int:
    if principal.subject_id is None:
        raise NotFound("personne introuvable", "person not found")
    return principal.subject_id


# --- partners -------------------------------------------------------------------------------------

partner = APIRouter(prefix="/partner", tags=["partenaire / partner"], responses=AUTH_ERRORS)


@partner.get("/me", response_model=PartnerMeOut, summary="Mon organisation / My organisation", responses=errors(404))
@http_errors
def partner_me(principal: PartnerDep, session: SessionDep) -> dict:
    """The partner's own record, their edition and whether the call for proposals is still open."""
    row = find(session, Partner, _subject(principal))
    edition = session.get_one(Edition, row.edition_id)
    return {
        "partner": PartnerOut.model_validate(row),
        "edition": EditionOut.model_validate(edition),
        "proposals_open": service.proposals_open(edition),
    }


@partner.get("/proposals", response_model=list[ProposalOut], summary="Mes propositions / My proposals")
def partner_proposals(principal: PartnerDep, session: SessionDep) -> list[dict]:
    rows = repo.list_proposals(session, partner_id=principal.subject_id or 0)
    return service.proposal_views(session, rows)


@partner.post(
    "/proposals",
    response_model=ProposalOut,
    status_code=status.HTTP_201_CREATED,
    summary="Proposer une session / Submit a session",
    responses=errors(404, 409),
)
@http_errors
def partner_create_proposal(body: ProposalIn, principal: PartnerDep, session: SessionDep) -> dict:
    """Submit a session; the partner receives an acknowledgement by email."""
    proposal = service.create_proposal(session, partner_id=_subject(principal), data=body)
    return service.proposal_views(session, [proposal])[0]


@partner.get(
    "/proposals/{proposal_id}",
    response_model=ProposalOut,
    responses=errors(404),
    summary="Une de mes propositions, sa décision et ses créneaux / One proposal, its decision and slots",
)
@http_errors
def partner_proposal(proposal_id: ProposalId, principal: PartnerDep, session: SessionDep) -> dict:
    proposal = repo.partner_proposal(session, partner_id=_subject(principal), proposal_id=proposal_id)
    if proposal is None:
        raise NotFound("proposition introuvable", "proposal not found")
    return service.proposal_views(session, [proposal])[0]


@partner.put(
    "/proposals/{proposal_id}",
    response_model=ProposalOut,
    responses=errors(404, 409),
    summary="Modifier ma proposition / Update my proposal",
)
@http_errors
def partner_update_proposal(
    proposal_id: ProposalId, body: ProposalIn, principal: PartnerDep, session: SessionDep
) -> dict:
    """Replace the proposal's fields while it awaits review and the call is open."""
    proposal = service.update_proposal(session, partner_id=_subject(principal), proposal_id=proposal_id, data=body)
    return service.proposal_views(session, [proposal])[0]


@partner.post(
    "/proposals/{proposal_id}/withdraw",
    response_model=ProposalOut,
    responses=errors(404, 409),
    summary="Retirer ma proposition / Withdraw my proposal",
)
@http_errors
def partner_withdraw_proposal(proposal_id: ProposalId, principal: PartnerDep, session: SessionDep) -> dict:
    proposal = service.withdraw_proposal(session, partner_id=_subject(principal), proposal_id=proposal_id)
    return service.proposal_views(session, [proposal])[0]


# --- speakers -------------------------------------------------------------------------------------

speaker = APIRouter(tags=["intervenant·e / speaker"], responses=AUTH_ERRORS)
AvailabilityReader = Annotated[Principal, Depends(require_any("lead", "speaker"))]


@speaker.get(
    "/speaker/me", response_model=SpeakerOut, responses=errors(404), summary="Mes coordonnées / My contact details"
)
@http_errors
def speaker_me(principal: SpeakerDep, session: SessionDep) -> Speaker:
    return find(session, Speaker, _subject(principal))


@speaker.patch(
    "/speaker/me",
    response_model=SpeakerOut,
    responses=errors(404),
    summary="Corriger mes coordonnées / Update my contact details",
)
@http_errors
def speaker_update_me(body: SpeakerContactUpdate, principal: SpeakerDep, session: SessionDep) -> Speaker:
    return service.update_speaker_contact(
        session, speaker_id=_subject(principal), changes=body.model_dump(exclude_unset=True)
    )


def _readable_speaker(principal: Principal, speaker_id: int) -> int:
    """The lead reads anyone's availability; a speaker only their own (another's is 404, not 403)."""
    if principal.role == "speaker" and principal.subject_id != speaker_id:
        raise NotFound("intervenant·e introuvable", "speaker not found")
    return speaker_id


@speaker.get(
    "/speakers/{speaker_id}/availability",
    response_model=AvailabilityOut,
    responses=errors(404),
    summary="Disponibilités / Availability",
)
@http_errors
def speaker_availability(speaker_id: SpeakerId, principal: AvailabilityReader, session: SessionDep) -> dict:
    row = find(session, Speaker, _readable_speaker(principal, speaker_id))
    return {
        "availability_given": row.availability_given,
        "ranges": [{"start": a.start, "end": a.end} for a in row.availability],
    }


@speaker.put(
    "/speakers/{speaker_id}/availability",
    response_model=AvailabilityOut,
    responses=errors(404),
    summary="Remplacer les disponibilités / Replace the availability",
)
@http_errors
def speaker_replace_availability(
    speaker_id: SpeakerId, body: AvailabilityIn, principal: AvailabilityReader, session: SessionDep
) -> dict:
    """The ranges given replace every earlier one; overlapping or touching ranges are merged."""
    row = service.replace_availability(session, speaker_id=_readable_speaker(principal, speaker_id), data=body)
    return {
        "availability_given": row.availability_given,
        "ranges": [{"start": a.start, "end": a.end} for a in row.availability],
    }


router.include_router(partner)
router.include_router(speaker)
router.include_router(lead_router)
