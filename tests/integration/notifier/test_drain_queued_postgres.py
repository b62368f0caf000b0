"""A drain sends queued rows one claim at a time: workers draining together share rows, never send one twice."""

from __future__ import annotations

import threading
import time

import pytest
from notifier_servers import free_port, use_settings
from sqlalchemy import event, select, update

from services.notifier import repository, service
from services.notifier.delivery import send as delivery
from services.notifier.delivery.backends import close_backends
from services.notifier.delivery.backends.smtp import SmtpBackend
from services.notifier.domain.policy import MAX_DELIVERIES
from shared.db import get_engine, statement_by_statement, unit_of_work
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import record


def _queue(count: int, *, deliveries: int = 0) -> list[int]:
    """``count`` sign-in emails written ``queued``, as a producer's commit leaves them for a drain."""
    with unit_of_work() as session:
        rows = [
            record(
                session,
                kind="lead.signin_link",
                recipient_email=f"lead{n}@example.org",
                recipient_name=None,
                locale="fr",
                payload={"link": f"https://festplan.example/s/{n}"},
                idempotency_key=f"drain:{n}",
                held=True,  # written without a hand-over: the test runs the drain itself
            )
            for n in range(count)
        ]
        ids = [row.id for row in rows if row is not None]
        session.execute(
            update(Notification).where(Notification.id.in_(ids)).values(status="queued", deliveries=deliveries)
        )
    return ids


def _queue_to(addresses: list[str], *, category: str) -> list[int]:
    with unit_of_work() as session:
        ids = [
            record(
                session,
                kind="participant.survey" if category == "bulk" else "lead.signin_link",
                recipient_email=address,
                recipient_name=None,
                locale="fr",
                payload={"link": "https://festplan.example/s"},
                idempotency_key=f"drain-suppressed:{category}:{address}",
                category=category,
                held=True,
            ).id
            for address in addresses
        ]
        session.execute(update(Notification).where(Notification.id.in_(ids)).values(status="queued"))
    return ids


def _rows() -> dict[int, Notification]:
    with unit_of_work() as session:
        return {row.id: row for row in session.scalars(select(Notification))}


def test_two_workers_draining_at_once_send_every_row_exactly_once(pg_env, smtp_sink, monkeypatch):
    handler, port = smtp_sink
    settings = use_settings(monkeypatch, email_backend="smtp", smtp_port=port)
    ids = _queue(40)
    taken: list[list[int]] = [[], []]

    def worker(n: int) -> None:
        backend = SmtpBackend(settings)  # a connection of its own, as each worker process has
        try:
            outcomes, empty = service.drain_queued(until=time.monotonic() + 60, backend=backend, settings=settings)
            assert empty
            taken[n] = [o.notification_id for o in outcomes if o.status == "sent"]
        finally:
            backend.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(taken[0] + taken[1]) == sorted(ids)  # every row once, by one worker or the other
    assert not set(taken[0]) & set(taken[1])
    assert len(handler.message_ids) == 40
    assert set(handler.message_ids.values()) == {1}
    assert {row.status for row in _rows().values()} == {"sent"}


def test_a_row_past_its_delivery_limit_is_given_up_with_the_reason_and_not_sent(pg_env, smtp_sink, monkeypatch):
    handler, port = smtp_sink
    settings = use_settings(monkeypatch, email_backend="smtp", smtp_port=port)
    [poison] = _queue(1, deliveries=MAX_DELIVERIES)
    outcomes, empty = service.drain_queued(until=time.monotonic() + 30, settings=settings)
    close_backends()
    assert empty
    assert [o.status for o in outcomes] == ["failed"]
    row = _rows()[poison]
    assert row.status == "failed"
    assert row.deliveries == MAX_DELIVERIES  # the drain's own claim is not counted as one more delivery
    assert f"abandonné après {MAX_DELIVERIES} prises en charge" in (row.last_error or "")
    assert handler.messages == []


def test_a_provider_asking_to_wait_puts_the_queued_rows_back_to_pending_with_the_delay(pg_env, monkeypatch):
    settings = use_settings(monkeypatch, email_backend="smtp", smtp_port=free_port())  # nobody listens: refused
    ids = _queue(3)
    outcomes, empty = service.drain_queued(until=time.monotonic() + 30, settings=settings)
    close_backends()
    assert not empty
    assert [o.status for o in outcomes] == ["pending"]
    assert outcomes[0].retry_in
    rows = _rows()
    assert {rows[i].status for i in ids} == {"pending"}
    assert all(rows[i].next_attempt_at is not None for i in ids)  # the relay hands them over once due


