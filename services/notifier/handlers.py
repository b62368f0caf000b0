"""The notifier's reactions to other services' events: each one turns a committed fact into an outbox row.

Subscribed by the composition root (``services/wiring.py``); each runs in a transaction of its own after
the producer's commit (:mod:`shared.events`) and reloads what it needs by id. The outbox's idempotency
keys are the same as when the producers wrote the rows themselves, so an event handled again (a relay
after a crash) writes nothing twice.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from shared.events import PersonInvited, ProposalDecided, ProposalSubmitted, RegistrationMade, SigninRequested
from shared.models import Participant, Partner, Registration, SessionProposal, Speaker, User
from shared.outbox import record

INVITATION_KINDS = {"partner": "partner.invitation", "speaker": "speaker.invitation"}


def _email_partner(session: Session, *, proposal_id: int, kind: str, key: str, **facts: object) -> None:
    """Record ``kind`` for the partner of a proposal (nothing when the proposal or the partner's address is gone)."""
    proposal = session.get(SessionProposal, proposal_id)
    partner = session.get(Partner, proposal.partner_id) if proposal and proposal.partner_id is not None else None
    if proposal is None or partner is None or not partner.email:
        return
    record(
        session,
        kind=kind,
        recipient_email=partner.email,
        recipient_name=partner.contact_name or partner.name,
        locale=partner.locale,
        payload={"proposal_id": proposal.id, "partner_id": partner.id, **facts},
        idempotency_key=key,
        edition_id=proposal.edition_id,
    )


def on_proposal_submitted(session: Session, event: ProposalSubmitted) -> None:
    """The partner hears that their proposal arrived."""
    _email_partner(
        session,
        proposal_id=event.proposal_id,
        kind="partner.proposal_received",
        key=f"proposal-received:{event.proposal_id}",
    )


def on_proposal_decided(session: Session, event: ProposalDecided) -> None:
    """The partner receives the lead's decision and message."""
    _email_partner(
        session,
        proposal_id=event.proposal_id,
        kind="partner.decision",
        key=f"decision:{event.proposal_id}:{event.decision}",
        decision=event.decision,
        message=event.message,
    )


def on_person_invited(session: Session, event: PersonInvited) -> None:
    """A new partner or speaker receives their personal link."""
    person = session.get(Partner if event.role == "partner" else Speaker, event.person_id)
    if person is None or not person.email:
        return
    record(
        session,
        kind=INVITATION_KINDS[event.role],
        recipient_email=person.email,
        recipient_name=getattr(person, "contact_name", None) or person.name,
        locale=person.locale,
        payload={f"{event.role}_id": person.id, "link": event.link, "expires_at": event.expires_at},
        idempotency_key=f"invitation:{event.role}:{person.id}",
        edition_id=person.edition_id,
    )


def on_registration_made(session: Session, event: RegistrationMade) -> None:
    """The participant is told where their registration stands, with its cancellation link."""
    row = session.get(Registration, event.registration_id)
    if row is None:
        return
    participant = session.get(Participant, row.participant_id)
    if participant is None:
        return
    record(
        session,
        kind="participant.registration_confirmed",
        recipient_email=participant.email,
        recipient_name=participant.name,
        locale=participant.locale,
        payload={
            "registration_id": row.id,
            "participant_id": participant.id,
            "proposal_id": row.proposal_id,
            "registration_status": event.status,
            "seats": row.seats,
            "title": event.title,
            "link": event.cancel_url,
            "cancel_url": event.cancel_url,
        },
        idempotency_key=event.resend_key
        or f"participant.registration_confirmed:{row.id}:{event.created_at}:{event.status}",
        edition_id=participant.edition_id,
    )


def on_signin_requested(session: Session, event: SigninRequested) -> None:
    """The lead receives their one-time sign-in link."""
    user = session.get(User, event.user_id)
    if user is None:
        return
    record(
        session,
        kind="lead.signin_link",
        recipient_email=user.email,
        recipient_name=user.name,
        locale=user.locale,
        payload={"link": event.link, "user_id": user.id},
        # from the link's hash, never the link: a key outlives the email, and most of a token was most of the secret
        idempotency_key=f"signin-link:{hashlib.sha256(event.link.encode()).hexdigest()[:40]}",
    )
