"""The outbox: one row per email to send, the suppression list and the provider's webhook events."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class NotificationStatus(enum.StrEnum):
    """Where an email stands, in the order the back office lists them (stored as its value)."""

    pending = "pending"
    held = "held"
    queued = "queued"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    suppressed = "suppressed"
    cancelled = "cancelled"


#: Rows that have not left yet and can still be called off (a session moved, a survey answered).
CANCELLABLE_STATUSES = (NotificationStatus.pending.value, NotificationStatus.held.value)


class Notification(Base):
    """An email festplan owes someone, written in the same transaction as the change that causes it.

    The row is the truth: the relay hands due rows to Celery, sending claims the row, and the
    idempotency key (from what the email is about) makes a second row for the same thing impossible.
    """

    __tablename__ = "notifications"
    # Partial indexes on what the workers and the relay look for, oldest first. Every row passes through
    # ``queued`` and ``pending`` and leaves them: on the whole-table ``status`` index, each claim walked
    # past every row that had left ``queued`` since the last vacuum (10,000 dead entries, 3.6 ms per
    # email after one survey wave). Ordered by id, the first live entry ends the scan, and the scan
    # itself marks the dead entries before it so that the next one skips them.
    __table_args__ = (
        Index(
            "ix_notifications_queued",
            "id",
            postgresql_where=text("status = 'queued'"),
            sqlite_where=text("status = 'queued'"),
        ),
        Index(
            "ix_notifications_due",
            "send_after",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("editions.id", ondelete="CASCADE"), nullable=True, index=True
    )
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    recipient_email: Mapped[str] = mapped_column(String(254), index=True)
    recipient_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    #: pending, held, queued, sending, sent, failed, suppressed, cancelled.
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    #: transactional mail (schedule changes) goes out despite the suppression list; bulk mail does not.
    category: Mapped[str] = mapped_column(String(16), default="transactional")
    schedule_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("schedule_versions.id", ondelete="SET NULL"), nullable=True, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: How many times a worker picked the message up; a message that keeps killing workers is given up.
    deliveries: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    provider_message_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    send_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Suppression(Base):
    """An address that bounced hard or unsubscribed: bulk mail is no longer sent to it."""

    __tablename__ = "suppressions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    reason: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebhookEvent(Base):
    """A provider event recorded once by its id (SendGrid delivers events several times)."""

    __tablename__ = "webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_event_id: Mapped[str] = mapped_column(String(200), unique=True)
    event: Mapped[str] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    notification_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
