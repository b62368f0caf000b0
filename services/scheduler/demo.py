"""The scheduler's step of ``festplan demo``: optimise the demo edition and publish it as version 1."""

from __future__ import annotations

import time as clock
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from services.scheduler import repository as repo
from services.scheduler.publish import service as publishing
from services.scheduler.runs import service
from services.scheduler.runs.repository import FINISHED
from shared.db import unit_of_work
from shared.i18n import translate
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

#: Enough for the 120-session demo edition to reach a good programme on two cores, short enough to wait for.
DEMO_TIME_LIMIT = 30.0
WAIT_MARGIN_SECONDS = 600.0
#: When the demo's first version is published: early July, before registrations open on 1 September.
PUBLISH_AT = datetime(2023, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))

MESSAGES = {
    "step": {"fr": "optimiser et publier le programme", "en": "optimise and publish the programme"},
    "run": {
        "fr": "optimisation n° {run} : {status}, {placed} session(s) placée(s), {unplaced} non placée(s), "
        "poids non placé {weight}, pénalité {soft} (borne {bound_soft}), {seconds:.1f} s",
        "en": "run #{run}: {status}, {placed} session(s) placed, {unplaced} unplaced, unplaced weight {weight}, "
        "penalty {soft} (bound {bound_soft}), {seconds:.1f} s",
    },
    "failed": {"fr": "l'optimisation n° {run} a échoué : {error}", "en": "run #{run} failed: {error}"},
    "timeout": {"fr": "l'optimisation n° {run} n'a pas fini à temps", "en": "run #{run} did not finish in time"},
    "version": {
        "fr": "version n° {number} publiée : {emails} courriel(s) enregistré(s) ({kinds})",
        "en": "version {number} published: {emails} email(s) recorded ({kinds})",
    },
    "message": {"fr": "Programme de démonstration", "en": "Demo programme"},
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def optimise_and_publish(
    *, edition_code: str | None = None, time_limit: float = DEMO_TIME_LIMIT, message: str | None = None
) -> list[str]:
    """Run one optimisation of the edition, wait for it (in-process or on a worker), and publish it."""
    with unit_of_work() as session:
        run_id = service.start_run(
            session, edition_code=edition_code, time_limit=time_limit, workers=None, triggered_by="demo"
        ).id
    deadline = clock.monotonic() + time_limit + WAIT_MARGIN_SECONDS
    while True:
        with unit_of_work() as session:
            run = repo.get_run(session, run_id)
        if run is not None and run.status in FINISHED:
            break
        if clock.monotonic() > deadline:
            raise RuntimeError(_t("timeout", run=run_id))
        clock.sleep(0.5)
    if run.status == "failed":
        raise RuntimeError(_t("failed", run=run_id, error=(run.error or "?").splitlines()[0]))
    schedule = run.schedule or {}
    lines = [
        _t(
            "run",
            run=run_id,
            status=run.schedule_status,
            placed=len(schedule.get("assignments", [])),
            unplaced=len(schedule.get("unplaced", [])),
            weight=run.unplaced_weight,
            soft=run.soft_penalty,
            bound_soft="–" if run.bound_soft_penalty is None else run.bound_soft_penalty,
            seconds=run.solve_seconds or 0.0,
        )
    ]
    with unit_of_work() as session:
        version = service.publish(session, run_id=run_id, message=message or _t("message"), published_by="demo")
        number = version.number
        counts = dict(publishing.announcements_of(session, version.id))
    kinds = ", ".join(f"{kind} × {count}" for kind, count in sorted(counts.items()))
    lines.append(_t("version", number=number, emails=sum(counts.values()), kinds=kinds or "–"))
    return lines


def demo_steps() -> list[DemoStep]:
    """The step ``services.demo.run`` runs when this module is listed in its ``STEP_MODULES``."""
    from shared.demo_steps import DemoStep

    def run(ctx: DemoContext) -> list[str]:
        ctx.clock.move_to(PUBLISH_AT)
        return optimise_and_publish(edition_code=ctx.edition_code)

    return [DemoStep(name=_t("step"), run=run)]
