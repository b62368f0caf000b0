"""One sync at a time per edition: a Redis lock where Redis is the broker, else the edition's sync row.

Two syncs of one edition side by side would both read "not yet on OpenAgenda" and could create an event
twice if the API were slow to index the first; holding the lock makes the second wait for the first and
then find everything synced. Both locks expire (a worker killed mid-sync does not hold it for ever).
"""

from __future__ import annotations

import contextlib
import secrets
import time
from datetime import timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from services.openagenda import repository as repo
from shared.db import unit_of_work
from shared.models.openagenda import OpenAgendaSync
from shared.models.types import utcnow
from shared.settings import Settings

#: Longer than any sync (a few hundred items, seconds each at worst); a crashed holder frees it after this.
LOCK_SECONDS = 15 * 60
POLL_SECONDS = 0.5


class EditionLock:
    """Acquire (optionally waiting) and release the edition's sync lock."""

    def __init__(self, settings: Settings, edition_id: int) -> None:
        self.edition_id = edition_id
        self.token = secrets.token_hex(16)
        self.redis_url = settings.redis_url
        self._redis_lock = None

    def acquire(self, *, wait: float = 0.0) -> bool:
        deadline = time.monotonic() + wait
        while True:
            if self._try():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_SECONDS)

    def _try(self) -> bool:
        if self.redis_url:
            import redis

            client = redis.Redis.from_url(self.redis_url)
            lock = client.lock(f"festplan:openagenda:sync:{self.edition_id}", timeout=LOCK_SECONDS)
            if lock.acquire(blocking=False, token=self.token):
                self._redis_lock = lock
                return True
            return False
        return self._try_row()

    def _try_row(self) -> bool:
        try:
            with unit_of_work() as session:
                repo.sync_row(session, self.edition_id)
        except IntegrityError:
            pass  # another process created the row at the same moment: it exists now
        now = utcnow()
        with unit_of_work() as session:
            taken = session.execute(
                update(OpenAgendaSync)
                .where(
                    OpenAgendaSync.edition_id == self.edition_id,
                    or_(OpenAgendaSync.locked_until.is_(None), OpenAgendaSync.locked_until < now),
                )
                .values(locked_by=self.token, locked_until=now + timedelta(seconds=LOCK_SECONDS))
            )
            return bool(taken.rowcount)

    def release(self) -> None:
        if self._redis_lock is not None:
            with contextlib.suppress(Exception):  # expired meanwhile: nothing left to release
                self._redis_lock.release()
            self._redis_lock = None
            return
        if self.redis_url:
            return
        with unit_of_work() as session:
            session.execute(
                update(OpenAgendaSync)
                .where(OpenAgendaSync.edition_id == self.edition_id, OpenAgendaSync.locked_by == self.token)
                .values(locked_by=None, locked_until=None)
            )
