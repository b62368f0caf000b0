"""Seats at a session: registration counted atomically against room capacity, waiting list, cancellation.

Two people racing for the last seat must not both get it. Every change of a session's seats first
locks that session's proposal row — ``SELECT … FOR UPDATE`` on PostgreSQL, a no-op ``UPDATE`` that takes
SQLite's single write lock there — and only then counts the confirmed seats, so the second request
counts after the first has committed. Confirmation emails are outbox rows of the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.scheduler.programme.model import ProgrammeSession
from services.scheduler.programme.repository import forget_memo
from shared import events
from shared.addresses import is_email
from shared.db import after_commit
from shared.events import RegistrationMade
from shared.i18n import normalise_locale
from shared.models.people import Participant, Registration
from shared.models.proposal import SessionProposal
from shared.models.types import utcnow
from shared.names import clean_name as clean_person_name
from shared.settings import get_settings

_CANCEL_SALT = "festplan-registration-cancel"
MAX_NAME = 200
MAX_NEEDS = 1000


@dataclass(frozen=True, slots=True)
class Booking:
    """The outcome of a registration: ``confirmed``, ``waitlisted``, ``refused`` (not enough seats), ``already``.

    It carries no cancellation token: the links of a registration travel only by email to its address.
    """

    status: str
    seats: int
    left: int
    registration_id: int | None = None


@dataclass(frozen=True, slots=True)
class Request:
    """What a person typed in the form, checked by :func:`validate`."""

    name: str
    email: str
    seats: int
    needs: str | None
    waitlist: bool


def validate(
    *,
    name: str,
    email: str,
    seats: str,
    needs: str,
    waitlist: bool,
    max_seats: int,
) -> tuple[Request | None, dict[str, str]]:
    """The form's values as a :class:`Request`, or the errors by field (keys of the page's texts)."""
    errors: dict[str, str] = {}
    clean_name = clean_person_name(name)[:MAX_NAME]
    clean_email = email.strip().lower()
    if not clean_name:
        errors["nom"] = "err_name"
    if not is_email(clean_email):
        errors["courriel"] = "err_email"
    try:
        count = int(seats.strip() or "1")
    except ValueError:
        count = 0
    if not 1 <= count <= max_seats:
        errors["places"] = "err_seats"
    if errors:
        return None, errors
    clean_needs = needs.strip()[:MAX_NEEDS] or None
    return Request(name=clean_name, email=clean_email, seats=count, needs=clean_needs, waitlist=waitlist), {}


def lock_session(session: Session, proposal_id: int) -> None:
    """Hold the session's seats until the transaction ends (row lock on PostgreSQL, write lock on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(SessionProposal.id).where(SessionProposal.id == proposal_id).with_for_update())
    else:
        session.execute(text("UPDATE session_proposals SET position = position WHERE id = :id"), {"id": proposal_id})


def confirmed_seats(session: Session, proposal_id: int) -> int:
    query = select(func.coalesce(func.sum(Registration.seats), 0)).where(
        Registration.proposal_id == proposal_id, Registration.status == "confirmed"
    )
    return int(session.scalar(query) or 0)


def cancel_token(registration_id: int) -> str:
    """The signed part of a cancellation link: only festplan can make one, and it names one registration."""
    return URLSafeSerializer(get_settings().secret_key, salt=_CANCEL_SALT).dumps({"r": registration_id})


def registration_from_token(token: str) -> int | None:
    """The registration id a cancellation link names, or None when the link was forged or mangled."""
    if len(token) > 200:
        return None
    try:
        data = URLSafeSerializer(get_settings().secret_key, salt=_CANCEL_SALT).loads(token)
    except BadSignature:
        return None
    value = data.get("r") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def cancel_url(registration_id: int) -> str:
    return f"{get_settings().base_url.rstrip('/')}/inscriptions/{cancel_token(registration_id)}/annuler"


