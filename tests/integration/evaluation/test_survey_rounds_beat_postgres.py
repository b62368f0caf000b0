"""Surveys going out by themselves on the real PostgreSQL: beat's ``evaluation.announce_due_surveys`` records
one SurveyDue per round once its time has come, never twice (a second run, a concurrent announcer, a round
the demo recorded), and the evaluation's handler then issues each round once.

The test edition runs 16–27 October 2023 (Paris, summer time): partners are asked before it from 25
September, participants from the morning after the first session (18 October), speakers and partners
after it from 28 October, all at 10:00 local (08:00 UTC).
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

from evaluation_world import PARTICIPANTS
from sqlalchemy import func, select

from services.evaluation.domain.invitations import KIND_OF_SURVEY
from services.evaluation.surveys import rounds
from services.evaluation.tasks import announce_due_surveys
from shared import events
from shared.celery_app import beat_schedule, celery
from shared.db import unit_of_work
from shared.events import SurveyDue
from shared.models import DomainEvent, Edition, Notification
from shared.models.evaluation import SurveyInvitation
from shared.settings import Settings

PARTNERS_BEFORE = datetime(2023, 9, 25, 8, 0, tzinfo=UTC)
PARTICIPANTS_AFTER = datetime(2023, 10, 18, 8, 0, tzinfo=UTC)
AFTER_EDITION = datetime(2023, 10, 28, 8, 0, tzinfo=UTC)


def _beat(at: datetime) -> int:
    """One run of the beat task, in-process, as the worker would run it at ``at``."""
    return announce_due_surveys.apply(kwargs={"now": at.isoformat()}).result  # type: ignore[no-any-return]


def _announced() -> list[tuple[int, str, str]]:
    with unit_of_work() as session:
        rows = session.scalars(select(DomainEvent).where(DomainEvent.name == SurveyDue.name).order_by(DomainEvent.id))
        return [(r.payload["edition_id"], r.payload["survey"], r.payload["due_at"]) for r in rows]


def _issued() -> dict[str, tuple[int, int]]:
    """Per survey: (invitations, first emails)."""
    with unit_of_work() as session:
        invited = dict(
            session.execute(select(SurveyInvitation.survey, func.count()).group_by(SurveyInvitation.survey))
            .tuples()
            .all()
        )
        emails = dict(
            session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).tuples().all()
        )
    return {survey: (invited[survey], emails.get(KIND_OF_SURVEY[survey], 0)) for survey in invited}


def test_nothing_is_announced_before_the_first_rounds_time(edition_id: int) -> None:
    assert _beat(datetime(2023, 9, 25, 7, 59, tzinfo=UTC)) == 0
    assert _announced() == []
    assert _issued() == {}


def test_each_round_is_announced_at_its_time_once_and_issued_once(edition_id: int) -> None:
    assert _beat(PARTNERS_BEFORE) == 1
    assert _beat(PARTNERS_BEFORE) == 0  # beat fired twice, or the task retried
    assert _announced() == [(edition_id, "partner_before", PARTNERS_BEFORE.isoformat())]
    partners = _issued()["partner_before"]
    assert partners[0] > 0
    assert partners == (partners[0], partners[0])
    assert _beat(PARTICIPANTS_AFTER) == 1
    assert _beat(AFTER_EDITION) == 2  # the partners' round before the edition is not announced again
    assert _beat(AFTER_EDITION) == 0
    assert [survey for _, survey, _ in _announced()] == [
        "partner_before",
        "participant_after",
        "speaker_after",
        "partner_after",
    ]
    issued = _issued()
    assert issued["participant_after"] == (PARTICIPANTS, PARTICIPANTS)
    assert issued["speaker_after"][0] > 0
    assert issued["partner_after"][0] > 0
    assert issued["partner_before"] == partners
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).where(DomainEvent.dispatched_at.is_(None))) == 0
        first = session.scalar(
            select(func.min(Notification.send_after)).where(Notification.kind == "participant.survey")
        )
    assert first == PARTICIPANTS_AFTER  # planned from the round's instant, not the beat's


def test_a_beat_that_was_down_announces_every_due_round_at_once_until_a_week_after_the_edition(
    edition_id: int,
) -> None:
    assert _beat(datetime(2023, 11, 4, 7, 59, tzinfo=UTC)) == 3  # too late only for the partners' round before
    assert {due for _, _, due in _announced()} == {PARTICIPANTS_AFTER.isoformat(), AFTER_EDITION.isoformat()}


def test_an_edition_past_its_last_week_is_left_to_the_lead(edition_id: int) -> None:
    assert _beat(datetime(2023, 11, 4, 8, 0, tzinfo=UTC)) == 0  # e.g. an edition older than the beat
    assert _announced() == []


def test_two_announcers_of_the_same_round_record_it_once(edition_id: int) -> None:
    with unit_of_work() as session:
        due = rounds.due_rounds(session, now=AFTER_EDITION)
    assert [d.survey for d in due] == ["participant_after", "speaker_after", "partner_after"]
    holding, results = threading.Event(), []

    def first() -> None:
        with unit_of_work() as session:
            results.append(rounds.announce(session, due[0]))
            holding.set()
            threading.Event().wait(0.5)  # the row lock is held, the event not yet committed

    def second() -> None:
        holding.wait(5)
        with unit_of_work() as session:
            results.append(rounds.announce(session, due[0]))  # waits for the first commit, then sees its event

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert results == [True, False]
    assert len(_announced()) == 1
    assert _issued()["participant_after"] == (PARTICIPANTS, PARTICIPANTS)


def test_two_beats_racing_announce_each_round_once(edition_id: int) -> None:
    barrier, counts = threading.Barrier(2), []

    def beat() -> None:
        barrier.wait(5)
        # the task's body, as each worker process runs it: Celery's in-process ``apply`` flips a global
        # (``task_join_will_block``) on entry and restores it on exit, which two threads racing would leave set
        counts.append(announce_due_surveys.run(now=AFTER_EDITION.isoformat()))

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(counts) == 3  # however the two interleaved
    assert len(_announced()) == 3
    assert _issued()["participant_after"] == (PARTICIPANTS, PARTICIPANTS)


def test_a_round_the_demo_already_recorded_is_not_announced_again(edition_id: int) -> None:
    with unit_of_work() as session:  # the demo's calendar, two days before the edition
        events.record(
            session,
            SurveyDue(edition_id=edition_id, survey="participant_after", due_at="2023-10-14T08:00:00+00:00"),
        )
    assert _beat(AFTER_EDITION) == 2
    assert [survey for _, survey, _ in _announced()] == ["participant_after", "speaker_after", "partner_after"]
    assert _issued()["participant_after"] == (PARTICIPANTS, PARTICIPANTS)


def test_an_edition_without_a_published_programme_is_announced_harmlessly(pg_env: Settings) -> None:
    with unit_of_work() as session:
        session.add(
            Edition(code="vide", name="Sans programme", start_date=date(2023, 10, 16), end_date=date(2023, 10, 27))
        )
    assert _beat(PARTNERS_BEFORE) == 1  # no accepted proposal: nobody to ask
    assert _beat(AFTER_EDITION) == 2  # no participants' round without a programme; the others find nobody
    assert [survey for _, survey, _ in _announced()] == ["partner_before", "speaker_after", "partner_after"]
    assert _issued() == {}
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).where(DomainEvent.dispatched_at.is_(None))) == 0
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_beat_schedules_the_task_under_its_registered_name(pg_env: Settings) -> None:
    entry = beat_schedule()["evaluation-announce-due-surveys"]
    assert entry["task"] == "evaluation.announce_due_surveys" == announce_due_surveys.name
    assert {job["task"] for job in beat_schedule().values()} <= set(celery.tasks)  # every periodic job is known
