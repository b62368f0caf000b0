"""``festplan optimise``, ``runs``, ``diff``, ``publish``, ``pin``, ``unpin``, ``pins``, ``versions``.

Each command is an edge: it opens one unit of work, calls the service, and the commit at the end of the
block is what enqueues the solve or lets the publication's emails leave.
"""

from __future__ import annotations

import json
import threading
import time as clock
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table
from sqlalchemy.orm import Session

from services.scheduler import repository as repo
from services.scheduler.publish import service as publishing
from services.scheduler.runs import costs as run_costs
from services.scheduler.runs import service
from services.scheduler.runs.repository import FINISHED
from services.scheduler.texts import describe_diff, say
from shared.db import unit_of_work
from shared.models.scheduling import OptimisationRun
from shared.settings import get_settings

POLL_SECONDS = 0.5
#: How long ``--wait`` waits beyond the run's own time limit (queue, model building, storing).
WAIT_MARGIN_SECONDS = 600.0

EditionOption = typer.Option(None, "--edition", "-e", help="Code de l'édition (par défaut la plus récente).")


def _locale() -> str:
    return get_settings().locale


def _fail(exc: service.SchedulerError) -> typer.Exit:
    typer.echo(f"festplan: {exc.message(_locale())}", err=True)
    return typer.Exit(1)


@contextmanager
def _service_session() -> Iterator[Session]:
    """The command's unit of work: committed at the end of the block; a refusal of the service rolls it back and
    ends the command with its sentence on stderr (exit 1)."""
    try:
        with unit_of_work() as session:
            yield session
    except service.SchedulerError as exc:
        raise _fail(exc) from None


def _start() -> None:
    from shared.bootstrap import bootstrap

    bootstrap()


def optimise(
    time_limit: float = typer.Option(
        None, "--time-limit", help="Secondes de calcul (défaut FESTPLAN_SOLVER_TIME_LIMIT)."
    ),
    workers: int = typer.Option(None, "--workers", help="Processus du solveur (défaut FESTPLAN_SOLVER_WORKERS)."),
    wait: bool = typer.Option(False, "--wait", help="Attendre la fin en affichant la progression."),
    edition: str = EditionOption,
    budget_cap: str = typer.Option(
        None, "--budget-cap", metavar="EUR", help="Plafond des coûts variables TTC en euros (contrainte dure)."
    ),
) -> None:
    """Optimise le programme de l'édition (file « solver ») ; une seule optimisation par édition à la fois."""
    _start()
    in_process = get_settings().eager and wait
    try:
        cap = run_costs.cap_cents(budget_cap)
    except ValueError:
        raise _fail(service.Invalid("bad_budget_cap", value=budget_cap)) from None
    with _service_session() as session:
        run = service.start_run(
            session,
            edition_code=edition,
            time_limit=time_limit,
            workers=workers,
            triggered_by="cli",
            enqueue=not in_process,
            budget_cap_cents=cap,
        )
        run_id, params = run.id, dict(run.parameters)
    typer.echo(say("cli_queued", _locale(), run=run_id, limit=params["time_limit"], workers=params["workers"]))
    if not wait:
        return
    worker = None
    errors: list[BaseException] = []
    if in_process:
        # No broker: the solve runs here, in a thread, while this one shows its progress from the run row.
        from services.scheduler.tasks import solve

        def work() -> None:
            try:
                solve(run_id)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        worker = threading.Thread(target=work, name="festplan-solve", daemon=True)
        worker.start()
    run = _watch(run_id, limit=float(params["time_limit"]), worker=worker)
    if errors:
        raise errors[0]
    _report(run)


def _watch(run_id: int, *, limit: float, worker: threading.Thread | None) -> OptimisationRun:
    console = Console(stderr=True)
    deadline = clock.monotonic() + limit + WAIT_MARGIN_SECONDS
    with Live(console=console, refresh_per_second=4, transient=True) as live:
        while True:
            with unit_of_work() as session:
                run = repo.get_run(session, run_id)
                ahead = repo.runs_ahead(session, edition_id=run.edition_id, run_id=run_id) if run else 0
            worker_done = worker is not None and not worker.is_alive()
            if run is not None and (worker_done or (worker is None and run.status in FINISHED)):
                return run
            live.update(_progress_line(run_id, run, ahead=ahead, limit=limit))
            if clock.monotonic() > deadline:
                typer.echo(
                    say(
                        "cli_wait_timeout",
                        _locale(),
                        run=run_id,
                        status=run.status if run else "?",
                        seconds=limit + WAIT_MARGIN_SECONDS,
                    ),
                    err=True,
                )
                raise typer.Exit(3)
            clock.sleep(POLL_SECONDS)


