"""How OpenAgenda publishing hears of a publication until ``shared/events.py`` exists.

:func:`services.openagenda.service.on_version_published` is the handler; :func:`listen_for_publications`
is the temporary seam the composition root installs: a SQLAlchemy ``after_flush`` hook that calls the
handler for each new :class:`ScheduleVersion` once the publishing transaction has committed (in a
transaction of its own; the sync is enqueued after that one commits); nothing happens on a
rollback. The scheduler does not know about it.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from shared.db import after_commit, unit_of_work
from shared.models.scheduling import ScheduleVersion

log = logging.getLogger(__name__)


def _after_flush(session: Session, _context: object) -> None:
    versions = [obj.id for obj in session.new if isinstance(obj, ScheduleVersion) and obj.id is not None]
    if versions:
        # No SQL here (the session is mid-flush): the handler runs once the publication has committed.
        after_commit(session, lambda: _handle(versions))


def _handle(version_ids: list[int]) -> None:
    from services.openagenda.service import on_version_published

    try:
        with unit_of_work() as session:
            for version_id in version_ids:
                on_version_published(session, version_id=version_id)
    except Exception:  # the publication is committed: a sync that cannot be asked for must not undo its answer
        log.exception("OpenAgenda sync not requested for versions %s", version_ids)


def listen_for_publications() -> None:
    """Install the seam once per process (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
