"""Who is calling: lead API tokens, partners' and speakers' personal links, and the FastAPI guards.

Every credential is an :class:`ApiToken` row holding only the SHA-256 of the secret, so a stolen
database gives no usable token and revoking a row ends the credential at once. The lead's tokens
are random strings printed once by ``festplan token create``. A partner's or speaker's personal link
carries a token signed with ``FESTPLAN_SECRET_KEY`` (itsdangerous) that states its role, subject and
expiry: it opens their form and is also their bearer token for the API.

A browser that followed a link keeps the token in an HttpOnly cookie so forms work without
JavaScript. The API accepts that cookie for reading only (GET/HEAD): a write through the API needs
the ``Authorization`` header, which another site cannot make a browser send — the forms' own POSTs
carry a CSRF token instead (:func:`csrf_token`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import ApiToken
from shared.models.types import utcnow
from shared.settings import get_settings
from shared.web.http import SessionDep

ROLES = ("lead", "partner", "speaker")
LINK_ROLES = ("partner", "speaker")
COOKIE_NAME = "festplan_jeton"
LINK_VALID_DAYS = 120
LEAD_PREFIX = "fpl_"
_LINK_SALT = "festplan-personal-link"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_TOUCH_EVERY = timedelta(minutes=5)

bearer_scheme = HTTPBearer(
    auto_error=False,
    description="Jeton du chef de projet (`festplan token create --role lead`) ou lien personnel "
    "d'un partenaire ou d'un·e intervenant·e. / Lead API token or a partner's or speaker's personal link.",
)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: ``subject_id`` is the partner or speaker id (None for the lead)."""

    role: str
    subject_id: int | None
    token_id: int


def hash_token(raw: str) -> str:
    """The only form in which a token is stored."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt=_LINK_SALT)


def create_lead_token(
    session: Session, *, label: str | None = None, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """A new lead token; the clear text is returned once and never stored."""
    raw = LEAD_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(token_hash=hash_token(raw), role="lead", label=label, expires_at=expires_at)
    session.add(row)
    session.flush()
    return row, raw


def issue_personal_link_token(
    session: Session, *, role: str, subject_id: int, valid_days: int = LINK_VALID_DAYS
) -> tuple[ApiToken, str]:
    """A signed, expiring token for a partner or speaker, backed by a row so that it can be revoked."""
    if role not in LINK_ROLES:
        raise ValueError(f"personal links are for {LINK_ROLES}, not {role!r}")
    expires_at = utcnow() + timedelta(days=valid_days)
    raw = _serializer().dumps(
        {"r": role, "s": subject_id, "e": int(expires_at.timestamp()), "n": secrets.token_urlsafe(12)}
    )
    row = ApiToken(
        token_hash=hash_token(raw),
        role=role,
        subject_id=subject_id,
        expires_at=expires_at,
        label=f"lien personnel {role} {subject_id}",
    )
    session.add(row)
    session.flush()
    return row, raw


def personal_link_url(raw: str) -> str:
    """The address sent by email: it sets the cookie and opens the person's form."""
    return f"{get_settings().base_url.rstrip('/')}/formulaires/acces/{raw}"


def revoke_subject_tokens(session: Session, *, role: str, subject_id: int) -> int:
    """Revoke every live token of one partner or speaker (a lost or forwarded link); returns how many."""
    rows = session.scalars(
        select(ApiToken).where(ApiToken.role == role, ApiToken.subject_id == subject_id, ApiToken.revoked_at.is_(None))
    ).all()
    now = utcnow()
    for row in rows:
        row.revoked_at = now
    session.flush()
    return len(rows)


def revoke_token(session: Session, token_id: int) -> bool:
    """Revoke one token by id; False when there is no such live token."""
    row = session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    session.flush()
    return True


def _signature_ok(raw: str, row: ApiToken) -> bool:
    """A personal link must still carry our signature and say what its row says (key rotation kills it)."""
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("r") == row.role and data.get("s") == row.subject_id


def authenticate(session: Session, raw: str | None) -> Principal | None:
    """The principal behind ``raw``, or None when it is unknown, revoked, expired or forged."""
    if not raw or len(raw) > 512:
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if row is None or row.revoked_at is not None or row.role not in ROLES:
        return None
    now = utcnow()
    if row.expires_at is not None and row.expires_at <= now:
        return None
    if row.role in LINK_ROLES and not _signature_ok(raw, row):
        return None
    if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
        row.last_used_at = now
    return Principal(role=row.role, subject_id=row.subject_id, token_id=row.id)


def _raw_from_request(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str | None:
    if credentials is not None:
        return credentials.credentials
    if request.method in _SAFE_METHODS:
        return request.cookies.get(COOKIE_NAME)
    return None


def current_principal(
    request: Request,
    session: SessionDep,
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme),
) -> Principal:
    """The caller of an API endpoint, or 401 with a ``WWW-Authenticate`` challenge."""
    principal = authenticate(session, _raw_from_request(request, credentials))
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Jeton absent, invalide, expiré ou révoqué. / Missing, invalid, expired or revoked token.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def _require(role: str) -> Callable[[Principal], Principal]:
    def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role != role:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"Réservé au rôle « {role} ». / Reserved to the {role} role.",
            )
        return principal

    dependency.__name__ = f"require_{role}"
    dependency.__doc__ = f"The caller, who must hold the {role} role (403 otherwise)."
    return dependency


def require_any(*roles: str) -> Callable[[Principal], Principal]:
    """A guard for endpoints several roles share (each then sees only what is theirs)."""

    def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in roles:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"Réservé aux rôles {', '.join(roles)}. / Reserved to the roles {', '.join(roles)}.",
            )
        return principal

    return dependency


require_lead = _require("lead")
require_partner = _require("partner")
require_speaker = _require("speaker")


def csrf_token(principal: Principal) -> str:
    """The hidden field a form POST must send back: bound to the token, so useless to another site."""
    key = get_settings().secret_key.encode("utf-8")
    return hmac.new(key, f"csrf:{principal.token_id}".encode(), hashlib.sha256).hexdigest()


def csrf_ok(principal: Principal, submitted: str | None) -> bool:
    """Constant-time check of a form's CSRF field."""
    return bool(submitted) and hmac.compare_digest(csrf_token(principal), submitted or "")
