"""Attendance (fréquentation): how many came to each session, counted by the venue's staff.

Three ways in, one rule: a count is a whole number of 0 or more for a session of the latest published
programme, and counting again replaces the figure. Venue staff use a personal link per venue
(``/presence/{token}``, a signed token backed by a revocable ``ApiToken`` row of role ``venue``);
the lead (or the venue's token) uses ``PUT /api/v1/sessions/{code}/attendance``; a spreadsheet goes
through ``festplan import attendance FILE``, the importer's ``attendance`` kind declared here.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.evaluation import repository as repo
from services.evaluation.domain.attendance import MAX_COUNT, check_count
from shared.models import ApiToken, AttendanceCount, SessionProposal, Venue
from shared.models.types import utcnow
from shared.settings import get_settings
from shared.spreadsheets.columns import Column, KindSpec, ValueType, session_column
from shared.spreadsheets.importer import PlanContext, Row, register_kind
from shared.web.auth import hash_token

VENUE_ROLE = "venue"
_VENUE_SALT = "festplan-venue-link"
VENUE_LINK_DAYS = 365


def record_count(
    session: Session,
    *,
    proposal: SessionProposal,
    count: int,
    note: str | None = None,
    recorded_by: str | None = None,
) -> AttendanceCount:
    """Set (or replace) the attendance of one session; flush only."""
    check_count(count)
    row = session.scalar(select(AttendanceCount).where(AttendanceCount.proposal_id == proposal.id))
    if row is None:
        row = AttendanceCount(proposal_id=proposal.id, count=count)
        session.add(row)
    row.count, row.note, row.recorded_by, row.recorded_at = count, note, recorded_by, utcnow()
    session.flush()
    return row


def venue_of(session: Session, proposal: SessionProposal) -> int | None:
    """The venue a session took place in, in the latest published programme (None if not placed)."""
    placed = repo.placed_sessions(session, proposal.edition_id)
    return next((p.venue.id for p in placed if p.proposal.id == proposal.id), None)


# --- venue links ------------------------------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt=_VENUE_SALT)


def issue_venue_link(session: Session, *, venue: Venue, valid_days: int = VENUE_LINK_DAYS) -> str:
    """A new personal entry link for a venue's staff; the clear token is returned once, only its hash is kept."""
    expires_at = utcnow() + timedelta(days=valid_days)
    raw = _serializer().dumps({"r": VENUE_ROLE, "s": venue.id, "n": secrets.token_urlsafe(12)})
    session.add(
        ApiToken(
            token_hash=hash_token(raw),
            role=VENUE_ROLE,
            subject_id=venue.id,
            expires_at=expires_at,
            label=f"saisie de fréquentation {venue.code}",
        )
    )
    session.flush()
    return raw


def venue_link_url(raw: str) -> str:
    return f"{get_settings().base_url.rstrip('/')}/presence/{raw}"


def venue_for_token(session: Session, raw: str | None) -> Venue | None:
    """The venue a live, untampered venue token speaks for; None otherwise."""
    if not raw or len(raw) > 400:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if (
        row is None
        or row.role != VENUE_ROLE
        or row.revoked_at is not None
        or not isinstance(data, dict)
        or data.get("s") != row.subject_id
    ):
        return None
    now = utcnow()
    if row.expires_at is not None and row.expires_at <= now:
        return None
    row.last_used_at = now
    return session.get(Venue, row.subject_id) if row.subject_id is not None else None


# --- the spreadsheet import kind --------------------------------------------------------------------------------

ATTENDANCE = KindSpec(
    "attendance",
    "chiffres de fréquentation",
    "attendance figures",
    (
        session_column(),
        Column(
            "count",
            "Présents",
            "Attended",
            ValueType.integer,
            True,
            "Nombre de personnes présentes",
            "Number of people who attended",
            ("presentes", "presents", "frequentation", "nombre de presents", "attendance", "count"),
            minimum=0,
            maximum=MAX_COUNT,
            width=10,
        ),
        Column(
            "note",
            "Remarque",
            "Note",
            help_fr="Facultatif : météo, panne, public scolaire…",
            help_en="Optional: weather, breakdown, school group…",
            aliases=("commentaire", "comment"),
            max_length=2000,
            width=30,
        ),
    ),
    key_columns=(("session",),),
)


def plan_attendance(ctx: PlanContext, rows: list[Row]) -> None:
    """One count per row, for a session of the published programme; re-importing the same file changes nothing."""
    placed = {p.proposal.code: p.proposal for p in repo.placed_sessions(ctx.session, ctx.edition.id)}
    existing = {
        c.proposal_id: c
        for c in ctx.session.scalars(
            select(AttendanceCount)
            .join(SessionProposal, SessionProposal.id == AttendanceCount.proposal_id)
            .where(SessionProposal.edition_id == ctx.edition.id)
        )
    }
    for row in rows:
        code = row.values["session"]
        proposal = placed.get(code)
        if proposal is None:
            ctx.error(row, "session", "ref.session", value=code)
            continue
        values: dict[str, Any] = {"count": row.values["count"]}
        if ctx.has("note"):
            values["note"] = row.values.get("note")

        def create(proposal: SessionProposal = proposal, values: dict[str, Any] = values) -> AttendanceCount:
            return AttendanceCount(proposal_id=proposal.id, recorded_by="import", **values)

        ctx.upsert(kind="attendance", existing=existing.get(proposal.id), values=values, create=create)


register_kind(ATTENDANCE, plan_attendance)
