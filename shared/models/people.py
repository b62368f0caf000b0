"""The people of an edition: partners, speakers (and when they can come), participants and registrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class Partner(Base):
    """An organisation that proposes sessions (médiathèque, association, commune…)."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    contact_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Speaker(Base):
    """A speaker (intervenant·e), with contact details, availability and a daily limit."""

    __tablename__ = "speakers"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    #: NULL means no limit.
    max_sessions_per_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: False until the speaker (or an import) states availability: until then they count as always available.
    availability_given: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    availability: Mapped[list[SpeakerAvailability]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="SpeakerAvailability.position"
    )


class SpeakerAvailability(Base):
    """One range of local wall-clock time ``[start, end)`` in which a speaker can take sessions."""

    __tablename__ = "speaker_availability"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime] = mapped_column(DateTime)
    end: Mapped[datetime] = mapped_column(DateTime)
    position: Mapped[int] = mapped_column(Integer, default=0)

    speaker: Mapped[Speaker] = relationship(back_populates="availability")


class Participant(Base):
    """A member of the public or a professional who registers for sessions and is asked to evaluate them."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("edition_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    commune: Mapped[str | None] = mapped_column(String(120), nullable=True)
    is_professional: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    accessibility_needs: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the person's data was erased (on request or past retention): the row only keeps the seats counted.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    registrations: Mapped[list[Registration]] = relationship(back_populates="participant", cascade="all, delete-orphan")


class Registration(Base):
    """A participant's seats at one session; ``waitlisted`` ones are offered seats freed by cancellations."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("participant_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("session_proposals.id", ondelete="CASCADE"), index=True)
    seats: Mapped[int] = mapped_column(Integer, default=1)
    #: confirmed, waitlisted or cancelled.
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    accessibility_needs: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    participant: Mapped[Participant] = relationship(back_populates="registrations")
