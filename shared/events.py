"""Domain events: how the services meet without importing each other.

A service announces what happened as a small, typed, past-tense event (:func:`record`), written in the
same transaction as the change. Once that transaction commits, each handler the composition root
subscribed (:func:`subscribe`, in ``services/wiring.py``) runs in a transaction of its own, through the
after-commit hook of :mod:`shared.db` that the outbox already uses. A handler's run is recorded in
``domain_event_handlings`` in that same transaction, so each event is handled once per handler; an
event whose handlers have not all committed (a crash after the commit, a handler that raised) stays
undispatched, and :func:`relay` (beat's ``events.relay`` in production, the next commit on the
embedded default) runs what is missing. The service that records an event never imports the one that
reacts to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import ClassVar, TypeVar

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import Session

from shared.db import after_commit, unit_of_work
from shared.mail_secrets import REDACTED
from shared.models.events import DomainEvent, DomainEventHandling
from shared.models.types import utcnow
from shared.settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Event:
    """A fact, named in the past tense, carrying the ids the handlers reload (and what only the producer knows).

    ``secret_fields`` name the fields holding a personal link: once every handler has run, the stored
    payload keeps :data:`~shared.mail_secrets.REDACTED` in their place (:func:`_dispatch_one`).
    """

    name: ClassVar[str]
    secret_fields: ClassVar[tuple[str, ...]] = ()


@dataclass(frozen=True, kw_only=True)
class ProposalSubmitted(Event):
    """A partner submitted a session proposal."""

    name: ClassVar[str] = "ingest.proposal_submitted"
    proposal_id: int


@dataclass(frozen=True, kw_only=True)
class ProposalDecided(Event):
    """The lead accepted or rejected a proposal, with a message for the partner."""

    name: ClassVar[str] = "ingest.proposal_decided"
    proposal_id: int
    decision: str
    message: str


@dataclass(frozen=True, kw_only=True)
class PersonInvited(Event):
    """A partner or speaker was added and given a personal link (the raw link exists only here)."""

    name: ClassVar[str] = "ingest.person_invited"
    secret_fields: ClassVar[tuple[str, ...]] = ("link",)
    role: str
    person_id: int
    link: str
    expires_at: str


@dataclass(frozen=True, kw_only=True)
class RegistrationMade(Event):
    """Someone registered for a session (confirmed or waitlisted), or a waitlisted seat was confirmed."""

    name: ClassVar[str] = "scheduler.registration_made"
    secret_fields: ClassVar[tuple[str, ...]] = ("cancel_url",)
    registration_id: int
    status: str
    created_at: str
    title: str
    cancel_url: str
    #: Set when the links are sent again (the address registered twice): its own idempotency key, one an hour.
    resend_key: str = ""


@dataclass(frozen=True, kw_only=True)
class SigninRequested(Event):
    """A lead asked for a one-time sign-in link (the raw link exists only here)."""

    name: ClassVar[str] = "platform.signin_requested"
    secret_fields: ClassVar[tuple[str, ...]] = ("link",)
    user_id: int
    link: str


@dataclass(frozen=True, kw_only=True)
class VersionPublished(Event):
    """The lead published a version of the programme (its assignment and change emails are already recorded)."""

    name: ClassVar[str] = "scheduler.version_published"
    version_id: int


@dataclass(frozen=True, kw_only=True)
class SurveyDue(Event):
    """A survey round of an edition fell due: its invitations and their emails are owed.

    ``survey`` is ``participant_after``, ``speaker_after``, ``partner_after`` or ``partner_before``;
    ``due_at`` (ISO, aware) is the instant the round fell due, from which the emails are planned, so a
    round relayed after a crash plans the same ones. No link travels here: the handler makes each one
    and stores only its hash.
    """

    name: ClassVar[str] = "evaluation.survey_due"
    edition_id: int
    survey: str
    due_at: str


EVENTS: dict[str, type[Event]] = {
    cls.name: cls
    for cls in (
        ProposalSubmitted,
        ProposalDecided,
        PersonInvited,
        RegistrationMade,
        SigninRequested,
        VersionPublished,
        SurveyDue,
    )
}

E = TypeVar("E", bound=Event)
Handler = Callable[[Session, E], None]
_HANDLERS: dict[type[Event], dict[str, Handler]] = {}

#: Undispatched events younger than this are left to their producer's own after-commit dispatch.
RELAY_GRACE = timedelta(seconds=30)


def subscribe(event_type: type[E], handler: Handler[E], *, name: str) -> None:
    """Run ``handler`` for every committed ``event_type``; ``name`` is stable across module moves."""
    _HANDLERS.setdefault(event_type, {})[name] = handler


def unsubscribe_all() -> None:
    """Forget every subscription (the composition root subscribes again)."""
    _HANDLERS.clear()


def subscriptions() -> dict[type[Event], list[str]]:
    """Which handler names react to which event, for the architecture test and ``festplan`` diagnostics."""
    return {event: sorted(handlers) for event, handlers in _HANDLERS.items()}


def record(session: Session, event: Event) -> int:
    """Write ``event`` in the caller's transaction; it is dispatched once that transaction commits."""
    row = DomainEvent(name=event.name, payload=asdict(event), created_at=utcnow())
    session.add(row)
    session.flush()
    _pending(session).append((row.id, event))
    return row.id


