"""Sign-in and sign-out pages of the back-office: ``/gestion/connexion`` (token or link), ``/gestion/deconnexion``.

A GET never spends a one-time link (mail scanners follow links): the link's page asks the lead to
confirm with a button, and only that POST opens the session.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from shared import events
from shared.addresses import is_email
from shared.db import unit_of_work
from shared.events import SigninRequested
from shared.models.auth import User
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.web.backoffice import session as auth
from shared.web.backoffice.pages import Pages, locale_of
from shared.web.backoffice.session import LeadDep
from shared.web.http import SessionDep

router = APIRouter(prefix=auth.PREFIX, include_in_schema=False)
pages = Pages(
    Path(__file__).resolve().parent / "templates",
    {
        "done_signed_out": {"fr": "Vous êtes déconnecté·e.", "en": "You are signed out."},
    },
)


def _signin_page(
    request: Request,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    email: str = "",
    message: str | None = None,
    message_ok: bool = False,
) -> Response:
    pre = auth.pre_session_token(request)
    response = pages.render(
        request,
        "backoffice/signin.html",
        lead=None,
        status_code=status_code,
        errors=errors or {},
        values={"email": email},
        pre=pre,
        next=auth.safe_next(request.query_params.get("next")),
        message=message,
        message_ok=message_ok,
        minutes=auth.LINK_MINUTES,
    )
    auth.set_pre_session_cookie(response, pre)
    return response


@router.get("/connexion")
def signin_form(request: Request, db: SessionDep) -> Response:
    """The sign-in page; someone already signed in goes straight where they were heading."""
    if auth.current_lead(request, db) is not None:
        return RedirectResponse(auth.safe_next(request.query_params.get("next")), status_code=303)
    t = pages.translator(locale_of(request))
    expired = request.cookies.get(auth.COOKIE_NAME) is not None
    return _signin_page(request, message=t("session_expired") if expired else None)


@router.post("/connexion")
async def signin_with_token(request: Request) -> Response:
    """Exchange a pasted lead token for a session cookie (the token itself is never kept in the browser)."""
    form = await request.form(max_files=0, max_fields=20)
    return await run_in_threadpool(
        _signin_with_token,
        request,
        str(form.get("pre") or ""),
        str(form.get("token") or ""),
        str(form.get("next") or ""),
    )


def _signin_with_token(request: Request, pre: str, token: str, next_path: str) -> Response:
    t = pages.translator(locale_of(request))
    if not auth.pre_session_ok(request, pre):
        return _signin_page(request, status_code=403, message=t("csrf_failed"))
    if not token.strip():
        return _signin_page(request, status_code=422, errors={"token": t("token_missing")})
    with unit_of_work() as db:
        token_id = auth.lead_token_id(db, token)
        if token_id is None:
            return _signin_page(request, status_code=401, errors={"token": t("token_invalid")})
        cookie = auth.open_session(db, token_id=token_id)
    response = RedirectResponse(auth.safe_next(next_path), status_code=303)
    auth.set_session_cookie(response, cookie)
    return response


@router.post("/connexion/lien")
async def send_signin_link(request: Request) -> Response:
    """Email a one-time link to a lead account; the answer is the same whether the address is known or not."""
    form = await request.form(max_files=0, max_fields=20)
    return await run_in_threadpool(
        _send_signin_link, request, str(form.get("pre") or ""), str(form.get("email") or "").strip()
    )


def _send_signin_link(request: Request, pre: str, email: str) -> Response:
    t = pages.translator(locale_of(request))
    if not auth.pre_session_ok(request, pre):
        return _signin_page(request, status_code=403, message=t("csrf_failed"))
    if not is_email(email):
        return _signin_page(request, status_code=422, errors={"email": t("email_invalid")}, email=email)
    with unit_of_work() as db:
        email_signin_link(db, email=email)
    return _signin_page(request, message=t("link_sent"), message_ok=True)


def email_signin_link(db: Session, *, email: str) -> bool:
    """Announce a one-time sign-in link (the notifier emails it after the commit), if ``email`` is a lead's and
    not too many were sent lately; flush only (the edge commits)."""
    user = db.scalar(select(User).where(User.email.ilike(email), User.role == "lead"))
    if user is None or _links_sent_lately(db, user.email) >= MAX_LINKS_PER_HOUR:
        return False
    link = auth.create_signin_link(db, user=user)
    events.record(db, SigninRequested(user_id=user.id, link=link))
    return True


#: Sign-in emails one lead can be sent in an hour: the form answers alike for any address, so without a
#: bound anyone could flood a lead's inbox through it.
MAX_LINKS_PER_HOUR = 3


def _links_sent_lately(db: Session, email: str) -> int:
    since = utcnow() - timedelta(hours=1)
    query = select(func.count(Notification.id)).where(
        Notification.kind == "lead.signin_link", Notification.recipient_email == email, Notification.created_at > since
    )
    return int(db.scalar(query) or 0)


@router.get("/connexion/{token}")
def signin_link_page(token: str, request: Request, db: SessionDep) -> Response:
    """The emailed link: confirm to sign in (nothing is spent by merely opening it)."""
    pre = auth.pre_session_token(request)
    live = auth.link_is_live(db, token)
    response = pages.render(
        request,
        "backoffice/signin_link.html",
        lead=None,
        status_code=200 if live else 401,
        live=live,
        token=token,
        pre=pre,
    )
    auth.set_pre_session_cookie(response, pre)
    return response


@router.post("/connexion/{token}")
async def signin_with_link(token: str, request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=20)
    return await run_in_threadpool(_signin_with_link, request, token, str(form.get("pre") or ""))


def _signin_with_link(request: Request, token: str, pre: str) -> Response:
    t = pages.translator(locale_of(request))
    if not auth.pre_session_ok(request, pre):
        return _signin_page(request, status_code=403, message=t("csrf_failed"))
    with unit_of_work() as db:
        user = auth.consume_signin_link(db, token)
        if user is None:
            return pages.render(
                request, "backoffice/signin_link.html", lead=None, status_code=401, live=False, token=token, pre=pre
            )
        cookie = auth.open_session(db, user_id=user.id)
    response = RedirectResponse(f"{auth.PREFIX}/", status_code=303)
    auth.set_session_cookie(response, cookie)
    return response


@router.post("/deconnexion")
def signout(lead: LeadDep, db: SessionDep) -> Response:
    """Revoke the session (CSRF-checked like every back-office POST) and forget the cookie."""
    auth.close_session(db, lead)
    response = RedirectResponse(f"{auth.SIGNIN_PATH}?fait=signed_out", status_code=303)
    auth.clear_session_cookie(response)
    return response
