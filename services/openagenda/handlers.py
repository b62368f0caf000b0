"""OpenAgenda's handlers of the other services' events, subscribed by the composition root (``services/wiring.py``).

A published version, or a registration that may fill a session, asks for a sync of its edition; the sync
itself is enqueued once the handler's own transaction commits (:func:`services.openagenda.tasks.request_sync`),
and nothing is asked when OpenAgenda is not configured. The scheduler does not know about OpenAgenda.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.openagenda import repository as repo
from services.openagenda.tasks import request_sync
from shared.events import RegistrationMade, VersionPublished
from shared.models.people import Registration


def on_version_published(session: Session, event: VersionPublished) -> None:
    """The edition of the new version is synced: new, moved and withdrawn sessions reach OpenAgenda."""
    edition_id = repo.edition_of_version(session, event.version_id)
    if edition_id is not None:
        request_sync(session, edition_id=edition_id)


def on_registration_made(session: Session, event: RegistrationMade) -> None:
    """A session that this registration filled up is synced, so OpenAgenda shows "full"; any other registration
    asks for nothing (a sync per registration would rescan the whole edition on the registration's path)."""
    row = session.get(Registration, event.registration_id)
    edition_id = repo.newly_full(session, row.proposal_id) if row is not None else None
    if edition_id is not None:
        request_sync(session, edition_id=edition_id)
