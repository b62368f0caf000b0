"""The relay of domain events as a Celery task, run by beat: what a crash left undispatched is dispatched."""

from __future__ import annotations

from shared import events
from shared.celery_app import celery


@celery.task(name="events.relay")
def relay() -> int:
    """Dispatch the events still undispatched :data:`shared.events.RELAY_GRACE` after their commit."""
    return events.relay()
