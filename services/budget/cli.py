"""``festplan budget show [--json]``, ``festplan budget export --out FILE.xlsx`` and ``festplan import costs``.

Each command is an edge: one unit of work, committed only when the whole command succeeded.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from services.budget import service
from services.budget.texts import BudgetError, say
from shared.db import unit_of_work
from shared.settings import get_settings

budget_app = typer.Typer(help="Budget de l'édition : enveloppe, lignes, dépenses. / The edition's budget.")
EditionOption = typer.Option(None, "--edition", "-e", help="Code de l'édition (par défaut la plus récente).")


def _locale() -> str:
    return get_settings().locale


def _start() -> None:
    from shared.bootstrap import bootstrap

    bootstrap()


def _fail(exc: BudgetError) -> typer.Exit:
    typer.echo(f"festplan: {exc.message(_locale())}", err=True)
    return typer.Exit(1)


@budget_app.command("show")
def show(
    edition: str = EditionOption,
    as_json: bool = typer.Option(False, "--json", help="Un objet JSON (montants TTC en euros, exacts)."),
) -> None:
    """Montre l'enveloppe : prévu, engagé, service fait, payé, par ligne et territoire, reste, alertes."""
    from services.budget.views import summary_json, summary_lines

    _start()
    try:
        with unit_of_work() as session:
            found = service.resolve_edition(session, edition)
            figures = service.summary(session, found)
            code = found.code
    except BudgetError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(json.dumps(summary_json(figures, edition=code, locale=_locale()), ensure_ascii=False))
        return
    for line in summary_lines(figures, edition=code, locale=_locale()):
        typer.echo(line)


@budget_app.command("export")
def export(
    out: Path = typer.Option(..., "--out", metavar="FICHIER.xlsx", help="Le classeur écrit."),
    edition: str = EditionOption,
) -> None:
    """Écrit le classeur du service financier : une feuille par statut, les totaux par ligne."""
    from services.budget.export import write_workbook

    _start()
    try:
        with unit_of_work() as session:
            found = service.resolve_edition(session, edition)
            path = write_workbook(session, edition=found, path=out)
    except BudgetError as exc:
        raise _fail(exc) from None
    typer.echo(say("exported", _locale(), path=path))


def import_costs(
    file: Path = typer.Argument(..., metavar="FICHIER", help="Export des engagements (csv ou xlsx)."),
    edition: str = EditionOption,
    confirm_over: bool = typer.Option(
        False, "--confirmer-depassement", help="Accepter les engagements qui dépassent l'enveloppe."
    ),
) -> None:
    """Met à jour les statuts des dépenses d'après l'export des engagements du service financier (par référence).

    Tout ou rien : à la moindre erreur, aucune ligne n'est enregistrée et chaque erreur est listée.
    """
    from services.budget.import_costs import ImportRefused
    from services.budget.import_costs import import_costs as run_import

    _start()
    try:
        with unit_of_work() as session:
            found = service.resolve_edition(session, edition)
            result = run_import(session, edition=found, path=file, who="cli", confirm_over=confirm_over)
    except BudgetError as exc:
        raise _fail(exc) from None
    except ImportRefused as exc:
        for error in exc.errors:
            typer.echo(error, err=True)
        typer.echo(say("import_refused", _locale(), file=file.name, count=len(exc.errors)), err=True)
        raise typer.Exit(1) from None
    typer.echo(say("import_done", _locale(), file=file.name, updated=result.updated, unchanged=result.unchanged))


def register(app: typer.Typer, *, import_app: typer.Typer) -> None:
    """Add ``budget`` to the root app and ``costs`` to the ``import`` group; install the budget's seams."""
    from services.budget.wiring import install

    install()
    app.add_typer(budget_app, name="budget")
    import_app.command("costs")(import_costs)
