"""``festplan openagenda sync``: sync the edition with OpenAgenda now, in this process, and print the figures."""

from __future__ import annotations

from typing import Annotated

import typer

from services.openagenda.texts import TEXTS, t


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=TEXTS["cli_help"]["fr"], no_args_is_help=True)

    @group.command("sync", help=TEXTS["sync_help"]["fr"])
    def sync_command(
        edition: Annotated[str | None, typer.Option(help="Code de l'édition / Edition code")] = None,
    ) -> None:
        from services.openagenda import service
        from services.openagenda.tasks import synchronise
        from shared.bootstrap import bootstrap
        from shared.db import unit_of_work

        bootstrap()
        if not service.configured():
            typer.echo(t("not_configured"), err=True)
            raise typer.Exit(2)
        with unit_of_work() as session:
            found = service.resolve_edition(session, edition)
            if found is None:
                typer.echo(t("no_edition", code=edition or ""), err=True)
                raise typer.Exit(1)
            edition_id = found.id
        result = synchronise(edition_id)
        if result.outcome == "stopped":
            typer.echo(result.message or result.outcome, err=True)
        with unit_of_work() as session:
            found = service.resolve_edition(session, edition)
            assert found is not None
            for line in service.summary_lines(session, edition=found, report=result.report):
                typer.echo(line)
        if result.outcome in ("stopped", "busy"):
            raise typer.Exit(1)

    app.add_typer(group, name="openagenda")
