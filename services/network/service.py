"""Use cases of the network: organisations and contacts, consents given and withdrawn, a message to a segment.

A message is one :class:`NetworkMessage` and one outbox row per recipient (kind ``network.news``,
bulk, held for the lead's review, with the notifier's one-click unsubscribe). Each row's idempotency
key names the message and the address, so recording a message again never writes a second email to
anyone. Withdrawing the news consent also calls off that person's emails not sent yet. Functions only
flush; the edge commits.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.network import repository as repo
from services.network.domain.directory import KINDS, PURPOSES, Reachable, Segment, recipients
from services.network.texts import t
from shared.models.network import NetworkConsent, NetworkContact, NetworkMessage, NetworkOrganisation
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import ending, record, request_relay

KIND = "network.news"
SUBJECT_MAX = 200


class NetworkError(ValueError):
    """Bad input, in one French sentence naming the field."""


def add_organisation(
    session: Session,
    *,
    code: str,
    name: str,
    kind: str,
    intercommunality: str | None = None,
    commune: str | None = None,
    website: str | None = None,
    tags: list[str] | None = None,
) -> NetworkOrganisation:
    """A new organisation, not listed until it consents (same code twice is refused)."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise NetworkError(t("required", field="code" if not code else "nom"))
    if kind not in KINDS:
        raise NetworkError(t("bad_kind", kind=kind, kinds=", ".join(KINDS)))
    if repo.organisation_by_code(session, code) is not None:
        raise NetworkError(t("duplicate", code=code))
    row = NetworkOrganisation(
        code=code,
        name=name,
        kind=kind,
        intercommunality=(intercommunality or "").strip() or None,
        commune=(commune or "").strip() or None,
        website=(website or "").strip() or None,
        tags=sorted({tag.strip() for tag in tags or [] if tag.strip()}),
        listed=False,
    )
    session.add(row)
    session.flush()
    return row


def add_contact(
    session: Session, *, organisation: NetworkOrganisation, name: str, role: str | None, email: str | None
) -> NetworkContact:
    if email and "@" not in email:
        raise NetworkError(t("bad_email", email=email))
    contact = NetworkContact(
        organisation_id=organisation.id, name=name.strip(), role=role, email=(email or "").strip() or None, news=False
    )
    session.add(contact)
    session.flush()
    return contact


def record_consent(
    session: Session,
    *,
    organisation: NetworkOrganisation,
    purpose: str,
    granted: bool,
    source: str,
    contact: NetworkContact | None = None,
    by: str | None = None,
    now: datetime | None = None,
) -> NetworkConsent:
    """Record a grant or a withdrawal; it counts at once (the public page and segments read the flags)."""
    if purpose not in PURPOSES:
        raise NetworkError(t("bad_purpose", purpose=purpose))
    if not source.strip():
        raise NetworkError(t("required", field="source"))
    if purpose == "news" and contact is None:
        raise NetworkError(t("news_needs_contact"))
    now = now or utcnow()
    if purpose == "listed":
        organisation.listed, organisation.listed_at, organisation.listed_source = granted, now, source
    else:
        assert contact is not None
        contact.news, contact.news_at, contact.news_source = granted, now, source
        if not granted and contact.email:
            _call_off(session, contact.email)
    row = NetworkConsent(
        organisation_id=organisation.id,
        contact_id=contact.id if contact else None,
        purpose=purpose,
        granted=granted,
        source=source,
        recorded_by=by,
        recorded_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _call_off(session: Session, email: str) -> None:
    """The network's emails to this address that have not left yet will not leave."""
    session.execute(
        update(Notification)
        .where(
            Notification.kind == KIND,
            Notification.recipient_email.ilike(email.strip()),
            Notification.status.in_(("held", "pending")),
        )
        .values(**ending("cancelled"), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def segment_recipients(session: Session, segment: Segment) -> list[Reachable]:
    return recipients(
        repo.cards(session, listed_only=False),
        repo.contacts(session),
        segment=segment,
        suppressed=repo.suppressed(session),
    )


def _key(message_id: int, email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"{KIND}:{message_id}:{digest}"


def write_message(
    session: Session, *, subject: str, body: str, segment: Segment, by: str | None = None
) -> NetworkMessage:
    """The lead's email to a segment, recorded in the outbox and held until released."""
    subject, body = " ".join(subject.split()), body.strip()
    if not subject:
        raise NetworkError(t("required", field="objet"))
    if len(subject) > SUBJECT_MAX:
        raise NetworkError(t("too_long", field="objet", limit=SUBJECT_MAX))
    if not body:
        raise NetworkError(t("required", field="message"))
    message = NetworkMessage(subject=subject, body=body, segment=segment.as_dict(), written_by=by)
    session.add(message)
    session.flush()
    found = segment_recipients(session, segment)
    for person in found:
        record(
            session,
            kind=KIND,
            recipient_email=person.email,
            recipient_name=person.name,
            locale=person.locale,
            payload={"title": subject, "message": body, "network_message_id": message.id},
            idempotency_key=_key(message.id, person.email),
            category="bulk",
            held=True,
        )
    message.recipients = len(found)
    session.flush()
    return message


def message_rows(session: Session, message_id: int) -> list[Notification]:
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.kind == KIND, Notification.idempotency_key.startswith(f"{KIND}:{message_id}:"))
            .order_by(Notification.id)
        )
    )


def release_message(session: Session, message_id: int) -> int:
    """The lead read the message: its held emails go to the relay once this transaction commits."""
    ids = [row.id for row in message_rows(session, message_id) if row.status == "held"]
    if ids:
        session.execute(
            update(Notification)
            .where(Notification.id.in_(ids))
            .values(status="pending", updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        request_relay(session)
    return len(ids)


def on_unsubscribed(session: Session, *, email: str) -> int:
    """Handler of "an address unsubscribed" (the notifier's one-click link): the person's news consent is withdrawn
    in the network too, recorded with that source; returns how many contacts it concerned."""
    contacts = list(session.scalars(select(NetworkContact).where(NetworkContact.email.ilike(email.strip()))))
    for contact in contacts:
        if contact.news:
            organisation = session.get(NetworkOrganisation, contact.organisation_id)
            assert organisation is not None
            record_consent(
                session,
                organisation=organisation,
                contact=contact,
                purpose="news",
                granted=False,
                source="lien de désabonnement",
            )
    return len(contacts)
