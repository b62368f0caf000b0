"""SurveyDue on the real PostgreSQL: written in the trigger's transaction (a rollback leaves neither), the round
issued by the evaluation's handler once after the commit, however often it is dispatched or relayed, and no
clear link in the event or the invitations."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from evaluation_world import PARTICIPANTS
from sqlalchemy import func, select

from services.evaluation.surveys import invitations
from shared import events
from shared.db import unit_of_work
from shared.events import SurveyDue
from shared.mail_secrets import REDACTED_ON
from shared.models import DomainEvent, DomainEventHandling, Edition, Notification
from shared.models.evaluation import SurveyInvitation
from shared.models.types import utcnow
from shared.settings import get_settings
from tests.mailbox import links


def _due(session, edition_id: int, survey: str = "participant_after") -> int:  # type: ignore[no-untyped-def]
    return events.record(session, SurveyDue(edition_id=edition_id, survey=survey, due_at=utcnow().isoformat()))


def _counts() -> dict[str, int]:
    with unit_of_work() as session:
        kinds = dict(
            session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).tuples().all()
        )
        return {
            "events": session.scalar(select(func.count()).select_from(DomainEvent)) or 0,
            "handlings": session.scalar(select(func.count()).select_from(DomainEventHandling)) or 0,
            "invitations": session.scalar(select(func.count()).select_from(SurveyInvitation)) or 0,
            "emails": kinds.get("participant.survey", 0),
            "reminders": kinds.get("survey.reminder", 0),
        }


ISSUED_ONCE = {"events": 1, "handlings": 1, "invitations": PARTICIPANTS, "emails": PARTICIPANTS}


def test_a_rollback_of_the_trigger_leaves_neither_the_event_nor_the_round(edition_id: int) -> None:
    def failing_trigger() -> None:
        with unit_of_work() as session:
            _due(session, edition_id)
            session.get_one(Edition, edition_id).proposals_close_on = utcnow().date()  # the trigger's own change
            raise RuntimeError("the trigger failed")

    with pytest.raises(RuntimeError):
        failing_trigger()
    assert _counts() == {"events": 0, "handlings": 0, "invitations": 0, "emails": 0, "reminders": 0}
    with unit_of_work() as session:
        assert session.get_one(Edition, edition_id).proposals_close_on is None


def test_the_round_is_issued_after_the_commit_and_once_however_often_it_is_dispatched(edition_id: int) -> None:
    with unit_of_work() as session:
        event_id = _due(session, edition_id)
        assert session.scalar(select(func.count()).select_from(SurveyInvitation)) == 0  # nothing before the commit
    issued = _counts()
    assert issued == ISSUED_ONCE | {"reminders": PARTICIPANTS}
    events.dispatch([event_id])  # a relay racing the producer's own dispatch
    with unit_of_work() as session:
        session.get_one(DomainEvent, event_id).dispatched_at = None  # as if the mark had been lost
    events.dispatch([event_id])
    assert events.relay(grace=timedelta(0)) == 0
    assert _counts() == issued
    with unit_of_work() as session:
        assert session.get_one(DomainEvent, event_id).dispatched_at is not None
        assert list(session.scalars(select(DomainEventHandling.handler))) == ["evaluation.survey_due"]


def test_the_same_round_falling_due_again_creates_nothing_twice(edition_id: int) -> None:
    with unit_of_work() as session:
        _due(session, edition_id)
    with unit_of_work() as session:
        _due(session, edition_id)  # a trigger run twice (a CLI command repeated, a beat retried)
    assert _counts() == ISSUED_ONCE | {"events": 2, "handlings": 2, "reminders": PARTICIPANTS}


def test_a_round_whose_dispatch_was_lost_is_issued_by_the_relay(edition_id: int) -> None:
    with unit_of_work() as session:
        _due(session, edition_id)
        session.info.pop("after_commit")  # the process dies between the commit and the dispatch
    assert _counts()["invitations"] == 0
    assert events.relay(grace=timedelta(0)) == 1
    assert _counts() == ISSUED_ONCE | {"reminders": PARTICIPANTS}


def test_a_handler_that_fails_halfway_leaves_nothing_and_the_relay_issues_the_whole_round(
    edition_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_record, calls = invitations.outbox.record, []

    def failing_record(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) % 3 == 0:  # every try dies after two emails (the embedded default relays at once too)
            raise RuntimeError("the worker died")
        return real_record(*args, **kwargs)

    monkeypatch.setattr(invitations.outbox, "record", failing_record)
    with unit_of_work() as session:
        event_id = _due(session, edition_id)
    assert _counts() == {"events": 1, "handlings": 0, "invitations": 0, "emails": 0, "reminders": 0}
    with unit_of_work() as session:
        assert session.get_one(DomainEvent, event_id).dispatched_at is None
    assert calls  # the handler did start
    monkeypatch.setattr(invitations.outbox, "record", real_record)
    assert events.relay(grace=timedelta(0)) == 1
    assert _counts() == ISSUED_ONCE | {"reminders": PARTICIPANTS}


def test_no_clear_link_is_stored_in_the_event_nor_in_the_invitations(edition_id: int) -> None:
    with unit_of_work() as session:
        event_id = _due(session, edition_id)
    with unit_of_work() as session:
        payload = session.get_one(DomainEvent, event_id).payload
        assert set(payload) == {"edition_id", "survey", "due_at"}
        hashes = set(session.scalars(select(SurveyInvitation.token_hash)))
        ended = select(Notification).where(Notification.status.in_(REDACTED_ON))  # the reminders wait: they keep it
        stored = [str(n.payload) for n in session.scalars(ended)]
        assert stored
    tokens = [
        link.rsplit("/", 1)[-1]
        for link in links(get_settings().outbox_dir, kind="participant.survey", part="/surveys/")
    ]
    assert len(tokens) == PARTICIPANTS
    assert hashes == {hashlib.sha256(token.encode()).hexdigest() for token in tokens}
    assert not any(token in str(payload) for token in tokens)
    assert not any(token in row for token in tokens for row in stored)  # nor in the emails that left


def test_a_round_of_an_unknown_survey_or_a_gone_edition_is_handled_without_issuing_anything(edition_id: int) -> None:
    with unit_of_work() as session:
        _due(session, edition_id, survey="visitor_after")
        _due(session, edition_id + 1000)
    assert _counts() == {"events": 2, "handlings": 2, "invitations": 0, "emails": 0, "reminders": 0}
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).where(DomainEvent.dispatched_at.is_(None))) == 0
