"""``festplan import scenario`` and ``festplan export scenario``: a whole edition from and to a format-1 file.

The import parses the whole file before it opens a transaction, so a broken file writes nothing; the
edition is then saved in one unit of work. The export reads the database and writes the file atomically.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from shared.i18n import translate
from shared.scenario import model as sc

MESSAGES = {
    "not_found": {"fr": "{file} : fichier introuvable", "en": "{file}: no such file"},
    "format_error": {"fr": "{file}: {path}: {message}", "en": "{file}: {path}: {message}"},
    "store_error": {"fr": "festplan : {message}", "en": "festplan: {message}"},
    "imported": {
        "fr": "Scénario importé : édition {code} « {name} »",
        "en": "Scenario imported: edition {code} “{name}”",
    },
    "exported": {
        "fr": "Scénario exporté : édition {code} → {file}",
        "en": "Scenario exported: edition {code} → {file}",
    },
    "col_what": {"fr": "élément", "en": "item"},
    "col_count": {"fr": "nombre", "en": "count"},
    "venues": {"fr": "lieux", "en": "venues"},
    "rooms": {"fr": "salles", "en": "rooms"},
    "speakers": {"fr": "intervenant·es", "en": "speakers"},
    "partners": {"fr": "partenaires", "en": "partners"},
    "sessions": {"fr": "sessions (propositions acceptées)", "en": "sessions (accepted proposals)"},
    "previous": {"fr": "placements publiés (version 1 « importé »)", "en": "published placements (version 1)"},
    "no_previous": {"fr": "aucun programme publié", "en": "no published schedule"},
}


def _locale() -> str:
    from shared.settings import get_settings

    return get_settings().locale


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, _locale(), **values)


def summary_table(scenario: sc.Scenario) -> Table:
    """The counts a person checks after an import or an export."""
    table = Table(show_header=True, header_style="bold")
    table.add_column(_t("col_what"))
    table.add_column(_t("col_count"), justify="right")
    rows = [
        ("venues", len(scenario.venues)),
        ("rooms", len(scenario.rooms())),
        ("speakers", len(scenario.speakers)),
        ("partners", len(scenario.partners)),
        ("sessions", len(scenario.sessions)),
    ]
    for key, count in rows:
        table.add_row(_t(key), str(count))
    if scenario.previous is None:
        table.add_row(_t("no_previous"), "—")
    else:
        table.add_row(_t("previous"), str(len(scenario.previous)))
    return table


def import_scenario(
    file: Path = typer.Argument(..., help="Fichier scénario JSON (format festplan-scenario/1)."),
    replace: bool = typer.Option(
        True, "--replace/--no-replace", help="Remplacer une édition de même code (sinon refuser)."
    ),
) -> None:
    """Importe une édition entière depuis un fichier scénario (lieux, salles, personnes, sessions, programme publié)."""
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.scenario.parse import load_scenario
    from shared.scenario.reading import FormatError
    from shared.scenario.store import ScenarioStoreError, save_scenario

    console = Console(stderr=True)
    if not file.is_file():
        console.print(_t("not_found", file=file), markup=False, highlight=False)
        raise typer.Exit(2)
    try:
        scenario = load_scenario(file)
    except FormatError as exc:
        console.print(_t("format_error", file=file, path=exc.path, message=exc.message), markup=False, highlight=False)
        raise typer.Exit(2) from None
    bootstrap()
    try:
        with unit_of_work() as session:
            save_scenario(session, scenario, replace=replace)
    except ScenarioStoreError as exc:
        console.print(_t("store_error", message=exc), markup=False, highlight=False)
        raise typer.Exit(1) from None
    out = Console()
    out.print(_t("imported", code=scenario.edition.id, name=scenario.edition.name), markup=False, highlight=False)
    out.print(summary_table(scenario))


def export_scenario(
    out: Path = typer.Option(..., "--out", "-o", help="Fichier JSON à écrire (remplacé de façon atomique)."),
    edition: str | None = typer.Option(None, "--edition", "-e", help="Code de l'édition (par défaut la plus récente)."),
) -> None:
    """Exporte une édition de la base en fichier scénario (sessions acceptées, dernier programme publié)."""
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.scenario.dump import dump_scenario, write_json
    from shared.scenario.store import ScenarioStoreError, load_scenario_from_db

    bootstrap()
    try:
        with unit_of_work() as session:
            scenario = load_scenario_from_db(session, edition)
    except ScenarioStoreError as exc:
        Console(stderr=True).print(_t("store_error", message=exc), markup=False, highlight=False)
        raise typer.Exit(1) from None
    write_json(out, dump_scenario(scenario))
    console = Console()
    console.print(_t("exported", code=scenario.edition.id, file=out), markup=False, highlight=False)
    console.print(summary_table(scenario))


def register(*, import_app: typer.Typer, export_app: typer.Typer) -> None:
    """Add ``scenario`` to the ``import`` and ``export`` groups."""
    import_app.command("scenario")(import_scenario)
    export_app.command("scenario")(export_scenario)
