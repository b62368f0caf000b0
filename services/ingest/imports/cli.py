"""``festplan import KIND FILE [--dry-run] [--edition CODE]`` and ``festplan import template KIND --out FILE.xlsx``.

One subcommand per kind (``festplan import venues lieux.csv``) rather than a catch-all ``KIND`` argument, so
that ``import scenario`` and ``import template`` keep their own meaning and ``--help`` lists every kind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from services.ingest.imports.catalogue import kinds
from shared.i18n import translate
from shared.spreadsheets.importer import ImportRefused, ImportReport, import_file
from shared.spreadsheets.texts import CATALOG

COMMAND_MESSAGES = {
    "not_found": {"fr": "{file} : fichier introuvable", "en": "{file}: no such file"},
    "unknown_kind": {
        "fr": "type inconnu « {kind} » : types possibles {kinds}",
        "en": 'unknown kind "{kind}": possible kinds {kinds}',
    },
    "template_written": {"fr": "Modèle {kind} écrit : {file}", "en": "{kind} template written: {file}"},
    "template_suffix": {
        "fr": "{file} : le modèle est un classeur, nommez-le en .xlsx",
        "en": "{file}: the template is a workbook, name it .xlsx",
    },
}


def _locale() -> str:
    from shared.settings import get_settings

    return get_settings().locale


def _t(key: str, **values: object) -> str:
    table = COMMAND_MESSAGES if key in COMMAND_MESSAGES else CATALOG
    return translate(table, key, _locale(), **values)


def report_table(report: ImportReport) -> Table:
    """Created / updated / unchanged (and deleted) per kind of row, as the lead reads it after an import."""
    locale = _locale()
    table = Table(show_header=True, header_style="bold")
    table.add_column(_t("report.kind"))
    for what in ("created", "updated", "unchanged", "deleted"):
        table.add_column(_t(f"report.{what}"), justify="right")
    known = kinds()
    for name, counts in report.counts.items():
        spec = known[name].spec if name in known else None
        label = (spec.label_en if locale == "en" else spec.label_fr) if spec else name
        table.add_row(label, str(counts.created), str(counts.updated), str(counts.unchanged), str(counts.deleted))
    return table


def run_import(kind: str, file: Path, *, dry_run: bool, edition: str | None) -> None:
    """Import ``file`` as ``kind`` in one transaction, printing every error (exit 1) or what changed."""
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work

    errors = Console(stderr=True)
    if not file.is_file():
        errors.print(_t("not_found", file=file), markup=False, highlight=False)
        raise typer.Exit(2)
    data = file.read_bytes()
    bootstrap()
    try:
        with unit_of_work() as session:
            report = import_file(
                session, kind=kind, data=data, filename=file.name, edition_code=edition, dry_run=dry_run
            )
    except ImportRefused as refused:
        for message in refused.messages(_locale()):
            errors.print(message, markup=False, highlight=False, soft_wrap=True)
        errors.print(refused.summary(_locale()), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    out = Console()
    for warning in report.warnings:
        out.print(warning.render(report.file, _locale()), markup=False, highlight=False, soft_wrap=True)
    status = _t("report.dry_run") if dry_run else _t("report.saved")
    spec = kinds()[kind].spec
    label = spec.label_en if _locale() == "en" else spec.label_fr
    out.print(f"{_t('report.title', kind=label, file=report.file)} — {status}", markup=False, highlight=False)
    out.print(report_table(report))
    if report.invitations is not None:
        key = "report.invitations_dry" if dry_run else "report.invitations"
        out.print(_t(key, count=report.invitations), markup=False, highlight=False)


def _command_for(kind: str) -> Callable[..., None]:
    def command(
        file: Path = typer.Argument(..., help="Fichier .csv ou .xlsx (en-têtes en français ou en anglais)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Vérifier et compter sans rien enregistrer."),
        edition: str | None = typer.Option(
            None, "--edition", "-e", help="Code de l'édition (par défaut la seule de la base)."
        ),
    ) -> None:
        run_import(kind, file, dry_run=dry_run, edition=edition)

    command.__name__ = f"import_{kind}"
    return command


def template(
    kind: str = typer.Argument(
        ..., help="venues, rooms, partners, speakers, availability, proposals, participants ou registrations."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Classeur .xlsx à écrire."),
    english: bool = typer.Option(False, "--en", help="En-têtes et aide en anglais."),
) -> None:
    """Écrit un modèle vide (.xlsx) : les colonnes attendues, l'aide en deuxième ligne."""
    from services.ingest.imports.template import write_template

    errors = Console(stderr=True)
    known = kinds()
    if kind not in known:
        errors.print(_t("unknown_kind", kind=kind, kinds=", ".join(known)), markup=False, highlight=False)
        raise typer.Exit(2)
    if out.suffix.lower() != ".xlsx":
        errors.print(_t("template_suffix", file=out), markup=False, highlight=False)
        raise typer.Exit(2)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(write_template(known[kind].spec, "en" if english else _locale()))
    tmp.replace(out)
    Console().print(_t("template_written", kind=kind, file=out), markup=False, highlight=False)


def register(*, import_app: typer.Typer) -> None:
    """Add one ``import <kind>`` command per spreadsheet kind, and ``import template``.

    Called each time the group is added to an app, and adds only what is missing: a kind another service declares
    (the evaluation's attendance) may have registered after the group was first built.
    """
    known = {command.name for command in import_app.registered_commands}
    for name, handler in kinds().items():
        if name in known:
            continue
        spec = handler.spec
        import_app.command(
            name,
            help=f"Importe des {spec.label_fr} depuis un tableur (.csv ou .xlsx). / Import {spec.label_en}.",
        )(_command_for(name))
    if "template" not in known:
        import_app.command("template")(template)
