"""How OpenAgenda publishing hears of a publication until ``shared/events.py`` exists.

:func:`services.openagenda.service.on_version_published` is the handler; :func:`listen_for_publications`
is the temporary seam the composition root installs: a SQLAlchemy ``after_flush`` hook that calls the
handler for each new :class:`ScheduleVersion`, in the publishing transaction, so the sync is enqueued
after that transaction commits and dropped if it rolls back. The scheduler does not know about it.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from shared.models.scheduling import ScheduleVersion


def _after_flush(session: Session, _context: object) -> None:
    from services.openagenda.service import on_version_published

    for obj in list(session.new):
        if isinstance(obj, ScheduleVersion) and obj.id is not None:
            on_version_published(session, version_id=obj.id)


def listen_for_publications() -> None:
    """Install the seam once per process (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
