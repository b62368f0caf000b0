"""The demo's measure of what the optimiser's budget cap does: the edition solved without a cap, then with the
variable costs capped below what that run spent, and the two compared (cost, sessions placed, reasons).

It lives in the composition root because it drives the scheduler with the budget's cost table: neither
service imports the other. Nothing is published: the published programme stays the first one.
"""

from __future__ import annotations

import time as clock
from typing import TYPE_CHECKING

from services.scheduler import repository as scheduler_repo
from services.scheduler.runs import costs as run_costs
from services.scheduler.runs import service
from services.scheduler.runs.repository import FINISHED
from shared.db import unit_of_work
from shared.i18n import translate
from shared.models.scheduling import OptimisationRun
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

#: Seconds per solve (or ``FESTPLAN_SOLVER_TIME_LIMIT`` when lower, as in the tests).
TIME_LIMIT = 20.0
#: The cap, as a share of what the uncapped run spends: tight enough to bind.
CAP_SHARE = 0.8
WAIT_MARGIN_SECONDS = 600.0
CAP_WORDS = "plafond budgétaire"

MESSAGES = {
    "step": {"fr": "mesurer l'effet du plafond budgétaire", "en": "measure the budget cap's effect"},
    "uncapped": {
        "fr": "sans plafond (optimisation n° {run}) : coûts variables {cost}, {placed} session(s) placée(s)",
        "en": "no cap (run #{run}): variable costs {cost}, {placed} session(s) placed",
    },
    "capped": {
        "fr": "plafond {cap} (optimisation n° {run}) : coûts variables {cost} ({delta}), {placed} session(s) "
        "placée(s), {by_cap} non placée(s) à cause du plafond",
        "en": "cap {cap} (run #{run}): variable costs {cost} ({delta}), {placed} session(s) placed, "
        "{by_cap} unplaced because of the cap",
    },
    "no_costs": {
        "fr": "pas de table de coûts (pas d'enveloppe) : mesure impossible",
        "en": "no cost table (no envelope): nothing to measure",
    },
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def solve_and_wait(*, edition_code: str | None, cap_cents: int | None) -> OptimisationRun:
    """Record a run (with the cost table the budget provides), let it solve, and return it finished."""
    limit = min(TIME_LIMIT, get_settings().solver_time_limit)
    with unit_of_work() as session:
        run_id = service.start_run(
            session, edition_code=edition_code, time_limit=limit, triggered_by="demo", budget_cap_cents=cap_cents
        ).id
    deadline = clock.monotonic() + limit + WAIT_MARGIN_SECONDS
    while True:
        with unit_of_work() as session:
            run = scheduler_repo.get_run(session, run_id)
            if run is not None and run.status in FINISHED:
                session.expunge(run)
                return run
        if clock.monotonic() > deadline:
            raise RuntimeError(f"run {run_id} did not finish in time")
        clock.sleep(0.5)


def measure(*, edition_code: str | None) -> list[str]:
    locale = get_settings().locale
    free = solve_and_wait(edition_code=edition_code, cap_cents=None)
    cost = run_costs.variable_cost_cents(free)
    if cost is None:
        return [_t("no_costs")]
    cap = int(cost * CAP_SHARE) // 10_000 * 10_000  # a round figure in hundreds of euros
    capped = solve_and_wait(edition_code=edition_code, cap_cents=cap)
    capped_cost = run_costs.variable_cost_cents(capped)
    unplaced = (capped.schedule or {}).get("unplaced", [])
    by_cap = sum(1 for u in unplaced if any(CAP_WORDS in r for r in u.get("reasons") or []))
    return [
        _t("uncapped", run=free.id, cost=run_costs.words(cost, locale), placed=_placed(free)),
        _t(
            "capped",
            cap=run_costs.words(cap, locale),
            run=capped.id,
            cost=run_costs.words(capped_cost, locale),
            delta=run_costs.words(None if capped_cost is None else capped_cost - cost, locale, signed=True),
            placed=_placed(capped),
            by_cap=by_cap,
        ),
    ]


def _placed(run: OptimisationRun) -> int:
    return len((run.schedule or {}).get("assignments", []))


def demo_steps() -> list[DemoStep]:
    """The step ``services.demo.run`` runs when this module is listed in its ``STEP_MODULES``."""
    from shared.demo_steps import DemoStep

    def run(ctx: DemoContext) -> list[str]:
        return measure(edition_code=ctx.edition_code)

    return [DemoStep(name=_t("step"), run=run)]
