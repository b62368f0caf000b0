"""OpenAgenda publishing: each venue and session's sync state, and one row per edition for the sync itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class OpenAgendaItem(Base):
    """One venue (a location) or one session (an event) of an edition as last sent to OpenAgenda.

    ``external_id`` is the ext-id value festplan gives OpenAgenda, so a sync finds the item again instead
    of creating it twice; ``fingerprint`` is the hash of the payload last accepted, so an unchanged item
    is not sent again; ``slot`` is the room and start last published, so a move is told as "rescheduled".
    """

    __tablename__ = "openagenda_items"
    __table_args__ = (UniqueConstraint("edition_id", "kind", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    #: ``location`` or ``event``.
    kind: Mapped[str] = mapped_column(String(16))
    #: The venue code or the session code in festplan.
    code: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300), default="")
    #: OpenAgenda's own uid, known once the API accepted the item.
    oa_uid: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    #: ``pending``, ``synced`` or ``failed``.
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    #: OpenAgenda's event status last sent (1 scheduled, 2 rescheduled, 5 full, 6 cancelled); NULL for a location.
    oa_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: The payload waiting to be sent (kept until the API accepts it, so a retry sends the same thing).
    payload: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    slot: Mapped[str | None] = mapped_column(String(120), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class OpenAgendaSync(Base):
    """The edition's sync: the lock of the embedded default, and what the last sync did or why it stopped."""

    __tablename__ = "openagenda_syncs"

    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True)
    #: Who holds the lock (a random token) and until when; used when there is no Redis.
    locked_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: ``done``, ``partial`` (some items refused), ``stopped`` (credentials), ``waiting`` (429/5xx, to retry).
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: ``{"created": n, "updated": n, "unchanged": n, "failed": n}`` of the last sync.
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
