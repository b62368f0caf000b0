"""The département's network of digital-culture actors: organisations, their contacts, consents and messages.

Consent is explicit and recorded (RGPD): an organisation appears on the public page only while its
``listed`` consent stands, a contact receives news only while their ``news`` consent stands; each grant
and withdrawal is a :class:`NetworkConsent` row (when, from what source, by whom), and the flags on the
organisation and contact are the current state the pages and segments read, so a withdrawal counts at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class NetworkOrganisation(Base):
    """A library, media library, museum, association, school, commune or digital mediation place."""

    __tablename__ = "network_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable across editions; the partner code it had in festplan's editions, so participations can be derived.
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    intercommunality: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    commune: Mapped[str | None] = mapped_column(String(120), nullable=True)
    website: Mapped[str | None] = mapped_column(String(300), nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    listed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    listed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    listed_source: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    contacts: Mapped[list[NetworkContact]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="NetworkContact.id"
    )


class NetworkContact(Base):
    """A person of an organisation, with their role, who may agree to receive the network's news."""

    __tablename__ = "network_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("network_organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(120), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    news: Mapped[bool] = mapped_column(Boolean, default=False)
    news_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    news_source: Mapped[str | None] = mapped_column(String(200), nullable=True)

    organisation: Mapped[NetworkOrganisation] = relationship(back_populates="contacts")


class NetworkConsent(Base):
    """One grant or withdrawal of consent: the record an RGPD request is answered from."""

    __tablename__ = "network_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("network_organisations.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_contacts.id", ondelete="CASCADE"), nullable=True, index=True
    )
    #: ``listed`` (the organisation on the public page) or ``news`` (a contact receives the network's emails).
    purpose: Mapped[str] = mapped_column(String(16))
    granted: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NetworkMessage(Base):
    """An email the lead wrote to a segment of the network; its outbox rows wait for review (held)."""

    __tablename__ = "network_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: ``{"kind": …, "territory": …, "edition": …, "tag": …}``; an absent key filters nothing.
    segment: Mapped[dict] = mapped_column(JSON, default=dict)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    written_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
