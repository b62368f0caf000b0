"""``GET/POST /surveys/{token}``: the survey a link opens, server-rendered in French and English, without JavaScript.

The token is the credential (signed, single-use, expiring), so the form needs no cookie and no CSRF
field: a site that does not know the token cannot post to it. Refusals are pages, not errors: a forged
or altered link (404), a closed survey (410), a link already used (409, thanking the person again).
"""

from __future__ import annotations

from email.utils import parseaddr
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from services.evaluation import repository as repo
from services.evaluation.domain.questions import Answer, Survey, validate_answers
from services.evaluation.surveys import invitations as inv
from services.evaluation.surveys.responses import record_answers
from services.evaluation.texts import t
from shared.i18n import format_datetime, normalise_locale
from shared.models import SessionProposal
from shared.models.evaluation import SurveyInvitation
from shared.settings import get_settings
from shared.web.http import SessionDep, Templates, negotiate_locale
from shared.web.security import rate_limited

router = APIRouter(include_in_schema=False, dependencies=[Depends(rate_limited)])
templates = Templates(Path(__file__).resolve().parents[1] / "templates")
_REFUSALS = {"invalid": 404, "expired": 410, "used": 409}


async def form_data(request: Request) -> FormData:
    """The posted fields (read here because the endpoints are synchronous)."""
    return await request.form(max_files=0, max_fields=200)


FormDep = Annotated[FormData, Depends(form_data)]


def _locale(request: Request, claims: inv.TokenClaims | None) -> str:
    """``?lang=`` or the browser's choice when asked, else the language the person was written to in."""
    if request.query_params.get("lang") or claims is None:
        return negotiate_locale(request)
    return normalise_locale(claims.locale)


def page(request: Request, name: str, *, locale: str, status_code: int = 200, **context: Any) -> Response:
    """Render one of this package's pages with the language switch and no caching (the URL is personal)."""
    other = "en" if locale == "fr" else "fr"
    return templates.render(
        name,
        status_code=status_code,
        headers={"Content-Language": locale, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
        lang=locale,
        t=lambda key, **v: t(key, locale, **v),
        other_lang=other,
        other_url=f"{request.url.path}?lang={other}",
        **context,
    )


def _refusal(request: Request, status: str, locale: str) -> Response:
    titles = {"invalid": "invalid_title", "expired": "expired_title", "used": "used_title"}
    return page(
        request,
        "evaluation_message.html",
        locale=locale,
        status_code=_REFUSALS[status],
        heading=t(titles[status], locale),
        message=t(status, locale),
    )


def _session_facts(session: Session, invitation: SurveyInvitation, locale: str) -> dict[str, str] | None:
    """Which session a participant is asked about, as the form shows it."""
    if invitation.proposal_id is None:
        return None
    proposal = session.get(SessionProposal, invitation.proposal_id)
    if proposal is None:
        return None
    placed = next(
        (p for p in repo.placed_sessions(session, invitation.edition_id) if p.proposal.id == proposal.id), None
    )
    if placed is None:
        return {"title": proposal.title, "when": "", "venue": ""}
    return {
        "title": proposal.title,
        "when": format_datetime(placed.start, locale),
        "venue": f"{placed.venue.name} ({placed.venue.commune})" if placed.venue.commune else placed.venue.name,
    }


def _form(
    request: Request,
    session: Session,
    *,
    token: str,
    invitation: SurveyInvitation,
    survey: Survey,
    locale: str,
    values: dict[str, Answer],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    settings = get_settings()
    return page(
        request,
        "survey.html",
        locale=locale,
        status_code=status_code,
        survey=survey,
        values=values,
        errors=errors,
        session=_session_facts(session, invitation, locale),
        privacy=survey.privacy.get(locale).replace("{retention_months}", str(settings.retention_months)),
        contact=parseaddr(settings.mail_from)[1],
        months=settings.retention_months,
        action=f"/surveys/{token}?lang={locale}",
    )


@router.get("/surveys/{token}")
def show_survey(token: str, request: Request, session: SessionDep) -> Response:
    """The survey a link opens."""
    opened = inv.open_invitation(session, token)
    locale = _locale(request, opened.claims)
    if opened.status != "ok" or opened.invitation is None:
        return _refusal(request, opened.status, locale)
    survey = repo.question_set(session, opened.invitation.edition_id).surveys[opened.invitation.survey]
    return _form(
        request, session, token=token, invitation=opened.invitation, survey=survey, locale=locale, values={}, errors={}
    )


@router.post("/surveys/{token}")
def answer_survey(token: str, request: Request, session: SessionDep, form: FormDep) -> Response:
    """Check the answers; keep them and use the link, or show the form again with each error at its question."""
    opened = inv.open_invitation(session, token)
    locale = _locale(request, opened.claims)
    if opened.status != "ok" or opened.invitation is None:
        return _refusal(request, opened.status, locale)
    invitation = opened.invitation
    survey = repo.question_set(session, invitation.edition_id).surveys[invitation.survey]
    posted = {q.id: [str(v) for v in form.getlist(q.id)] for q in survey.questions}
    answers, errors = validate_answers(survey, posted)
    if errors:
        return _form(
            request,
            session,
            token=token,
            invitation=invitation,
            survey=survey,
            locale=locale,
            values=answers,
            errors=errors,
            status_code=422,
        )
    if record_answers(session, invitation=invitation, survey=survey, answers=answers) is None:
        return _refusal(request, "used", locale)
    return page(
        request,
        "evaluation_message.html",
        locale=locale,
        heading=t("thanks_title", locale),
        message=t("thanks", locale),
    )
