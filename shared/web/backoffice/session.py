"""The lead's back-office session: sign-in (pasted lead token or one-time link), signed cookie, CSRF, sign-out.

Both ways in end in the same place: a server-side session row (an :class:`ApiToken` of role ``gestion``
holding only the SHA-256 of a random secret, with an expiry) and a cookie carrying that secret signed
with ``FESTPLAN_SECRET_KEY`` (itsdangerous, timestamped). The cookie is HttpOnly, SameSite=Lax, and
``Secure`` when ``FESTPLAN_BASE_URL`` is https. Signing out revokes the row, so a copied cookie dies with it;
a session opened with a lead token also dies when that token is revoked.

A one-time sign-in link is an :class:`ApiToken` of role ``signin`` (hash only, 30 minutes, revoked on use).
Neither role is accepted by the API's :func:`shared.web.auth.authenticate`, which knows only lead,
partner and speaker. Every POST under ``/gestion/`` must carry the session's CSRF token (an HMAC of the
session secret); the sign-in forms, which come before any session, use a double-submit cookie instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, Response, status
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models.auth import ApiToken, User
from shared.models.edition import Edition
from shared.models.types import utcnow
from shared.settings import get_settings
from shared.web.http import SessionDep

COOKIE_NAME = "festplan_gestion"
PRE_COOKIE_NAME = "festplan_gestion_pre"
LANG_COOKIE_NAME = "festplan_gestion_langue"
#: The edition the lead chose to work on (its code); without it, the back-office shows the edition that starts last.
EDITION_COOKIE_NAME = "festplan_gestion_edition"
SESSION_ROLE = "gestion"
LINK_ROLE = "signin"
SESSION_HOURS = 12
LINK_MINUTES = 30
PREFIX = "/gestion"
SIGNIN_PATH = f"{PREFIX}/connexion"
#: The lead account ``festplan signin-link`` and the demo create when none is named (the demo data's lead).
DEFAULT_LEAD_EMAIL = "cheffe.projet@puy-de-dome.example"
DEFAULT_LEAD_NAME = "Camille Chabrier"
_SALT = "festplan-gestion-session"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class LeadSession:
    """The signed-in lead of one request: who they are (for the header) and the session's CSRF token."""

    row_id: int
    user_id: int | None
    token_id: int | None
    who: str
    csrf: str


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=_SALT)


def csrf_for(secret: str) -> str:
    """The session's CSRF token: an HMAC of the session secret, useless to anyone who cannot read the cookie."""
    key = get_settings().secret_key.encode("utf-8")
    return hmac.new(key, f"gestion-csrf:{secret}".encode(), hashlib.sha256).hexdigest()


def secure_cookies() -> bool:
    return get_settings().base_url.startswith("https://")


def remember_choice(response: Response, *, name: str, value: str) -> None:
    """Keep a lead's choice (language, edition) for a year, for the back-office only."""
    response.set_cookie(
        name, value, max_age=365 * 24 * 3600, httponly=True, samesite="lax", secure=secure_cookies(), path=PREFIX
    )


# --- accounts and one-time links -----------------------------------------------------------------------------


def ensure_lead(
    db: Session, *, email: str = DEFAULT_LEAD_EMAIL, name: str = DEFAULT_LEAD_NAME, locale: str = "fr"
) -> User:
    """The lead account of ``email``, created when missing (addresses compared case-insensitively).

    An existing account of another role is refused rather than silently promoted.
    """
    address = email.strip()
    user = db.scalar(select(User).where(User.email.ilike(address)))
    if user is not None and user.role != "lead":
        raise ValueError(f"{address} is an account of role {user.role}, not a lead")
    if user is None:
        user = User(email=address, name=name, role="lead", locale=locale)
        db.add(user)
        db.flush()
    return user


def signin_url(raw: str) -> str:
    return f"{get_settings().base_url.rstrip('/')}{SIGNIN_PATH}/{raw}"


def create_signin_link(db: Session, *, user: User, minutes: int = LINK_MINUTES) -> str:
    """A one-time sign-in link for a lead account; only its hash is stored, it expires after ``minutes``."""
    if user.role != "lead":
        raise ValueError(f"{user.email} is not a lead account")
    raw = secrets.token_urlsafe(32)
    db.add(
        ApiToken(
            token_hash=_hash(raw),
            role=LINK_ROLE,
            user_id=user.id,
            label="lien de connexion",
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    db.flush()
    return signin_url(raw)


def _live_link(db: Session, raw: str) -> ApiToken | None:
    if not raw or len(raw) > 200:
        return None
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(raw), ApiToken.role == LINK_ROLE))
    if row is None or row.revoked_at is not None or row.user_id is None:
        return None
    if row.expires_at is not None and row.expires_at <= utcnow():
        return None
    return row


def link_is_live(db: Session, raw: str) -> bool:
    """Whether a sign-in link can still be used (the confirmation page asks before spending it)."""
    return _live_link(db, raw) is not None


def consume_signin_link(db: Session, raw: str) -> User | None:
    """Spend a sign-in link: the lead it belongs to, or None when unknown, expired or already used."""
    row = _live_link(db, raw)
    if row is None:
        return None
    row.revoked_at = utcnow()
    row.last_used_at = row.revoked_at
    db.flush()
    user = db.get(User, row.user_id)
    return user if user is not None and user.role == "lead" else None


def lead_token_id(db: Session, raw: str) -> int | None:
    """The id of a live lead API token pasted in the sign-in form, or None."""
    from shared.web.auth import authenticate  # the API's own rules: hash, expiry, revocation

    principal = authenticate(db, raw.strip())
    return principal.token_id if principal is not None and principal.role == "lead" else None


