"""Alembic environment: the URL comes from festplan's settings (or the caller), the metadata from the models."""

from __future__ import annotations

from alembic import context

import shared.models  # noqa: F401  (registers every table)
from shared.db import Base, make_engine
from shared.settings import get_settings

config = context.config
url = config.attributes.get("database_url") or get_settings().database_url


def render_item(type_: str, obj: object, _autogen_context) -> str | bool:  # type: ignore[no-untyped-def]
    """Migrations spell festplan's column types in plain SQLAlchemy: UTCDateTime is DDL-wise a DateTime."""
    from shared.models.types import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_offline() -> None:
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # batch mode lets the same migration scripts alter tables on SQLite, which has no ALTER for most changes
    context.configure(
        connection=connection, target_metadata=Base.metadata, render_as_batch=True, render_item=render_item
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
