"""Commands of the ingest service: the ``import`` and ``export`` groups.

Each kind of file adds its own command to these groups (``import scenario``, ``export scenario`` and the
spreadsheets here; the programme's export is added by the composition root, ``services/cli.py``).
"""

from __future__ import annotations

import typer

from services.ingest.backoffice.cli import register_backoffice
from services.ingest.directory import scenario_cli as scenario_commands
from services.ingest.directory.tokens_cli import token_app
from services.ingest.imports import cli as import_commands

import_app = typer.Typer(
    help="Importer des données dans la base (scénario, tableurs). / Import data.",
    no_args_is_help=True,
)
export_app = typer.Typer(
    help="Exporter des données de la base (scénario, programme). / Export data.",
    no_args_is_help=True,
)

scenario_commands.register(import_app=import_app, export_app=export_app)


def register(app: typer.Typer) -> None:
    """Add the ingest commands to the root festplan app (the spreadsheet kinds known now, the other services' too)."""
    import_commands.register(import_app=import_app)
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
    app.add_typer(token_app, name="token")
    register_backoffice(app)
