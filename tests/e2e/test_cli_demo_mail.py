"""``festplan demo`` end to end, what it sent: every kind of email, no personal link left in ended rows, the story
and the closing summary read from the database."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path

from demo_world import closed_port, festplan, scalar
from demo_world import emails as outbox_emails

from services.notifier.domain.unsubscribe import UNSUBSCRIBABLE_KINDS
from shared.mail_secrets import REDACTED_ON, SECRET_KEYS
from shared.outbox import KINDS

# --- the edition the demo plays, and its closing summary -------------------------------------------------------


def test_every_kind_of_email_is_in_the_outbox(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stdout + result.stderr
    emails = outbox_emails(tmp_path)
    assert {m["X-Festplan-Kind"] for m in emails} == set(KINDS)
    assert len(emails) == scalar(tmp_path, "SELECT count(*) FROM notifications WHERE status = 'sent'")
    languages = {m["Content-Language"] for m in emails}
    assert languages == {"fr", "en"}
    for message in emails:
        kind = message["X-Festplan-Kind"]
        types = {part.get_content_type() for part in message.walk()}
        assert {"text/plain", "text/html"} <= types, kind
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert text.startswith("Culture et numérique"), kind  # the event's name first
        footer = {"fr": "organisé par le Conseil départemental", "en": "organised by the Puy-de-Dôme"}
        assert footer[message["Content-Language"]] in text, kind
        if kind in UNSUBSCRIBABLE_KINDS:
            assert message["List-Unsubscribe"], kind
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", kind
    calendars = {
        m["X-Festplan-Kind"]: part.get_content()
        for m in emails
        for part in m.walk()
        if part.get_content_type() == "text/calendar"
    }
    assert "METHOD:REQUEST" in calendars["speaker.assignment"]
    assert "BEGIN:VTIMEZONE" in calendars["speaker.assignment"]
    assert "TZID:Europe/Paris" in calendars["speaker.assignment"]
    change = [
        part.get_content()
        for m in emails
        if m["X-Festplan-Kind"] == "speaker.schedule_change"
        for part in m.walk()
        if part.get_content_type() == "text/calendar"
    ]
    assert change
    assert all("SEQUENCE:2" in c for c in change)
    # a moved session updates the calendar (REQUEST), a withdrawn one is removed from it (CANCEL)
    assert any("METHOD:REQUEST" in c for c in change)
    assert any("METHOD:CANCEL" in c for c in change)
    # the speaker concerned by both hears of them in one email
    assert any(m["Subject"].endswith("(2)") for m in emails if m["X-Festplan-Kind"] == "speaker.schedule_change")


def test_no_ended_email_nor_dispatched_event_keeps_a_personal_link(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    """Every secret link the demo's emails carried reached its person, and the database kept none once sent."""
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stdout + result.stderr
    personal = re.compile(r"/(?:surveys|formulaires/acces|gestion/connexion|inscriptions)/([A-Za-z0-9._~-]{16,})")
    tokens = {
        token
        for message in outbox_emails(tmp_path)
        if message["X-Festplan-Kind"] in SECRET_KEYS
        for token in personal.findall(message.get_body(preferencelist=("plain",)).get_content())
    }
    assert len(tokens) > 100  # the survey waves, the invitations, the registrations, the lead's sign-in
    redacted_on = ", ".join(f"'{status}'" for status in REDACTED_ON)
    with sqlite3.connect(tmp_path / "festplan.db") as conn:
        stored = [
            "|".join(map(str, row))
            for sql in (f"SELECT * FROM notifications WHERE status IN ({redacted_on})", "SELECT * FROM domain_events")
            for row in conn.execute(sql)
        ]
    assert stored
    assert [token for token in tokens if any(token in row for row in stored)] == []


def test_the_story_reads_true(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "festplan.db") as conn:
        versions = conn.execute("SELECT number, published_at FROM schedule_versions ORDER BY number").fetchall()
        assert [number for number, _ in versions] == [1, 2]
        assert all(at.startswith("2023-") for _, at in versions)
        # only the people the change concerns hear of it: far fewer than the first announcement
        changes = conn.execute("SELECT count(*) FROM notifications WHERE kind = 'speaker.schedule_change'").fetchone()
        assignments = conn.execute("SELECT count(*) FROM notifications WHERE kind = 'speaker.assignment'").fetchone()
        assert 1 <= changes[0] < assignments[0] / 4
        # the participants registered to the moved and the withdrawn session: one email each
        told = conn.execute(
            "SELECT payload FROM notifications WHERE kind = 'participant.session_changed' AND status = 'sent'"
        ).fetchall()
        kinds = {change["kind"] for (payload,) in told for change in json.loads(payload)["changes"]}
        assert kinds == {"moved", "removed"}
        assert f"{len(told)} participant·e(s) prévenu·e(s)" in result.stdout
        # a survey reminder went to those who had not answered, and was called off for those who had
        reminders = dict(
            conn.execute("SELECT status, count(*) FROM notifications WHERE kind = 'survey.reminder' GROUP BY status")
        )
        assert reminders.get("sent", 0) > 0
        assert reminders.get("cancelled", 0) > 0


def test_the_closing_summary_is_the_database(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp_path, result = demo_run
    assert result.returncode == 0, result.stderr
    printed: dict[str, list[int]] = {}
    for line in result.stdout.splitlines():
        found = re.match(r"^\s+([a-z_]+\.[a-z_]+)\s+((?:\d+\s*){5})$", line)
        if found:
            printed[found[1]] = [int(n) for n in found[2].split()]
    with sqlite3.connect(tmp_path / "festplan.db") as conn:
        rows = conn.execute("SELECT kind, status, count(*) FROM notifications GROUP BY kind, status").fetchall()
        seats = conn.execute("SELECT sum(seats) FROM registrations WHERE status = 'confirmed'").fetchone()[0]
        answered = conn.execute("SELECT count(*) FROM survey_invitations WHERE used_at IS NOT NULL").fetchone()[0]
    expected: dict[str, list[int]] = {}
    columns = ["sent", "pending", "failed", "suppressed", "cancelled"]
    for kind, status, count in rows:
        column = "pending" if status in ("pending", "queued", "sending", "held") else status
        expected.setdefault(kind, [0] * 5)[columns.index(column)] += count
    assert printed == expected
    assert f"places prises : {seats} " in result.stdout
    assert f"questionnaires : {answered} réponses" in result.stdout
    assert "tout est parti : rien en attente, rien en échec" in result.stdout


def test_the_demo_says_what_did_not_leave_and_exits_non_zero(tmp_path: Path) -> None:
    """A provider nobody answers at: the demo goes on, then its summary counts what is pending and fails."""
    env_extra = {
        "FESTPLAN_EMAIL_BACKEND": "sendgrid",
        "FESTPLAN_SENDGRID_HOST": f"http://127.0.0.1:{closed_port()}",
        "FESTPLAN_SENDGRID_API_KEY": "SG.test",
        "FESTPLAN_MAIL_DRAIN_SECONDS": "0",
    }
    result = festplan(tmp_path, "demo", "--participants", "60", extra_env=env_extra)
    assert result.returncode == 1, result.stdout + result.stderr
    pending = scalar(tmp_path, "SELECT count(*) FROM notifications WHERE status IN ('pending', 'queued', 'sending')")
    assert pending > 0
    assert f"{pending} courriel(s) encore en attente" in result.stdout
    assert "première erreur : SendGrid unreachable" in result.stdout
    assert "tout est parti" not in result.stdout
