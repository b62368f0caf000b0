"""The benchmark's instances: the project's seeded generator, at the sizes and variants the issue asks for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shared.scenario.dump import dump_scenario, write_json
from shared.scenario.generate import generate_scenario

SEED = 2023


@dataclass(frozen=True, slots=True)
class Instance:
    """One generated scenario and the peers' time limits on it (festplan also runs at half of each)."""

    name: str
    sessions: int
    limits: tuple[float, ...]
    single_venue: bool = False
    with_previous: bool = False
    seed: int = SEED

    @property
    def label(self) -> str:
        """French first: what kind of edition this is."""
        if self.with_previous:
            return f"réoptimisation {self.sessions} / re-optimisation"
        if self.single_venue:
            return f"un seul lieu {self.sessions} / single venue"
        return f"multi-lieux {self.sessions} / multi-venue"

    def write(self, folder: Path) -> Path:
        """Generate the scenario and write it as a format-1 file (the file every solver reads)."""
        scenario = generate_scenario(
            sessions=self.sessions, seed=self.seed, single_venue=self.single_venue, with_previous=self.with_previous
        )
        path = folder / f"{self.name}.scenario.json"
        write_json(path, dump_scenario(scenario))
        return path


#: A seed the optimiser's work never looked at: the frontier is also measured on instances not seen.
UNSEEN_SEED = 7


def frontier_plan() -> list[Instance]:
    """Issue 21's cases (about 35 minutes on 2 cores): at most 200 sessions over several venues at 60 s,
    re-optimisation of 150 published sessions at 60 s, 600 sessions at 20 s and 300 s; then the same cases on
    instances of another seed (600 at 20 s only)."""
    seen = [
        Instance("multi-200", 200, (60.0,)),
        Instance("reopt-150", 150, (60.0,), with_previous=True),
        Instance("multi-600", 600, (20.0, 300.0)),
    ]
    unseen = [
        Instance("multi-200-s7", 200, (60.0,), seed=UNSEEN_SEED),
        Instance("reopt-150-s7", 150, (60.0,), with_previous=True, seed=UNSEEN_SEED),
        Instance("multi-600-s7", 600, (20.0,), seed=UNSEEN_SEED),
    ]
    return seen + unseen


def plan(*, quick: bool = False, full: bool = False) -> list[Instance]:
    """``--quick``: 50 and 150 at 10 s; default: the issue's sizes at 60 s (600 at 20 s), about 25 minutes on
    2 cores; ``--full`` adds 200 sessions at 60 s and 600 at 300 s (about 25 minutes more)."""
    if quick:
        return [Instance("multi-50", 50, (10.0,)), Instance("multi-150", 150, (10.0,))]
    return [
        Instance("multi-50", 50, (60.0,)),
        Instance("multi-150", 150, (60.0,)),
        *([Instance("multi-200", 200, (60.0,))] if full else []),
        Instance("multi-300", 300, (60.0,)),
        Instance("single-150", 150, (60.0,), single_venue=True),
        Instance("reopt-150", 150, (60.0,), with_previous=True),
        Instance("multi-600", 600, (20.0, 300.0) if full else (20.0,)),
    ]
