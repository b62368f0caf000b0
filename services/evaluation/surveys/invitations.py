"""Survey invitations: signed, single-use, expiring links, and the emails that carry them.

A link's token is signed with ``FESTPLAN_SECRET_KEY`` and states its survey, expiry and language plus
a random part; the database keeps only its SHA-256, so a stolen table opens no survey and an altered
token fails its signature. Inviting writes the :class:`SurveyInvitation` and its outbox rows in the
caller's transaction, planned with ``send_after``: participants the morning after their session,
speakers and partners the morning after the edition ends, partners three weeks before it starts,
and one reminder a week later, cancelled as soon as the person answers.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.evaluation import repository as repo
from services.evaluation.domain import invitations as rules
from services.evaluation.domain.invitations import KIND_OF_SURVEY, OPEN_FOR, reminder_key, token_hash
from services.evaluation.domain.questions import Text
from shared import outbox
from shared.i18n import normalise_locale
from shared.models import Edition, Notification, Participant, Partner, Registration, SessionProposal, Speaker
from shared.models.evaluation import SurveyInvitation
from shared.models.notification import CANCELLABLE_STATUSES
from shared.models.proposal import SessionSpeaker
from shared.models.types import utcnow
from shared.settings import get_settings

_SALT = "festplan-survey-link"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    survey: str
    expires_at: datetime
    locale: str


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt=_SALT)


def make_token(*, survey: str, expires_at: datetime, locale: str) -> str:
    """A new signed token; the random part makes each one unique."""
    return _serializer().dumps(
        {"s": survey, "e": int(expires_at.timestamp()), "l": locale, "n": secrets.token_urlsafe(16)}
    )


def read_token(raw: str) -> TokenClaims | None:
    """What a token states, or None when it is not ours (forged, altered, truncated)."""
    if not raw or len(raw) > 400:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), int) or not isinstance(data.get("s"), str):
        return None
    return TokenClaims(
        survey=data["s"], expires_at=datetime.fromtimestamp(data["e"], UTC), locale=str(data.get("l") or "fr")
    )


def survey_url(raw: str) -> str:
    """The address the email carries."""
    return f"{get_settings().base_url.rstrip('/')}/surveys/{raw}"


# --- opening a link -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Opened:
    """The outcome of following a link: ``status`` is ok, invalid, expired or used."""

    status: str
    invitation: SurveyInvitation | None = None
    claims: TokenClaims | None = None


def open_invitation(session: Session, raw: str, *, now: datetime | None = None) -> Opened:
    """Check a link: signature first (a forged link costs no query), then the stored hash, expiry and use."""
    claims = read_token(raw)
    if claims is None:
        return Opened("invalid")
    invitation = session.scalar(select(SurveyInvitation).where(SurveyInvitation.token_hash == token_hash(raw)))
    if invitation is None or invitation.survey != claims.survey:
        return Opened("invalid", claims=claims)
    if invitation.used_at is not None:
        return Opened("used", invitation, claims)
    if min(invitation.expires_at, claims.expires_at) <= (now or utcnow()):
        return Opened("expired", invitation, claims)
    return Opened("ok", invitation, claims)


def claim(session: Session, invitation: SurveyInvitation, *, at: datetime) -> bool:
    """Mark the link used, atomically: of two simultaneous submissions exactly one wins."""
    result = session.execute(
        update(SurveyInvitation)
        .where(SurveyInvitation.id == invitation.id, SurveyInvitation.used_at.is_(None))
        .values(used_at=at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.refresh(invitation)
    cancel_reminder(session, invitation.id)
    return True


def cancel_reminder(session: Session, invitation_id: int) -> None:
    """The person answered: the reminder still waiting in the outbox is not sent."""
    session.execute(
        update(Notification)
        .where(
            Notification.idempotency_key == reminder_key(invitation_id), Notification.status.in_(CANCELLABLE_STATUSES)
        )
        .values(**outbox.ending("cancelled"), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


# --- inviting -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    """One person to invite to one survey (about one session, for participants)."""

    respondent_kind: str
    respondent_id: int
    email: str | None
    name: str | None
    locale: str
    send_after: datetime
    expires_at: datetime
    proposal_id: int | None = None


@dataclass(slots=True)
class SendReport:
    survey: str
    created: int = 0
    existing: int = 0
    skipped: int = 0


def _targets(session: Session, edition: Edition, survey: str, now: datetime) -> Iterator[Target | None]:
    """Who gets ``survey``; None for a person who cannot be invited (no address, or too late)."""
    placed = repo.placed_sessions(session, edition.id)
    after_end = rules.after_edition(timezone=edition.timezone, end_date=edition.end_date, now=now)
    if survey == "participant_after":
        by_proposal = {p.proposal.id: p for p in placed}
        rows = session.execute(
            select(Registration.proposal_id, Participant)
            .join(Participant, Participant.id == Registration.participant_id)
            .where(
                Registration.proposal_id.in_(list(by_proposal)),
                Registration.status == "confirmed",
                Participant.erased_at.is_(None),
            )
            .order_by(Registration.proposal_id, Participant.id)
        ).tuples()
        for proposal_id, person in rows:
            ends = by_proposal[proposal_id].end
            send = rules.after_session(timezone=edition.timezone, session_ends=ends, now=now)
            yield Target(
                "participant", person.id, person.email, person.name, person.locale, send, send + OPEN_FOR, proposal_id
            )
    elif survey == "speaker_after":
        ids = {p.proposal.id for p in placed}
        speakers = session.scalars(
            select(Speaker)
            .join(SessionSpeaker, SessionSpeaker.speaker_id == Speaker.id)
            .where(SessionSpeaker.proposal_id.in_(ids))
            .distinct()
            .order_by(Speaker.id)
        )
        for speaker in speakers:
            yield Target(
                "speaker", speaker.id, speaker.email, speaker.name, speaker.locale, after_end, after_end + OPEN_FOR
            )
    else:
        if survey == "partner_after":
            partner_ids = {p.proposal.partner_id for p in placed if p.proposal.partner_id}
            send, expires = after_end, after_end + OPEN_FOR
        else:
            partner_ids = {
                pid
                for pid in session.scalars(
                    select(SessionProposal.partner_id).where(
                        SessionProposal.edition_id == edition.id, SessionProposal.status == "accepted"
                    )
                )
                if pid
            }
            window = rules.before_edition(timezone=edition.timezone, start_date=edition.start_date, now=now)
            if window is None:  # the event has started: asking for expectations is too late
                for _ in partner_ids:
                    yield None
                return
            send, expires = window
        partners = session.scalars(select(Partner).where(Partner.id.in_(partner_ids)).order_by(Partner.id))
        for partner in partners:
            yield Target(
                "partner",
                partner.id,
                partner.email,
                partner.contact_name or partner.name,
                partner.locale,
                send,
                expires,
            )


def _existing(session: Session, *, edition_id: int, survey: str) -> set[tuple[str, int | None, int | None]]:
    rows = session.execute(
        select(SurveyInvitation.respondent_kind, SurveyInvitation.respondent_id, SurveyInvitation.proposal_id).where(
            SurveyInvitation.edition_id == edition_id, SurveyInvitation.survey == survey
        )
    ).tuples()
    return set(rows)


def invite(
    session: Session, *, edition: Edition, survey: str, now: datetime | None = None, notify: bool = True
) -> SendReport:
    """Create the missing invitations of ``survey`` and their planned emails; flush only (the edge commits).

    Running it again creates nothing twice. ``notify=False`` (the demo) creates the invitations without mail.
    """
    if survey not in KIND_OF_SURVEY:
        raise ValueError(f"unknown survey {survey!r}")
    now = now or utcnow()
    report = SendReport(survey)
    existing = _existing(session, edition_id=edition.id, survey=survey)
    privacy = repo.question_set(session, edition.id).surveys[survey].privacy
    for target in _targets(session, edition, survey, now):
        if target is None or not target.email:
            report.skipped += 1
            continue
        if (target.respondent_kind, target.respondent_id, target.proposal_id) in existing:
            report.existing += 1
            continue
        _create(session, edition=edition, survey=survey, target=target, notify=notify, privacy=privacy)
        existing.add((target.respondent_kind, target.respondent_id, target.proposal_id))
        report.created += 1
    session.flush()
    return report


def _create(
    session: Session, *, edition: Edition, survey: str, target: Target, notify: bool, privacy: Text | None = None
) -> str:
    """One invitation and, when ``notify``, its email and reminder; returns the clear token (never stored).

    The payload carries the survey's notice (what is collected and why) in the person's language, for the
    email to say it too.
    """
    raw = make_token(survey=survey, expires_at=target.expires_at, locale=target.locale)
    invitation = SurveyInvitation(
        edition_id=edition.id,
        survey=survey,
        respondent_kind=target.respondent_kind,
        respondent_id=target.respondent_id,
        proposal_id=target.proposal_id,
        token_hash=token_hash(raw),
        expires_at=target.expires_at,
    )
    session.add(invitation)
    if not notify or target.email is None:
        return raw  # flushed with the others by the caller: thousands of rows, one round of inserts
    session.flush()  # the id names the emails
    payload = {
        "link": survey_url(raw),
        "deadline": rules.deadline(target.expires_at),
        "survey": survey,
        "invitation_id": invitation.id,
        f"{target.respondent_kind}_id": target.respondent_id,
    }
    if target.proposal_id is not None:
        payload["proposal_id"] = target.proposal_id
    if privacy is not None:
        months = str(get_settings().retention_months)
        payload["privacy"] = privacy.get(normalise_locale(target.locale)).replace("{retention_months}", months)
    planned = rules.planned_emails(
        survey=survey, invitation_id=invitation.id, send_after=target.send_after, expires_at=target.expires_at
    )
    for email in planned:
        outbox.record(
            session,
            kind=email.kind,
            recipient_email=target.email,
            recipient_name=target.name,
            locale=target.locale,
            payload=payload,
            idempotency_key=email.key,
            edition_id=edition.id,
            send_after=email.send_after,
            category="bulk",
        )
    return raw
