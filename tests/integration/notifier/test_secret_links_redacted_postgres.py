"""No email row sent, suppressed or called off keeps a usable personal link, on PostgreSQL, through the real delivery.

Every kind whose payload carries a secret link is produced by its own producer (the directory's
invitations, the back-office sign-in, a registration, the four surveys and their reminder) and sent to
a local SMTP server: the person receives the working link, and afterwards no text or JSON of the
``notifications`` and ``domain_events`` tables holds it. A row failing transiently keeps its link for the
retry and loses it once sent; a failed row (refused for good, or given up) keeps it, since it never
reached its person: ``retry-failed`` puts it back and it loses the link once sent; a suppressed or called
off row loses it at once; the driver-level drain does the same; delivery refuses a row whose link is
the redaction marker.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from notifier_servers import use_settings
from sqlalchemy import select, text, update

from services.evaluation.surveys import invitations
from services.ingest.directory import service as directory
from services.notifier import repository, service
from services.notifier.delivery.backends import close_backends
from services.notifier.delivery.sending import send_due
from services.scheduler.programme import booking
from services.scheduler.programme.repository import load_programme
from shared.db import unit_of_work
from shared.mail_secrets import REDACTED, SECRET_KEYS, redact, undeclared_links
from shared.models import Partner, Speaker
from shared.models.edition import Edition
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import ending, record
from shared.web.backoffice.session import ensure_lead, link_is_live
from shared.web.backoffice.signin import email_signin_link
from tests.factories.programme import PublishedProgramme, build_programme

LEAD = "cheffe.secrets@example.org"
#: A personal link in a delivered email: the path of each producer, then the token.
LINK = re.compile(
    r"https?://[^\s\"<>]+/(?:surveys|formulaires/acces|gestion/connexion|inscriptions)/([A-Za-z0-9._~-]{16,})"
)


@pytest.fixture
def mail(pg_env, smtp_sink, monkeypatch):
    handler, port = smtp_sink
    use_settings(monkeypatch, email_backend="smtp", smtp_port=port)
    yield handler
    close_backends()


def _text_of(message: EmailMessage) -> str:
    return "\n".join(part.get_content() for part in message.walk() if part.get_content_type().startswith("text/"))


def _delivered(handler) -> dict[str, list[str]]:
    """The tokens of the personal links each kind of delivered email carries."""
    found: dict[str, list[str]] = {}
    for message in handler.parsed():
        found.setdefault(str(message["X-Festplan-Kind"]), []).extend(LINK.findall(_text_of(message)))
    return found


def _stored_text() -> str:
    """Every column of every outbox row and domain event, as PostgreSQL writes the rows out as text."""
    with unit_of_work() as session:
        rows = session.execute(text("SELECT CAST(n AS TEXT) FROM notifications n")).scalars().all()
        events = session.execute(text("SELECT CAST(e AS TEXT) FROM domain_events e")).scalars().all()
    return "\n".join([*rows, *events])


def _rows(**where: object) -> list[Notification]:
    with unit_of_work() as session:
        found = list(session.scalars(select(Notification).filter_by(**where).order_by(Notification.id)))
        session.expunge_all()
    return found


def _produce_every_secret_kind(made: PublishedProgramme) -> None:
    with unit_of_work() as session:
        ensure_lead(session, email=LEAD, name="Cheffe")
        session.execute(update(Partner).values(email=Partner.code + "@example.org"))
    with unit_of_work() as session:
        directory.invite(session, role="partner", person=session.scalars(select(Partner)).first())
        directory.invite(session, role="speaker", person=session.scalars(select(Speaker)).first())
    with unit_of_work() as session:
        assert email_signin_link(session, email=LEAD)
    with unit_of_work() as session:
        programme = load_programme(session, made.edition_id)
        assert programme is not None
        request = booking.Request(name="Inès", email="ines@example.org", seats=1, needs="", waitlist=True)
        item = programme.session("se-001")
        assert item is not None
        assert booking.register(session, item=item, edition_id=made.edition_id, request=request, locale="fr")
    with unit_of_work() as session:
        edition = session.get(Edition, made.edition_id)
        before = datetime(2023, 9, 1, 9, tzinfo=UTC)  # before the edition: the partners' survey is still open
        invitations.invite(session, edition=edition, survey="partner_before", now=before)
        for survey in ("partner_after", "speaker_after", "participant_after"):
            invitations.invite(session, edition=edition, survey=survey)
    with unit_of_work() as session:  # the reminders are due a week later: make them due now
        session.execute(update(Notification).where(Notification.kind == "survey.reminder").values(send_after=utcnow()))
        session.flush()
        first = session.scalars(select(Notification.id).where(Notification.kind == "survey.reminder")).first()
        assert first is not None


def test_every_secret_link_reaches_its_person_and_no_ended_row_or_event_keeps_it(mail):
    with unit_of_work() as session:
        made = build_programme(session)
    _produce_every_secret_kind(made)
    report = send_due(deadline_seconds=60)
    assert report.complete, report

    delivered = _delivered(mail)
    assert set(SECRET_KEYS) <= set(delivered), set(SECRET_KEYS) - set(delivered)
    tokens = {token for kind in SECRET_KEYS for token in delivered[kind]}
    assert all(delivered[kind] for kind in SECRET_KEYS)
    stored = _stored_text()
    assert [token for token in tokens if token in stored] == []
    assert stored.count(REDACTED) >= len(SECRET_KEYS)

    for row in _rows():
        assert row.status == "sent", (row.kind, row.status, row.last_error)
        assert undeclared_links(row.kind, row.payload) == [], row.kind
        assert redact(row.kind, row.payload) is None, row.kind  # nothing left to redact
        assert all(row.payload[key] == REDACTED for key in SECRET_KEYS.get(row.kind, ()) if key in row.payload)

    with unit_of_work() as session:  # the links the people received work
        (signin,) = set(delivered["lead.signin_link"])
        assert link_is_live(session, signin)
        surveys = ("partner.survey_before", "partner.survey_after", "speaker.survey_after", "participant.survey")
        for token in {token for kind in (*surveys, "survey.reminder") for token in delivered[kind]}:
            now = datetime(2023, 9, 2, tzinfo=UTC) if _survey_of(session, token) == "partner_before" else None
            assert invitations.open_invitation(session, token, now=now).status == "ok"
        (cancel,) = set(delivered["participant.registration_confirmed"])
        assert booking.registration_from_token(cancel) is not None


def _survey_of(session, token: str) -> str | None:
    claims = invitations.read_token(token)
    return claims.survey if claims is not None else None


def _signin_row(
    key: str, *, email: str = "lead@example.org", category: str = "transactional", held: bool = False
) -> int:
    with unit_of_work() as session:
        row = record(
            session,
            kind="lead.signin_link",
            recipient_email=email,
            recipient_name=None,
            locale="fr",
            payload={"link": f"https://festplan.example/gestion/connexion/{key}-secret-token", "user_id": 1},
            idempotency_key=key,
            category=category,
            held=held,
        )
        assert row is not None
        return row.id


def test_a_transient_failure_keeps_the_link_for_the_retry_and_the_send_redacts_it(mail):
    mail.refuse = [(451, "try again later")]
    row_id = _signin_row("transient")  # the commit hands it over: the first try meets the 451
    (row,) = _rows(id=row_id)
    assert (row.status, row.payload["link"]) == (
        "pending",
        "https://festplan.example/gestion/connexion/transient-secret-token",
    )
    with unit_of_work() as session:
        session.execute(update(Notification).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    assert send_due(deadline_seconds=30).complete
    (row,) = _rows(id=row_id)
    assert (row.status, row.payload) == ("sent", {"link": REDACTED, "user_id": 1})
    assert "transient-secret-token" in _text_of(mail.parsed()[-1])
    assert "transient-secret-token" not in _stored_text()


def test_a_failed_row_keeps_its_working_link_until_retry_failed_sends_it(mail):
    link = "https://festplan.example/gestion/connexion/permanent-secret-token"
    mail.refuse = [(550, "mailbox unavailable")]  # e.g. the relay refusing during an outage
    row_id = _signin_row("permanent")
    (row,) = _rows(id=row_id)
    assert (row.status, row.payload["link"]) == ("failed", link)  # it never reached its person
    assert mail.parsed() == []
    assert service.retry_failed() == 1  # the cause fixed: back in the queue, link included
    assert send_due(deadline_seconds=30).complete
    (row,) = _rows(id=row_id)
    assert (row.status, row.payload) == ("sent", {"link": REDACTED, "user_id": 1})
    assert "permanent-secret-token" in _text_of(mail.parsed()[-1])  # the person got the working link
    assert "permanent-secret-token" not in _stored_text()


def test_delivery_refuses_a_row_whose_link_is_the_redaction_marker(mail):
    row_id = _signin_row("marker", held=True)
    with unit_of_work() as session:  # as a row redacted by hand, or by older code, then put back
        session.execute(
            update(Notification)
            .where(Notification.id == row_id)
            .values(status="failed", payload={"link": REDACTED, "user_id": 1})
        )
    assert service.retry_failed() == 1
    report = send_due(deadline_seconds=30)
    assert (report.sent, report.failed) == (0, 1)
    (row,) = _rows(id=row_id)
    assert row.status == "failed"
    assert "masqué" in (row.last_error or "")
    assert mail.parsed() == []  # no email with a dead link left


def test_a_suppressed_and_a_called_off_row_lose_their_link(mail):
    with unit_of_work() as session:
        repository.suppress(session, email="gone@example.org", reason="unsubscribe")
    _signin_row("suppressed", email="gone@example.org", category="bulk")
    called_off = _signin_row("called-off", held=True)
    with unit_of_work() as session:
        session.execute(update(Notification).where(Notification.id == called_off).values(**ending("cancelled")))
    assert [(r.status, r.payload["link"]) for r in _rows()] == [("suppressed", REDACTED), ("cancelled", REDACTED)]
    assert "secret-token" not in _stored_text()


def test_the_drain_redacts_in_its_driver_level_claim_and_a_given_up_row_keeps_its_link(mail):
    ids = [_signin_row(f"drain-{n}", held=True) for n in range(3)]
    with unit_of_work() as session:
        session.execute(update(Notification).values(status="queued"))
        session.execute(update(Notification).where(Notification.id == ids[2]).values(deliveries=99))
    outcomes, empty = service.drain_queued(until=time.monotonic() + 30)
    assert empty
    assert [o.status for o in sorted(outcomes, key=lambda o: o.notification_id)] == ["sent", "sent", "failed"]
    assert [r.payload["link"] for r in _rows()] == [  # given up (a worker lost each time): it never left
        REDACTED,
        REDACTED,
        "https://festplan.example/gestion/connexion/drain-2-secret-token",
    ]
    assert "drain-0-secret-token" not in _stored_text()
    assert "drain-1-secret-token" not in _stored_text()
    assert {t for kind in _delivered(mail).values() for t in kind} == {"drain-0-secret-token", "drain-1-secret-token"}


def test_the_sql_redaction_is_the_python_one_on_postgresql(pg_env):
    from services.notifier.domain.examples import EXAMPLE_PAYLOADS

    with unit_of_work() as session:
        for n, (kind, payload) in enumerate(EXAMPLE_PAYLOADS.items()):
            record(
                session,
                kind=kind,
                recipient_email="x@example.org",
                recipient_name=None,
                locale="fr",
                payload=payload,
                idempotency_key=f"sql:{n}",
                held=True,
            )
    with unit_of_work() as session:
        session.execute(update(Notification).values(**ending("cancelled")))
    for row in _rows():
        payload = EXAMPLE_PAYLOADS[row.kind]
        assert row.payload == (redact(row.kind, payload) or payload), row.kind
