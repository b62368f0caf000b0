"""The evaluation's integration tests reuse the small data set of the e2e tier."""

from __future__ import annotations

import sys
from pathlib import Path

# evaluation_world.py lives beside the e2e tests; one definition of the data set for both tiers.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "e2e" / "evaluation"))

import pytest
from evaluation_world import build_world
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import Edition
from shared.settings import Settings


@pytest.fixture
def edition_id(pg_env: Settings) -> int:
    with unit_of_work() as session:
        build_world(session)
        found = session.scalar(select(Edition.id))
    assert found is not None
    return found
