"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.engine import Dialect

from shared.clock import now as clock_now


class UTCDateTime(TypeDecorator[datetime]):
    """An instant, stored as naive UTC on every engine and always returned timezone-aware.

    SQLite drops offsets and PostgreSQL keeps them; storing naive UTC makes both behave the same.
    Local wall-clock times of the programme are plain ``DateTime`` columns instead.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """Now, aware, in UTC: the only clock the models use (the running context's, :mod:`shared.clock`)."""
    return clock_now()
