"""Fixtures of the evaluation tests: the whole app on the embedded database, and the small data set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from evaluation_world import EvaluationWorld, build_world
from fastapi.testclient import TestClient

from shared.settings import Settings


@pytest.fixture
def app_client(festplan_env: Settings) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def eval_world(festplan_env: Settings) -> EvaluationWorld:
    from shared.db import unit_of_work

    with unit_of_work() as session:
        return build_world(session)


@pytest.fixture
def festplan_cli(festplan_env: Settings):  # type: ignore[no-untyped-def]
    """Run ``festplan ARGS…`` in-process (typer's CliRunner) against the test's settings."""
    from typer.testing import CliRunner

    from services.cli import _register_services, app

    if not any(command.name == "report" for command in app.registered_commands):
        _register_services()
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])
