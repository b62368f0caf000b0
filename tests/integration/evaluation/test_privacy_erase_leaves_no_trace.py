"""RGPD on the real PostgreSQL: export holds everything, erase leaves no trace in any table nor in any file festplan
wrote under var/ (the outbox's .eml files, the evaluation report, the demo's scenario file), aggregates stay."""

from __future__ import annotations

import json
import time
from datetime import date
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

import sqlalchemy as sa
from evaluation_world import build_world
from sqlalchemy import select

import shared.models  # noqa: F401  (every table registered on the metadata)
from services.evaluation.domain.report import compute_report
from services.evaluation.privacy.service import erase_expired, export_person
from services.evaluation.report.data import load_evaluation
from services.evaluation.repository import question_set
from services.evaluation.surveys.invitations import invite
from services.evaluation.surveys.responses import record_answers
from services.evaluation.tasks import erase_expired as erase_expired_task
from shared.db import Base, get_engine, unit_of_work
from shared.models import Edition, Notification, Participant, Registration, Suppression, User, WebhookEvent
from shared.models.evaluation import SurveyInvitation, SurveyResponse
from shared.settings import Settings, get_settings

EMAIL, NAME = "camille.roux@example.org", "Camille Roux"


def _seed() -> None:
    """The data set, every survey sent, Camille's answer naming herself, her unsubscription and a bounce event."""
    with unit_of_work() as session:
        build_world(session)
        edition = session.scalar(select(Edition))
        for survey in ("participant_after", "speaker_after", "partner_after"):
            invite(session, edition=edition, survey=survey)
        questions = question_set(session, edition.id)
        camille = session.scalar(select(Participant).where(Participant.email == EMAIL))
        for invitation in session.scalars(
            select(SurveyInvitation).where(
                SurveyInvitation.respondent_kind == "participant", SurveyInvitation.respondent_id == camille.id
            )
        ):
            record_answers(
                session,
                invitation=invitation,
                survey=questions.surveys["participant_after"],
                answers={
                    "satisfaction": 5,
                    "recommend": 10,
                    "learned": None,
                    "accessibility": "yes",
                    "heard": ["website"],
                    "comment": f"Merci ! {NAME} ({EMAIL.upper()})",
                },
            )
        other = session.scalar(
            select(SurveyInvitation).where(
                SurveyInvitation.used_at.is_(None), SurveyInvitation.respondent_kind == "participant"
            )
        )
        record_answers(
            session,
            invitation=other,
            survey=questions.surveys["participant_after"],
            answers={
                "satisfaction": 2,
                "recommend": 4,
                "learned": None,
                "accessibility": None,
                "heard": [],
                "comment": None,
            },
        )
    _deliver()  # before her unsubscription: her emails are in the outbox folder
    with unit_of_work() as session:
        edition = session.scalar(select(Edition))
        session.add(Suppression(email=EMAIL, reason="unsubscribed"))
        notification = session.scalar(select(Notification).where(Notification.recipient_email == EMAIL))
        session.add(
            WebhookEvent(
                provider_event_id="ev-1",
                event="bounce",
                email=EMAIL,
                notification_id=notification.id,
                payload={"email": EMAIL},
            )
        )
        session.add(User(email=EMAIL.upper(), name=NAME, role="lead"))
        session.add(  # an email to someone else that names her: its stored context must lose her too
            Notification(
                idempotency_key="lead-alert-1",
                kind="lead.alert",
                status="sent",  # already delivered: only its stored context is left
                recipient_email="direction@example.org",
                recipient_name="Direction",
                payload={"text": f"Nouvelle inscription : {NAME} <{EMAIL}>"},
                edition_id=edition.id,
            )
        )


