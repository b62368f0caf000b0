"""The lead's back-office, ingest side: the dashboard, then (in their modules) proposals and the directory.

Every route sits behind :func:`shared.web.backoffice.session.require_lead_session` (sign-in and CSRF); the
request's session is the unit of work, committed when the page returns.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.routing import Match

from services.ingest.backoffice import repository as q
from services.ingest.backoffice.common import no_edition, pages
from services.ingest.backoffice.directory import router as directory_router
from services.ingest.backoffice.proposals import router as proposals_router
from services.ingest.backoffice.views import edition_days, overall_fill, room_fill, territory_coverage
from shared.models.notification import NotificationStatus
from shared.outbox import counts_by_status
from shared.web.backoffice.session import PREFIX, LeadDep, require_lead_session
from shared.web.http import SessionDep

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(require_lead_session)])
router.include_router(proposals_router)
router.include_router(directory_router)

MAIL_STATUSES = tuple(NotificationStatus)
#: Exports of the programme issue, shown when their routes are mounted: catalog key and path.
EXPORTS = (
    ("public_programme", "/programme"),
    ("export_xml", "/api/v1/programme.xml"),
    ("export_json", "/api/v1/programme.json"),
    ("export_ics", "/api/v1/programme.ics"),
)
REPORT_PATH = f"{PREFIX}/evaluation/rapport"


def _mounted(request: Request, path: str) -> bool:
    scope = {"type": "http", "path": path, "method": "GET", "root_path": "", "query_string": b"", "headers": []}
    return any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes)


def one_click_links(request: Request) -> list[tuple[str, str]]:
    """The exports and the evaluation report this app serves (other issues add them): catalog key and path."""
    links = [(key, path) for key, path in EXPORTS if _mounted(request, path)]
    if _mounted(request, REPORT_PATH):  # the evaluation's router (services/ingest/evaluation/backoffice.py)
        links.append(("evaluation_report", REPORT_PATH))
    return links


@router.get("/")
def dashboard(request: Request, lead: LeadDep, db: SessionDep) -> Response:
    """The edition at a glance: proposals, published programme, rooms, territories, emails, last runs."""
    edition = q.current_edition(db, request)
    if edition is None:
        return no_edition(request, lead)
    version = q.published_version(db, edition.id)
    facts = q.published_facts(db, version.run_id) if version else None
    rooms = q.rooms_with_venues(db, edition.id)
    capacities = {room.id: room.capacity for room, _ in rooms}
    days = len(edition_days(edition.start_date, edition.end_date))
    fills = room_fill(capacities=capacities, bookings=facts.bookings if facts else [], days=days)
    mail = counts_by_status(db)
    return pages.render(
        request,
        "backoffice/dashboard.html",
        lead=lead,
        edition=edition,
        version=version,
        facts=facts,
        statuses=("submitted", "accepted", "rejected", "withdrawn"),
        status_counts=q.status_counts(db, edition.id),
        rooms=rooms,
        fills=fills,
        overall=overall_fill(capacities=capacities, bookings=facts.bookings) if facts else None,
        territories=territory_coverage(
            territories=list(edition.territories or []),
            sessions_by_territory=facts.sessions_by_territory if facts else {},
        ),
        mail=[
            (status, mail.get(status, 0))
            for status in MAIL_STATUSES
            if mail.get(status) or status in ("pending", "sent", "failed")
        ],
        runs=q.latest_runs(db, edition.id),
        links=one_click_links(request),
    )
