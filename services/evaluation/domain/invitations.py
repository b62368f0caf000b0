"""When a survey's emails leave and how long its link stays open (pure).

Participants are asked the morning after their session, speakers and partners the morning after the
edition ends, partners three weeks before it starts (until it starts); each invitation gets one reminder
a week after its email, if the link is still open then. A person invited late gets the email at once and
the link stays open :data:`OPEN_FOR` from then. A link is stored only as its SHA-256 (:func:`token_hash`).
Each survey of an edition is one round, due when its first email is planned (:func:`due_rounds`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SEND_HOUR = time(10, 0)
REMINDER_AFTER = timedelta(days=7)
#: How long a link stays open after its first email.
OPEN_FOR = timedelta(days=30)
BEFORE_EVENT = timedelta(days=21)
#: An after-event round not announced this long after the edition's end (beat down for a week, an edition older
#: than the beat) is left to the lead's ``festplan surveys send``: a survey weeks late would surprise people.
ANNOUNCE_WITHIN = timedelta(days=7)
#: The email kind of each survey's invitation.
KIND_OF_SURVEY = {
    "participant_after": "participant.survey",
    "speaker_after": "speaker.survey_after",
    "partner_after": "partner.survey_after",
    "partner_before": "partner.survey_before",
}
REMINDER_KIND = "survey.reminder"


@dataclass(frozen=True, slots=True)
class PlannedEmail:
    """One email of an invitation: its kind, its idempotency key and when it may leave."""

    kind: str
    key: str
    send_after: datetime


def token_hash(raw: str) -> str:
    """The only form in which a survey token is stored."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def reminder_key(invitation_id: int) -> str:
    return f"survey-reminder:{invitation_id}"


def local_instant(timezone: str | None, day: date, at: time = SEND_HOUR) -> datetime:
    """``day`` at ``at`` in the edition's time zone (Europe/Paris when unset), as an aware UTC instant."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(timezone or "Europe/Paris")).astimezone(UTC)


def after_session(*, timezone: str | None, session_ends: datetime, now: datetime) -> datetime:
    """When a participant's invitation leaves: the morning after the session, or now when that has passed."""
    return max(now, local_instant(timezone, session_ends.date() + timedelta(days=1)))


def after_edition(*, timezone: str | None, end_date: date, now: datetime) -> datetime:
    """When speakers' and partners' invitations leave: the morning after the edition, or now when later."""
    return max(now, local_instant(timezone, end_date + timedelta(days=1)))


def before_edition(*, timezone: str | None, start_date: date, now: datetime) -> tuple[datetime, datetime] | None:
    """(send, expires) of the partners' survey before the event; None once it has started (too late to ask)."""
    expires = local_instant(timezone, start_date, time(0, 0))
    send = max(now, local_instant(timezone, start_date) - BEFORE_EVENT)
    return None if send >= expires else (send, expires)


def planned_emails(
    *, survey: str, invitation_id: int, send_after: datetime, expires_at: datetime
) -> list[PlannedEmail]:
    """The invitation's email, then its reminder when the link is still open a week later."""
    planned = [PlannedEmail(KIND_OF_SURVEY[survey], f"survey:{invitation_id}", send_after)]
    reminder_at = send_after + REMINDER_AFTER
    if reminder_at < expires_at:
        planned.append(PlannedEmail(REMINDER_KIND, reminder_key(invitation_id), reminder_at))
    return planned


def deadline(expires_at: datetime) -> str:
    """The last day the email names (the day before the link closes), ISO."""
    return (expires_at - timedelta(days=1)).date().isoformat()


def due_rounds(
    *, timezone: str | None, start_date: date, end_date: date, first_session_ends: datetime | None, now: datetime
) -> dict[str, datetime]:
    """The rounds whose first email's time has come and is still worth announcing, with that time.

    Partners before the event: three weeks before it, until it starts. Speakers and partners after it: the
    morning after it ends. Participants: the morning after the first session of the published programme
    (none without one), each later session's email being planned for the morning after it. The after-event
    rounds stay announceable :data:`ANNOUNCE_WITHIN` after the edition's end.
    """
    after_end = local_instant(timezone, end_date + timedelta(days=1))
    stale = after_end + ANNOUNCE_WITHIN
    windows = {
        "partner_before": (
            local_instant(timezone, start_date) - BEFORE_EVENT,
            local_instant(timezone, start_date, time(0, 0)),
        ),
        "speaker_after": (after_end, stale),
        "partner_after": (after_end, stale),
    }
    if first_session_ends is not None:
        windows["participant_after"] = (local_instant(timezone, first_session_ends.date() + timedelta(days=1)), stale)
    return {
        survey: windows[survey][0]
        for survey in KIND_OF_SURVEY
        if survey in windows and windows[survey][0] <= now < windows[survey][1]
    }
