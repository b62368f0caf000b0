"""Fixtures of the spreadsheet import tests: an edition to import into, the CLI, and every table's row count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
import typer
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner, Result

from shared.settings import Settings


@pytest.fixture
def edition(festplan_env: Settings) -> str:
    """The 2023 edition (16–27 Oct), alone in the database; its code."""
    return _make_edition()


def _make_edition() -> str:
    from shared.db import unit_of_work
    from shared.models import Edition

    with unit_of_work() as session:
        session.add(
            Edition(
                code="cn2023",
                name="Culture et numérique 2023",
                start_date=date(2023, 10, 16),
                end_date=date(2023, 10, 27),
            )
        )
    return "cn2023"


@pytest.fixture
def pg_edition(pg_env: Settings) -> str:
    """The same edition on the real PostgreSQL."""
    return _make_edition()


@pytest.fixture
def client(edition: str) -> Iterator[TestClient]:
    """The whole app, for the upload endpoint."""
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def lead(edition: str) -> dict[str, str]:
    """A lead's bearer token header."""
    from shared.db import unit_of_work
    from shared.web.auth import create_lead_token

    with unit_of_work() as session:
        _row, raw = create_lead_token(session, label="tests")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def festplan() -> Callable[..., Result]:
    """Run ``festplan import …`` in-process, as a person types it."""
    from services.ingest import cli as ingest_cli

    app = typer.Typer()
    ingest_cli.register(app)

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, ["import", *args])

    return run


def table_counts() -> dict[str, int]:
    """Rows in every table: what « nothing was written » is checked against."""
    import shared.models  # noqa: F401 — registers every table
    from shared.db import Base, unit_of_work

    with unit_of_work() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return table_counts
