"""Participants' reminders: the day before, one email per person listing what they booked for tomorrow.

Planned on the day itself, from the published programme as it stands then (a session moved by a later
version is reminded at its new date, a cancelled registration is not reminded at all). One email per
person and day, whatever the number of sessions: its key names the person and the day, so running the
planning twice (beat and a person at the CLI) records nothing twice. The edge commits.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.scheduler.programme.repository import load_programme
from shared.models.people import Participant, Registration
from shared.models.types import utcnow
from shared.outbox import record


def reminder_key(participant_id: int, day: date) -> str:
    return f"participant.reminder:{participant_id}:{day.isoformat()}"


def plan_reminders(session: Session, *, edition_id: int, day: date, now: datetime | None = None) -> int:
    """Record the reminders of everyone with a confirmed seat at a session on ``day``; return how many are new."""
    programme = load_programme(session, edition_id)
    if programme is None:
        return 0
    on_day = {item.proposal_id: item for item in programme.sessions if item.start.date() == day}
    if not on_day:
        return 0
    rows = session.execute(
        select(Participant, Registration.proposal_id)
        .join(Registration, Registration.participant_id == Participant.id)
        .where(
            Registration.proposal_id.in_(list(on_day)),
            Registration.status == "confirmed",
            Participant.erased_at.is_(None),
        )
        .order_by(Participant.id)
    ).tuples()
    booked: dict[int, tuple[Participant, list[int]]] = {}
    seen: defaultdict[int, list[int]] = defaultdict(list)
    for person, proposal_id in rows:
        booked.setdefault(person.id, (person, seen[person.id]))
        seen[person.id].append(proposal_id)
    created = 0
    for person, proposal_ids in booked.values():
        first = min((on_day[p] for p in proposal_ids), key=lambda item: item.start)
        row = record(
            session,
            kind="participant.reminder",
            recipient_email=person.email,
            recipient_name=person.name,
            locale=person.locale,
            payload={"participant_id": person.id, "date": day.isoformat(), "title": first.title},
            idempotency_key=reminder_key(person.id, day),
            edition_id=edition_id,
            send_after=now or utcnow(),
            category="bulk",
        )
        created += row is not None
    return created


def plan_tomorrow(session: Session, *, edition_id: int, local_today: date) -> int:
    """The reminders of the day after ``local_today`` (the edition's own calendar day), due now."""
    return plan_reminders(session, edition_id=edition_id, day=local_today + timedelta(days=1))
