"""The Alembic migration on the real PostgreSQL: up, down, up again, and no drift from the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import shared.models  # noqa: F401  (every table registered)
from shared.db import Base, dispose_engines
from shared.migrate import current, downgrade, upgrade

#: The newest revision: every test here migrates to it.
HEAD = "0008"


@pytest.fixture
def empty_pg(pg_server: str) -> Iterator[str]:
    """A database of its own, created empty for one test and dropped after it."""
    name = f"festplan_mig_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        dispose_engines()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def table_names(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_on_a_fresh_database(empty_pg: str) -> None:
    model_tables = set(Base.metadata.tables)
    assert table_names(empty_pg) == set()

    upgrade(empty_pg)
    assert table_names(empty_pg) == model_tables | {"alembic_version"}
    assert current(empty_pg) == HEAD

    downgrade(empty_pg, "base")
    assert table_names(empty_pg) == {"alembic_version"}
    assert current(empty_pg) is None

    upgrade(empty_pg)
    assert table_names(empty_pg) == model_tables | {"alembic_version"}
    assert current(empty_pg) == HEAD


def test_the_models_and_the_migration_agree(empty_pg: str) -> None:
    """What ``alembic check`` does: autogenerate against the migrated database must find nothing to change."""
    upgrade(empty_pg)
    engine = sa.create_engine(empty_pg)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def index_names(url: str, table: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return {index["name"] for index in sa.inspect(engine).get_indexes(table)}
    finally:
        engine.dispose()


def test_the_outbox_indexes_arrive_on_a_database_already_in_use_and_leave_its_rows_alone(empty_pg: str) -> None:
    """0002 on a database at 0001 that already holds mail: the rows stay, the partial indexes come and go."""
    upgrade(empty_pg, "0001")
    engine = sa.create_engine(empty_pg)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO notifications (idempotency_key, kind, recipient_email, locale, payload, status,"
                    " category, attempts, deliveries, send_after, created_at, updated_at) VALUES"
                    " ('k1', 'participant.survey', 'a@exemple.fr', 'fr', '{}', 'queued', 'bulk', 0, 0,"
                    " now(), now(), now())"
                )
            )
        upgrade(empty_pg)
        assert {"ix_notifications_queued", "ix_notifications_due"} <= index_names(empty_pg, "notifications")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT idempotency_key, status FROM notifications")).all() == [
                ("k1", "queued")
            ]
        downgrade(empty_pg, "0001")
        assert not {"ix_notifications_queued", "ix_notifications_due"} & index_names(empty_pg, "notifications")
    finally:
        engine.dispose()


def test_0008_redacts_the_links_that_ended_emails_and_dispatched_events_hold(empty_pg: str) -> None:
    """Rows sent, suppressed or called off before the redaction lose their clear links; an email still to
    send keeps its link, and so does a failed one (it never reached its person: retry-failed sends it)."""
    upgrade(empty_pg, "0007")
    engine = sa.create_engine(empty_pg)
    link = "https://festplan.example/gestion/connexion/Zx8abcdefghijklmnopqrstuvwxyz0123456789ABCDE"
    insert = sa.text(
        "INSERT INTO notifications (idempotency_key, kind, recipient_email, locale, payload, status, category,"
        " attempts, deliveries, send_after, created_at, updated_at) VALUES (:key, :kind, 'a@exemple.fr', 'fr',"
        " CAST(:payload AS JSON), :status, 'transactional', 0, 0, now(), now(), now())"
    )
    try:
        with engine.begin() as conn:
            for key, kind, status in (
                ("signin-link:Zx8abcdefghijklmnopqrstuvwxyz0123456789ABCD", "lead.signin_link", "sent"),
                ("k-pending", "speaker.invitation", "pending"),
                ("k-decision", "partner.decision", "sent"),
                ("k-failed", "participant.survey", "failed"),
                ("k-suppressed", "participant.survey", "suppressed"),
                ("k-cancelled", "survey.reminder", "cancelled"),
            ):
                payload = f'{{"link": "{link}", "user_id": 1}}'
                conn.execute(insert, {"key": key, "kind": kind, "payload": payload, "status": status})
            conn.execute(
                sa.text(
                    "INSERT INTO domain_events (name, payload, created_at, dispatched_at) VALUES"
                    " ('platform.signin_requested', CAST(:payload AS JSON), now(), now())"
                ),
                {"payload": f'{{"user_id": 1, "link": "{link}"}}'},
            )
        upgrade(empty_pg)
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT kind, payload, idempotency_key FROM notifications ORDER BY id")).all()
            events = conn.execute(sa.text("SELECT payload FROM domain_events")).scalars().all()
        assert [(kind, payload["link"]) for kind, payload, _ in rows] == [
            ("lead.signin_link", "[redacted]"),
            ("speaker.invitation", link),  # not sent yet: it needs its link
            ("partner.decision", link),  # no secret declared for this kind
            ("participant.survey", link),  # failed: kept for retry-failed
            ("participant.survey", "[redacted]"),
            ("survey.reminder", "[redacted]"),
        ]
        assert "Zx8abc" not in rows[0][2]
        assert events == [{"user_id": 1, "link": "[redacted]"}]
    finally:
        engine.dispose()
