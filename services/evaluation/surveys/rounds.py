"""Survey rounds that fall due by themselves: beat announces each one once, as a ``SurveyDue``.

``evaluation.announce_due_surveys`` (beat, every quarter of an hour) asks :func:`due_rounds` for the rounds of
every edition whose first email's time has come (:func:`services.evaluation.domain.invitations.due_rounds`)
and that no ``SurveyDue`` announced yet, then :func:`announce` records each one in a transaction of its own;
the evaluation's handler issues it after that commit. ``due_at`` is the round's planned instant, not the
beat's, so a late beat plans the same emails.

Once per (edition, survey), whoever fires: :func:`announce` locks the edition's row before it looks for an
earlier ``SurveyDue`` of the round in ``domain_events``, so a second beat, a retried task or a concurrent
worker waits for the first one's commit and then sees its event. A round recorded by another trigger (the
demo's calendar) counts as announced too; were both ever to record it, issuing a round twice creates
nothing twice (one invitation per person, the emails under their idempotency keys).

Late registrants: a round is announced once. Who registers for a session after the participants' round
fell due (the morning after the edition's first session), a partner accepted after the partners' round
(three weeks before), is not invited by beat; ``festplan surveys send`` invites whoever is missing, at once
or the morning after their session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.evaluation import repository as repo
from services.evaluation.domain import invitations as rules
from shared import events
from shared.events import SurveyDue
from shared.models import Edition


@dataclass(frozen=True, slots=True)
class DueRound:
    """A survey round of an edition whose first email's time has come."""

    edition_id: int
    survey: str
    due_at: datetime


def due_rounds(session: Session, *, now: datetime) -> list[DueRound]:
    """The rounds of every edition that are due and that no ``SurveyDue`` announced yet."""
    today = now.date()
    editions = session.scalars(
        select(Edition)
        .where(
            Edition.start_date <= today + rules.BEFORE_EVENT + timedelta(days=1),
            Edition.end_date >= today - rules.ANNOUNCE_WITHIN - timedelta(days=2),
        )
        .order_by(Edition.id)
    )
    found: list[DueRound] = []
    for edition in editions:
        due = rules.due_rounds(
            timezone=edition.timezone,
            start_date=edition.start_date,
            end_date=edition.end_date,
            first_session_ends=repo.first_session_end(session, edition.id),
            now=now,
        )
        found += [
            DueRound(edition.id, survey, due_at)
            for survey, due_at in due.items()
            if not repo.survey_due_recorded(session, edition_id=edition.id, survey=survey)
        ]
    return found


def announce(session: Session, due: DueRound) -> bool:
    """Record the round's ``SurveyDue`` unless one exists; flush only (one transaction per round, at the edge).

    The edition's row lock (``FOR NO KEY UPDATE``: inserts that reference the edition are not held up)
    serialises two announcers of its rounds; in PostgreSQL's read committed, the one that waited then sees
    the other's committed event. Returns False when the round was already announced or the edition is gone.
    """
    locked = session.scalar(select(Edition.id).where(Edition.id == due.edition_id).with_for_update(key_share=True))
    if locked is None or repo.survey_due_recorded(session, edition_id=due.edition_id, survey=due.survey):
        return False
    events.record(session, SurveyDue(edition_id=due.edition_id, survey=due.survey, due_at=due.due_at.isoformat()))
    return True
