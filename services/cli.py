"""The ``festplan`` command: one typer app onto which each service registers its commands.

Settings are read (and validated) before any command runs, so a bad ``FESTPLAN_*`` variable stops
the process with one line instead of a traceback halfway through a job.
"""

from __future__ import annotations

import sys

import typer

from shared.secret_key import require_secret_key
from shared.settings import SettingsError, get_settings

app = typer.Typer(
    name="festplan",
    help="festplan — programme, optimisation et évaluation de « Culture et numérique ».",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register_services() -> None:
    """Let every service add its commands; imported lazily so `festplan --help` stays fast.

    The wiring is imported first: the import kinds other services add to ingest's importer (the evaluation's
    attendance) register when imported, and ``festplan import`` lists the kinds known when it is built.
    """
    from services import platform_cli, wiring  # noqa: F401
    from services.budget import cli as budget_cli
    from services.editions import cli as editions_cli
    from services.evaluation import cli as evaluation_cli
    from services.ingest import cli as ingest_cli
    from services.network import cli as network_cli
    from services.notifier import cli as notifier_cli
    from services.openagenda import cli as openagenda_cli
    from services.scheduler import cli as scheduler_cli
    from services.scheduler.programme import cli as programme_cli

    programme_cli.register_export(ingest_cli.export_app)  # `festplan export programme` beside ingest's exports
    modules = (platform_cli, ingest_cli, evaluation_cli, scheduler_cli, notifier_cli, openagenda_cli, network_cli)
    for module in (*modules, editions_cli):
        module.register(app)
    budget_cli.register(app, import_app=ingest_cli.import_app)


def main() -> None:
    """Console-script entry point."""
    try:
        require_secret_key(get_settings())
    except SettingsError as exc:
        print(f"festplan: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    from services.wiring import wire

    wire()
    _register_services()
    app()
