"""``festplan export programme --format {xml,json,ics,xlsx,csv} --out FILE``, hooked into ingest's export group."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from shared.i18n import translate
from shared.settings import get_settings

MESSAGES = {
    "help": {
        "fr": "Exporter le programme publié (schedule.xml/json, iCalendar, tableur). / Export the published programme.",
        "en": "Export the published programme (schedule.xml/json, iCalendar, spreadsheet).",
    },
    "none": {"fr": "Aucun programme publié pour cette édition.", "en": "No programme published for this edition."},
    "written": {
        "fr": "{path} écrit : version n° {number}, {count} séance(s), format {format}",
        "en": "{path} written: version {number}, {count} session(s), format {format}",
    },
}


class ExportFormat(StrEnum):
    xml = "xml"
    json = "json"
    ics = "ics"
    xlsx = "xlsx"
    csv = "csv"


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def render(fmt: ExportFormat, *, edition_code: str | None = None) -> tuple[bytes, int, int] | None:
    """The document, the version number and the session count; None when nothing is published."""
    from services.scheduler.programme.exports import programme_csv, programme_xlsx
    from services.scheduler.programme.frab import dumps_json, schedule_json, schedule_xml
    from services.scheduler.programme.ics import build_calendar
    from services.scheduler.programme.repository import load_programme, published_edition_id, seats_taken
    from shared.db import unit_of_work

    base = get_settings().base_url
    with unit_of_work() as session:
        edition_id = published_edition_id(session, edition_code)
        programme = load_programme(session, edition_id) if edition_id is not None else None
        if programme is None:
            return None
        registered = seats_taken(session, edition_id=programme.edition_id)
    documents = {
        ExportFormat.xml: lambda: schedule_xml(programme, base_url=base),
        ExportFormat.json: lambda: dumps_json(schedule_json(programme, base_url=base)),
        ExportFormat.ics: lambda: build_calendar(
            programme, programme.sessions, name=programme.edition_name, base_url=base
        ),
        ExportFormat.xlsx: lambda: programme_xlsx(programme, registered),
        ExportFormat.csv: lambda: programme_csv(programme, registered),
    }
    return documents[fmt](), programme.version_number, len(programme.sessions)


def register_export(export_app: typer.Typer) -> None:
    """Add ``programme`` to the ``festplan export`` group."""

    @export_app.command("programme", help=MESSAGES["help"]["fr"])
    def export_programme(
        format: Annotated[ExportFormat, typer.Option("--format", "-f", help="xml, json, ics, xlsx, csv")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Fichier à écrire / File to write")],
        edition: Annotated[str | None, typer.Option(help="Code de l'édition / Edition code")] = None,
    ) -> None:
        from shared.bootstrap import bootstrap

        bootstrap()
        result = render(format, edition_code=edition)
        if result is None:
            typer.echo(_t("none"), err=True)
            raise typer.Exit(1)
        body, number, count = result
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(body)
        typer.echo(_t("written", path=out, number=number, count=count, format=format.value))
