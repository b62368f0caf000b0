"""The lead's exports of the published programme: .xlsx (all sessions, then one sheet per day and venue) and .csv.

Titles and names come from strangers: a cell starting like a formula (``=``, ``+``, ``-``, ``@``…) is
prefixed with an apostrophe (:func:`shared.spreadsheets.reader.neutralise_cell`) in both formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from services.scheduler.programme import texts
from services.scheduler.programme.model import Programme, ProgrammeSession, VenueItem
from shared.spreadsheets.reader import neutralise_cell

COLUMNS = (
    "code",
    "titre",
    "type",
    "public",
    "date",
    "début",
    "fin",
    "lieu",
    "commune",
    "intercommunalité",
    "salle",
    "capacité",
    "inscrits",
    "intervenant·es",
    "partenaire",
    "accessibilité",
    "séquence",
)
DAY_COLUMNS = (
    "début",
    "fin",
    "installation (min)",
    "battement (min)",
    "salle",
    "titre",
    "intervenant·es",
    "téléphones",
    "partenaire",
    "inscrits",
    "capacité",
    "accessibilité",
)


def session_row(item: ProgrammeSession, registered: int, lang: str = "fr") -> list[object]:
    """One session as the export's columns (raw values; neutralised where they are written)."""
    return [
        item.code,
        item.title,
        texts.label(item.kind, lang),
        texts.label(item.audience, lang),
        item.start.date().isoformat(),
        item.start.strftime("%H:%M"),
        item.end.strftime("%H:%M"),
        item.venue.name,
        item.venue.commune or "",
        item.venue.territory or "",
        item.room.name,
        item.capacity,
        registered,
        ", ".join(p.name for p in item.speakers),
        item.partner.name if item.partner else "",
        ", ".join(texts.label(f, lang) for f in item.accessibility),
        item.sequence,
    ]


def programme_csv(programme: Programme, registered: Mapping[int, int]) -> bytes:
    """UTF-8 with a BOM (so spreadsheet programs read the accents), one row per session."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for item in programme.sessions:
        writer.writerow([neutralise_cell(v) for v in session_row(item, registered.get(item.proposal_id, 0))])
    return buffer.getvalue().encode("utf-8-sig")


def programme_xlsx(programme: Programme, registered: Mapping[int, int]) -> bytes:
    """A workbook: « Séances » (every session), then « JJ-MM lieu » sheets for the staff on site."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Séances"
    _header(sheet, COLUMNS)
    for item in programme.sessions:
        sheet.append([neutralise_cell(v) for v in session_row(item, registered.get(item.proposal_id, 0))])
    names: set[str] = {sheet.title}
    groups: dict[tuple[str, str], list[ProgrammeSession]] = {}
    for item in programme.sessions:
        groups.setdefault((item.day.isoformat(), item.venue.code), []).append(item)
    for (day, _), items in sorted(groups.items()):
        venue = items[0].venue
        page = book.create_sheet(_sheet_name(day, venue, names))
        page.append([neutralise_cell(f"{venue.name} — {day}")])
        page.append(
            [
                neutralise_cell(
                    f"{venue.address or ''} {venue.commune or ''} — {venue.contact_name or ''} "
                    f"{venue.contact_phone or ''}".strip()
                )
            ]
        )
        _header(page, DAY_COLUMNS)
        for item in sorted(items, key=lambda s: (s.start, s.room.name)):
            page.append(
                [
                    neutralise_cell(v)
                    for v in (
                        item.start.strftime("%H:%M"),
                        item.end.strftime("%H:%M"),
                        item.setup_minutes,
                        item.room.changeover_minutes,
                        item.room.name,
                        item.title,
                        ", ".join(p.name for p in item.speakers),
                        ", ".join(p.phone for p in item.speakers if p.phone),
                        item.partner.name if item.partner else "",
                        registered.get(item.proposal_id, 0),
                        item.capacity,
                        ", ".join(texts.label(f, "fr") for f in item.accessibility),
                    )
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, columns: tuple[str, ...]) -> None:
    sheet.append(list(columns))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _sheet_name(day: str, venue: VenueItem, taken: set[str]) -> str:
    """« 18-10 ambert »: at most 31 characters, none of ``[]:*?/\\``, unique in the workbook."""
    base = f"{day[8:10]}-{day[5:7]} {venue.code}"
    base = "".join("_" if c in "[]:*?/\\'" else c for c in base)[:31]
    name, n = base, 2
    while name in taken:
        suffix = f" {n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name
