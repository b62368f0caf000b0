"""Read an edition's evaluation from the database into the plain dataclasses of :mod:`.report_facts`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.evaluation import repository as repo
from services.evaluation.domain.facts import EvaluationInput, InvitationFact, ResponseFact, SessionFact, VenueFact
from services.evaluation.domain.questions import SURVEY_RESPONDENTS
from shared import report_sections
from shared.models import AttendanceCount, Edition, Partner, SessionProposal, Speaker, Venue
from shared.models.evaluation import SurveyInvitation, SurveyResponse
from shared.models.types import utcnow


def load_evaluation(session: Session, edition: Edition, *, locale: str = "fr") -> EvaluationInput:
    """Everything the report needs: no one's name or address except partners' and speakers' where kept."""
    placed = repo.placed_sessions(session, edition.id)
    ids = [p.proposal.id for p in placed]
    seats = repo.confirmed_seats(session, ids)
    counts = (
        dict(
            session.execute(
                select(AttendanceCount.proposal_id, AttendanceCount.count).where(AttendanceCount.proposal_id.in_(ids))
            )
            .tuples()
            .all()
        )
        if ids
        else {}
    )
    sessions = tuple(
        SessionFact(
            code=p.proposal.code,
            title=p.proposal.title,
            kind=p.proposal.kind,
            audience=p.proposal.audience,
            start=p.start,
            venue_code=p.venue.code,
            capacity=p.room.capacity,
            registered=seats.get(p.proposal.id, 0),
            attended=counts.get(p.proposal.id),
        )
        for p in placed
    )
    venues = tuple(
        VenueFact(v.code, v.name, v.commune, v.territory, v.lat, v.lon)
        for v in session.scalars(select(Venue).where(Venue.edition_id == edition.id).order_by(Venue.position))
    )
    codes = {
        pid: code
        for pid, code in session.execute(
            select(SessionProposal.id, SessionProposal.code).where(SessionProposal.edition_id == edition.id)
        ).tuples()
    }
    names = {
        ("partner", pid): name
        for pid, name in session.execute(
            select(Partner.id, Partner.name).where(Partner.edition_id == edition.id)
        ).tuples()
    }
    names |= {
        ("speaker", sid): name
        for sid, name in session.execute(
            select(Speaker.id, Speaker.name).where(Speaker.edition_id == edition.id)
        ).tuples()
    }
    responses = tuple(
        ResponseFact(
            survey=r.survey,
            answers=dict(r.answers or {}),
            session_code=codes.get(r.proposal_id) if r.proposal_id else None,
            respondent=names.get((r.respondent_kind, r.respondent_id)) if r.respondent_id else None,
        )
        for r in session.scalars(
            select(SurveyResponse).where(SurveyResponse.edition_id == edition.id).order_by(SurveyResponse.id)
        )
    )
    rows = session.execute(
        select(SurveyInvitation.survey, func.count(), func.count(SurveyInvitation.used_at))  # used_at: non-null
        .where(SurveyInvitation.edition_id == edition.id)
        .group_by(SurveyInvitation.survey)
    ).tuples()
    order = list(SURVEY_RESPONDENTS)
    invitations = tuple(
        sorted(
            (InvitationFact(s, int(n), int(used)) for s, n, used in rows),
            key=lambda f: order.index(f.survey) if f.survey in order else len(order),
        )
    )
    return EvaluationInput(
        edition_code=edition.code,
        edition_name=edition.name,
        start_date=edition.start_date,
        end_date=edition.end_date,
        territories=tuple(edition.territories or ()),
        sessions=sessions,
        venues=venues,
        questions=repo.question_set(session, edition.id),
        responses=responses,
        invitations=invitations,
        generated_at=utcnow(),
        extra_sections=report_sections.sections_for(session, edition_id=edition.id, locale=locale),
    )