def _traces(*needles: str) -> list[str]:
    """Every (table.column) whose text or JSON holds one of ``needles``, case-insensitively: the whole database."""
    hits = []
    wanted = [n.lower() for n in needles]
    with get_engine().connect() as conn:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON)]
            if not columns:
                continue
            for row in conn.execute(sa.select(*columns)):
                for column, value in zip(columns, row, strict=True):
                    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
                    if value is not None and any(n in text.lower() for n in wanted):
                        hits.append(f"{table.name}.{column.name}")
    return sorted(set(hits))


def _deliver() -> None:
    """Every email waiting delivered by the file backend: one .eml file each in the outbox folder."""
    from services.notifier.delivery.send import drain_queued

    with unit_of_work() as session:
        session.execute(sa.update(Notification).where(Notification.status == "pending").values(status="queued"))
    drain_queued(until=time.monotonic() + 120, settings=get_settings())
    assert list(Path(get_settings().outbox_dir).glob("*.eml"))


def _write_files() -> None:
    """What else festplan writes under var/: the evaluation report (HTML and CSV) and the demo's scenario export."""
    from services.evaluation.report.render import write_csv, write_html
    from shared.scenario.dump import dump_scenario, write_json
    from shared.scenario.store import load_scenario_from_db

    settings = get_settings()
    with unit_of_work() as session:
        edition = session.scalar(select(Edition))
        report = compute_report(load_evaluation(session, edition))
        scenario = dump_scenario(load_scenario_from_db(session, edition.code))
    write_html(report, settings.var_dir / "report" / "evaluation.html")
    write_csv(report, settings.var_dir / "report" / "csv")
    write_json(settings.var_dir / "demo" / "scenario.json", scenario)


