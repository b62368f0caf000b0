"""Spreadsheets as French offices send them, written by the tests: cp1252 + ``;``, BOM UTF-8 + ``,``, .xlsx.

:data:`FILES` holds one small, consistent set of files for every import kind, in French with the
accents, guillemets and ligatures that break naive readers (Hélène Çelik, Chloé Dubœuf, « fake news »).
Imported in the order of :data:`ORDER`, each file's references resolve against the previous ones.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

Rows = list[list[str]]

VENUES: Rows = [
    ["Code", "Nom", "Commune", "Territoire", "Latitude", "Longitude", "Jours d'ouverture", "Ouverture", "Fermeture"],
    [
        "hd",
        "Hôtel du Département",
        "Clermont-Ferrand",
        "Clermont Auvergne Métropole",
        "45,7745",
        "3,0895",
        "semaine",
        "8h30",
        "19h",
    ],
    ["riom-mediatheque", "Médiathèque Jean-Cocteau", "Riom", "Riom Limagne et Volcans", "", "", "", "", ""],
]
ROOMS: Rows = [
    ["Code", "Lieu", "Nom", "Capacité", "Équipements", "Battement (minutes)"],
    ["hd-cassin", "hd", "Hall René-Cassin", "150", "wheelchair, projector, sound", "15"],
    ["riom-audito", "riom-mediatheque", "Auditorium", "80", "wheelchair", ""],
]
PARTNERS: Rows = [
    ["Code", "Nom", "Courriel", "Contact", "Téléphone", "Langue"],
    ["pa-001", "Médiathèque de Riom", "mediatheque@riom.fr", "Élise Pérignon", "04 73 38 00 00", "fr"],
    ["", "Association Numérique Éducatif", "contact@ane.fr", "", "", ""],
]
SPEAKERS: Rows = [
    ["Code", "Nom", "Courriel", "Séances max par jour"],
    ["sp-001", "Hélène Çelik", "helene@example.fr", "2"],
    ["sp-002", "Jérôme Faure", "", ""],
]
AVAILABILITY: Rows = [
    ["Intervenant", "Date", "Début", "Fin"],
    ["sp-001", "16/10/2023", "9h", "12h30"],
    ["sp-001", "18/10/2023", "14:00", "24h"],
    ["sp-002", "17/10/2023", "10h", "18h"],
]
PROPOSALS: Rows = [
    [
        "Code",
        "Partenaire",
        "Titre",
        "Format",
        "Durée",
        "Public attendu",
        "Public",
        "Lieux possibles",
        "Dates préférées",
        "Priorité",
        "Obligatoire",
        "Intervenants",
        "Statut",
    ],
    [
        "se-001",
        "pa-001",
        "Les écrans et les tout-petits",
        "Table ronde",
        "1h30",
        "60",
        "Grand public",
        "hd, riom-mediatheque",
        "18/10/2023",
        "2",
        "non",
        "sp-001, sp-002",
        "acceptée",
    ],
    ["", "pa-001", "Atelier « fake news »", "atelier", "90", "20", "scolaires", "", "", "", "oui", "sp-002", ""],
]
PARTICIPANTS: Rows = [
    ["Courriel", "Nom", "Commune", "Professionnel", "Besoins d'accessibilité"],
    ["anne@example.fr", "Anne Lévêque", "Thiers", "oui", "fauteuil roulant"],
    ["bruno@example.fr", "Bruno Müller", "", "non", ""],
]
REGISTRATIONS: Rows = [
    ["Séance", "Courriel", "Nom", "Places", "Statut"],
    ["se-001", "anne@example.fr", "", "2", "confirmée"],
    ["se-001", "chloe@example.fr", "Chloé Dubœuf", "1", ""],
    ["se-002", "anne@example.fr", "", "", "liste d'attente"],
]

FILES: dict[str, Rows] = {
    "venues": VENUES,
    "rooms": ROOMS,
    "partners": PARTNERS,
    "speakers": SPEAKERS,
    "availability": AVAILABILITY,
    "proposals": PROPOSALS,
    "participants": PARTICIPANTS,
    "registrations": REGISTRATIONS,
}
ORDER = tuple(FILES)
FORMATS = ("cp1252-semicolon", "utf8bom-comma", "xlsx")


def csv_bytes(rows: Rows, *, encoding: str, separator: str) -> bytes:
    """The file Excel writes for « CSV (séparateur : point-virgule) » (cp1252) or « CSV UTF-8 » (BOM)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Rows) -> bytes:
    """A workbook where, as when a person types into Excel, dates become date cells and numbers numbers."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([_as_excel_typed(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_excel_typed(cell: str) -> object:
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", cell):
        return datetime.strptime(cell, "%d/%m/%Y")
    if re.fullmatch(r"\d+", cell):
        return int(cell)
    return cell or None


def file_bytes(rows: Rows, fmt: str) -> tuple[bytes, str]:
    """The bytes and the extension of ``rows`` written in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "cp1252-semicolon":
        return csv_bytes(rows, encoding="cp1252", separator=";"), ".csv"
    if fmt == "utf8bom-comma":
        return csv_bytes(rows, encoding="utf-8-sig", separator=","), ".csv"
    return xlsx_bytes(rows), ".xlsx"


def write(directory: Path, stem: str, rows: Rows, fmt: str = "cp1252-semicolon") -> Path:
    """Write ``rows`` as ``directory/stem.csv`` (or ``.xlsx``) and return the path."""
    data, extension = file_bytes(rows, fmt)
    path = directory / f"{stem}{extension}"
    path.write_bytes(data)
    return path
