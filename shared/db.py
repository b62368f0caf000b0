"""Database engine, sessions and the unit of work.

The edge (an HTTP request, a CLI command, a Celery task) opens a :func:`unit_of_work`, and it alone
commits or rolls back; services and repositories only ``flush()``. Callbacks registered with
:func:`after_commit` run once the transaction has committed and are dropped on rollback, which is
how nothing (a Celery task, an email) leaves before the data it speaks of is durable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from pathlib import Path

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from shared.settings import get_settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every festplan table, with constraint names Alembic can diff on both engines."""

    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout so workers can share it."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20)
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", partial(_ping_if_idle, engine.dialect))
    return engine


#: A pooled connection idle for longer than this is tested (``SELECT 1``) before use; one used more recently
#: is not (:func:`_ping_if_idle`).
PING_AFTER_IDLE_SECONDS = 1.0


def _note_checkin(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(dialect, dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
    """Test a connection that sat idle in the pool before handing it out; a dead one is replaced, unnoticed.

    What ``pool_pre_ping`` does, but only after :data:`PING_AFTER_IDLE_SECONDS` of idleness: pinging
    every checkout was one PostgreSQL round trip in four of a producer's transaction (an email
    queued by a registration). Idle connections are what a database restart, a failover or a
    firewall's idle timeout kills; a connection used within the last second and dead since then
    means the database restarted within that second, and SQLAlchemy then replaces the whole pool
    after that one failed statement. Raising ``DisconnectionError`` here makes the pool open a new
    connection and try again (SQLAlchemy's documented "pessimistic" disconnect handling).
    """
    last = record.info.get("checked_in_at")
    if last is None or time.monotonic() - last <= PING_AFTER_IDLE_SECONDS:
        return  # a connection just opened, or one in use a moment ago
    try:
        dialect.do_ping(dbapi_connection)
    except Exception as exc:
        raise DisconnectionError(f"pooled connection found dead after {time.monotonic() - last:.0f} s idle") from exc


_ENGINES: dict[str, Engine] = {}


def _engine_for(url: str) -> Engine:
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]


def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return _engine_for(get_settings().database_url)


def dispose_engines() -> None:
    """Close every pooled connection (tests, and forked workers)."""
    for engine in _ENGINES.values():
        engine.dispose()
    _ENGINES.clear()
    _factory_for.cache_clear()
    _statement_factory_for.cache_clear()


@lru_cache(maxsize=4)
def _factory_for(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=_engine_for(url), expire_on_commit=False)


def session_factory() -> sessionmaker[Session]:
    """Sessions bound to the configured database."""
    return _factory_for(get_settings().database_url)


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once ``session`` commits; forget it if the transaction rolls back."""
    session.info.setdefault("after_commit", []).append(callback)


@event.listens_for(Session, "after_commit")
def _commit_done(session: Session) -> None:
    # The transaction is committed but not yet closed: SQL on this session would fail here ("committed
    # state"), so the callbacks wait for the transaction's end below.
    if session.in_nested_transaction():  # a SAVEPOINT released: the real commit is still to come
        return
    callbacks = session.info.pop("after_commit", [])
    if callbacks:
        session.info.setdefault("committed_callbacks", []).extend(callbacks)


@event.listens_for(Session, "after_transaction_end")
def _run_after_commit(session: Session, transaction) -> None:  # type: ignore[no-untyped-def]
    if transaction.parent is not None:
        return
    callbacks = session.info.pop("committed_callbacks", [])
    for callback in callbacks:
        callback()


@event.listens_for(Session, "after_rollback")
def _drop_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT rolled back: the outer transaction may still commit
        return
    session.info.pop("after_commit", None)


@lru_cache(maxsize=4)
def _statement_factory_for(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=_engine_for(url).execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)


@contextmanager
def statement_by_statement() -> Iterator[Session]:
    """A session in which every statement is a transaction of its own, durable when it returns.

    For loops whose each step is one atomic statement and must be durable before the next begins,
    such as claiming an email before calling the provider, then recording its outcome: a
    transaction per step would add a ``BEGIN`` and a ``COMMIT`` round trip to each of them.
    ``commit()`` on such a session has nothing to do; there is nothing to roll back.
    """
    session = _statement_factory_for(get_settings().database_url)()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """Open a session for one use case: commit if the block succeeds, roll back if it raises."""
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
