"""``festplan demo``: a fresh embedded database holding the demo edition, ready to optimise, publish and mail.

The demo is a list of named :class:`DemoStep` s run in order; each returns the lines it wants printed.
This module owns the data steps (reset, load the generated edition, add people and details, write the
scenario file). The other services append theirs — optimise and publish, send the emails, the evaluation
report — by listing a module in :data:`STEP_MODULES` that exposes ``demo_steps() -> list[DemoStep]``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from pathlib import Path

from shared.clock import using
from shared.demo_steps import (
    DEMO_PARTICIPANTS,
    DEMO_SEED,
    DEMO_SESSIONS,
    DEMO_START,
    MESSAGES,
    OTHER_KEYS,
    DemoContext,
    DemoRefused,
    DemoStep,
    DemoStepFailed,
    StepResult,
)
from shared.i18n import translate
from shared.settings import Settings

__all__ = [
    "DEMO_PARTICIPANTS",
    "DEMO_SEED",
    "DEMO_SESSIONS",
    "DEMO_START",
    "OTHER_KEYS",
    "DemoContext",
    "DemoRefused",
    "DemoStep",
    "DemoStepFailed",
]

#: Modules exposing ``demo_steps() -> list[DemoStep]`` (``module:function`` for one that plays at two moments),
#: run after the data steps in this order; each step reads and moves the demo's clock (``ctx.clock``), so a
#: module placed here plays at its moment of the edition.
STEP_MODULES: list[str] = [
    "services.demo.call",
    "services.scheduler.demo",
    "services.openagenda.demo:first_sync_steps",
    "services.notifier.demo",
    "services.scheduler.programme.demo",
    "services.demo.season",
    "services.openagenda.demo:after_change_steps",
    "services.budget.demo",
    "services.demo.budget_cap",
    "services.evaluation.demo",
    "services.network.demo",
    "shared.web.backoffice.demo",
    "services.notifier.demo",
]

# --- the data steps --------------------------------------------------------------------------------------------


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///…`` URL (``None`` for an in-memory database)."""
    path = url.split("///", 1)[-1] if "///" in url else ""
    return None if not path or path == ":memory:" else Path(path)


def check_reset_allowed(settings: Settings, *, force: bool) -> None:
    """Refuse before anything is touched when the configured database is PostgreSQL and not forced."""
    if not settings.database_url.startswith("sqlite") and not force:
        raise DemoRefused(translate(MESSAGES, "refuse_pg", settings.locale, url=_safe_url(settings.database_url)))


def _safe_url(url: str) -> str:
    """The URL without its password, fit to print."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def reset_database(ctx: DemoContext) -> list[str]:
    """Delete the SQLite file (or, forced, downgrade PostgreSQL to nothing) and migrate to the latest schema."""
    from shared.bootstrap import bootstrap
    from shared.db import dispose_engines
    from shared.migrate import downgrade, upgrade

    settings = ctx.settings
    check_reset_allowed(settings, force=ctx.force)
    dispose_engines()
    if settings.email_backend == "file":  # the outbox of an earlier demo would be counted as this one's
        for eml in settings.outbox_dir.glob("[0-9]*-*.eml"):  # the file backend's names only
            eml.unlink(missing_ok=True)
    if settings.database_url.startswith("sqlite"):
        path = sqlite_path(settings.database_url)
        if path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        bootstrap(settings, migrate=True)
        return [ctx.t("sqlite_reset", path=path or ":memory:")]
    downgrade(settings.database_url, "base")
    upgrade(settings.database_url)
    dispose_engines()
    bootstrap(settings, migrate=False)
    return [ctx.t("pg_reset", url=_safe_url(settings.database_url))]


def load_edition(ctx: DemoContext) -> list[str]:
    """Save the generated demo edition (about 15 venues, 35 rooms, 120 sessions, 30 partners, 80 speakers)."""
    from shared.db import unit_of_work
    from shared.scenario.generate import generate_scenario
    from shared.scenario.store import save_scenario

    scenario = generate_scenario(sessions=ctx.sessions, seed=ctx.seed)
    with unit_of_work() as session:
        ctx.edition_id = save_scenario(session, scenario).id
    ctx.edition_code = scenario.edition.id
    counts = {
        "venues": len(scenario.venues),
        "rooms": len(scenario.rooms()),
        "partners": len(scenario.partners),
        "speakers": len(scenario.speakers),
        "sessions": len(scenario.sessions),
    }
    ctx.facts.update(counts)
    return [ctx.t("edition", code=scenario.edition.id, name=scenario.edition.name), ctx.t("places", **counts)]


def add_people(ctx: DemoContext) -> list[str]:
    """Participants, registrations, contacts, descriptions, other proposals and the lead's account."""
    from services.demo.data import add_demo_data
    from services.demo.places import make_places_true
    from shared.db import unit_of_work

    if ctx.edition_id is None:
        raise RuntimeError("the demo edition must be loaded first")
    with unit_of_work() as session:
        report = add_demo_data(
            session, edition_id=ctx.edition_id, seed=ctx.seed, participants=ctx.participants, registrations=False
        )
        make_places_true(session, edition_id=ctx.edition_id)
    ctx.facts["other_proposals"] = dict(report.other_proposals)
    return [
        ctx.t(
            "other_proposals", **{k: report.other_proposals.get(k, 0) for k in ("submitted", "rejected", "withdrawn")}
        ),
        ctx.t("lead", email=report.lead_email),
    ]


def write_scenario_file(ctx: DemoContext) -> list[str]:
    """Export the edition as the optimiser sees it, for ``festplan solve`` and the benchmarks."""
    from shared.db import unit_of_work
    from shared.scenario.dump import dump_scenario, write_json
    from shared.scenario.store import load_scenario_from_db

    with unit_of_work() as session:
        scenario = load_scenario_from_db(session, ctx.edition_code)
    path = ctx.demo_dir / "scenario.json"
    write_json(path, dump_scenario(scenario))
    ctx.outputs["scénario"] = path
    return [ctx.t("written", path=path)]


def data_steps(locale: str = "fr") -> list[DemoStep]:
    def name(key: str) -> str:
        return translate(MESSAGES, key, locale)

    return [
        DemoStep(name("step_reset"), reset_database),
        DemoStep(name("step_load"), load_edition),
        DemoStep(name("step_data"), add_people),
        DemoStep(name("step_file"), write_scenario_file),
    ]


def demo_steps(locale: str = "fr") -> list[DemoStep]:
    """The data steps, then every step the other services registered in :data:`STEP_MODULES`."""
    steps = data_steps(locale)
    for entry in STEP_MODULES:
        module, _, function = entry.partition(":")
        steps.extend(getattr(importlib.import_module(module), function or "demo_steps")())
    return steps


def run_demo(
    ctx: DemoContext,
    *,
    steps: list[DemoStep] | None = None,
    on_step: Callable[[StepResult], None] | None = None,
) -> list[StepResult]:
    """Run the steps in order (stopping at the first that raises), reporting each one as it finishes."""
    check_reset_allowed(ctx.settings, force=ctx.force)
    results = []
    for step in steps if steps is not None else demo_steps(ctx.settings.locale):
        started = time.perf_counter()
        try:
            with using(ctx.clock):
                lines = step.run(ctx)
        except DemoRefused:
            raise
        except Exception as exc:
            raise DemoStepFailed(step.name, exc) from exc
        result = StepResult(name=step.name, lines=list(lines), seconds=time.perf_counter() - started)
        results.append(result)
        if on_step is not None:
            on_step(result)
    return results