def test_recording_an_email_reuses_one_compiled_statement(pg_env):
    """The outbox INSERT is compiled once per process: a construct without a cache key cost 3 ms per email."""
    hits: list[object] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.startswith("INSERT INTO notifications"):
            hits.append(context.cache_hit)

    engine = get_engine()
    event.listen(engine, "after_cursor_execute", seen)
    try:
        _queue(3)
    finally:
        event.remove(engine, "after_cursor_execute", seen)
    dialect = engine.dialect
    assert hits[1:] == [dialect.CACHE_HIT, dialect.CACHE_HIT]


def test_a_drain_reads_again_what_emails_share_once_its_memo_is_older_than_memo_seconds(monkeypatch):
    monkeypatch.setattr(delivery, "_memo", None)
    monkeypatch.setattr(delivery, "MEMO_SECONDS", 60.0)
    first = delivery._drain_memo()
    assert delivery._drain_memo() is first  # within the second: shared by the drains of the process
    monkeypatch.setattr(delivery, "MEMO_SECONDS", 0.0)
    time.sleep(0.001)
    assert delivery._drain_memo() is not first  # past it: an edit made meanwhile shows in the next email


@pytest.mark.parametrize("database", ["pg_env", "festplan_env"])
def test_a_drain_respects_the_suppression_list_whatever_the_case_of_the_address(
    database, request, smtp_sink, monkeypatch
):
    request.getfixturevalue(database)
    handler, port = smtp_sink
    settings = use_settings(monkeypatch, email_backend="smtp", smtp_port=port)
    with unit_of_work() as session:
        for address in ("ana@example.org", "zoé.périer@exemple.fr"):
            repository.suppress(session, email=address, reason="unsubscribe")
    bulk = _queue_to(["Ana@Example.ORG", "ZOÉ.Périer@exemple.fr", "bruno@example.org"], category="bulk")
    service_mail = _queue_to(["ANA@example.org"], category="transactional")
    _, empty = service.drain_queued(until=time.monotonic() + 30, settings=settings)
    close_backends()
    assert empty
    rows = _rows()
    assert [rows[i].status for i in bulk] == ["suppressed", "suppressed", "sent"]
    assert "unsubscribe" in (rows[bulk[0]].last_error or "")
    assert rows[service_mail[0]].status == "sent"  # a service email still goes out (and says so in the log)
    assert len(handler.messages) == 2


def test_a_claimed_row_reads_as_the_database_holds_it_after_the_claim(pg_env):
    """The claim runs on the driver: what delivery reads comes back as SQLAlchemy would load it."""
    with unit_of_work() as session:
        row = record(
            session,
            kind="participant.survey",
            recipient_email="Camille.Dupre@Exemple.fr",
            recipient_name="Camille « Dupré »",
            locale="en",
            payload={"proposal_id": 7, "token": "t", "nested": {"a": [1, 2]}},
            idempotency_key="claim-reads-back",
            category="bulk",
            held=True,
        )
        assert row is not None
        row.status = "queued"
    with statement_by_statement() as session:
        claimed, suppressed = repository.claim_next(session, now=utcnow())
    stored = _rows()[claimed.id]
    assert suppressed is None
    for name in repository._DELIVERED:
        assert getattr(claimed, name) == getattr(stored, name), name
    assert claimed.send_after.tzinfo is not None
    assert (claimed.status, claimed.claimed_at, claimed.deliveries) == ("sending", stored.claimed_at, 1)
    assert stored.status == "sending"


def test_the_claim_writes_the_previous_outcome_only_with_every_value_it_needs():
    """An outcome without ``updated_at`` would leave SQLAlchemy's ``onupdate`` unset on the driver: refused."""
    with pytest.raises(ValueError, match="updated_at"):
        repository._driver_sql(("status", "attempts"))
    sql, values = repository._driver_sql(("status", "attempts", "updated_at"))
    assert sql.startswith("WITH done AS")
    assert values["status_2"] == "queued"
