"""The domain events: what one service did, written in the same transaction, for the others to react to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class DomainEvent(Base):
    """One event of :mod:`shared.events`, kept until every handler subscribed to it has run.

    ``dispatched_at`` stays NULL until every handler has committed; the relay looks only for those rows
    (a partial index, like the outbox's), so a crash between the commit and the dispatch loses nothing.
    """

    __tablename__ = "domain_events"
    __table_args__ = (
        Index(
            "ix_domain_events_undispatched",
            "id",
            postgresql_where=text("dispatched_at IS NULL"),
            sqlite_where=text("dispatched_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DomainEventHandling(Base):
    """That one handler has handled one event: written in the handler's own transaction, so never twice."""

    __tablename__ = "domain_event_handlings"

    event_id: Mapped[int] = mapped_column(ForeignKey("domain_events.id", ondelete="CASCADE"), primary_key=True)
    handler: Mapped[str] = mapped_column(String(120), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