# --- sessions ------------------------------------------------------------------------------------------------


def open_session(db: Session, *, user_id: int | None = None, token_id: int | None = None) -> str:
    """Record a new session for a lead account or a lead token; returns the signed cookie value."""
    if (user_id is None) == (token_id is None):
        raise ValueError("a session belongs to exactly one user or one lead token")
    raw = secrets.token_urlsafe(32)
    db.add(
        ApiToken(
            token_hash=_hash(raw),
            role=SESSION_ROLE,
            user_id=user_id,
            subject_id=token_id,
            label="session de gestion",
            expires_at=utcnow() + timedelta(hours=SESSION_HOURS),
        )
    )
    db.flush()
    return _serializer().dumps(raw)


def _secret_of(cookie: str | None) -> str | None:
    if not cookie or len(cookie) > 512:
        return None
    try:
        raw = _serializer().loads(cookie, max_age=SESSION_HOURS * 3600)
    except BadSignature:  # also SignatureExpired: a cookie older than a session lives
        return None
    return raw if isinstance(raw, str) else None


def read_session(db: Session, cookie: str | None) -> LeadSession | None:
    """The session a cookie stands for, or None when forged, expired, signed out or its token revoked."""
    raw = _secret_of(cookie)
    if raw is None:
        return None
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(raw), ApiToken.role == SESSION_ROLE))
    now = utcnow()
    if row is None or row.revoked_at is not None or (row.expires_at is not None and row.expires_at <= now):
        return None
    if row.user_id is not None:
        user = db.get(User, row.user_id)
        if user is None or user.role != "lead":
            return None
        who = f"{user.name} <{user.email}>"
    else:
        token = db.get(ApiToken, row.subject_id) if row.subject_id is not None else None
        if (
            token is None
            or token.role != "lead"
            or token.revoked_at is not None
            or (token.expires_at is not None and token.expires_at <= now)
        ):
            return None
        who = token.label or f"jeton n° {token.id}"
    return LeadSession(row_id=row.id, user_id=row.user_id, token_id=row.subject_id, who=who, csrf=csrf_for(raw))


def close_session(db: Session, lead: LeadSession) -> None:
    """Sign out: the session row is revoked, so the cookie stops working even where it was copied."""
    row = db.get(ApiToken, lead.row_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        db.flush()


def set_session_cookie(response: Response, value: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(),
        path=PREFIX,
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE_NAME, path=PREFIX, httponly=True, samesite="lax", secure=secure_cookies())


# --- the sign-in forms' CSRF (before any session exists) -----------------------------------------------------


def pre_session_token(request: Request) -> str:
    """The double-submit value of the sign-in forms: the cookie's, or a fresh one the page will set."""
    current = request.cookies.get(PRE_COOKIE_NAME, "")
    return current if 20 <= len(current) <= 100 else secrets.token_urlsafe(24)


def set_pre_session_cookie(response: Response, value: str) -> None:
    response.set_cookie(
        PRE_COOKIE_NAME, value, max_age=3600, httponly=True, samesite="lax", secure=secure_cookies(), path=PREFIX
    )


def pre_session_ok(request: Request, submitted: str | None) -> bool:
    cookie = request.cookies.get(PRE_COOKIE_NAME, "")
    return bool(cookie) and bool(submitted) and hmac.compare_digest(cookie.encode(), (submitted or "").encode())


# --- FastAPI dependencies ------------------------------------------------------------------------------------


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "*/*" in accept or not accept


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a back-office path (never another site)."""
    if value and value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX + "/"


def current_lead(request: Request, db: SessionDep) -> LeadSession | None:
    """The signed-in lead, or None (sync: it runs in the thread pool like the other database work)."""
    return read_session(db, request.cookies.get(COOKIE_NAME))


async def require_lead_session(
    request: Request, lead: Annotated[LeadSession | None, Depends(current_lead)]
) -> LeadSession:
    """Guard of every back-office page: a browser without a session is sent to the sign-in page (303);
    a script gets 401. A POST must carry the session's CSRF token in its ``csrf`` field (403 otherwise)."""
    if lead is None:
        if request.method in _SAFE_METHODS and _wants_html(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            location = f"{SIGNIN_PATH}?next={quote(target, safe='')}"
            raise HTTPException(status.HTTP_303_SEE_OTHER, headers={"Location": location})
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Connexion requise. / Sign-in required.")
    if request.method not in _SAFE_METHODS:
        form = await request.form(max_files=0, max_fields=3000)
        submitted = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
        if not hmac.compare_digest(submitted.encode(), lead.csrf.encode()):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail="Jeton anti-falsification absent ou faux. / Missing or wrong CSRF token.",
            )
    return lead


LeadDep = Annotated[LeadSession, Depends(require_lead_session)]


def chosen_edition_code(request: Request) -> str | None:
    """The code of the edition the lead picked in the back-office (a cookie), or None for the default."""
    code = (request.cookies.get(EDITION_COOKIE_NAME) or "").strip()
    return code if code and len(code) <= 64 else None


def chosen_edition(db: Session, request: Request) -> Edition | None:
    """The edition the lead picked, or (none picked, or since deleted) the one that starts last."""
    code = chosen_edition_code(request)
    edition = db.scalar(select(Edition).where(Edition.code == code)) if code else None
    return edition or db.scalar(select(Edition).order_by(Edition.start_date.desc(), Edition.id.desc()).limit(1))
