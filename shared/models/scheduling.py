"""Optimisation runs, their assignments, the lead's pins and the published schedule versions."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class RunStatus(enum.StrEnum):
    """Life of an optimisation run, from the lead's click to a schedule (or an error)."""

    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"


class OptimisationRun(Base):
    """One solve of an edition: parameters, live progress, final score and bound, timings."""

    __tablename__ = "optimisation_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=RunStatus.queued.value, index=True)
    #: ``{"time_limit": 60, "workers": 2}``
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Live progress written by the solver callback: best score, bound, elapsed seconds, solutions found.
    progress: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The scenario the run solved (format 1), so a run can be re-checked and compared later.
    scenario: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    #: The schedule it produced (format 1).
    schedule: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    schedule_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    hard_violations: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unplaced_weight: Mapped[int | None] = mapped_column(Integer, nullable=True)
    soft_penalty: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bound_unplaced_weight: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bound_soft_penalty: Mapped[int | None] = mapped_column(Integer, nullable=True)
    soft_terms: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    solve_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    triggered_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    task_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Assignment.start"
    )
    unplaced: Mapped[list[UnplacedSession]] = relationship(back_populates="run", cascade="all, delete-orphan")


class Assignment(Base):
    """A session placed by a run: room and local wall-clock ``[start, end)``."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("run_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("optimisation_runs.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("session_proposals.id", ondelete="CASCADE"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime] = mapped_column(DateTime)
    end: Mapped[datetime] = mapped_column(DateTime)

    run: Mapped[OptimisationRun] = relationship(back_populates="assignments")


class UnplacedSession(Base):
    """A session a run could not place, with the reasons the solver found, in words."""

    __tablename__ = "unplaced_sessions"
    __table_args__ = (UniqueConstraint("run_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("optimisation_runs.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("session_proposals.id", ondelete="CASCADE"), index=True)
    reasons: Mapped[list] = mapped_column(JSON, default=list)

    run: Mapped[OptimisationRun] = relationship(back_populates="unplaced")


class Pin(Base):
    """The lead's decision that a session stays where it is: any of date, room and time may be pinned."""

    __tablename__ = "pins"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("session_proposals.id", ondelete="CASCADE"), unique=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"), nullable=True)
    on_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    at_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScheduleVersion(Base):
    """A published programme: a numbered version pointing at the run it came from, with a changelog."""

    __tablename__ = "schedule_versions"
    __table_args__ = (UniqueConstraint("edition_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int] = mapped_column(ForeignKey("optimisation_runs.id", ondelete="RESTRICT"))
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The publication's emails wait for the lead's review until ``released_at`` is set.
    mail_held: Mapped[bool] = mapped_column(default=False)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
