"""The lead's back-office, notifier side: every email's status, the held publications to review and release,
retrying the failed ones, and each template previewed in French and English.

Retrying and releasing go through :mod:`services.notifier.service` (their own transactions, then the
relay): the back-office never sends anything itself.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.notifier import repository, service
from services.notifier.backoffice_texts import TEXTS
from services.notifier.gallery import gallery_previews
from shared.models.notification import Notification, NotificationStatus
from shared.models.scheduling import ScheduleVersion
from shared.models.types import utcnow
from shared.outbox import KINDS, counts_by_status
from shared.settings import get_settings
from shared.web.backoffice.pages import Pages
from shared.web.backoffice.session import PREFIX, LeadDep, require_lead_session
from shared.web.http import SessionDep
from shared.web.ids import DbId

router = APIRouter(prefix=f"{PREFIX}/courriels", include_in_schema=False, dependencies=[Depends(require_lead_session)])
pages = Pages(Path(__file__).resolve().parent / "templates", TEXTS)
STATUSES = tuple(NotificationStatus)
LIST_LIMIT = 200


def _rows(
    db: Session, *, kind: str | None, status: str | None, version_id: int | None = None, limit: int = LIST_LIMIT
) -> list[Notification]:
    query = select(Notification)
    if kind:
        query = query.where(Notification.kind == kind)
    if status:
        query = query.where(Notification.status == status)
    if version_id is not None:
        query = query.where(Notification.schedule_version_id == version_id)
    return list(db.scalars(query.order_by(Notification.id.desc()).limit(limit)))


@router.get("")
def mail(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """Status of all emails: counts, filters by kind and status, last errors, held publications, retry."""
    kind = request.query_params.get("type") or ""
    status = request.query_params.get("statut") or ""
    kind = kind if kind in KINDS else ""
    status = status if status in STATUSES else ""
    counts = counts_by_status(db)
    held_versions = (
        db.execute(
            select(ScheduleVersion, func.count(Notification.id))
            .join(Notification, Notification.schedule_version_id == ScheduleVersion.id)
            .where(Notification.status == "held")
            .group_by(ScheduleVersion.id)
            .order_by(ScheduleVersion.number)
        )
        .tuples()
        .all()
    )
    total = db.scalar(
        select(func.count(Notification.id)).where(
            *([Notification.kind == kind] if kind else []), *([Notification.status == status] if status else [])
        )
    )
    return pages.render(
        request,
        "backoffice/mail.html",
        lead=lead,
        counts=counts,
        statuses=STATUSES,
        kinds=KINDS,
        chosen={"type": kind, "statut": status},
        rows=_rows(db, kind=kind or None, status=status or None),
        total=total or 0,
        limit=LIST_LIMIT,
        by_kind=repository.counts_by_kind_and_status(db),
        held_versions=held_versions,
        failed=counts.get("failed", 0),
    )


@router.post("/relancer")
def retry(lead: LeadDep) -> Response:
    """Put every failed email back in the queue (once the cause — an address, the SMTP server — is fixed)."""
    count = service.retry_failed()
    return RedirectResponse(f"{PREFIX}/courriels?fait={'retried' if count else 'nothing_to_retry'}", status_code=303)


@router.get("/versions/{version_id}")
def version_outbox(version_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """The emails a publication recorded: held ones to read before releasing them."""
    version = db.get(ScheduleVersion, version_id)
    if version is None:
        return pages.not_found(request, lead)
    rows = _rows(db, kind=None, status=None, version_id=version.id, limit=2000)
    held = sum(1 for row in rows if row.status == "held")
    return pages.render(request, "backoffice/version_outbox.html", lead=lead, version=version, rows=rows, held=held)


@router.post("/versions/{version_id}/liberer")
def release(version_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """Let a held publication's emails go: the relay sends them once released."""
    version = db.get(ScheduleVersion, version_id)
    if version is None:
        return pages.not_found(request, lead)
    number, edition_id = version.number, version.edition_id
    db.rollback()  # release_version writes in its own transaction; this request's holds nothing
    service.release_version(number, edition_id=edition_id)
    return RedirectResponse(f"{PREFIX}/courriels/versions/{version_id}?fait=released", status_code=303)


@router.get("/modeles")
def templates_list(request: Request, lead: LeadDep) -> Response:
    return pages.render(request, "backoffice/templates.html", lead=lead, kinds=KINDS)


@router.get("/modeles/{kind}")
def template_preview(kind: str, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """One template in French and in English side by side, with the edition's latest email of that kind."""
    if kind not in KINDS:
        return pages.not_found(request, lead)
    previews, _ = gallery_previews(db, kind, settings=get_settings())
    return pages.render(request, "backoffice/template_preview.html", lead=lead, kind=kind, previews=previews)


@router.get("/{notification_id}")
def preview(notification_id: DbId, request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """One email as its recipient will read it (rendered now from the row and the database), links redacted."""
    row = db.get(Notification, notification_id)
    if row is None:
        return pages.not_found(request, lead)
    error = None
    email = None
    try:
        email = service.build_email(db, row, settings=get_settings(), now=utcnow(), preview=True)
    except Exception as exc:  # a row that cannot be rendered is shown with the reason, not a 500
        error = f"{type(exc).__name__}: {exc}"
    return pages.render(request, "backoffice/notification.html", lead=lead, row=row, email=email, error=error)
