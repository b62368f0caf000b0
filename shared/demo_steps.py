"""The demo's framework: its named steps, the context they share (with the demo's clock), and its texts.

In ``shared`` so that each service's demo module (which adds its steps) and ``services/demo.py`` (which runs
them, in the composition root) both import it, and neither imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.clock import SteppedClock
from shared.i18n import translate
from shared.settings import Settings

DEMO_SEED = 2023
DEMO_SESSIONS = 120
#: Where the demo's clock starts: the call for proposals of the 2023 edition opens (local time).
DEMO_START = datetime(2023, 4, 3, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
#: Participants who register through the public form's code during the demo (each one a few emails).
DEMO_PARTICIPANTS = 300
OTHER_KEYS = ("submitted", "rejected", "withdrawn")

MESSAGES = {
    "refuse_pg": {
        "fr": "festplan demo efface la base : elle refuse de le faire sur PostgreSQL ({url}) sans --force",
        "en": "festplan demo wipes the database: it refuses to do so on PostgreSQL ({url}) without --force",
    },
    "step_reset": {"fr": "réinitialiser la base", "en": "reset the database"},
    "step_load": {"fr": "charger l'édition de démonstration", "en": "load the demo edition"},
    "step_data": {"fr": "ajouter personnes et détails", "en": "add people and details"},
    "step_file": {"fr": "écrire le fichier scénario", "en": "write the scenario file"},
    "sqlite_reset": {"fr": "base SQLite recréée : {path}", "en": "SQLite database recreated: {path}"},
    "pg_reset": {
        "fr": "base PostgreSQL vidée puis migrée : {url}",
        "en": "PostgreSQL database emptied and migrated: {url}",
    },
    "edition": {"fr": "édition {code} « {name} »", "en": "edition {code} “{name}”"},
    "places": {
        "fr": "{venues} lieux, {rooms} salles, {partners} partenaires, {speakers} intervenant·es, {sessions} sessions",
        "en": "{venues} venues, {rooms} rooms, {partners} partners, {speakers} speakers, {sessions} sessions",
    },
    "other_proposals": {
        "fr": "autres propositions : {submitted} à l'étude, {rejected} refusées, {withdrawn} retirées",
        "en": "other proposals: {submitted} under review, {rejected} rejected, {withdrawn} withdrawn",
    },
    "lead": {"fr": "compte de la cheffe de projet : {email}", "en": "project lead account: {email}"},
    "written": {"fr": "scénario écrit : {path}", "en": "scenario written: {path}"},
    "ready": {"fr": "démo prête ({seconds:.1f} s)", "en": "demo ready ({seconds:.1f} s)"},
    "not_ready": {
        "fr": "démo terminée avec des problèmes ({seconds:.1f} s) : voir ci-dessus",
        "en": "demo finished with problems ({seconds:.1f} s): see above",
    },
    "failed": {"fr": "la démo s'est arrêtée à l'étape {error}", "en": "the demo stopped at step {error}"},
}


class DemoRefused(RuntimeError):
    """The demo would wipe a database it must not touch (PostgreSQL without ``--force``)."""


class DemoStepFailed(RuntimeError):
    """A step raised: the demo stops there and says which step and why, in one line."""

    def __init__(self, step: str, error: BaseException) -> None:
        super().__init__(f"« {step} » : {type(error).__name__}: {error}")
        self.step = step
        self.error = error


@dataclass(slots=True)
class DemoContext:
    """What the steps share: settings, options, and what earlier steps produced."""

    settings: Settings
    force: bool = False
    seed: int = DEMO_SEED
    sessions: int = DEMO_SESSIONS
    edition_code: str | None = None
    edition_id: int | None = None
    #: Files the demo wrote, by label (printed at the end).
    outputs: dict[str, Path] = field(default_factory=dict)
    #: Figures steps want to pass on (counts, run ids…).
    facts: dict[str, object] = field(default_factory=dict)
    #: The demo's time: it starts at the call for proposals and only moves when a step moves it (no sleeping);
    #: every "now" of the code the steps call is this clock's (:mod:`shared.clock`).
    clock: SteppedClock = field(default_factory=lambda: SteppedClock(DEMO_START))
    #: Participants who register during the demo.
    participants: int = DEMO_PARTICIPANTS

    @property
    def demo_dir(self) -> Path:
        return self.settings.var_dir / "demo"

    def t(self, key: str, **values: object) -> str:
        return translate(MESSAGES, key, self.settings.locale, **values)


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One named stage of the demo; ``run`` does the work and returns the lines to print."""

    name: str
    run: Callable[[DemoContext], list[str]]


@dataclass(frozen=True, slots=True)
class StepResult:
    name: str
    lines: list[str]
    seconds: float
