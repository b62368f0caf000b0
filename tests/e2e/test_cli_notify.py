"""``festplan notify`` end to end through the typer app."""

from __future__ import annotations

import json
from email import message_from_bytes, policy

from sqlalchemy import select
from typer.testing import CliRunner

from services.cli import _register_services, app
from services.notifier import service
from services.notifier.delivery.sending import send_due
from services.notifier.demo import report_lines
from services.notifier.domain.policy import PermanentDeliveryError
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import record

runner = CliRunner()
_register_services()


def _rows(n: int, **extra) -> None:
    with unit_of_work() as session:
        for i in range(n):
            record(
                session,
                kind="lead.signin_link",
                recipient_email=f"l{i}@example.org",
                recipient_name="L",
                locale="fr",
                payload={"link": "https://f.example/x"},
                idempotency_key=f"cli:{i}",
                **extra,
            )


def test_status_json_counts_sent(festplan_env):
    _rows(3)
    result = runner.invoke(app, ["notify", "status", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["by_status"]["sent"] == 3
    assert report["by_status"]["pending"] == 0
    assert report["by_kind"]["lead.signin_link"] == {"sent": 3}
    human = runner.invoke(app, ["notify", "status"])
    assert "sent 3" in human.output


def test_retry_failed_sends_again(festplan_env):
    from datetime import timedelta

    _rows(1, send_after=utcnow() + timedelta(hours=1))
    with unit_of_work() as session:
        row_id = session.scalar(select(Notification.id))

    class Refusing:
        name = "refusing"

        def send(self, email):
            raise PermanentDeliveryError("SMTP 550")

        def close(self):
            pass

    assert service.deliver(row_id, backend=Refusing()).status == "failed"
    report = json.loads(runner.invoke(app, ["notify", "status", "--json"]).output)
    assert report["last_errors"][0]["error"] == "SMTP 550"
    with unit_of_work() as session:
        session.get(Notification, row_id).send_after = utcnow()
    result = runner.invoke(app, ["notify", "retry-failed"])
    assert "1 courriel(s) remis en file" in result.output
    with unit_of_work() as session:
        assert session.get(Notification, row_id).status == "sent"


def test_preview_to_terminal_and_files(festplan_env, tmp_path):
    result = runner.invoke(app, ["notify", "preview", "speaker.schedule_change", "--lang", "en"])
    assert result.exit_code == 0
    assert "Change to your sessions" in result.output
    out = tmp_path / "p.eml"
    assert runner.invoke(app, ["notify", "preview", "partner.decision", "--out", str(out)]).exit_code == 0
    msg = message_from_bytes(out.read_bytes(), policy=policy.default)
    assert "proposition" in msg["Subject"]
    assert runner.invoke(app, ["notify", "preview", "nope.kind"]).exit_code == 2


def test_release_unknown_version_says_so(festplan_env):
    result = runner.invoke(app, ["notify", "release", "99"])
    assert result.exit_code == 1
    assert "99" in result.output


def test_demo_step_reports_outbox(festplan_env):
    _rows(2)  # eager: the commit sent them; the step's own pass finds nothing more due
    lines = report_lines(send_due())
    assert lines[0] == "0 courriel(s) envoyé(s) par le backend file, 0 prévu(s) plus tard"
    assert lines[-1] == f"2 fichier(s) .eml dans {festplan_env.outbox_dir}"