def _progress_line(run_id: int, run: OptimisationRun | None, *, ahead: int, limit: float) -> str:
    if run is None or run.status == "queued":
        if ahead:
            return say("cli_waiting_ahead", _locale(), run=run_id, ahead=ahead)
        return say("cli_waiting", _locale(), run=run_id)
    progress = run.progress or {}
    return say(
        "cli_progress",
        _locale(),
        run=run_id,
        elapsed=float(progress.get("elapsed") or 0.0),
        limit=limit,
        unplaced=_or_dash(progress.get("unplaced_weight")),
        soft=_or_dash(progress.get("soft_penalty")),
        bound=f"{_or_dash(progress.get('bound_unplaced_weight'))}/{_or_dash(progress.get('bound_soft_penalty'))}",
        solutions=progress.get("solutions") or 0,
    )


def _or_dash(value: object) -> str:
    return "–" if value is None else str(value)


def _report(run: OptimisationRun) -> None:
    if run.status == "failed":
        typer.echo(say("cli_failed", _locale(), run=run.id, error=(run.error or "?").splitlines()[0]), err=True)
        raise typer.Exit(1)
    schedule = run.schedule or {}
    typer.echo(
        say(
            "cli_done",
            _locale(),
            run=run.id,
            status=run.status,
            schedule_status=run.schedule_status,
            seconds=run.solve_seconds or 0.0,
            placed=len(schedule.get("assignments", [])),
            unplaced=len(schedule.get("unplaced", [])),
            weight=run.unplaced_weight,
            soft=run.soft_penalty,
            bound=f"{_or_dash(run.bound_unplaced_weight)}/{_or_dash(run.bound_soft_penalty)}",
            hard=run.hard_violations,
        )
    )
    if (run.parameters or {}).get("costs"):
        cap = (run.parameters or {}).get("budget_cap_cents")
        cost, cap_words = run_costs.variable_cost_cents(run), run_costs.say("none", _locale())
        cap_words = cap_words if cap is None else run_costs.words(int(cap), _locale())
        typer.echo(run_costs.say("cost_line", _locale(), cost=run_costs.words(cost, _locale()), cap=cap_words))
    for item in schedule.get("unplaced", []):
        typer.echo(f"  · {item['session']} : {'; '.join(item.get('reasons') or [])}")


def runs(
    edition: str = EditionOption,
    limit: int = typer.Option(20, help="Nombre de lignes."),
    as_json: bool = typer.Option(False, "--json", help="Une liste JSON (score et coût variable de chaque run)."),
) -> None:
    """Liste les optimisations de l'édition, la plus récente d'abord, avec leur score et leur version publiée."""
    _start()
    with _service_session() as session:
        found = service.resolve_edition(session, edition)
        rows = service.list_runs(session, edition_code=found.code, limit=limit)
        versions = {v.run_id: v.number for v in service.list_versions(session, edition_code=found.code)}
        if as_json:
            typer.echo(json.dumps([runs_json(run, versions) for run in rows], ensure_ascii=False))
            return
    if not rows:
        typer.echo(say("cli_no_runs", _locale(), edition=found.code))
        return
    table = Table(title=say("cli_runs_title", _locale(), edition=found.code))
    headers = (
        "n°",
        "statut",
        "demandée",
        "durée (s)",
        "non placé",
        "pénalité",
        "borne",
        "viol.",
        "coût var.",
        "version",
    )
    for header in headers:
        table.add_column(header)
    for run in rows:
        table.add_row(
            str(run.id),
            run.status + (f" ({run.schedule_status})" if run.schedule_status else ""),
            run.created_at.astimezone().strftime("%d/%m %H:%M:%S"),
            _or_dash(run.solve_seconds),
            _or_dash(run.unplaced_weight),
            _or_dash(run.soft_penalty),
            f"{_or_dash(run.bound_unplaced_weight)}/{_or_dash(run.bound_soft_penalty)}",
            _or_dash(run.hard_violations),
            run_costs.words(run_costs.variable_cost_cents(run), _locale()),
            _or_dash(versions.get(run.id)),
        )
    Console(width=160).print(table)


def runs_json(run: OptimisationRun, versions: dict[int, int]) -> dict[str, Any]:
    """One run for ``runs --json``: its score beside its variable cost (exact decimal euros, TTC)."""
    return {
        "id": run.id,
        "status": run.status,
        "schedule_status": run.schedule_status,
        "created_at": run.created_at.isoformat(),
        "score": run_costs.score_json(run),
        **run_costs.cost_fields(run),
        "version": versions.get(run.id),
    }


def diff(run_id: int = typer.Argument(..., metavar="RUN", help="Numéro de l'optimisation.")) -> None:
    """Montre ce que la publication de RUN changerait (sessions, personnes concernées, points d'attention)."""
    _start()
    with _service_session() as session:
        run = service.get_run(session, run_id)
        current = service.published_version(session, run.edition_id)
        result = service.diff(session, run_id)
        cost_line = run_costs.diff_words(run, repo.get_run(session, current.run_id) if current else None, _locale())
    if current is None:
        typer.echo(say("diff_first", _locale()))
    else:
        typer.echo(say("diff_against", _locale(), number=current.number, run=current.run_id))
    for line in describe_diff(result, _locale()):
        typer.echo(line)
    if cost_line is not None:
        typer.echo(cost_line)


