"""Evaluation: survey invitations and answers, and attendance counted per session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class SurveySet(Base):
    """The question sets an edition's surveys use, as loaded from the lead's YAML or JSON file."""

    __tablename__ = "survey_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), unique=True)
    #: The validated document (``{"version": 1, "surveys": {...}}``), so later answers are read with its labels.
    document: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str | None] = mapped_column(String(300), nullable=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SurveyInvitation(Base):
    """A personal, single-use link to one survey; only its hash is stored."""

    __tablename__ = "survey_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    #: participant_after, speaker_after, partner_after, partner_before.
    survey: Mapped[str] = mapped_column(String(40))
    respondent_kind: Mapped[str] = mapped_column(String(16))
    respondent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_proposals.id", ondelete="SET NULL"), nullable=True
    )
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SurveyResponse(Base):
    """Answers to one survey. Participants' answers carry the session, never the person."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    survey: Mapped[str] = mapped_column(String(40), index=True)
    respondent_kind: Mapped[str] = mapped_column(String(16))
    #: Set only when the survey's question set says identity is kept (partners, speakers).
    respondent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("session_proposals.id", ondelete="SET NULL"), nullable=True, index=True
    )
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttendanceCount(Base):
    """How many people came to a session, as counted by the venue's staff."""

    __tablename__ = "attendance_counts"
    __table_args__ = (UniqueConstraint("proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("session_proposals.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    recorded_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
