"""Domain events on the real PostgreSQL: written with the change, dispatched only after its commit, each
handler once, and nothing lost when the dispatch after the commit never happens (a crash) or a handler fails."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from services.wiring import wire
from shared import events
from shared.db import unit_of_work
from shared.events import SigninRequested
from shared.models import DomainEvent, DomainEventHandling, Notification, User


@pytest.fixture
def handlers(pg_env) -> Iterator[dict[str, list[int]]]:
    """Two handlers of SigninRequested that note the user ids they saw; the real wiring is restored after."""
    seen: dict[str, list[int]] = {"first": [], "second": []}
    events.unsubscribe_all()
    events.subscribe(SigninRequested, lambda s, e: seen["first"].append(e.user_id), name="test.first")
    events.subscribe(SigninRequested, lambda s, e: seen["second"].append(e.user_id), name="test.second")
    yield seen
    wire()


def _user(session) -> User:
    user = User(email="lead@example.org", name="Lead", role="lead", locale="fr")
    session.add(user)
    session.flush()
    return user


def test_nothing_is_dispatched_before_the_commit_nor_after_a_rollback(handlers) -> None:
    def failing_use_case() -> None:
        with unit_of_work() as session:
            events.record(session, SigninRequested(user_id=1, link="x"))
            assert handlers == {"first": [], "second": []}
            raise RuntimeError("the use case failed")

    with pytest.raises(RuntimeError):
        failing_use_case()
    with unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(DomainEvent)) == 0
    assert handlers == {"first": [], "second": []}


def test_each_handler_runs_once_after_the_commit_and_the_event_is_marked(handlers) -> None:
    with unit_of_work() as session:
        event_id = events.record(session, SigninRequested(user_id=7, link="x"))
    assert handlers == {"first": [7], "second": [7]}
    events.dispatch([event_id])  # a second dispatch (a relay racing the producer) runs nothing again
    assert events.relay(grace=timedelta(0)) == 0
    assert handlers == {"first": [7], "second": [7]}
    with unit_of_work() as session:
        assert session.get(DomainEvent, event_id).dispatched_at is not None
        assert session.scalar(select(func.count()).select_from(DomainEventHandling)) == 2


def test_an_event_whose_dispatch_was_lost_is_relayed(handlers) -> None:
    with unit_of_work() as session:
        event_id = events.record(session, SigninRequested(user_id=3, link="x"))
        session.info.pop("after_commit")  # the process dies between the commit and the dispatch
    assert handlers == {"first": [], "second": []}
    assert events.relay(grace=timedelta(0)) == 1
    assert handlers == {"first": [3], "second": [3]}
    with unit_of_work() as session:
        assert session.get(DomainEvent, event_id).dispatched_at is not None


def test_a_failing_handler_is_retried_by_the_relay_without_running_the_others_again(handlers) -> None:
    broken = {"on": True}

    def flaky(session, event) -> None:
        if broken["on"]:
            raise RuntimeError("SMTP relay down")
        handlers.setdefault("flaky", []).append(event.user_id)

    events.subscribe(SigninRequested, flaky, name="test.flaky")
    with unit_of_work() as session:
        event_id = events.record(session, SigninRequested(user_id=5, link="x"))
    assert handlers["first"] == [5]
    assert "flaky" not in handlers
    with unit_of_work() as session:
        assert session.get(DomainEvent, event_id).dispatched_at is None
    broken["on"] = False
    events.relay(grace=timedelta(0))
    assert handlers == {"first": [5], "second": [5], "flaky": [5]}


def test_the_wired_notifier_turns_a_signin_request_into_one_outbox_row(pg_env) -> None:
    wire()
    with unit_of_work() as session:
        user = _user(session)
        events.record(session, SigninRequested(user_id=user.id, link="https://festplan.example/connexion/abc"))
        assert session.scalar(select(func.count()).select_from(Notification)) == 0  # nothing before the commit
    with unit_of_work() as session:
        rows = session.scalars(select(Notification)).all()
    assert [(r.kind, r.recipient_email) for r in rows] == [("lead.signin_link", "lead@example.org")]
    assert events.subscriptions()[SigninRequested] == ["notifier.signin_requested"]
