"""Personal data (RGPD): export all festplan holds about a person, erase it, and erase participants past retention.

Erasing keeps the anonymous aggregates the evaluation needs: a participant's row stays as an
anonymous shell (no name, address, phone, commune or needs) so that registrations still count their
seats; invitations lose their link to the person but still count in the response rates; answers and
attendance stay. Everything that names the person goes: their emails in the outbox, provider events,
the suppression entry, a lead account, contact fields, and the person's name or address wherever a
free text or a stored document (a survey answer, a solved scenario) repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from services.evaluation.domain import privacy
from services.evaluation.domain.privacy import ERASED_DOMAIN
from shared.models import (
    ApiToken,
    AttendanceCount,
    Edition,
    Notification,
    OptimisationRun,
    Participant,
    Partner,
    Registration,
    SessionProposal,
    SessionSpeaker,
    Speaker,
    Suppression,
    User,
    Venue,
    WebhookEvent,
)
from shared.models.evaluation import SurveyInvitation, SurveyResponse
from shared.models.types import utcnow


def _same(column: Any, email: str) -> Any:
    return func.lower(column) == email.strip().lower()


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _row(obj: Any, *names: str) -> dict[str, Any]:
    return {name: _iso(getattr(obj, name)) for name in names}


def _invitations(session: Session, kind: str, person_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(SurveyInvitation, SessionProposal.code)
        .outerjoin(SessionProposal, SessionProposal.id == SurveyInvitation.proposal_id)
        .where(SurveyInvitation.respondent_kind == kind, SurveyInvitation.respondent_id == person_id)
    ).tuples()
    return [{"survey": i.survey, "session": code, **_row(i, "created_at", "expires_at", "used_at")} for i, code in rows]


def _responses(session: Session, kind: str, person_id: int) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(SurveyResponse).where(SurveyResponse.respondent_kind == kind, SurveyResponse.respondent_id == person_id)
    )
    return [_row(r, "survey", "answers", "submitted_at") for r in rows]


def export_person(session: Session, email: str) -> dict[str, Any]:
    """All festplan holds about the person at ``email``, as JSON-ready data (empty lists when nothing)."""
    out: dict[str, Any] = {"email": email.strip(), "exported_at": utcnow().isoformat()}
    participants = []
    for person in session.scalars(select(Participant).where(_same(Participant.email, email))):
        edition = session.get(Edition, person.edition_id)
        registrations = [
            {
                "session": code,
                "title": title,
                **_row(r, "seats", "status", "accessibility_needs", "created_at", "cancelled_at"),
            }
            for r, code, title in session.execute(
                select(Registration, SessionProposal.code, SessionProposal.title)
                .join(SessionProposal, SessionProposal.id == Registration.proposal_id)
                .where(Registration.participant_id == person.id)
            ).tuples()
        ]
        participants.append(
            {
                "edition": edition.code if edition else None,
                **_row(
                    person,
                    "name",
                    "email",
                    "phone",
                    "commune",
                    "is_professional",
                    "locale",
                    "accessibility_needs",
                    "created_at",
                ),
                "registrations": registrations,
                "survey_invitations": _invitations(session, "participant", person.id),
                "survey_responses_with_identity": _responses(session, "participant", person.id),
                "note": "Les réponses anonymes aux questionnaires ne sont reliées à personne et ne peuvent être "
                "retrouvées. / Anonymous survey answers are linked to no one and cannot be found.",
            }
        )
    out["participants"] = participants
    speakers = []
    for speaker in session.scalars(select(Speaker).where(_same(Speaker.email, email))):
        sessions = list(
            session.scalars(
                select(SessionProposal.code)
                .join(SessionSpeaker, SessionSpeaker.proposal_id == SessionProposal.id)
                .where(SessionSpeaker.speaker_id == speaker.id)
            )
        )
        speakers.append(
            {
                **_row(speaker, "code", "name", "email", "phone", "locale", "max_sessions_per_day", "created_at"),
                "availability": [{"start": _iso(a.start), "end": _iso(a.end)} for a in speaker.availability],
                "sessions": sessions,
                "survey_invitations": _invitations(session, "speaker", speaker.id),
                "survey_responses": _responses(session, "speaker", speaker.id),
            }
        )
    out["speakers"] = speakers
    out["partners"] = [
        {
            **_row(p, "code", "name", "contact_name", "email", "phone", "locale", "created_at"),
            "proposals": list(session.scalars(select(SessionProposal.code).where(SessionProposal.partner_id == p.id))),
            "survey_invitations": _invitations(session, "partner", p.id),
            "survey_responses": _responses(session, "partner", p.id),
        }
        for p in session.scalars(select(Partner).where(_same(Partner.email, email)))
    ]
    out["venue_contacts"] = [
        _row(v, "code", "name", "contact_name", "contact_phone", "contact_email")
        for v in session.scalars(select(Venue).where(_same(Venue.contact_email, email)))
    ]
    out["lead_accounts"] = [
        {
            **_row(u, "email", "name", "role", "locale", "created_at"),
            "api_tokens": [
                _row(tok, "label", "created_at", "expires_at", "revoked_at", "last_used_at")
                for tok in session.scalars(select(ApiToken).where(ApiToken.user_id == u.id))
            ],
        }
        for u in session.scalars(select(User).where(_same(User.email, email)))
    ]
    out["emails"] = [
        _row(n, "kind", "status", "recipient_name", "locale", "payload", "created_at", "send_after", "sent_at")
        for n in session.scalars(
            select(Notification).where(_same(Notification.recipient_email, email)).order_by(Notification.id)
        )
    ]
    out["suppressions"] = [
        _row(s, "email", "reason", "created_at")
        for s in session.scalars(select(Suppression).where(_same(Suppression.email, email)))
    ]
    out["delivery_events"] = [
        _row(w, "event", "received_at", "payload")
        for w in session.scalars(select(WebhookEvent).where(_same(WebhookEvent.email, email)))
    ]
    return out


# --- erasure ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Erasure:
    """What an erasure changed, by kind of record."""

    counts: dict[str, int] = field(default_factory=dict)
    #: The addresses and names erased: what :func:`~services.evaluation.privacy.files.erase_files`
    #: looks for in the files festplan wrote, once the erasure is committed.
    needles: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        if n:
            self.counts[key] = self.counts.get(key, 0) + n


def _scrub_documents(session: Session, needles: list[str], erasure: Erasure) -> None:
    """Free texts and stored documents that may repeat a name or an address."""
    needles = privacy.needles(needles)
    if not needles:
        return
    targets: list[tuple[Any, str]] = [
        (SurveyResponse, "answers"),
        (OptimisationRun, "scenario"),
        (OptimisationRun, "schedule"),
        (AttendanceCount, "note"),
        (AttendanceCount, "recorded_by"),
        (SessionProposal, "description"),
        (Notification, "payload"),  # emails to others that name the person (a lead's alert, a speaker list)
        (Notification, "recipient_name"),
        (Notification, "last_error"),
    ]
    for model, column in targets:
        for row in session.scalars(select(model)):
            before = getattr(row, column)
            after = privacy.scrub(before, needles)
            if after != before:
                setattr(row, column, after)
                erasure.add(f"{model.__tablename__}.{column}")


def _anonymise_participant(session: Session, person: Participant, erasure: Erasure) -> None:
    person.name = "Personne effacée"
    person.email = f"efface-{person.id}@{ERASED_DOMAIN}"
    person.phone = person.commune = person.accessibility_needs = None
    person.erased_at = utcnow()
    session.execute(
        update(Registration)
        .where(Registration.participant_id == person.id)
        .values(accessibility_needs=None)
        .execution_options(synchronize_session="fetch")
    )
    _unlink(session, "participant", person.id, erasure)
    erasure.add("participants")


def _unlink(session: Session, kind: str, person_id: int, erasure: Erasure) -> None:
    """Invitations and answers stay for the counts, without the link to the person."""
    for model in (SurveyInvitation, SurveyResponse):
        result = session.execute(
            update(model)
            .where(model.respondent_kind == kind, model.respondent_id == person_id)
            .values(respondent_id=None)
            .execution_options(synchronize_session="fetch")
        )
        erasure.add(model.__tablename__, result.rowcount)  # type: ignore[attr-defined]


def _delete_mail(session: Session, email: str, erasure: Erasure, *, edition_id: int | None = None) -> None:
    query = select(Notification.id).where(_same(Notification.recipient_email, email))
    if edition_id is not None:
        query = query.where(Notification.edition_id == edition_id)
    ids = list(session.scalars(query))
    if ids:
        erasure.add(
            "webhook_events",
            session.execute(delete(WebhookEvent).where(WebhookEvent.notification_id.in_(ids))).rowcount,
        )  # type: ignore[attr-defined]
        erasure.add("notifications", session.execute(delete(Notification).where(Notification.id.in_(ids))).rowcount)  # type: ignore[attr-defined]


def erase_person(session: Session, email: str) -> Erasure:
    """Remove what identifies the person at ``email`` everywhere; flush only (the edge commits)."""
    erasure = Erasure()
    needles = [email.strip()]
    for person in session.scalars(select(Participant).where(_same(Participant.email, email))):
        needles.append(person.name)
        _anonymise_participant(session, person, erasure)
    for speaker in session.scalars(select(Speaker).where(_same(Speaker.email, email))):
        needles.append(speaker.name)
        speaker.name = f"Intervenant·e effacé·e {speaker.id}"
        speaker.email = speaker.phone = None
        _unlink(session, "speaker", speaker.id, erasure)
        erasure.add("speakers")
    for partner in session.scalars(select(Partner).where(_same(Partner.email, email))):
        if partner.contact_name:
            needles.append(partner.contact_name)
        partner.email = partner.contact_name = partner.phone = None
        erasure.add("partners")
    for venue in session.scalars(select(Venue).where(_same(Venue.contact_email, email))):
        if venue.contact_name:
            needles.append(venue.contact_name)
        venue.contact_email = venue.contact_name = venue.contact_phone = None
        erasure.add("venues")
    for user in session.scalars(select(User).where(_same(User.email, email))):
        needles.append(user.name)
        session.delete(user)
        erasure.add("users")
    session.flush()
    _delete_mail(session, email, erasure)
    erasure.add(
        "webhook_events", session.execute(delete(WebhookEvent).where(_same(WebhookEvent.email, email))).rowcount
    )  # type: ignore[attr-defined]
    erasure.add("suppressions", session.execute(delete(Suppression).where(_same(Suppression.email, email))).rowcount)  # type: ignore[attr-defined]
    _scrub_documents(session, needles, erasure)
    session.flush()
    erasure.needles = needles
    return erasure


def erase_expired(session: Session, *, today: date, months: int, found: list[str] | None = None) -> int:
    """Erase the participants of every edition that ended more than ``months`` months before ``today``.

    Their addresses and names are appended to ``found``, for the files to be cleaned after the commit."""
    erased = 0
    for edition in session.scalars(select(Edition)):
        if not privacy.retention_over(ended_on=edition.end_date, months=months, today=today):
            continue
        erasure, needles = Erasure(), []
        for person in session.scalars(
            select(Participant).where(Participant.edition_id == edition.id, Participant.erased_at.is_(None))
        ):
            needles += [person.email, person.name]
            _delete_mail(session, person.email, erasure, edition_id=edition.id)
            _anonymise_participant(session, person, erasure)
            erased += 1
        _scrub_documents(session, needles, erasure)  # once for everyone: each document is read once
        if found is not None:
            found.extend(needles)
    session.flush()
    return erased
