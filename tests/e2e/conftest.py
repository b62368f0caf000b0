"""Fixtures of the end-to-end tests: one ``festplan demo`` shared by every test that reads what it left."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from demo_world import DEMO_TEST_PARTICIPANTS, festplan


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One ``festplan demo`` for the whole run (it takes seconds, not milliseconds), read by several modules."""
    tmp_path = tmp_path_factory.mktemp("demo")
    (tmp_path / "festplan.db").write_bytes(b"not a database: the demo must delete this file")
    return tmp_path, festplan(tmp_path, "demo", "--participants", str(DEMO_TEST_PARTICIPANTS))