def _pending(session: Session) -> list[tuple[int, Event]]:
    """The events this transaction recorded, dispatched by one after-commit callback per transaction."""
    hook = session.info.get("events_dispatch")
    if hook is None or hook not in session.info.get("after_commit", []):  # a new transaction
        recorded: list[tuple[int, Event]] = []

        def dispatch_committed() -> None:
            for event_id, event in recorded:
                _dispatch_guarded(event_id, event)
            if get_settings().eager:  # the embedded default has no beat: the next commit relays leftovers
                relay(grace=timedelta(0))

        session.info["events_dispatch"], session.info["events_recorded"] = dispatch_committed, recorded
        after_commit(session, dispatch_committed)
    return session.info["events_recorded"]


def load(row: DomainEvent) -> Event:
    """The typed event a row holds."""
    return EVENTS[row.name](**row.payload)


def dispatch(event_ids: Iterable[int]) -> None:
    """Run every subscribed handler of these committed events, each in its own transaction, once."""
    for event_id in event_ids:
        _dispatch_guarded(event_id)


def _dispatch_guarded(event_id: int, event: Event | None = None) -> None:
    try:
        _dispatch_one(event_id, event)
    except Exception:  # left undispatched: the relay tries again
        log.exception("event %s: a handler failed; the relay will run it again", event_id)


def _dispatch_one(event_id: int, event: Event | None = None) -> None:
    """Each handler in its own transaction; the event is marked dispatched in the last one's.

    The producer passes the event it has just committed, so nothing is read back; the relay passes only the
    id and the stored row is read (and skipped once dispatched). Marking the event in the last handler's
    transaction costs no transaction of its own, and stays exact: if that handler fails, nothing is marked
    and the relay runs what is missing (the handlings say which handlers already ran)."""
    if event is None:
        with unit_of_work() as session:
            row = session.get(DomainEvent, event_id)
            if row is None or row.dispatched_at is not None:
                return
            event = load(row)
    handlers = list(_HANDLERS.get(type(event), {}).items())
    if not handlers:
        with unit_of_work() as session:
            _mark_dispatched(session, event_id, event)
        return
    last = len(handlers) - 1
    for position, (name, handler) in enumerate(handlers):
        with unit_of_work() as session:
            if _claim(session, event_id=event_id, handler=name):
                handler(session, event)
            if position == last:
                _mark_dispatched(session, event_id, event)


def _mark_dispatched(session: Session, event_id: int, event: Event) -> None:
    """Every handler has run: the event is dispatched, and its stored payload keeps no secret link."""
    done: dict[str, object] = {"dispatched_at": utcnow()}
    if event.secret_fields:
        done["payload"] = {**asdict(event), **dict.fromkeys(event.secret_fields, REDACTED)}
    session.execute(update(DomainEvent).where(DomainEvent.id == event_id).values(**done))


_CLAIM = text(
    "INSERT INTO domain_event_handlings (event_id, handler, handled_at) VALUES (:event_id, :handler, :handled_at) "
    "ON CONFLICT (event_id, handler) DO NOTHING RETURNING event_id"
).bindparams(bindparam("handled_at", type_=DomainEventHandling.__table__.c.handled_at.type))


def _claim(session: Session, *, event_id: int, handler: str) -> bool:
    """Mark the handler's run in its own transaction; False if it already ran (a concurrent one waits here)."""
    params = {"event_id": event_id, "handler": handler, "handled_at": utcnow()}
    return session.execute(_CLAIM, params).scalar() is not None


def relay(*, grace: timedelta = RELAY_GRACE, limit: int = 500) -> int:
    """Dispatch events still undispatched ``grace`` after their commit; returns how many were tried."""
    with unit_of_work() as session:
        ids = list(
            session.scalars(
                select(DomainEvent.id)
                .where(DomainEvent.dispatched_at.is_(None), DomainEvent.created_at <= utcnow() - grace)
                .order_by(DomainEvent.id)
                .limit(limit)
            )
        )
    dispatch(ids)
    return len(ids)
