"""Commands that belong to the platform rather than one service: database, API server, worker, beat."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import typer

from shared.settings import get_settings

if TYPE_CHECKING:
    from services.demo.summary import DemoSummary
    from shared.demo_steps import DemoContext

db_app = typer.Typer(help="Base de données : migrations.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Révision cible (par défaut la dernière).")) -> None:
    """Applique les migrations Alembic (SQLite ou PostgreSQL)."""
    from shared.migrate import current, upgrade

    upgrade(revision=revision)
    typer.echo(f"base à jour : révision {current()}")


@db_app.command("current")
def db_current() -> None:
    """Affiche la révision courante de la base."""
    from shared.migrate import current

    typer.echo(current() or "(vide)")


def serve(
    host: str = typer.Option("127.0.0.1", help="Adresse d'écoute."),
    port: int = typer.Option(8000, help="Port d'écoute."),
    workers: int = typer.Option(1, help="Processus uvicorn."),
    access_log: bool = typer.Option(
        True, "--access-log/--no-access-log", help="Une ligne de journal par requête / one log line per request."
    ),
    backlog: int = typer.Option(2048, help="Connexions en attente d'acceptation / pending connections."),
) -> None:
    """Lance l'application web (API, formulaires, programme public, /gestion/)."""
    import uvicorn

    from shared.bootstrap import bootstrap
    from shared.secret_key import require_secret_key
    from shared.settings import SettingsError
    from shared.web.http_protocol import NoDelayH11Protocol

    try:
        require_secret_key(get_settings(), bind_host=host)  # listening beyond this machine is a deployment
    except SettingsError as exc:
        typer.echo(f"festplan: {exc}", err=True)
        raise typer.Exit(2) from None
    bootstrap()  # migrate once here, not in every uvicorn worker
    uvicorn.run(
        "services.web:create_served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
        backlog=backlog,
        http=NoDelayH11Protocol,  # Nagle off with several workers too (see shared.web.http_protocol)
    )


def _require_broker() -> None:
    if not get_settings().broker_url:
        typer.echo(
            "festplan: FESTPLAN_BROKER_URL est vide — sans broker, les tâches s'exécutent dans le processus "
            "et aucun worker n'est nécessaire (ex. FESTPLAN_BROKER_URL=redis://127.0.0.1:6379/0)",
            err=True,
        )
        raise typer.Exit(2)


def worker(
    queues: str = typer.Option("mail,solver,default", "--queues", "-Q", help="Files à consommer."),
    concurrency: int = typer.Option(2, "--concurrency", "-c", help="Processus de travail."),
    loglevel: str = typer.Option("INFO", help="Niveau de journalisation."),
    pool: str = typer.Option("prefork", help="prefork, solo ou threads."),
) -> None:
    """Lance un worker Celery sur le broker (files mail et/ou solver)."""
    _require_broker()
    from shared.bootstrap import bootstrap
    from shared.celery_app import celery

    bootstrap(migrate=False)
    celery.worker_main(["worker", "-Q", queues, "-c", str(concurrency), "--loglevel", loglevel, "--pool", pool, "-E"])


def beat(loglevel: str = typer.Option("INFO", help="Niveau de journalisation.")) -> None:
    """Lance Celery beat : relais de la boîte d'envoi, courriels planifiés, questionnaires à leur date, rétention."""
    _require_broker()
    from shared.bootstrap import bootstrap
    from shared.celery_app import celery

    settings = bootstrap(migrate=False)
    schedule_file = settings.var_dir / "celerybeat-schedule"
    celery.start(["beat", "--loglevel", loglevel, "--schedule", str(schedule_file)])


def demo(
    force: bool = typer.Option(False, "--force", help="Autoriser l'effacement d'une base PostgreSQL."),
    participants: int | None = typer.Option(
        None, "--participants", min=50, help="Personnes qui s'inscrivent pendant la démo (300 par défaut)."
    ),
) -> None:
    """Recrée la base embarquée avec l'édition de démonstration (puis optimise, publie et envoie les courriels)."""
    from rich.console import Console

    from services.demo.run import DemoContext, DemoRefused, DemoStepFailed, StepResult, run_demo
    from services.demo.summary import summary_lines

    console = Console(highlight=False)
    ctx = DemoContext(settings=get_settings(), force=force)
    if participants is not None:
        ctx.participants = participants
    started = time.perf_counter()

    def show(result: StepResult) -> None:
        console.print(f"[bold]▸ {result.name}[/bold] ({result.seconds:.1f} s)", soft_wrap=True)
        for line in result.lines:
            console.print(f"  {line}", markup=False, soft_wrap=True)

    try:
        run_demo(ctx, on_step=show)
    except DemoRefused as exc:
        typer.echo(f"festplan: {exc}", err=True)
        raise typer.Exit(2) from None
    except DemoStepFailed as exc:
        typer.echo(f"festplan: {ctx.t('failed', error=exc)}", err=True)
        raise typer.Exit(1) from None
    total = time.perf_counter() - started
    summary = demo_summary(ctx)
    for line in summary_lines(summary, ctx.settings.locale):
        console.print(line, markup=False, soft_wrap=True)
    if summary.problems:
        console.print(f"[bold red]{ctx.t('not_ready', seconds=total)}[/bold red]")
        raise typer.Exit(1)
    console.print(f"[bold green]{ctx.t('ready', seconds=total)}[/bold green]")


def demo_summary(ctx: DemoContext) -> DemoSummary:
    """The closing summary of a demo run, read from the database it filled."""
    from services.demo.summary import read_summary
    from shared.db import unit_of_work

    with unit_of_work() as session:
        return read_summary(
            session,
            edition_id=ctx.edition_id,
            files=ctx.outputs,
            outbox_dir=ctx.settings.outbox_dir if ctx.settings.email_backend == "file" else None,
        )


def register(app: typer.Typer) -> None:
    """Add the platform commands to the root ``festplan`` app."""
    app.add_typer(db_app, name="db")
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("beat")(beat)
    app.command("demo")(demo)
