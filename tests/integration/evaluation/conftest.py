"""The evaluation's integration tests reuse the small data set of the e2e tier."""

from __future__ import annotations

import sys
from pathlib import Path

# evaluation_world.py lives beside the e2e tests; one definition of the data set for both tiers.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "e2e" / "evaluation"))
