"""What the budget does when something happens elsewhere; wired by the composition root (or shared/events.py).

``on_version_published`` should be driven by the event ``VersionPublished(version_id=…)``: it runs in the
publishing transaction, so the planned costs and the version are committed together.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.budget.planning import recompute_for_version


def on_version_published(session: Session, *, version_id: int) -> None:
    """Recompute the schedule-dependent planned costs (travel, nights, hire, equipment) from the new version."""
    recompute_for_version(session, version_id=version_id)
