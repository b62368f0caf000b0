"""Storing a survey's answers: once per link, and without the person for surveys that do not keep identity."""

from __future__ import annotations

from sqlalchemy.orm import Session

from services.evaluation.domain.questions import Answer, Survey
from services.evaluation.surveys.invitations import claim
from shared.models.evaluation import SurveyInvitation, SurveyResponse
from shared.models.types import utcnow


def record_answers(
    session: Session, *, invitation: SurveyInvitation, survey: Survey, answers: dict[str, Answer]
) -> SurveyResponse | None:
    """Use the link and keep the answers; None when the link was used meanwhile (a double click, two tabs).

    A participant's response carries the session and never the person: the invitation row knows who was
    asked and that they answered, the response row knows what was said about which session, and nothing
    joins the two: no invitation id, and both times are kept to the day only, so the order of submissions
    cannot tie an answer back to a link.
    """
    now = utcnow()
    at = now if survey.keep_identity else now.replace(hour=0, minute=0, second=0, microsecond=0)
    if not claim(session, invitation, at=at):
        return None
    response = SurveyResponse(
        edition_id=invitation.edition_id,
        survey=invitation.survey,
        respondent_kind=invitation.respondent_kind,
        respondent_id=invitation.respondent_id if survey.keep_identity else None,
        proposal_id=invitation.proposal_id,
        answers=answers,
        submitted_at=at,
    )
    session.add(response)
    session.flush()
    return response
