"""Commands of the scheduler service: ``check`` scores a schedule file against its scenario."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from shared.settings import get_settings

T = TypeVar("T")


class Lang(StrEnum):
    """Languages of the messages."""

    fr = "fr"
    en = "en"


def _read_or_exit(path: Path, load: Callable[[Path], T]) -> T:
    """The document in ``path``; an unreadable or invalid file ends the command with exit code 2, naming the
    file (and the JSON path of the first problem)."""
    from shared.scenario.parse import FormatError

    try:
        return load(path)
    except FormatError as exc:
        problem = f"{exc.path}: {exc.message}"
    except OSError as exc:
        problem = f"{exc.strerror or exc}"
    typer.echo(f"{path}: {problem}", err=True)
    raise typer.Exit(2)


def check_command(
    scenario_file: Annotated[Path, typer.Argument(metavar="SCENARIO.json", help="Le scénario / the scenario.")],
    schedule_file: Annotated[Path, typer.Argument(metavar="PROGRAMME.json", help="Le programme / the schedule.")],
    as_json: Annotated[bool, typer.Option("--json", help="Un objet JSON / one JSON object.")] = False,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Langue / language (défaut : FESTPLAN_LOCALE).")] = None,
) -> None:
    """Vérifier un programme et recalculer son score exact. / Check a schedule and recompute its exact score.

    Code de sortie : 0 valide, 1 invalide, 2 fichier illisible. / Exit 0 valid, 1 invalid, 2 unreadable file.
    """
    from services.scheduler.domain.checker.check import check
    from services.scheduler.domain.checker.render import render_json, render_text
    from shared.scenario.parse import load_scenario, load_schedule

    locale = lang.value if lang is not None else get_settings().locale
    scenario = _read_or_exit(scenario_file, load_scenario)
    schedule = _read_or_exit(schedule_file, load_schedule)

    report = check(scenario, schedule)
    if as_json:
        typer.echo(json.dumps(render_json(report, declared=schedule.score, locale=locale), ensure_ascii=False))
    else:
        editions = (schedule.scenario_edition, scenario.edition.id)
        for line in render_text(report, declared=schedule.score, locale=locale, editions=editions):
            typer.echo(line)
    raise typer.Exit(0 if report.valid else 1)


def solve_command(
    scenario_file: Annotated[Path, typer.Option("--scenario", metavar="IN.json", help="Le scénario / the scenario.")],
    out_file: Annotated[Path, typer.Option("--out", metavar="OUT.json", help="Le programme écrit / schedule written.")],
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", min=0.1, help="Secondes (défaut : FESTPLAN_SOLVER_TIME_LIMIT) / seconds."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Processus du solveur (défaut : FESTPLAN_SOLVER_WORKERS) / solver workers."
        ),
    ] = None,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Langue / language (défaut : FESTPLAN_LOCALE).")] = None,
) -> None:
    """Optimiser un scénario et écrire le programme. / Optimise a scenario and write the schedule.

    Code de sortie : 0 programme valide écrit, 1 infaisable ou aucun programme valide trouvé, 2 fichier illisible.
    / Exit 0 valid schedule written, 1 infeasible or none found, 2 unreadable file.
    """
    from rich.console import Console
    from rich.table import Table

    from services.scheduler.domain.solve.solver import solve
    from shared.scenario.dump import dump_schedule, write_json
    from shared.scenario.parse import load_scenario

    settings = get_settings()
    locale = lang.value if lang else settings.locale
    scenario = _read_or_exit(scenario_file, load_scenario)
    result = solve(
        scenario,
        time_limit=time_limit or settings.solver_time_limit,
        workers=workers or settings.solver_workers,
        locale=locale,
    )
    schedule = result.schedule
    write_json(out_file, dump_schedule(schedule))
    fr = locale == "fr"
    score, bound = schedule.score, schedule.bound or {}
    table = Table(title=f"festplan solve → {out_file}", show_header=False)
    rows = [
        ("statut" if fr else "status", schedule.status),
        (
            "placées / non placées" if fr else "placed / unplaced",
            f"{len(schedule.assignments)} / {len(schedule.unplaced)}",
        ),
        (
            "score (poids non placé, pénalité)" if fr else "score (unplaced weight, penalty)",
            f"{score.unplaced_weight}, {score.soft_penalty}" if score else "—",
        ),
        (
            "borne prouvée" if fr else "proven bound",
            f"{bound.get('unplaced_weight', '—')}, {bound.get('soft_penalty', '—')}",
        ),
        ("secondes" if fr else "seconds", str((schedule.solver or {}).get("seconds", "—"))),
    ]
    for label, value in rows:
        table.add_row(label, value)
    Console(stderr=False).print(table)
    raise typer.Exit(0 if schedule.status in ("optimal", "feasible") else 1)


def register(app: typer.Typer) -> None:
    """Add the scheduler commands to the root festplan app."""
    from services.scheduler.runs import cli as cli_runs

    cli_runs.register(app)
    app.command("check")(check_command)
    app.command("solve")(solve_command)
