"""``after_commit`` callbacks wait for the real commit on PostgreSQL, where SAVEPOINTs come and go inside it."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from shared.db import after_commit, unit_of_work
from shared.models.notification import Notification


def test_a_released_savepoint_does_not_run_the_callbacks_early(pg_env):
    ran: list[str] = []
    with unit_of_work() as session:
        after_commit(session, lambda: ran.append("first"))
        with session.begin_nested():
            session.execute(text("SELECT 1"))
        assert ran == []
        after_commit(session, lambda: ran.append("second"))
    assert ran == ["first", "second"]


def _refused_savepoint(session) -> None:  # type: ignore[no-untyped-def]
    with session.begin_nested():
        session.execute(text("SELECT 1"))
        raise ValueError("one row refused")


def test_a_rolled_back_savepoint_keeps_the_callbacks_of_the_transaction(pg_env):
    ran: list[str] = []
    with unit_of_work() as session:
        after_commit(session, lambda: ran.append("kept"))
        with pytest.raises(ValueError):
            _refused_savepoint(session)
    assert ran == ["kept"]


def _failing_use_case(ran: list[str]) -> None:
    with unit_of_work() as session:
        after_commit(session, lambda: ran.append("must not run"))
        with session.begin_nested():
            session.execute(text("SELECT 1"))
        raise RuntimeError("the use case failed")


def test_callbacks_registered_before_a_savepoint_are_dropped_when_the_transaction_rolls_back(pg_env):
    ran: list[str] = []
    with pytest.raises(RuntimeError):
        _failing_use_case(ran)
    assert ran == []


def _record_leads(session, prefix: str, count: int) -> None:  # type: ignore[no-untyped-def]
    from shared import outbox

    for i in range(count):
        outbox.record(
            session,
            kind="lead.signin_link",
            recipient_email=f"lead{i}@example.org",
            recipient_name=None,
            locale="fr",
            payload={"link": "https://festplan.example/s"},
            idempotency_key=f"{prefix}-{i}",
        )


def test_outbox_rows_of_one_transaction_leave_after_its_commit_in_batches(pg_env, monkeypatch):
    from services.notifier import tasks
    from services.notifier.delivery import send as delivery

    handed: list[list[int]] = []
    relays: list[int] = []
    monkeypatch.setattr(delivery, "SEND_BATCH", 2)
    monkeypatch.setattr(tasks.send_batch, "delay", lambda ids: handed.append(list(ids)))
    monkeypatch.setattr(tasks.relay, "delay", lambda *a, **k: relays.append(1))
    with unit_of_work() as session:
        _record_leads(session, "savepoint", 5)
        assert handed == []  # nothing leaves before the commit
    assert [len(batch) for batch in handed] == [2, 2, 1]
    assert relays == []


def test_a_transaction_owing_more_than_the_direct_limit_asks_the_relay_once(pg_env, monkeypatch):
    from services.notifier import tasks
    from shared import outbox

    handed: list[list[int]] = []
    relays: list[int] = []
    monkeypatch.setattr(outbox, "DIRECT_LIMIT", 2)
    monkeypatch.setattr(tasks.send_batch, "delay", lambda ids: handed.append(list(ids)))
    monkeypatch.setattr(tasks.relay, "delay", lambda *a, **k: relays.append(1))
    with unit_of_work() as session:
        _record_leads(session, "limit", 5)
    assert [len(batch) for batch in handed] == [2]
    assert relays == [1]
    with unit_of_work() as session:
        statuses = sorted(session.scalars(select(Notification.status)))
    assert statuses == ["pending"] * 3 + ["queued"] * 2
