"""Pooled PostgreSQL connections are tested before use only after sitting idle, and a dead one is replaced."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

import shared.db
from shared.db import get_engine, unit_of_work


def _backend_pid() -> int:
    with unit_of_work() as session:
        return session.scalar(sa.text("SELECT pg_backend_pid()"))


def _terminate(pg_database: str, pid: int) -> None:
    """Kill one server process, as a database restart or a firewall's idle timeout does."""
    admin = sa.create_engine(pg_database, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            assert conn.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_a_connection_that_died_while_idle_is_replaced_unnoticed(pg_env, pg_database, monkeypatch):
    monkeypatch.setattr(shared.db, "PING_AFTER_IDLE_SECONDS", 0.0)  # every pooled connection counts as idle
    first = _backend_pid()
    _terminate(pg_database, first)
    assert _backend_pid() != first  # the ping found it dead; the pool opened a new one, no error


def test_a_connection_used_a_moment_ago_is_not_pinged(pg_env, pg_database, monkeypatch):
    """No round trip for a hot connection; if the database died meanwhile, one statement fails and the pool heals."""
    monkeypatch.setattr(shared.db, "PING_AFTER_IDLE_SECONDS", 3600.0)
    first = _backend_pid()
    _terminate(pg_database, first)
    with pytest.raises(OperationalError):
        _backend_pid()  # not pinged: the dead connection is used, and the failure invalidates the pool
    assert _backend_pid() != first
    assert get_engine().pool.checkedout() == 0
