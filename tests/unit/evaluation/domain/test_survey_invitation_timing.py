"""When survey emails leave, how long links stay open, what is stored of a link (pure)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from services.evaluation.domain.invitations import (
    ANNOUNCE_WITHIN,
    OPEN_FOR,
    REMINDER_AFTER,
    after_edition,
    after_session,
    before_edition,
    deadline,
    due_rounds,
    local_instant,
    planned_emails,
    reminder_key,
    token_hash,
)

PARIS = "Europe/Paris"
EARLY = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)


def test_local_instant_is_ten_in_the_morning_in_the_editions_zone() -> None:
    assert local_instant(PARIS, date(2025, 10, 14)) == datetime(2025, 10, 14, 8, 0, tzinfo=UTC)  # summer time
    assert local_instant(PARIS, date(2025, 11, 14)) == datetime(2025, 11, 14, 9, 0, tzinfo=UTC)
    assert local_instant(None, date(2025, 11, 14)) == local_instant(PARIS, date(2025, 11, 14))
    assert local_instant("America/Cayenne", date(2025, 11, 14), time(0, 0)) == datetime(2025, 11, 14, 3, 0, tzinfo=UTC)


def test_participants_are_asked_the_morning_after_their_session_or_at_once_when_late() -> None:
    ends = datetime(2025, 10, 14, 18, 30)
    morning_after = datetime(2025, 10, 15, 8, 0, tzinfo=UTC)
    assert after_session(timezone=PARIS, session_ends=ends, now=EARLY) == morning_after
    late = morning_after + timedelta(days=3)
    assert after_session(timezone=PARIS, session_ends=ends, now=late) == late


def test_speakers_and_partners_are_asked_the_morning_after_the_edition() -> None:
    assert after_edition(timezone=PARIS, end_date=date(2025, 10, 18), now=EARLY) == datetime(
        2025, 10, 19, 8, 0, tzinfo=UTC
    )


def test_partners_are_asked_three_weeks_before_until_the_edition_starts() -> None:
    send, expires = before_edition(timezone=PARIS, start_date=date(2025, 10, 13), now=EARLY)
    assert send == datetime(2025, 9, 22, 8, 0, tzinfo=UTC)
    assert expires == datetime(2025, 10, 12, 22, 0, tzinfo=UTC)  # midnight in Paris
    late = datetime(2025, 10, 10, 12, 0, tzinfo=UTC)
    assert before_edition(timezone=PARIS, start_date=date(2025, 10, 13), now=late) == (late, expires)
    started = datetime(2025, 10, 12, 22, 0, tzinfo=UTC)
    assert before_edition(timezone=PARIS, start_date=date(2025, 10, 13), now=started) is None


def test_an_invitation_has_its_email_then_a_reminder_a_week_later_while_the_link_is_open() -> None:
    send = datetime(2025, 10, 15, 8, 0, tzinfo=UTC)
    planned = planned_emails(survey="participant_after", invitation_id=7, send_after=send, expires_at=send + OPEN_FOR)
    assert [(p.kind, p.key, p.send_after) for p in planned] == [
        ("participant.survey", "survey:7", send),
        ("survey.reminder", reminder_key(7), send + REMINDER_AFTER),
    ]


def test_no_reminder_when_the_link_closes_before_it() -> None:
    send = datetime(2025, 10, 8, 8, 0, tzinfo=UTC)
    planned = planned_emails(
        survey="partner_before", invitation_id=3, send_after=send, expires_at=send + REMINDER_AFTER
    )
    assert [p.kind for p in planned] == ["partner.survey_before"]


def test_deadline_is_the_day_before_the_link_closes() -> None:
    assert deadline(datetime(2025, 11, 14, 8, 0, tzinfo=UTC)) == "2025-11-13"


def test_a_link_is_stored_as_its_sha256_only() -> None:
    raw = "eyJzIjoicGFydGljaXBhbnRfYWZ0ZXIifQ.abc"
    assert token_hash(raw) == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in token_hash(raw)


def _due(now: datetime, first_session_ends: datetime | None = datetime(2025, 10, 13, 18, 0)) -> dict[str, datetime]:
    return due_rounds(
        timezone=PARIS,
        start_date=date(2025, 10, 13),
        end_date=date(2025, 10, 24),
        first_session_ends=first_session_ends,
        now=now,
    )


def test_each_round_falls_due_when_its_first_email_is_planned() -> None:
    before = datetime(2025, 9, 22, 8, 0, tzinfo=UTC)
    participants = datetime(2025, 10, 14, 8, 0, tzinfo=UTC)  # the morning after the first session
    after = datetime(2025, 10, 25, 8, 0, tzinfo=UTC)
    assert _due(before - timedelta(minutes=1)) == {}
    assert _due(before) == {"partner_before": before}
    assert _due(participants) == {"participant_after": participants}  # the edition has started: too late before
    assert _due(after) == {"participant_after": participants, "speaker_after": after, "partner_after": after}
    assert list(_due(after)) == ["participant_after", "speaker_after", "partner_after"]


def test_no_participants_round_without_a_programme_and_none_a_week_after_the_edition() -> None:
    after = datetime(2025, 10, 25, 8, 0, tzinfo=UTC)
    assert _due(after, first_session_ends=None) == {"speaker_after": after, "partner_after": after}
    assert _due(after + ANNOUNCE_WITHIN - timedelta(seconds=1))
    assert _due(after + ANNOUNCE_WITHIN) == {}