def register(
    session: Session,
    *,
    item: ProgrammeSession,
    edition_id: int,
    request: Request,
    locale: str,
) -> Booking:
    """Book ``request.seats`` at ``item`` if they are free, else put the person on the waiting list or refuse."""
    request = replace(request, email=request.email.strip().lower())
    lock_session(session, item.proposal_id)
    left = max(item.capacity - confirmed_seats(session, item.proposal_id), 0)
    participant = _participant(session, edition_id=edition_id, request=request, locale=locale)
    existing = session.scalar(
        select(Registration).where(
            Registration.participant_id == participant.id, Registration.proposal_id == item.proposal_id
        )
    )
    # Whether the seats are free is decided before looking at an existing registration, so that someone
    # typing another person's address sees exactly what a newcomer would: "full", or "check your inbox".
    if request.seats <= left:
        status = "confirmed"
    elif request.waitlist:
        status = "waitlisted"
    else:
        return Booking(status="refused", seats=request.seats, left=left)
    if existing is not None and existing.status != "cancelled":
        resend_links(session, row=existing, item=item)
        return Booking(status="already", seats=existing.seats, left=left, registration_id=existing.id)
    row = existing or Registration(participant_id=participant.id, proposal_id=item.proposal_id)
    row.seats, row.status, row.accessibility_needs = request.seats, status, request.needs
    row.created_at, row.cancelled_at = utcnow(), None
    if existing is None:
        session.add(row)
    session.flush()
    _confirm(session, row=row, item=item)
    after_commit(session, forget_memo)
    return Booking(
        status=status,
        seats=row.seats,
        left=left - (row.seats if status == "confirmed" else 0),
        registration_id=row.id,
    )


def _participant(session: Session, *, edition_id: int, request: Request, locale: str) -> Participant:
    """The edition's participant with this email, created on first registration (a racing twin is re-read)."""
    query = select(Participant).where(Participant.edition_id == edition_id, Participant.email == request.email)
    found = session.scalar(query)
    if found is None:
        try:
            with session.begin_nested():
                found = Participant(
                    edition_id=edition_id,
                    name=request.name,
                    email=request.email,
                    locale=normalise_locale(locale),
                    accessibility_needs=request.needs,
                )
                session.add(found)
        except IntegrityError:
            found = session.scalar(query)
            assert found is not None
    elif request.needs and not found.accessibility_needs:
        found.accessibility_needs = request.needs
    return found


def _confirm(session: Session, *, row: Registration, item: ProgrammeSession, resend_key: str = "") -> None:
    """Announce where the registration stands; the notifier emails it, with its cancellation link."""
    event = RegistrationMade(
        registration_id=row.id,
        status=row.status,
        created_at=_instant(row.created_at),
        title=item.title,
        cancel_url=cancel_url(row.id),
        resend_key=resend_key,
    )
    events.record(session, event)


def resend_links(session: Session, *, row: Registration, item: ProgrammeSession) -> None:
    """Email the registration's own links again, to its own address only, at most once an hour.

    Someone registering again with an address already booked gets them back in their inbox, never on
    the page (whoever typed the address may not own it); the hour in the idempotency key keeps the
    form from being used to flood that inbox.
    """
    _confirm(
        session,
        row=row,
        item=item,
        resend_key=f"participant.registration_links:{row.id}:{utcnow().strftime('%Y%m%dT%H')}",
    )


def _instant(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S%f")


@dataclass(frozen=True, slots=True)
class Cancellation:
    status: str  # cancelled, already_cancelled, unknown
    title: str = ""
    promoted: tuple[int, ...] = ()


def describe(session: Session, registration_id: int) -> tuple[Registration, SessionProposal] | None:
    """The registration a link names and its session, for the confirmation page."""
    row = session.get(Registration, registration_id)
    if row is None:
        return None
    proposal = session.get(SessionProposal, row.proposal_id)
    assert proposal is not None
    return row, proposal


def cancel(session: Session, *, registration_id: int, item: ProgrammeSession | None) -> Cancellation:
    """Cancel a registration and offer its seats to the waiting list, first come first served (who fits)."""
    found = describe(session, registration_id)
    if found is None:
        return Cancellation(status="unknown")
    row, proposal = found
    lock_session(session, proposal.id)
    session.refresh(row)
    if row.status == "cancelled":
        return Cancellation(status="already_cancelled", title=proposal.title)
    row.status, row.cancelled_at = "cancelled", utcnow()
    session.flush()
    promoted: list[int] = []
    if item is not None:
        promoted = _offer_freed_seats(session, item=item, edition_id=proposal.edition_id)
    after_commit(session, forget_memo)
    return Cancellation(status="cancelled", title=proposal.title, promoted=tuple(promoted))


def _offer_freed_seats(session: Session, *, item: ProgrammeSession, edition_id: int) -> list[int]:
    left = max(item.capacity - confirmed_seats(session, item.proposal_id), 0)
    waiting = session.scalars(
        select(Registration)
        .where(Registration.proposal_id == item.proposal_id, Registration.status == "waitlisted")
        .order_by(Registration.created_at, Registration.id)
    ).all()
    promoted: list[int] = []
    for row in waiting:
        if left <= 0:
            break
        if row.seats > left:
            continue
        row.status = "confirmed"
        left -= row.seats
        session.flush()
        _confirm(session, row=row, item=item)
        promoted.append(row.id)
    return promoted
