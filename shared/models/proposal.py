"""Session proposals: what partners submit, the lead accepts, and the optimiser places."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class ProposalStatus(enum.StrEnum):
    """Where a proposal is in its review; only accepted ones are scheduled."""

    submitted = "submitted"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"


class SessionProposal(Base):
    """A proposed session (conference, round table, workshop, showroom, social moment).

    List-valued placement rules (allowed and preferred venues, preferred dates, time windows) are JSON
    lists of codes and ranges in the scenario format's own spelling, NULL when absent, so that a
    scenario file round-trips exactly; the service layer checks that the codes exist on write.
    """

    __tablename__ = "session_proposals"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    expected_attendance: Mapped[int | None] = mapped_column(Integer, nullable=True)
    audience: Mapped[str | None] = mapped_column(String(40), nullable=True)
    theme: Mapped[str | None] = mapped_column(String(80), nullable=True)
    required_features: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    allowed_venues: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    preferred_venues: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    preferred_dates: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    windows: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    priority: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mandatory: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    fixed_room_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    fixed_start: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    #: The source document wrote ``"fixed": null`` explicitly (kept for exact round-trips only).
    fixed_declared: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Optional scenario keys the imported document left out, so that exporting writes them out again as absent.
    absent_keys: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.submitted.value, index=True)
    decision_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    accessibility: Mapped[str | None] = mapped_column(Text, nullable=True)
    equipment: Mapped[str | None] = mapped_column(Text, nullable=True)
    setup_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    speakers: Mapped[list[SessionSpeaker]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="SessionSpeaker.position"
    )


class SessionSpeaker(Base):
    """Who speaks at a session, in the order the proposal lists them."""

    __tablename__ = "session_speakers"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("session_proposals.id", ondelete="CASCADE"), primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    proposal: Mapped[SessionProposal] = relationship(back_populates="speakers")
