"""``festplan import costs``: a finance office's commitment export moves items along their statuses by reference.

Read as French offices write it: CSV with ``;`` (or ``,`` / tab, sniffed), decimal comma, dates
``jj/mm/aaaa``, in UTF-8 (with or without BOM) or Windows-1252; or an .xlsx workbook (first sheet). Columns
are found by name, accents and case ignored:

* ``Référence`` or ``N° engagement`` (the item's reference in festplan: its commitment number) — required;
* ``Étape`` / ``Statut`` (Engagé, Service fait, Mandaté / Payé, Annulé, Prévu) — required;
* ``Date`` — required; ``N° pièce`` (purchase order, certificate, mandate number); ``Montant TTC``
  (updates the item when it differs); ``Motif`` (needed to go back a step).

Every row is checked and applied inside the caller's transaction; if any row is wrong, the whole file is
refused with every error (file, row, field, in French) and the caller rolls back: nothing is half-written.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from services.budget import repository as repo
from services.budget.domain import money
from services.budget.service import edit_item, move_item
from services.budget.texts import BudgetError, say
from shared.models import Edition

COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "ref", "n engagement", "no engagement", "numero d engagement", "engagement", "code"),
    "step": ("etape", "statut", "etat", "phase"),
    "date": ("date", "date etape", "date de l etape", "date piece", "date operation"),
    "piece": ("n piece", "no piece", "numero de piece", "piece", "n mandat", "numero"),
    "amount": ("montant ttc", "montant", "ttc"),
    "reason": ("motif", "observation", "commentaire"),
}
REQUIRED = ("reference", "step", "date")
STEPS = {
    "prevu": "planned",
    "engage": "committed",
    "engagement": "committed",
    "service fait": "done",
    "sf": "done",
    "certifie": "done",
    "mandate": "paid",
    "mandat": "paid",
    "paye": "paid",
    "payee": "paid",
    "annule": "cancelled",
    "annulee": "cancelled",
}
LABELS = {
    "reference": "Référence",
    "step": "Étape",
    "date": "Date",
    "amount": "Montant TTC",
    "piece": "N° pièce",
    "reason": "Motif",
}
#: The column a refusal of the status machine is about.
FIELD_OF_CODE = {
    "reference_needed": "piece",
    "backwards_needs_reason": "reason",
    "cancel_needs_reason": "reason",
    "date_before_previous": "date",
    "over_envelope": "amount",
}


class ImportRefused(Exception):
    """The file was refused; ``errors`` are complete French sentences naming file, row and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(slots=True)
class ImportResult:
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _key(text: object) -> str:
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def read_rows(path: Path) -> list[list[object]]:
    """The file's rows (header first) as cells; raises ``ImportRefused`` when it cannot be read at all."""
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
            try:
                return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
            finally:
                book.close()
        raw = path.read_bytes()
    except Exception as exc:  # a missing, locked or corrupt file: one clear sentence
        raise ImportRefused([say("file_unreadable", "fr", file=path.name, error=exc)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text else ""
    delimiter = max((";", ",", "\t"), key=first.count) if first else ";"
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _columns(header: list[object], file: str) -> dict[str, int]:
    found = {_key(cell): index for index, cell in enumerate(header) if cell not in (None, "")}
    out: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in found:
                out[name] = found[alias]
                break
    missing = [LABELS[name] for name in REQUIRED if name not in out]
    if missing:
        seen = ", ".join(str(c) for c in header if c not in (None, "")) or "—"
        raise ImportRefused([f"{file} : " + say("missing_column", "fr", column=m, found=seen) for m in missing])
    return out


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise BudgetError("bad_date", value=text)


def import_costs(
    session: Session, *, edition: Edition, path: Path, who: str, confirm_over: bool = False
) -> ImportResult:
    """Apply the file's steps; raises :class:`ImportRefused` (the caller rolls back) when any row is wrong."""
    rows = read_rows(path)
    file = path.name
    if not rows:
        raise ImportRefused([say("file_unreadable", "fr", file=file, error="fichier vide")])
    columns = _columns(rows[0], file)
    items = repo.items_by_reference(session, edition.id)
    result = ImportResult()

    def cell(row: list[object], name: str) -> object:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    for number, row in enumerate(rows[1:], start=2):
        if all(c in (None, "") for c in row):
            continue
        current = "reference"
        try:
            reference = str(cell(row, "reference") or "").strip()
            item = items.get(reference)
            if item is None:
                raise BudgetError("unknown_reference", reference=reference)
            current = "step"
            step = STEPS.get(_key(cell(row, "step")))
            if step is None:
                raise BudgetError("unknown_status", status=cell(row, "step"))
            current = "date"
            on = _date(cell(row, "date"))
            current = "amount"
            amount = cell(row, "amount")
            if amount not in (None, ""):
                try:
                    ttc = money.parse_euros(amount)  # type: ignore[arg-type]
                except money.MoneyError as exc:
                    raise BudgetError(exc.code, **exc.values) from None
                if ttc != item.amount_ttc_cents:
                    ht = money.ht_of_ttc(ttc, item.vat_permille)
                    edit_item(session, item_id=item.id, who=who, ht_cents=ht)
                    item.amount_ttc_cents = ttc  # the office's TTC is the truth, to the cent
            current = "step"
            if step == item.status:
                result.unchanged += 1
                continue
            piece = str(cell(row, "piece") or "").strip() or None
            reason = str(cell(row, "reason") or "").strip() or None
            move_item(session, item=item, to=step, on=on, ref=piece, reason=reason, who=who, confirm_over=confirm_over)
            result.updated += 1
        except BudgetError as exc:
            field_name = LABELS[FIELD_OF_CODE.get(exc.code, current)]
            result.errors.append(
                say("row_error", "fr", file=file, row=number, field=field_name, message=exc.message("fr"))
            )
    if result.errors:
        raise ImportRefused(result.errors)
    return result
