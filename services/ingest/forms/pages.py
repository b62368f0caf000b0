"""What the partners' and speakers' forms share: the posted fields, the page in the reader's language, the guard.

Kept apart from the endpoints so the partner and speaker modules (and the back office, which reads its
posts the same way) import one small module rather than each other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from services.ingest.forms.texts import t
from shared.web.auth import COOKIE_NAME, Principal, authenticate, csrf_ok
from shared.web.http import Templates, negotiate_locale

templates = Templates(Path(__file__).resolve().parents[1] / "templates")


def page(request: Request, name: str, *, locale: str, status_code: int = 200, **context: Any) -> Response:
    """A form page in ``locale``, with the link to the same page in the other language; never cached."""
    other = "en" if locale == "fr" else "fr"
    return templates.render(
        name,
        status_code=status_code,
        headers={"Content-Language": locale, "Cache-Control": "no-store"},
        lang=locale,
        t=lambda key, **v: t(key, locale, **v),
        other_lang=other,
        other_url=f"{request.url.path}?lang={other}",
        lang_query=f"?lang={locale}",
        **context,
    )


def denied(request: Request, locale: str, key: str, status_code: int) -> Response:
    """The page that refuses the caller, with the reason ``key`` in their language."""
    return page(
        request,
        "message.html",
        locale=locale,
        status_code=status_code,
        heading=t("denied_title", locale),
        message=t(key, locale),
    )


def _principal(request: Request, session: Session) -> Principal | None:
    header = request.headers.get("authorization", "")
    raw = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(COOKIE_NAME)
    return authenticate(session, raw)


def guard(
    request: Request, session: Session, role: str, form: FormData | None = None
) -> tuple[Principal, int] | Response:
    """The caller and their partner or speaker id, or the page that refuses them (401, 403)."""
    locale = negotiate_locale(request)
    principal = _principal(request, session)
    if principal is None:
        return denied(request, locale, "link_invalid", 401)
    if principal.role != role or principal.subject_id is None:
        return denied(request, locale, "wrong_role", 403)
    if form is not None and not csrf_ok(principal, str(form.get("csrf") or "")):
        return denied(request, locale, "csrf_failed", 403)
    return principal, principal.subject_id
