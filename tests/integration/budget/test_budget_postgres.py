"""The budget on the real PostgreSQL: items, status moves and their audit, the envelope's confirmation, the
planned costs recomputed on publication, and ``import costs`` all-or-nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from services.budget import repository as repo
from services.budget import service
from services.budget.import_costs import ImportRefused, import_costs
from services.budget.texts import BudgetError
from services.budget.wiring import install
from shared.db import unit_of_work
from shared.models import BudgetAudit, CostItem, Edition
from tests.factories.backoffice import build_backoffice
from tests.factories.budget import add_budget

DAY = date(2023, 9, 4)


@pytest.fixture
def edition_id(pg_env) -> int:
    with unit_of_work() as session:
        made = build_backoffice(session)
        add_budget(session, edition_id=made.edition_id)
        return made.edition_id


def _add(session, edition_id: int, *, ht: int, vat: str = "20", ref: str | None = None, line: str = "fees") -> int:
    edition = session.get(Edition, edition_id)
    return service.add_item(
        session,
        edition=edition,
        line_code=line,
        label="Conférence",
        ht_cents=ht,
        vat=vat,
        reference=ref,
        who="t",
        on=date(2023, 6, 1),
    ).id


def test_items_move_with_their_audit_and_the_summary_follows(edition_id):
    with unit_of_work() as session:
        item_id = _add(session, edition_id, ht=100_000, ref="EJ-1")  # 1,000 € HT → 1,200 € TTC
    with unit_of_work() as session:
        item = service.get_item(session, item_id)
        service.move_item(session, item=item, to="committed", on=DAY, ref="BC-1", who="lead")
        service.move_item(session, item=item, to="paid", on=date(2023, 11, 2), ref="MDT-7", who="lead")
    with unit_of_work() as session:
        edition = session.get(Edition, edition_id)
        figures = service.summary(session, edition)
        assert figures.totals.as_dict() == {"planned": 120_000, "committed": 120_000, "done": 120_000, "paid": 120_000}
        assert figures.left_cents == 1_000_000 - 120_000
        item = session.get(CostItem, item_id)
        assert item.steps["done"] == {"on": "2023-11-02", "ref": "MDT-7"}
        actions = session.scalars(select(BudgetAudit.action).where(BudgetAudit.item_id == item_id)).all()
        assert actions == ["create", "move", "move"]
    with pytest.raises(BudgetError) as caught, unit_of_work() as session:
        service.move_item(session, item=service.get_item(session, item_id), to="done", on=DAY, who="lead")
    assert caught.value.code == "backwards_needs_reason"
    assert "motif" in caught.value.message("fr")


def test_a_commitment_over_the_envelope_needs_an_explicit_confirmation(edition_id):
    with unit_of_work() as session:
        big = _add(session, edition_id, ht=900_000)  # 10,800 € TTC > 10,000 € envelope
    with pytest.raises(BudgetError) as caught, unit_of_work() as session:
        service.move_item(session, item=service.get_item(session, big), to="committed", on=DAY, ref="BC", who="t")
    assert caught.value.code == "over_envelope"
    assert "800,00" in caught.value.message("fr")
    with unit_of_work() as session:
        assert session.get(CostItem, big).status == "planned"
        service.move_item(
            session, item=service.get_item(session, big), to="committed", on=DAY, ref="BC", who="t", confirm_over=True
        )
    with unit_of_work() as session:
        audit = session.scalars(select(BudgetAudit).where(BudgetAudit.item_id == big, BudgetAudit.action == "move"))
        assert [row.details["over_envelope"] for row in audit] == [80_000]
        figures = service.summary(session, session.get(Edition, edition_id))
        assert {w.code for w in figures.warnings} >= {"envelope_over", "committed_over", "line_over"}


def test_bad_input_is_refused_in_french(edition_id):
    with unit_of_work() as session:
        edition = session.get(Edition, edition_id)
        for kwargs, code in (
            ({"ht_cents": -5, "vat": "20"}, "negative_amount"),
            ({"ht_cents": 5, "vat": "19,6"}, "bad_vat"),
            ({"ht_cents": 5, "vat": "20", "payment_form": "chèque"}, "bad_payment_form"),
        ):
            with pytest.raises(BudgetError) as caught:
                service.add_item(session, edition=edition, line_code="fees", label="x", who="t", **kwargs)
            assert caught.value.code == code
        with pytest.raises(BudgetError):
            service.add_item(session, edition=edition, line_code="nope", label="x", ht_cents=1, vat="0", who="t")


def test_publication_recomputes_the_schedule_costs(edition_id):
    from services.scheduler.runs import service as scheduler
    from services.scheduler.tasks import execute_run

    install()
    with unit_of_work() as session:
        run_id = scheduler.start_run(session, edition_code="cn2023", time_limit=5, enqueue=False).id
    execute_run(run_id)
    with unit_of_work() as session:
        run = scheduler.get_run(session, run_id)
        assert run.parameters["costs"]["hire"] == {"riom": 20_000}
        scheduler.publish(session, run_id=run_id, published_by="test")
    with unit_of_work() as session:
        items = {i.schedule_key: i for i in repo.items(session, edition_id) if i.schedule_key}
        assert any(key.startswith("travel:sp-alice:") for key in items)
        assert all(items[k].amount_ttc_cents == 16_000 for k in items if k.startswith("travel:sp-alice:"))
        assert all(i.status == "planned" for i in items.values())
        first = dict((k, i.amount_ttc_cents) for k, i in items.items())
    # publishing again with the same schedule changes nothing and adds nothing
    with unit_of_work() as session:
        from services.budget.handlers import on_version_published
        from services.scheduler import repository as scheduler_repo
        from shared.events import VersionPublished

        version = scheduler_repo.latest_version(session, edition_id)
        on_version_published(session, VersionPublished(version_id=version.id))
    with unit_of_work() as session:
        again = {i.schedule_key: i.amount_ttc_cents for i in repo.items(session, edition_id) if i.schedule_key}
        assert again == first


def _csv(tmp_path: Path, rows: list[str], *, encoding: str) -> Path:
    path = tmp_path / "engagements.csv"
    path.write_bytes(
        ("\r\n".join(["Référence;Étape;Date;N° pièce;Montant TTC;Motif", *rows]) + "\r\n").encode(encoding)
    )
    return path


def test_import_costs_updates_by_reference_and_is_all_or_nothing(edition_id, tmp_path):
    with unit_of_work() as session:
        first = _add(session, edition_id, ht=10_000, ref="EJ-23-0001")  # 120,00 € TTC
        second = _add(session, edition_id, ht=20_000, vat="5,5", ref="EJ-23-0002")  # 211,00 € TTC
    bad = _csv(
        tmp_path,
        ["EJ-23-0001;Engagé;04/09/2023;BC-11;120,00;", "EJ-23-0002;Mandaté;31/02/2023;MDT-3;211,00;"],
        encoding="cp1252",
    )
    with pytest.raises(ImportRefused) as caught, unit_of_work() as session:
        import_costs(session, edition=session.get(Edition, edition_id), path=bad, who="t")
    assert caught.value.errors == [
        "engagements.csv, ligne 3, champ « Date » : date illisible : « 31/02/2023 » (jj/mm/aaaa)"
    ]
    with unit_of_work() as session:
        assert {session.get(CostItem, i).status for i in (first, second)} == {"planned"}
        assert session.scalar(select(func.count(BudgetAudit.id)).where(BudgetAudit.action == "move")) == 0
    good = _csv(
        tmp_path,
        ["EJ-23-0001;Engagé;04/09/2023;BC-11;125,50;", "EJ-23-0002;Mandaté;02/11/2023;MDT-3;211,00;"],
        encoding="utf-8-sig",
    )
    with unit_of_work() as session:
        result = import_costs(session, edition=session.get(Edition, edition_id), path=good, who="t")
    assert (result.updated, result.unchanged) == (2, 0)
    with unit_of_work() as session:
        one, two = session.get(CostItem, first), session.get(CostItem, second)
        assert (one.status, one.amount_ttc_cents, one.steps["committed"]["ref"]) == ("committed", 12_550, "BC-11")
        assert (two.status, two.steps["paid"]) == ("paid", {"on": "2023-11-02", "ref": "MDT-3"})
