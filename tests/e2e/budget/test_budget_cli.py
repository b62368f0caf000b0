"""The budget on the command line, end to end on the embedded database: ``budget show [--json]``, ``budget
export`` (read back with openpyxl), ``import costs`` (refused whole, then applied), and the optimiser's
``--budget-cap`` with ``runs --json`` and ``diff`` in euros."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from services.budget import cli as budget_cli
from services.budget import service
from services.ingest import cli as ingest_cli
from services.scheduler import cli as scheduler_cli
from shared.db import unit_of_work
from shared.models import CostItem, Edition
from tests.factories.backoffice import build_backoffice
from tests.factories.budget import add_budget


@pytest.fixture
def cli(festplan_env):
    with unit_of_work() as session:
        made = build_backoffice(session)
        edition = add_budget(session, edition_id=made.edition_id)
        for ref, line, ht, vat in (("EJ-1", "fees", "450", "10"), ("EJ-2", "accessibility", "1200", "20")):
            service.add_item(
                session, edition=edition, line_code=line, label=f"Dépense {ref}", ht_cents=int(ht) * 100, vat=vat,
                reference=ref, who="test", on=date(2023, 6, 1),
            )  # fmt: skip
    app = typer.Typer()
    ingest_cli.register(app)
    scheduler_cli.register(app)
    budget_cli.register(app, import_app=ingest_cli.import_app)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        done = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        assert done.exit_code == code, f"festplan {' '.join(args)}\n{done.output}\n{done.exception!r}"
        return done.output

    return run


def test_show_prints_the_gauge_and_json_gives_exact_euros(cli):
    text = cli("budget", "show")
    assert "Enveloppe : 10\u202f000,00\u00a0€" in text
    assert "Prévu 1\u202f935,00\u00a0€" in text  # 495 + 1,440
    figures = json.loads(cli("budget", "show", "--json"))
    assert figures["envelope_ttc"] == "10000.00"
    assert figures["totals"] == {"planned": "1935.00", "committed": "0.00", "done": "0.00", "paid": "0.00"}
    assert figures["left_ttc"] == "8065.00"
    assert figures["warnings"] == ["ligne « Accessibilité » : le prévu dépasse la dotation de 440,00\u00a0€"]


def test_export_writes_one_sheet_per_status_with_french_formats(cli, tmp_path: Path):
    with unit_of_work() as session:
        item = session.query(CostItem).filter_by(reference="EJ-1").one()
        service.move_item(session, item=item, to="paid", on=date(2023, 11, 3), ref="MDT-1", who="t")
    out = tmp_path / "budget.xlsx"
    assert "classeur écrit" in cli("budget", "export", "--out", str(out))
    book = load_workbook(out)
    assert book.sheetnames == ["Synthèse", "Prévu", "Engagé", "Service fait", "Payé", "Annulé"]
    paid = book["Payé"]
    assert [c.value for c in paid[2]][:4] == [1, "Cachets et honoraires", "Cachets et honoraires", "Dépense EJ-1"]
    assert Decimal(str(paid["I2"].value)) == Decimal("495")
    assert paid["I2"].number_format == '#,##0.00\\ "€"'
    assert paid["P2"].value == datetime(2023, 11, 3)
    assert paid["P2"].number_format == "DD/MM/YYYY"
    assert paid["Q2"].value == "MDT-1"
    summary = book["Synthèse"]
    totals = {row[0].value: [c.value for c in row[1:]] for row in summary.iter_rows(min_row=5) if row[0].value}
    assert Decimal(str(totals["Total"][0])) == Decimal("10000")
    assert Decimal(str(totals["Cachets et honoraires"][4])) == Decimal("495")


def test_import_costs_refuses_a_wrong_file_whole_then_applies_a_right_one(cli, tmp_path: Path):
    bad = tmp_path / "engagements.csv"
    bad.write_bytes(
        "Référence;Étape;Date;N° pièce\r\nEJ-1;Engagé;04/09/2023;BC-1\r\nEJ-9;Engagé;04/09/2023;BC-2\r\n"
        "EJ-2;Payé à moitié;04/09/2023;BC-3\r\n".encode("cp1252")
    )
    errors = cli("import", "costs", str(bad), code=1)
    assert "engagements.csv, ligne 3, champ « Référence » : aucune dépense de référence « EJ-9 »" in errors
    assert "engagements.csv, ligne 4, champ « Étape »" in errors
    assert "rien n'a été enregistré" in errors
    with unit_of_work() as session:
        assert {i.status for i in session.query(CostItem)} == {"planned"}
    good = tmp_path / "engagements.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["N° engagement", "Statut", "Date", "N° pièce", "Montant TTC"])
    book.active.append(["EJ-1", "Service fait", datetime(2023, 10, 20), "SF-1", 495])
    book.active.append(["EJ-2", "Engagé", "05/09/2023", "BC-2", "1 440,00"])
    book.save(good)
    assert "2 dépense(s) mise(s) à jour" in cli("import", "costs", str(good))
    with unit_of_work() as session:
        assert {i.reference: i.status for i in session.query(CostItem)} == {"EJ-1": "done", "EJ-2": "committed"}


def test_budget_cap_keeps_costly_sessions_out_and_runs_json_reports_costs(cli):
    cli("optimise", "--time-limit", "5", "--wait")
    cli("publish", "1")
    out = cli("optimise", "--time-limit", "5", "--wait", "--budget-cap", "0")
    assert "plafond budgétaire : la placer coûterait au moins" in out
    assert "coûts variables : 0,00\u00a0€ (plafond : 0,00\u00a0€)" in out
    runs = json.loads(cli("runs", "--json"))
    assert [r["id"] for r in runs] == [2, 1]
    capped, free = runs
    assert capped["budget_cap_ttc"] == "0.00"
    assert capped["variable_cost_ttc"] == "0.00"
    assert free["budget_cap_ttc"] is None
    assert Decimal(free["variable_cost_ttc"]) > 0
    assert free["score"]["hard_violations"] == 0
    assert free["version"] == 1
    diff = cli("diff", "2")
    assert f"soit −{free['variable_cost_ttc'].replace('.', ',')}" in diff.replace("\u202f", "")
    assert "bad" not in cli("optimise", "--budget-cap", "douze", code=1)


def test_cap_without_budget_is_refused_in_french(cli):
    with unit_of_work() as session:
        session.query(CostItem).delete()
        from shared.models import BudgetAudit, BudgetEnvelope, BudgetLine

        session.query(BudgetAudit).delete()
        session.query(BudgetLine).delete()
        session.query(BudgetEnvelope).delete()
        assert session.query(Edition).count() == 1
    out = cli("optimise", "--budget-cap", "1000", code=1)
    assert "pas de plafond possible" in out
