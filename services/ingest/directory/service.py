"""The lead's directory of an edition: editions, venues, rooms, partners, speakers, participants, registrations.

Every check a database constraint would make (a code used twice, a row of another edition) is made
here first, so the caller gets a sentence naming the field rather than an integrity error. New
speakers (and partners, once the notifier has the template) are sent their personal link.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from services.ingest import repository as repo
from services.ingest.domain import directory as rules
from services.ingest.errors import Conflict, Invalid, NotFound
from shared import events
from shared.events import PersonInvited
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
from shared.web.auth import issue_personal_link_token, personal_link_url, revoke_subject_tokens

T = TypeVar("T")
P = TypeVar("P", Partner, Speaker)

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


def _update(session: Session, model: type[T], row_id: int, changes: dict[str, Any]) -> T:
    """The lead's PATCH of any directory row: the given columns, nothing else."""
    row = find(session, model, row_id)
    _apply(row, changes)
    session.flush()
    return row


def _add(session: Session, row: T) -> T:
    """A new row, flushed so that its id is known."""
    session.add(row)
    session.flush()
    return row


def _delete_place(session: Session, place: Venue | Room, room_ids: list[int], *, fr: str, en: str) -> None:
    """A venue or room goes (a venue with its rooms), unless the published programme uses one of those rooms."""
    if room_ids and repo.room_in_published_run(session, room_ids):
        raise Conflict(fr, en)
    session.delete(place)
    session.flush()


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
    return _add(session, Edition(**data))


def update_edition(session: Session, *, edition_id: int, changes: dict[str, Any]) -> Edition:
    return _update(session, Edition, edition_id, changes)


def create_venue(session: Session, data: dict[str, Any]) -> Venue:
    find(session, Edition, data["edition_id"])
    _unique_code(session, Venue, edition_id=data["edition_id"], code=data["code"])
    return _add(session, Venue(**data))


def update_venue(session: Session, *, venue_id: int, changes: dict[str, Any]) -> Venue:
    return _update(session, Venue, venue_id, changes)


def delete_venue(session: Session, venue_id: int) -> None:
    """Delete a venue and its rooms, unless the published programme uses one of them."""
    venue = find(session, Venue, venue_id)
    room_ids = [room.id for room in venue.rooms]
    fr, en = "le programme publié utilise ce lieu", "the published programme uses this venue"
    _delete_place(session, venue, room_ids, fr=fr, en=en)


def create_room(session: Session, data: dict[str, Any]) -> Room:
    venue = find(session, Venue, data["venue_id"])
    _unique_code(session, Room, edition_id=venue.edition_id, code=data["code"])
    return _add(session, Room(edition_id=venue.edition_id, **data))


def update_room(session: Session, *, room_id: int, changes: dict[str, Any]) -> Room:
    return _update(session, Room, room_id, changes)


def delete_room(session: Session, room_id: int) -> None:
    room = find(session, Room, room_id)
    fr, en = "le programme publié utilise cette salle", "the published programme uses this room"
    _delete_place(session, room, [room.id], fr=fr, en=en)


def invite(session: Session, *, role: str, person: Partner | Speaker) -> None:
    """Send a new person their personal link (it is recorded once per person, whoever adds them)."""
    if not rules.invites(role, person.email):
        return
    token, raw = issue_personal_link_token(session, role=role, subject_id=person.id)
    event = PersonInvited(
        role=role, person_id=person.id, link=personal_link_url(raw), expires_at=token.expires_at.isoformat()
    )
    events.record(session, event)


def _create_person(session: Session, model: type[P], *, role: str, data: dict[str, Any]) -> P:
    """A partner or speaker, whose code is unique in the edition; they are sent their personal link."""
    find(session, Edition, data["edition_id"])
    _unique_code(session, model, edition_id=data["edition_id"], code=data["code"])
    person = _add(session, model(**{k: v for k, v in data.items() if v is not None}))
    invite(session, role=role, person=person)
    return person


def _delete_person(session: Session, model: type[Partner | Speaker], *, role: str, row_id: int) -> None:
    """Delete a partner or speaker and end their personal links (a partner's proposals stay, unowned)."""
    person = find(session, model, row_id)
    revoke_subject_tokens(session, role=role, subject_id=person.id)
    session.delete(person)
    session.flush()


def create_partner(session: Session, data: dict[str, Any]) -> Partner:
    return _create_person(session, Partner, role="partner", data=data)


def update_partner(session: Session, *, partner_id: int, changes: dict[str, Any]) -> Partner:
    return _update(session, Partner, partner_id, changes)


def delete_partner(session: Session, partner_id: int) -> None:
    """Delete a partner (their proposals stay, unowned) and end their personal links."""
    _delete_person(session, Partner, role="partner", row_id=partner_id)


def create_speaker(session: Session, data: dict[str, Any]) -> Speaker:
    return _create_person(session, Speaker, role="speaker", data=data)


def update_speaker(session: Session, *, speaker_id: int, changes: dict[str, Any]) -> Speaker:
    return _update(session, Speaker, speaker_id, changes)


def delete_speaker(session: Session, speaker_id: int) -> None:
    _delete_person(session, Speaker, role="speaker", row_id=speaker_id)


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
    return _add(session, Participant(**{k: v for k, v in data.items() if v is not None}))


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


def _delete(session: Session, model: type[Any], row_id: int) -> None:
    session.delete(find(session, model, row_id))
    session.flush()


def delete_participant(session: Session, participant_id: int) -> None:
    _delete(session, Participant, participant_id)


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
    return _add(session, registration)


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
    _delete(session, Registration, registration_id)
