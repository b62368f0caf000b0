"""Attendance over HTTP: the venue staff's form (``/presence/{token}``) and ``PUT /api/v1/sessions/{code}/attendance``.

The form lists the venue's published sessions beside their registrations and room capacity; the token
in the path is the credential, so the form works without cookies or JavaScript. The API takes the
lead's bearer token (any session) or a venue's token (that venue's sessions only).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.evaluation import repository as repo
from services.evaluation.attendance.service import record_count, venue_for_token, venue_of
from services.evaluation.domain.attendance import MAX_COUNT, AttendanceRefused
from services.evaluation.surveys.pages import page
from services.evaluation.texts import t
from shared.i18n import format_datetime
from shared.models import AttendanceCount, Edition, SessionProposal, Venue
from shared.web.api_docs import errors as documented
from shared.web.auth import authenticate, bearer_scheme
from shared.web.http import FormDep, SessionDep, negotiate_locale
from shared.web.security import rate_limited

router = APIRouter()


def _rows(session: Session, venue: Venue, locale: str) -> list[dict[str, object]]:
    placed = repo.placed_sessions(session, venue.edition_id, venue_id=venue.id)
    ids = [p.proposal.id for p in placed]
    seats = repo.confirmed_seats(session, ids)
    counts = (
        {
            c.proposal_id: c.count
            for c in session.scalars(select(AttendanceCount).where(AttendanceCount.proposal_id.in_(ids)))
        }
        if ids
        else {}
    )
    return [
        {
            "code": p.proposal.code,
            "id": p.proposal.id,
            "title": p.proposal.title,
            "when": format_datetime(p.start, locale),
            "room": p.room.name,
            "capacity": p.room.capacity,
            "registered": seats.get(p.proposal.id, 0),
            "count": counts.get(p.proposal.id),
        }
        for p in placed
    ]


def _denied(request: Request, locale: str) -> Response:
    return page(
        request,
        "evaluation_message.html",
        locale=locale,
        status_code=404,
        heading=t("invalid_title", locale),
        message=t("presence_denied", locale),
    )


@router.get("/presence/{token}", include_in_schema=False, dependencies=[Depends(rate_limited)])
def attendance_form(token: str, request: Request, session: SessionDep) -> Response:
    """The venue's sessions with a count field each."""
    locale = negotiate_locale(request)
    venue = venue_for_token(session, token)
    if venue is None:
        return _denied(request, locale)
    rows = _rows(session, venue, locale)
    values = {r["code"]: r["count"] for r in rows if r["count"] is not None}
    return page(
        request,
        "attendance.html",
        locale=locale,
        venue=venue,
        rows=rows,
        values=values,
        errors={},
        saved=None,
        action=f"/presence/{token}?lang={locale}",
    )


@router.post("/presence/{token}", include_in_schema=False, dependencies=[Depends(rate_limited)])
def attendance_save(token: str, request: Request, session: SessionDep, form: FormDep) -> Response:
    """Save every filled count; a wrong one is shown at its row and nothing is saved."""
    locale = negotiate_locale(request)
    venue = venue_for_token(session, token)
    if venue is None:
        return _denied(request, locale)
    rows = _rows(session, venue, locale)
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    parsed: dict[str, int] = {}
    for row in rows:
        raw = str(form.get(f"n-{row['code']}") or "").strip()
        values[str(row["code"])] = raw
        if not raw:
            continue
        if raw.isascii() and raw.isdigit() and len(raw) <= 9 and int(raw) <= MAX_COUNT:  # not '²', not 10**5000
            parsed[str(row["code"])] = int(raw)
        else:
            errors[str(row["code"])] = t("presence_bad", locale)
    action = f"/presence/{token}?lang={locale}"
    if errors:
        return page(
            request,
            "attendance.html",
            locale=locale,
            status_code=422,
            venue=venue,
            rows=rows,
            values=values,
            errors=errors,
            saved=None,
            action=action,
        )
    by_code = {str(r["code"]): r for r in rows}
    for code, count in parsed.items():
        proposal = session.get(SessionProposal, by_code[code]["id"])
        record_count(session, proposal=proposal, count=count, recorded_by=f"lieu {venue.code}")  # type: ignore[arg-type]
    return page(
        request,
        "attendance.html",
        locale=locale,
        venue=venue,
        rows=_rows(session, venue, locale),
        values=values,
        errors={},
        saved=len(parsed),
        action=action,
    )


class AttendanceIn(BaseModel):
    """A session's attendance as counted at the door."""

    count: int = Field(ge=0, le=MAX_COUNT, description="Personnes présentes / People who attended")
    note: str | None = Field(default=None, max_length=2000, pattern=r"^[^\x00]*$", description="Remarque / Note")


class AttendanceOut(BaseModel):
    session: str
    count: int
    note: str | None
    registered: int
    capacity: int | None


def _proposal(session: Session, code: str, edition: str | None) -> SessionProposal:
    if "\x00" in code or (edition is not None and "\x00" in edition):  # PostgreSQL refuses NUL in text
        raise HTTPException(404, detail=_both("unknown_session", code=code.replace("\x00", "")))
    query = select(SessionProposal).where(SessionProposal.code == code)
    if edition is not None:
        query = query.join(Edition, Edition.id == SessionProposal.edition_id).where(Edition.code == edition)
    found = list(session.scalars(query))
    if not found:
        raise HTTPException(404, detail=_both("unknown_session", code=code))
    if len(found) > 1:
        raise HTTPException(409, detail=_both("ambiguous_session", code=code))
    return found[0]


def _both(key: str, **values: object) -> str:
    return f"{t(key, 'fr', **values)} / {t(key, 'en', **values)}"


@router.put(
    "/api/v1/sessions/{code}/attendance",
    response_model=AttendanceOut,
    tags=["évaluation / evaluation"],
    responses=documented(401, 403, 404, 409),
)
def put_attendance(
    code: str,
    body: AttendanceIn,
    session: SessionDep,
    edition: str | None = None,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
) -> AttendanceOut:
    """Enregistre la fréquentation d'une séance (jeton du chef de projet ou du lieu). / Record attendance."""
    raw = credentials.credentials if credentials is not None else None
    principal = authenticate(session, raw)
    venue = None if principal is not None else venue_for_token(session, raw)
    if (principal is None or principal.role != "lead") and venue is None:
        status = 403 if principal is not None else 401
        raise HTTPException(status, detail=_both("auth_needed"), headers={"WWW-Authenticate": "Bearer"})
    proposal = _proposal(session, code, edition)
    placed_at = venue_of(session, proposal)
    if placed_at is None:
        raise HTTPException(409, detail=_both("not_placed", code=code))
    if venue is not None and placed_at != venue.id:
        raise HTTPException(403, detail=_both("not_your_venue", code=code))
    try:
        row = record_count(
            session,
            proposal=proposal,
            count=body.count,
            note=body.note,
            recorded_by="lead" if venue is None else f"lieu {venue.code}",
        )
    except AttendanceRefused as exc:
        raise HTTPException(422, detail=_both(exc.key, **exc.params)) from None
    placed = next(p for p in repo.placed_sessions(session, proposal.edition_id) if p.proposal.id == proposal.id)
    return AttendanceOut(
        session=code,
        count=row.count,
        note=row.note,
        registered=repo.confirmed_seats(session, [proposal.id]).get(proposal.id, 0),
        capacity=placed.room.capacity,
    )
