"""``festplan edition new --from CODE``: next year's edition from this one (places, partners, speakers, dates)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Éditions successives. / Editions that follow each other.", no_args_is_help=True)

    @group.command("new", help="Créer l'édition suivante à partir d'une édition (lieux, partenaires, intervenants).")
    def new(
        source: Annotated[str, typer.Option("--from", help="Code de l'édition reprise / Edition carried over")],
        code: Annotated[
            str | None, typer.Option(help="Code de la nouvelle édition (par défaut : année suivante)")
        ] = None,
        year: Annotated[int | None, typer.Option(help="Année de la nouvelle édition (par défaut : suivante)")] = None,
    ) -> None:
        from services.editions.school_calendar import CalendarUnknown
        from services.editions.service import EditionError, new_edition_from
        from shared.bootstrap import bootstrap
        from shared.db import unit_of_work
        from shared.i18n import format_date

        bootstrap()
        try:
            with unit_of_work() as session:
                report = new_edition_from(session, source_code=source, code=code, year=year)
        except (EditionError, CalendarUnknown) as exc:
            typer.echo(f"festplan edition new : {exc}", err=True)
            raise typer.Exit(1) from None
        holidays = report.school_holidays[0]
        typer.echo(
            f"édition {report.code} « {report.name} » : du {format_date(report.start)} au {format_date(report.end)} "
            f"(vacances de la Toussaint, zone A : {holidays['start']} → {holidays['end']})"
        )
        typer.echo(
            f"{report.venues} lieux, {report.rooms} salles, {report.partners} partenaires, "
            f"{report.speakers} intervenant·es repris ; coordonnées reprises pour {report.with_contacts} "
            f"personne(s) qui ont consenti, à redemander pour {report.without_contacts}"
        )
        for day, name in report.public_holidays.items():
            typer.echo(f"attention : {format_date(day)} est férié ({name})")

    app.add_typer(group, name="edition")
