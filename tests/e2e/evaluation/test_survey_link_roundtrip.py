"""A survey end to end through the real app: email in the file outbox → link → form → answers stored → refusals."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from evaluation_world import EvaluationWorld
from fastapi.testclient import TestClient
from sqlalchemy import inspect, select

from services.evaluation.domain.invitations import reminder_key
from services.evaluation.surveys.invitations import invite, make_token
from shared.db import unit_of_work
from shared.models import Edition, Notification, SurveyInvitation, SurveyResponse
from shared.models.types import utcnow
from shared.settings import Settings

LINK = re.compile(r"http://127\.0\.0\.1:8000(/surveys/[A-Za-z0-9_.\-]+)")


def _text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def _survey_emails(outbox: Path) -> dict[str, str]:
    """Recipient → text of the survey emails written to the outbox."""
    found = {}
    for path in sorted(outbox.glob("*.eml")):
        message = message_from_bytes(path.read_bytes())
        body = _text(message)
        if "/surveys/" in body:
            found[str(message["To"])] = body
    return found


def _invite_participants() -> None:
    """Invite, then hand the due rows to the notifier as its relay does (directly: no broker in these tests)."""
    from services.notifier import service

    with unit_of_work() as session:
        edition = session.scalar(select(Edition))
        report = invite(session, edition=edition, survey="participant_after")
    assert report.created == 5  # five confirmed registrations to placed sessions
    service.relay(enqueue=service.deliver)


def test_participant_answers_once_anonymously_and_forged_links_are_refused(
    festplan_env: Settings, eval_world: EvaluationWorld, app_client: TestClient
) -> None:
    _invite_participants()
    emails = _survey_emails(festplan_env.outbox_dir)
    jules = next(body for to, body in emails.items() if "jules.bernard@example.org" in to)
    assert "Les écrans et les tout-petits" in jules
    path = LINK.search(jules).group(1)

    page = app_client.get(path)
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "<legend>Dans l&#39;ensemble, êtes-vous satisfait·e de cette séance ?" in page.text
    assert "Ce que nous recueillons et pourquoi" in page.text
    assert "<script" not in page.text

    incomplete = app_client.post(path, data={"satisfaction": "9", "comment": "trop court"})
    assert incomplete.status_code == 422
    assert 'href="#q-satisfaction-0"' in incomplete.text
    assert 'href="#q-recommend-0"' in incomplete.text
    assert 'aria-describedby="q-satisfaction-echelle q-satisfaction-erreur"' in incomplete.text
    assert "trop court" in incomplete.text  # what was typed is kept

    answers = {
        "satisfaction": "4",
        "recommend": "9",
        "learned": "Le contrôle parental",
        "accessibility": "none",
        "heard": ["website", "venue"],
        "comment": "Très bien, merci Jules Bernard",
    }
    done = app_client.post(path, data=answers)
    assert done.status_code == 200
    assert "Merci" in done.text

    with unit_of_work() as session:
        responses = session.scalars(select(SurveyResponse)).all()
        assert len(responses) == 1
        response = responses[0]
        assert response.respondent_id is None
        assert response.proposal_id == eval_world.programme.proposals["se-001"]
        assert response.answers["satisfaction"] == 4
        assert response.answers["heard"] == ["website", "venue"]
        row = {c.key: getattr(response, c.key) for c in inspect(SurveyResponse).mapper.column_attrs}
        assert "jules.bernard@example.org" not in repr(row)
        assert response.submitted_at.hour == 0
        assert response.submitted_at.minute == 0
        invitation = session.scalar(select(SurveyInvitation).where(SurveyInvitation.used_at.is_not(None)))
        reminder = session.scalar(
            select(Notification).where(Notification.idempotency_key == reminder_key(invitation.id))
        )
        assert reminder.status == "cancelled"  # planned a week later, no longer needed
        assert reminder.payload["privacy"].startswith("Vos réponses sont enregistrées sans votre nom")

    again = app_client.post(path, data=answers)
    assert again.status_code == 409
    assert "déjà répondu" in again.text
    assert app_client.get(path).status_code == 409

    token = path.rsplit("/", 1)[1]
    altered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert app_client.get(f"/surveys/{altered}").status_code == 404
    forged = make_token(survey="participant_after", expires_at=utcnow(), locale="fr")  # well signed, never issued
    refused = app_client.post(f"/surveys/{forged}", data=answers)
    assert refused.status_code == 404
    assert "Lien non valable" in refused.text
    with unit_of_work() as session:
        assert session.query(SurveyResponse).count() == 1


def test_expired_link_is_refused_and_english_is_offered(
    festplan_env: Settings, eval_world: EvaluationWorld, app_client: TestClient
) -> None:
    _invite_participants()
    emails = _survey_emails(festplan_env.outbox_dir)
    paths = [LINK.search(body).group(1) for body in emails.values()]
    english = app_client.get(paths[0] + "?lang=en")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "What we collect and why" in english.text
    with unit_of_work() as session:
        for invitation in session.scalars(select(SurveyInvitation)):
            invitation.expires_at = utcnow()
    closed = app_client.get(paths[0])
    assert closed.status_code == 410
    assert "clos" in closed.text


def test_sending_again_creates_nothing_twice(festplan_env: Settings, eval_world: EvaluationWorld) -> None:
    _invite_participants()
    with unit_of_work() as session:
        edition = session.scalar(select(Edition))
        report = invite(session, edition=edition, survey="participant_after")
        assert (report.created, report.existing) == (0, 5)
        stored = session.scalars(select(SurveyInvitation.token_hash)).all()
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in stored)  # only hashes are kept
