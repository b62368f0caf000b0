"""What the evaluation does when something happens elsewhere: handlers of :mod:`shared.events`, subscribed by
the composition root (``services/wiring.py``).

``on_survey_due`` issues a survey round once the trigger that made it due (the demo's calendar, beat, another
service) has committed, in a transaction of its own. The events machinery runs it once per event; a crash
before its commit leaves the event undispatched and the relay runs it again, and issuing a round twice
creates nothing twice (one invitation per person, outbox rows under the invitation's idempotency keys).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from services.evaluation.domain.invitations import KIND_OF_SURVEY
from services.evaluation.surveys.invitations import invite
from shared.events import SurveyDue
from shared.models import Edition

log = logging.getLogger(__name__)


def on_survey_due(session: Session, event: SurveyDue) -> None:
    """Create the round's missing invitations and plan their emails, from the instant it fell due."""
    edition = session.get(Edition, event.edition_id)
    if edition is None or event.survey not in KIND_OF_SURVEY:  # gone, or a name no survey has: nothing to issue
        log.warning("survey due: nothing to issue for edition %s, survey %r", event.edition_id, event.survey)
        return
    report = invite(session, edition=edition, survey=event.survey, now=datetime.fromisoformat(event.due_at))
    log.info(
        "survey %s of edition %s: %d invitation(s) created, %d already there, %d skipped",
        report.survey,
        edition.code,
        report.created,
        report.existing,
        report.skipped,
    )
