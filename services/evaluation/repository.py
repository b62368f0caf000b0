"""The queries of the evaluation: the edition, its published sessions, registrations and question sets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.evaluation.domain.questions import (
    QuestionSet,
    default_question_set,
    load_question_set,
    parse_question_set,
)
from services.evaluation.texts import t
from shared.events import SurveyDue
from shared.models import DomainEvent, Edition, Registration, Room, ScheduleVersion, SessionProposal, SurveySet, Venue
from shared.models.scheduling import Assignment
from shared.settings import get_settings


class EvaluationError(RuntimeError):
    """A command or page cannot go on; the message is one line for a person."""


@dataclass(frozen=True, slots=True)
class PlacedSession:
    """A session of the latest published programme, with where and when it took place."""

    proposal: SessionProposal
    start: datetime
    end: datetime
    room: Room
    venue: Venue


def find_edition(session: Session, code: str | None) -> Edition:
    """The edition named ``code``, or the only one there is."""
    locale = get_settings().locale
    if code is not None:
        edition = session.scalar(select(Edition).where(Edition.code == code))
        if edition is None:
            raise EvaluationError(t("unknown_edition", locale, code=code))
        return edition
    editions = list(session.scalars(select(Edition).order_by(Edition.start_date)))
    if not editions:
        raise EvaluationError(t("no_edition", locale))
    if len(editions) > 1:
        raise EvaluationError(t("many_editions", locale, codes=", ".join(e.code for e in editions)))
    return editions[0]


def latest_version(session: Session, edition_id: int) -> ScheduleVersion | None:
    return session.scalar(
        select(ScheduleVersion)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


def placed_sessions(session: Session, edition_id: int, *, venue_id: int | None = None) -> list[PlacedSession]:
    """The sessions of the latest published version, in time order (none before a first publication)."""
    version = latest_version(session, edition_id)
    if version is None:
        return []
    query = (
        select(SessionProposal, Assignment, Room, Venue)
        .join(Assignment, Assignment.proposal_id == SessionProposal.id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .where(Assignment.run_id == version.run_id)
        .order_by(Assignment.start, Venue.position, Room.position, SessionProposal.code)
    )
    if venue_id is not None:
        query = query.where(Venue.id == venue_id)
    return [PlacedSession(p, a.start, a.end, r, v) for p, a, r, v in session.execute(query).tuples()]


def first_session_end(session: Session, edition_id: int) -> datetime | None:
    """When the first session of the latest published version ends (None before a first publication)."""
    version = latest_version(session, edition_id)
    if version is None:
        return None
    return session.scalar(select(func.min(Assignment.end)).where(Assignment.run_id == version.run_id))


def survey_due_recorded(session: Session, *, edition_id: int, survey: str) -> bool:
    """Whether a ``SurveyDue`` of this round was ever recorded (by beat, the demo or another trigger)."""
    found = session.scalar(
        select(DomainEvent.id)
        .where(
            DomainEvent.name == SurveyDue.name,
            DomainEvent.payload["edition_id"].as_integer() == edition_id,
            DomainEvent.payload["survey"].as_string() == survey,
        )
        .limit(1)
    )
    return found is not None


def confirmed_seats(session: Session, proposal_ids: list[int]) -> dict[int, int]:
    """Seats of confirmed registrations, per session."""
    if not proposal_ids:
        return {}
    rows = session.execute(
        select(Registration.proposal_id, func.sum(Registration.seats))
        .where(Registration.proposal_id.in_(proposal_ids), Registration.status == "confirmed")
        .group_by(Registration.proposal_id)
    ).tuples()
    return {pid: int(total or 0) for pid, total in rows}


def question_set(session: Session, edition_id: int) -> QuestionSet:
    """The edition's loaded question set, else the file of ``FESTPLAN_SURVEYS_FILE``, else the bundled default."""
    row = session.scalar(select(SurveySet).where(SurveySet.edition_id == edition_id))
    if row is not None:
        return parse_question_set(row.document)
    configured = get_settings().surveys_file
    if configured is not None:
        return load_question_set(Path(configured))
    return default_question_set()


def store_question_set(session: Session, *, edition_id: int, questions: QuestionSet, source: str | None) -> None:
    """Keep ``questions`` as the edition's question set (replacing the one loaded before)."""
    row = session.scalar(select(SurveySet).where(SurveySet.edition_id == edition_id))
    if row is None:
        row = SurveySet(edition_id=edition_id)
        session.add(row)
    row.document = questions.document
    row.source = source
    session.flush()