def _file_traces(*needles: str) -> list[str]:
    """Every file under var/ (outbox included) whose bytes hold one of ``needles``, as UTF-8, case-insensitively,
    or, for an email, in its decoded headers and body."""
    var = get_settings().var_dir
    wanted = [n.lower() for n in needles]
    hits = []
    for path in sorted(Path(var).rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8", "replace")
        if path.suffix == ".eml":  # quoted-printable or base64 would hide an accented name from a plain grep
            message = message_from_bytes(raw, policy=email_policy.default)
            text += "".join(str(v) for v in message.values())
            text += "".join(p.get_content() for p in message.walk() if p.get_content_maintype() == "text")
        if any(n in text.lower() for n in wanted):
            hits.append(str(path.relative_to(var)))
    return hits


def _erase(email: str) -> str:
    """``festplan privacy erase EMAIL --yes``, as the lead types it (commit, then the files)."""
    from typer.testing import CliRunner

    from services.cli import _register_services, app

    if not any(command.name == "report" for command in app.registered_commands):
        _register_services()
    result = CliRunner().invoke(app, ["privacy", "erase", email, "--yes"])
    assert result.exit_code == 0, result.output
    return result.output


def _aggregates() -> dict[str, object]:
    with unit_of_work() as session:
        report = compute_report(load_evaluation(session, session.scalar(select(Edition))))
        seats = session.scalar(select(sa.func.sum(Registration.seats)).where(Registration.status == "confirmed"))
        participants = session.scalar(select(sa.func.count()).select_from(Participant))
    return {
        "totals": report.totals,
        "kind": report.by["kind"],
        "scores": report.scores,
        "overall": report.overall_score,
        "rates": [(r.survey, r.invited, r.answered) for r in report.rates],
        "seats": seats,
        "participants": participants,
    }


def test_export_then_erase_a_participant(pg_env: Settings) -> None:
    _seed()
    assert _traces(EMAIL, NAME)  # the scan does find her before
    with unit_of_work() as session:
        export = export_person(session, EMAIL)
    json.dumps(export)  # JSON as it is
    [person] = export["participants"]
    assert (person["name"], person["phone"], person["commune"]) == (NAME, "06 00 00 00 00", "Riom")
    assert sorted((r["session"], r["seats"]) for r in person["registrations"]) == [("se-001", 2), ("se-003", 1)]
    assert sorted(i["session"] for i in person["survey_invitations"]) == ["se-001", "se-003"]
    assert all(i["used_at"] for i in person["survey_invitations"])
    assert {e["kind"] for e in export["emails"]} == {"participant.survey", "survey.reminder"}
    assert len(export["emails"]) == 4
    assert export["suppressions"][0]["reason"] == "unsubscribed"
    assert export["delivery_events"][0]["event"] == "bounce"
    assert export["lead_accounts"][0]["name"] == NAME

    _write_files()
    found = _file_traces(EMAIL, NAME)
    assert any(path.startswith("outbox/") for path in found), found  # the file scan finds her before
    before = _aggregates()
    output = _erase(EMAIL)
    assert "participants 1" in output
    assert "notifications 4" in output
    assert _traces(EMAIL, NAME) == []
    assert _file_traces(EMAIL, NAME) == []
    assert (get_settings().var_dir / "report" / "evaluation.html").is_file()  # rebuilt, not just deleted
    assert _aggregates() == before
    with unit_of_work() as session:
        assert session.scalar(select(sa.func.count()).select_from(SurveyResponse)) == 3
        again = export_person(session, EMAIL)
    assert not any(v for k, v in again.items() if isinstance(v, list))


def test_erasing_a_speaker_keeps_their_answers_without_them(pg_env: Settings) -> None:
    _seed()
    with unit_of_work() as session:
        invitation = session.scalar(select(SurveyInvitation).where(SurveyInvitation.survey == "speaker_after"))
        survey = question_set(session, invitation.edition_id).surveys["speaker_after"]
        record_answers(
            session,
            invitation=invitation,
            survey=survey,
            answers={"organisation": 4, "logistics": 4, "audience": 3, "come_back": "yes", "comment": "Bonne salle"},
        )
        speaker_id = invitation.respondent_id
    _write_files()
    assert "demo/scenario.json" in _file_traces("sp-001@example.org", "Alice Martin")
    with unit_of_work() as session:
        email = export_person(session, "sp-001@example.org")
        assert email["speakers"][0]["survey_responses"][0]["answers"]["comment"] == "Bonne salle"
    _erase("SP-001@example.org")
    assert _traces("sp-001@example.org", "Alice Martin") == []
    assert _file_traces("sp-001@example.org", "Alice Martin") == []
    scenario = json.loads((get_settings().var_dir / "demo" / "scenario.json").read_text(encoding="utf-8"))
    assert len(scenario["speakers"]) > 1  # exported again from the database, every other speaker still there
    with unit_of_work() as session:
        response = session.scalar(select(SurveyResponse).where(SurveyResponse.survey == "speaker_after"))
        assert response.respondent_id is None
        assert response.answers["organisation"] == 4
        assert (
            session.scalar(
                select(SurveyInvitation).where(
                    SurveyInvitation.respondent_id == speaker_id, SurveyInvitation.respondent_kind == "speaker"
                )
            )
            is None
        )


def test_retention_erases_participants_only_after_the_period(pg_env: Settings) -> None:
    _seed()
    _write_files()
    with unit_of_work() as session:
        assert erase_expired(session, today=date(2024, 10, 27), months=12) == 0  # edition ended 27/10/2023
    assert erase_expired_task.apply(kwargs={"today": "2024-10-28"}).get() == 3  # the beat task, run in-process
    for name, email in (("Jules Bernard", "jules.bernard@example.org"), ("Inès Moreau", "ines.moreau@example.org")):
        assert _traces(email, name) == []
        assert _file_traces(email, name) == []
    with unit_of_work() as session:
        assert (
            session.scalar(select(sa.func.count()).select_from(Participant).where(Participant.erased_at.is_(None))) == 0
        )
        assert erase_expired(session, today=date(2025, 1, 1), months=12) == 0  # already done: nothing twice
    with unit_of_work() as session:  # speakers and partners are not participants: left as they are
        assert export_person(session, "sp-001@example.org")["speakers"][0]["name"] == "Alice Martin"
