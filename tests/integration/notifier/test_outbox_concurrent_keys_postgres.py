"""Two transactions owing the same email at the same time write one row, and neither of them fails."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from shared.db import session_factory, unit_of_work
from shared.models.notification import Notification
from shared.outbox import record


def _record(session, key: str):  # type: ignore[no-untyped-def]
    return record(
        session,
        kind="lead.signin_link",
        recipient_email="lead@example.org",
        recipient_name=None,
        locale="fr",
        payload={"link": "https://festplan.example/s"},
        idempotency_key=key,
        held=True,  # nothing to send: the test is about the rows
    )


def test_a_concurrent_writer_of_the_same_key_gets_none_and_its_transaction_goes_on(pg_env):
    first = session_factory()()
    assert _record(first, "same-key") is not None  # written, not committed: the key is taken but invisible
    outcome: dict[str, object] = {}

    def second_writer() -> None:
        with unit_of_work() as session:
            outcome["row"] = _record(session, "same-key")  # waits for the first transaction, then skips
            outcome["other"] = _record(session, "other-key")  # the transaction is still usable

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(timeout=0.5)
    assert thread.is_alive()  # blocked on the first writer's uncommitted key
    first.commit()
    first.close()
    thread.join(timeout=10)
    assert outcome["row"] is None
    assert outcome["other"] is not None
    with unit_of_work() as session:
        keys = dict(
            session.execute(
                select(Notification.idempotency_key, func.count()).group_by(Notification.idempotency_key)
            ).all()
        )
    assert keys == {"same-key": 1, "other-key": 1}


def test_recording_a_known_key_again_returns_none(pg_env):
    with unit_of_work() as session:
        assert _record(session, "again") is not None
    with unit_of_work() as session:
        assert _record(session, "again") is None