def publish(
    run_id: int = typer.Argument(..., metavar="RUN", help="Numéro de l'optimisation à publier."),
    message: str = typer.Option(None, "--message", "-m", help="Message du journal des versions."),
    hold_mail: bool = typer.Option(False, "--hold-mail", help="Retenir les courriels jusqu'à relecture."),
) -> None:
    """Publie RUN comme nouvelle version numérotée du programme et prévient les personnes concernées."""
    _start()
    with _service_session() as session:
        version = service.publish(session, run_id=run_id, message=message, hold_mail=hold_mail, published_by="cli")
        number = version.number
        count = sum(publishing.announcements_of(session, version.id).values())
    held = say("cli_held", _locale(), number=number) if hold_mail and count else ""
    typer.echo(say("cli_published", _locale(), number=number, run=run_id, count=count, held=held))


def _listed(list_rows: Callable[..., list[Any]], *, edition: str | None, none_key: str) -> list[Any]:
    """The rows a listing command prints, read in its own unit of work; the sentence ``none_key`` when there are
    none."""
    _start()
    with _service_session() as session:
        rows = list_rows(session, edition_code=edition)
    if not rows:
        typer.echo(say(none_key, _locale()))
    return rows


def versions(edition: str = EditionOption) -> None:
    """Liste les versions publiées du programme, avec leur message."""
    for v in _listed(service.list_versions, edition=edition, none_key="cli_no_versions"):
        held = " [courriels retenus]" if v.mail_held and v.released_at is None else ""
        stamp = v.published_at.astimezone().strftime("%d/%m/%Y %H:%M")
        typer.echo(f"v{v.number} — optimisation n° {v.run_id} — {stamp}{held} — {v.message or ''}")


def pin(
    session_code: str = typer.Argument(..., metavar="SESSION", help="Code de la session."),
    room: str = typer.Option(None, "--room", help="Code de la salle."),
    on_date: str = typer.Option(None, "--date", help="Date AAAA-MM-JJ."),
    at_time: str = typer.Option(None, "--time", help="Heure de début HH:MM."),
    edition: str = EditionOption,
) -> None:
    """Épingle une session (salle, date et/ou heure) ; sans option, là où le programme publié la place."""
    _start()
    day = _parse(on_date, date.fromisoformat, "cli_bad_date")
    start = _parse(at_time, lambda v: datetime.strptime(v, "%H:%M").time(), "cli_bad_time")
    with _service_session() as session:
        row = service.pin(session, session_code=session_code, room=room, date=day, time=start, edition_code=edition)
        what = _pin_words(room_code=repo.room_code(session, row.room_id), on_date=row.on_date, at_time=row.at_time)
    typer.echo(say("cli_pinned", _locale(), session=session_code, what=what))


def _parse(value: str | None, parser: Any, key: str) -> Any:
    if value is None:
        return None
    try:
        return parser(value)
    except ValueError:
        typer.echo(f"festplan: {say(key, _locale(), value=value)}", err=True)
        raise typer.Exit(2) from None


def _pin_words(*, room_code: str | None, on_date: date | None, at_time: time | None) -> str:
    parts = []
    if room_code:
        parts.append(f"salle {room_code}")
    if on_date:
        parts.append(on_date.strftime("%d/%m/%Y"))
    if at_time:
        parts.append(at_time.strftime("%H:%M"))
    return ", ".join(parts)


def unpin(
    session_code: str = typer.Argument(..., metavar="SESSION", help="Code de la session."),
    edition: str = EditionOption,
) -> None:
    """Libère une session épinglée : les prochaines optimisations pourront la déplacer."""
    _start()
    with _service_session() as session:
        removed = service.unpin(session, session_code=session_code, edition_code=edition)
    typer.echo(say("cli_unpinned" if removed else "cli_not_pinned", _locale(), session=session_code))


def pins(edition: str = EditionOption) -> None:
    """Liste les sessions épinglées."""
    for row in _listed(service.list_pins, edition=edition, none_key="cli_no_pins"):
        labels = {"room": "salle", "date": "date", "time": "heure"} if _locale() == "fr" else {}
        what = ", ".join(f"{labels.get(k, k)} {v}" for k, v in row.items() if k != "session" and v)
        typer.echo(f"{row['session']} : {what}")


def register(app: typer.Typer) -> None:
    """Add the run commands to the root ``festplan`` app."""
    app.command("optimise")(optimise)
    app.command("runs")(runs)
    app.command("diff")(diff)
    app.command("publish")(publish)
    app.command("versions")(versions)
    app.command("pin")(pin)
    app.command("unpin")(unpin)
    app.command("pins")(pins)
