"""``festplan budget export``: the workbook a finance office expects — one sheet per status, totals by line.

Amounts are numbers with the format ``#,##0.00 €`` and dates real dates formatted ``DD/MM/YYYY``: a French
Excel or LibreOffice shows ``1 234,56 €`` and ``16/10/2023`` (number formats are written in the file's
neutral syntax and displayed in the reader's locale), and the cells stay summable.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from services.budget import repository as repo
from services.budget.domain.status import STATUSES
from services.budget.service import require_envelope, summary
from services.budget.texts import say
from shared.models import Edition

EUROS = '#,##0.00\\ "€"'
DAY = "DD/MM/YYYY"
STEP_COLUMNS = ("committed", "done", "paid")
HEADERS = (
    "N°",
    "Ligne",
    "Catégorie",
    "Intitulé",
    "Fournisseur",
    "Forme de paiement",
    "Montant HT",
    "TVA",
    "Montant TTC",
    "Référence",
    "Date prévue",
    "Date d'engagement",
    "N° d'engagement",
    "Date service fait",
    "N° de certificat",
    "Date de paiement",
    "N° de mandat",
)


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def _day(steps: dict, key: str) -> date | None:
    step = (steps or {}).get(key)
    return date.fromisoformat(step["on"]) if step else None


def write_workbook(session: Session, *, edition: Edition, path: Path) -> Path:
    """Write the workbook and return its path."""
    envelope = require_envelope(session, edition)
    figures = summary(session, edition)
    lines = {line.id: line for line in repo.lines(session, edition.id)}
    book = Workbook()
    sheet = book.active
    sheet.title = "Synthèse"
    sheet.append([say("show_title", "fr", edition=edition.code)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Enveloppe TTC", _euros(envelope.amount_cents)])
    sheet.append([])
    sheet.append(["Ligne", "Dotation", "Prévu", "Engagé", "Service fait", "Payé", "Reste sur dotation"])
    for line in lines.values():
        t = figures.by_line[line.code]
        amounts = (line.allotted_cents, t.planned, t.committed, t.done, t.paid, line.allotted_cents - t.planned)
        sheet.append([line.name, *(_euros(v) for v in amounts)])
    total = figures.totals
    amounts = (envelope.amount_cents, *total.as_dict().values(), figures.left_cents)
    sheet.append(["Total", *(_euros(v) for v in amounts)])
    _money_format(sheet, first_row=2, columns=range(2, 8))
    for status in STATUSES:
        tab = book.create_sheet(say(f"status_{status}", "fr").capitalize())
        tab.append(list(HEADERS))
        rows = [item for item in repo.items(session, edition.id) if item.status == status]
        for item in rows:
            steps = item.steps or {}
            tab.append(
                [
                    item.id,
                    lines[item.line_id].name,
                    say(f"cat_{item.category}", "fr"),
                    item.label,
                    item.supplier,
                    say(f"pay_{item.payment_form}", "fr") if item.payment_form else None,
                    _euros(item.amount_ht_cents),
                    Decimal(item.vat_permille) / 1000,
                    _euros(item.amount_ttc_cents),
                    item.reference,
                    _day(steps, "planned"),
                    *(v for key in STEP_COLUMNS for v in (_day(steps, key), (steps.get(key) or {}).get("ref"))),
                ]
            )
        tab.append([None] * 5 + ["Total", _euros(sum(i.amount_ht_cents for i in rows)), None])
        tab.cell(row=tab.max_row, column=9, value=_euros(sum(i.amount_ttc_cents for i in rows)))
        for row in tab.iter_rows(min_row=2):
            for cell in row:
                if cell.column in (7, 9):
                    cell.number_format = EUROS
                elif cell.column == 8:
                    cell.number_format = "0.0%"
                elif isinstance(cell.value, date):
                    cell.number_format = DAY
        for cell in tab[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate((6, 22, 18, 48, 28, 16, 14, 7, 14, 16, 12, 12, 16, 12, 16, 12, 16), start=1):
            tab.column_dimensions[get_column_letter(index)].width = width
        tab.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _money_format(sheet: object, *, first_row: int, columns: range) -> None:
    for row in sheet.iter_rows(min_row=first_row):  # type: ignore[attr-defined]
        for cell in row:
            if cell.column in columns and isinstance(cell.value, Decimal):
                cell.number_format = EUROS
