"""The lead's directory of an edition: editions, venues, rooms, partners, speakers, participants, registrations.

Every check a database constraint would make (a code used twice, a row of another edition) is made
here first, so the caller gets a sentence naming the field rather than an integrity error. New
speakers (and partners, once the notifier has the template) are sent their personal link.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from services.ingest import repository as repo
from services.ingest.auth import issue_personal_link_token, personal_link_url, revoke_subject_tokens
from services.ingest.errors import Conflict, Invalid, NotFound
from services.notifier import outbox
from shared.models import (
    ApiToken,
    Edition,
    Participant,
    Partner,
    Registration,
    Room,
    SessionProposal,
    Speaker,
    Venue,
)
from shared.models.types import utcnow

T = TypeVar("T")

#: The notifier's template for a partner's invitation; recorded only once the notifier knows that kind.
PARTNER_INVITATION_KIND = "partner.invitation"

_LABELS = {
    Edition: ("édition", "edition"),
    Venue: ("lieu", "venue"),
    Room: ("salle", "room"),
    Partner: ("partenaire", "partner"),
    Speaker: ("intervenant·e", "speaker"),
    Participant: ("participant·e", "participant"),
    Registration: ("inscription", "registration"),
    SessionProposal: ("proposition", "proposal"),
}


def find(session: Session, model: type[T], row_id: int) -> T:
    """The row, or a 404 naming what was looked for."""
    row = session.get(model, row_id)
    if row is None:
        fr, en = _LABELS.get(model, ("élément", "item"))
        raise NotFound(f"{fr} introuvable", f"{en} not found")
    return row


def _apply(row: object, changes: dict[str, Any]) -> None:
    """Set the given columns; an explicit null on a required column is refused, not stored."""
    columns = row.__table__.columns  # type: ignore[attr-defined]
    for key, value in changes.items():
        if value is None and not columns[key].nullable:
            raise Invalid("ce champ ne peut pas être vide", "this field cannot be empty", field=key)
        setattr(row, key, value)


def _unique_code(
    session: Session, model: type[Any], *, edition_id: int, code: str, except_id: int | None = None
) -> None:
    if repo.code_taken(session, model, edition_id=edition_id, code=code, except_id=except_id):
        raise Conflict(
            f"le code « {code} » est déjà utilisé dans cette édition",
            f"code {code!r} is already used in this edition",
            field="code",
        )


def create_edition(session: Session, data: dict[str, Any]) -> Edition:
    if repo.edition_code_taken(session, data["code"]):
        raise Conflict(
            f"le code « {data['code']} » est déjà utilisé", f"code {data['code']!r} is already used", field="code"
        )
    edition = Edition(**data)
    session.add(edition)
    session.flush()
    return edition


def update_edition(session: Session, *, edition_id: int, changes: dict[str, Any]) -> Edition:
    edition = find(session, Edition, edition_id)
    _apply(edition, changes)
    session.flush()
    return edition


def create_venue(session: Session, data: dict[str, Any]) -> Venue:
    find(session, Edition, data["edition_id"])
    _unique_code(session, Venue, edition_id=data["edition_id"], code=data["code"])
    venue = Venue(**data)
    session.add(venue)
    session.flush()
    return venue


def update_venue(session: Session, *, venue_id: int, changes: dict[str, Any]) -> Venue:
    venue = find(session, Venue, venue_id)
    _apply(venue, changes)
    session.flush()
    return venue


def delete_venue(session: Session, venue_id: int) -> None:
    """Delete a venue and its rooms, unless the published programme uses one of them."""
    venue = find(session, Venue, venue_id)
    room_ids = [room.id for room in venue.rooms]
    if room_ids and repo.room_in_published_run(session, room_ids):
        raise Conflict("le programme publié utilise ce lieu", "the published programme uses this venue")
    session.delete(venue)
    session.flush()


def create_room(session: Session, data: dict[str, Any]) -> Room:
    venue = find(session, Venue, data["venue_id"])
    _unique_code(session, Room, edition_id=venue.edition_id, code=data["code"])
    room = Room(edition_id=venue.edition_id, **data)
    session.add(room)
    session.flush()
    return room


def update_room(session: Session, *, room_id: int, changes: dict[str, Any]) -> Room:
    room = find(session, Room, room_id)
    _apply(room, changes)
    session.flush()
    return room


def delete_room(session: Session, room_id: int) -> None:
    room = find(session, Room, room_id)
    if repo.room_in_published_run(session, [room.id]):
        raise Conflict("le programme publié utilise cette salle", "the published programme uses this room")
    session.delete(room)
    session.flush()


def _invite(session: Session, *, kind: str, role: str, person: Partner | Speaker) -> None:
    """Send a new person their personal link (it is recorded once per person)."""
    if not person.email:
        return
    token, raw = issue_personal_link_token(session, role=role, subject_id=person.id)
    outbox.record(
        session,
        kind=kind,
        recipient_email=person.email,
        recipient_name=getattr(person, "contact_name", None) or person.name,
        locale=person.locale,
        payload={f"{role}_id": person.id, "link": personal_link_url(raw), "expires_at": token.expires_at.isoformat()},
        idempotency_key=f"invitation:{role}:{person.id}",
        edition_id=person.edition_id,
    )


def create_partner(session: Session, data: dict[str, Any]) -> Partner:
    find(session, Edition, data["edition_id"])
    _unique_code(session, Partner, edition_id=data["edition_id"], code=data["code"])
    partner = Partner(**{k: v for k, v in data.items() if v is not None})
    session.add(partner)
    session.flush()
    if PARTNER_INVITATION_KIND in outbox.KINDS:
        _invite(session, kind=PARTNER_INVITATION_KIND, role="partner", person=partner)
    return partner


def update_partner(session: Session, *, partner_id: int, changes: dict[str, Any]) -> Partner:
    partner = find(session, Partner, partner_id)
    _apply(partner, changes)
    session.flush()
    return partner


def delete_partner(session: Session, partner_id: int) -> None:
    """Delete a partner (their proposals stay, unowned) and end their personal links."""
    partner = find(session, Partner, partner_id)
    revoke_subject_tokens(session, role="partner", subject_id=partner.id)
    session.delete(partner)
    session.flush()


def create_speaker(session: Session, data: dict[str, Any]) -> Speaker:
    find(session, Edition, data["edition_id"])
    _unique_code(session, Speaker, edition_id=data["edition_id"], code=data["code"])
    speaker = Speaker(**{k: v for k, v in data.items() if v is not None})
    session.add(speaker)
    session.flush()
    _invite(session, kind="speaker.invitation", role="speaker", person=speaker)
    return speaker


def update_speaker(session: Session, *, speaker_id: int, changes: dict[str, Any]) -> Speaker:
    speaker = find(session, Speaker, speaker_id)
    _apply(speaker, changes)
    session.flush()
    return speaker


def delete_speaker(session: Session, speaker_id: int) -> None:
    speaker = find(session, Speaker, speaker_id)
    revoke_subject_tokens(session, role="speaker", subject_id=speaker.id)
    session.delete(speaker)
    session.flush()


def issue_link(session: Session, *, role: str, subject_id: int) -> tuple[ApiToken, str]:
    """A fresh personal link for a partner or speaker; the previous ones stop working."""
    find(session, Partner if role == "partner" else Speaker, subject_id)
    revoke_subject_tokens(session, role=role, subject_id=subject_id)
    return issue_personal_link_token(session, role=role, subject_id=subject_id)


def revoke_links(session: Session, *, role: str, subject_id: int) -> int:
    find(session, Partner if role == "partner" else Speaker, subject_id)
    return revoke_subject_tokens(session, role=role, subject_id=subject_id)


def create_participant(session: Session, data: dict[str, Any]) -> Participant:
    find(session, Edition, data["edition_id"])
    if repo.participant_email_taken(session, edition_id=data["edition_id"], email=data["email"]):
        raise Conflict("cette adresse est déjà inscrite", "this address is already registered", field="email")
    participant = Participant(**{k: v for k, v in data.items() if v is not None})
    session.add(participant)
    session.flush()
    return participant


def update_participant(session: Session, *, participant_id: int, changes: dict[str, Any]) -> Participant:
    participant = find(session, Participant, participant_id)
    email = changes.get("email")
    if email and repo.participant_email_taken(
        session, edition_id=participant.edition_id, email=email, except_id=participant.id
    ):
        raise Conflict("cette adresse est déjà inscrite", "this address is already registered", field="email")
    _apply(participant, changes)
    session.flush()
    return participant


def delete_participant(session: Session, participant_id: int) -> None:
    session.delete(find(session, Participant, participant_id))
    session.flush()


def create_registration(session: Session, data: dict[str, Any]) -> Registration:
    """A participant's seats at a session of the same edition, once per session."""
    participant = find(session, Participant, data["participant_id"])
    proposal = find(session, SessionProposal, data["proposal_id"])
    if proposal.edition_id != participant.edition_id:
        raise Invalid(
            "la session n'appartient pas à l'édition du participant",
            "the session belongs to another edition than the participant",
            field="proposal_id",
        )
    if repo.registration_exists(session, participant_id=participant.id, proposal_id=proposal.id):
        raise Conflict("déjà inscrit·e à cette session", "already registered for this session", field="proposal_id")
    registration = Registration(**{k: v for k, v in data.items() if v is not None})
    if registration.status == "cancelled":
        registration.cancelled_at = utcnow()
    session.add(registration)
    session.flush()
    return registration


def update_registration(session: Session, *, registration_id: int, changes: dict[str, Any]) -> Registration:
    registration = find(session, Registration, registration_id)
    _apply(registration, changes)
    if changes.get("status") == "cancelled" and registration.cancelled_at is None:
        registration.cancelled_at = utcnow()
    elif changes.get("status") in ("confirmed", "waitlisted"):
        registration.cancelled_at = None
    session.flush()
    return registration


def delete_registration(session: Session, registration_id: int) -> None:
    session.delete(find(session, Registration, registration_id))
    session.flush()
