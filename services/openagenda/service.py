"""Use cases of OpenAgenda publishing: what to send, recording each item's outcome, asking for a sync.

Functions take the caller's session and only flush; the Celery task (:mod:`services.openagenda.tasks`)
is the edge that sends and commits item by item, so a crash or a retry loses nothing and sends an
already accepted item again only if its payload changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from services.openagenda import repository as repo
from services.openagenda.client import Credentials
from services.openagenda.domain.changes import EVENT, LOCATION, Action, Planned, plan_events, plan_locations
from services.openagenda.domain.mapping import FULL, RESCHEDULED
from services.openagenda.texts import t
from shared.models.edition import Edition
from shared.models.types import utcnow
from shared.settings import Settings, get_settings


def configured(settings: Settings | None = None) -> bool:
    """Nothing is sent to OpenAgenda unless an agenda and a secret key are set."""
    settings = settings or get_settings()
    return bool(settings.openagenda_agenda_uid.strip() and settings.openagenda_secret_key.strip())


def credentials(settings: Settings | None = None) -> Credentials:
    settings = settings or get_settings()
    return Credentials(
        api_url=settings.openagenda_api_url,
        agenda_uid=settings.openagenda_agenda_uid.strip(),
        secret_key=settings.openagenda_secret_key.strip(),
        public_key=settings.openagenda_public_key.strip(),
    )


def planned_locations(session: Session, edition_id: int) -> list[Planned]:
    return plan_locations(repo.venue_facts(session, edition_id), repo.known(session, edition_id, LOCATION))


def planned_events(session: Session, edition: Edition, *, base_url: str) -> list[Planned]:
    return plan_events(
        repo.published_sessions(session, edition, base_url=base_url),
        edition_code=edition.code,
        location_uids=repo.location_uids(session, edition.id),
        known=repo.known(session, edition.id, EVENT),
    )


@dataclass
class SyncReport:
    """What one sync did, item by item, for the CLI, the back-office and the demo."""

    edition_code: str
    created: int = 0
    updated: int = 0
    rescheduled: int = 0
    full: int = 0
    cancelled: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, planned: Planned) -> None:
        if planned.action is Action.create:
            self.created += 1
        elif planned.action is Action.cancel:
            self.cancelled += 1
        elif planned.action is Action.update:
            self.updated += 1
            self.rescheduled += planned.status == RESCHEDULED
            self.full += planned.status == FULL

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "rescheduled": self.rescheduled,
            "full": self.full,
            "cancelled": self.cancelled,
            "unchanged": self.unchanged,
            "failed": len(self.failed),
        }


def record_synced(session: Session, *, edition_id: int, planned: Planned, uid: int, now: datetime) -> None:
    repo.mark_synced(session, edition_id=edition_id, planned=planned, uid=uid, now=now)


def record_failed(session: Session, *, edition_id: int, planned: Planned, message: str) -> None:
    repo.mark_failed(session, edition_id=edition_id, planned=planned, message=message)


def record_blocked(session: Session, *, edition_id: int, planned: Planned) -> str:
    message = t("location_missing", venue=planned.venue_code)
    repo.mark_failed(session, edition_id=edition_id, planned=planned, message=message)
    return message


def record_outcome(
    session: Session, *, edition_id: int, outcome: str, message: str | None, counts: dict[str, int] | None = None
) -> None:
    row = repo.sync_row(session, edition_id)
    row.outcome = outcome
    row.message = message
    row.finished_at = utcnow()
    if counts is not None:
        row.counts = counts
    session.flush()


def resolve_edition(session: Session, code: str | None) -> Edition | None:
    return repo.edition_by_code(session, code) if code else repo.default_edition(session)


def summary_lines(session: Session, *, edition: Edition, report: SyncReport | None) -> list[str]:
    """The figures read back from the database (what OpenAgenda holds), then this sync's own counts."""
    counts = repo.counts_by_state(session, edition.id)
    done = report.as_dict() if report else {}
    lines = [
        t(
            "summary",
            edition=edition.code,
            locations=counts.get((LOCATION, "synced"), 0),
            events=counts.get((EVENT, "synced"), 0),
            **{k: done.get(k, 0) for k in ("created", "updated", "rescheduled", "full", "cancelled", "unchanged")},
            failed=counts.get((LOCATION, "failed"), 0) + counts.get((EVENT, "failed"), 0),
        )
    ]
    for row in repo.items(session, edition.id):
        if row.state == "failed":
            lines.append(t("failed_item", kind=row.kind, code=row.code, error=row.last_error or "?"))
    return lines
