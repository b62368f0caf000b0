"""What the budget does when something happens elsewhere: handlers of :mod:`shared.events`, subscribed by the
composition root (``services/wiring.py``).

``on_version_published`` runs once the publication has committed, in a transaction of its own; a crash in
between leaves the event undispatched, and the relay runs it again (the recomputation is idempotent).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.budget.planning import recompute_for_version
from shared.events import VersionPublished


def on_version_published(session: Session, event: VersionPublished) -> None:
    """Recompute the schedule-dependent planned costs (travel, nights, hire, equipment) from the new version."""
    recompute_for_version(session, version_id=event.version_id)
