"""On the embedded default (SQLite, .eml outbox), ``festplan privacy erase`` leaves the person in no file:
not in the outbox, the report, the scenario file, nor in the free pages of the SQLite database itself."""

from __future__ import annotations

from pathlib import Path

from evaluation_world import EvaluationWorld
from sqlalchemy import select

from shared.db import unit_of_work
from shared.settings import get_settings

EMAIL, NAME = "ines.moreau@example.org", "Inès Moreau"


def _holding(paths: list[Path], *needles: str) -> list[str]:
    wanted = [n.lower().encode() for n in needles]
    return [str(p) for p in paths if any(n in p.read_bytes().lower() for n in wanted)]


def test_erase_on_sqlite_leaves_nothing_in_any_file(eval_world: EvaluationWorld, festplan_cli) -> None:  # type: ignore[no-untyped-def]
    from services.evaluation.surveys.invitations import invite
    from services.notifier.delivery.send import drain_queued
    from shared.models import Edition, Notification

    with unit_of_work() as session:
        invite(session, edition=session.scalar(select(Edition)), survey="participant_after")
    with unit_of_work() as session:
        for row in session.scalars(select(Notification).where(Notification.status == "pending")):
            row.status = "queued"
    import time

    drain_queued(until=time.monotonic() + 60, settings=get_settings())
    assert festplan_cli("report").exit_code == 0
    settings = get_settings()
    database = Path(settings.database_url.split("///", 1)[1])
    files = [*Path(settings.var_dir).rglob("*.eml"), database]
    assert _holding(files, EMAIL), "the scan finds her before"

    erased = festplan_cli("privacy", "erase", EMAIL, "--yes")
    assert erased.exit_code == 0, erased.output
    everything = [p for p in Path(settings.var_dir).rglob("*") if p.is_file()]
    journals = [p for p in database.parent.glob(database.name + "*") if p.is_file()]  # its WAL too
    assert _holding([*everything, *journals], EMAIL, NAME) == []


def test_a_report_that_cannot_be_rebuilt_is_deleted_rather_than_left_naming_her(
    eval_world: EvaluationWorld, festplan_cli, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from services.evaluation.privacy import files as privacy_files

    assert festplan_cli("report").exit_code == 0
    page = get_settings().var_dir / "report" / "evaluation.html"
    page.write_text(page.read_text(encoding="utf-8") + f"<!-- {NAME} -->", encoding="utf-8")

    def broken(settings: object) -> int:
        raise RuntimeError("report rendering broke")

    monkeypatch.setattr(privacy_files, "_rebuild_report", broken)
    erased = festplan_cli("privacy", "erase", EMAIL, "--yes")
    assert erased.exit_code == 0, erased.output
    assert not page.exists()
