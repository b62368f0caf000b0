"""The SMTP backend against a real aiosmtpd server on loopback: plain, STARTTLS + AUTH, refusals."""

from __future__ import annotations

import dataclasses
import ssl

import pytest
from notifier_servers import free_port, use_settings
from sqlalchemy import select

from services.notifier.delivery.backends import close_backends
from services.notifier.delivery.backends.smtp import SmtpBackend
from services.notifier.domain.message import OutgoingEmail
from services.notifier.domain.policy import PermanentDeliveryError, TransientDeliveryError, message_id
from shared.db import unit_of_work
from shared.models.notification import Notification
from shared.models.types import utcnow
from shared.outbox import record


def _email(n: int) -> OutgoingEmail:
    return OutgoingEmail(
        notification_id=n,
        message_id=message_id(f"k{n}"),
        sender="Culture et numérique <cn@example.org>",
        recipient_email=f"dest{n}@example.org",
        recipient_name="Zoé Ébrard",
        subject="Objet accentué é",
        text="Bonjour",
        html="<p>Bonjour</p>",
        locale="fr",
        date=utcnow(),
    )


def test_outbox_rows_delivered_over_one_reused_connection(festplan_env, smtp_sink, monkeypatch):
    handler, port = smtp_sink
    use_settings(monkeypatch, email_backend="smtp", smtp_host="127.0.0.1", smtp_port=port)
    try:
        with unit_of_work() as session:
            for n in range(5):
                record(
                    session,
                    kind="lead.signin_link",
                    recipient_email=f"lead{n}@example.org",
                    recipient_name=None,
                    locale="en",
                    payload={"link": f"https://f.example/{n}"},
                    idempotency_key=f"signin:{n}",
                )
        assert len(handler.messages) == 5
        assert len(handler.sessions) == 1  # one SMTP session for the whole batch
        assert sorted(handler.message_ids) == sorted(message_id(f"signin:{n}") for n in range(5))
        with unit_of_work() as session:
            assert {n.status for n in session.scalars(select(Notification))} == {"sent"}
    finally:
        close_backends()


def test_starttls_and_login(festplan_env, starttls_sink, monkeypatch):
    handler, port, cert = starttls_sink
    settings = use_settings(
        monkeypatch,
        email_backend="smtp",
        smtp_port=port,
        smtp_security="starttls",
        smtp_user="festplan",
        smtp_password="s3cret",
    )
    backend = SmtpBackend(settings, ssl_context=ssl.create_default_context(cafile=str(cert)))
    try:
        assert backend.send(_email(1)) == message_id("k1")
        assert backend.send(_email(2)) == message_id("k2")
    finally:
        backend.close()
    assert backend.connections_opened == 1
    assert len(handler.messages) == 2


def test_refusals_are_classified_and_the_connection_survives(festplan_env, smtp_sink, monkeypatch):
    handler, port = smtp_sink
    backend = SmtpBackend(use_settings(monkeypatch, smtp_port=port))
    handler.refuse = [(451, "try later"), (550, "mailbox unavailable")]
    with pytest.raises(TransientDeliveryError):
        backend.send(_email(1))
    with pytest.raises(PermanentDeliveryError, match="550"):
        backend.send(_email(2))
    assert backend.send(_email(3))
    backend.close()
    assert len(handler.messages) == 1


class Exchanges:
    """What the client did on its side of the connection, in order: ``send`` and ``reply``."""

    def __init__(self, backend: SmtpBackend) -> None:
        self.steps: list[str] = []
        conn = backend._connection()
        send, getreply = conn.send, conn.getreply

        def sent(data):  # type: ignore[no-untyped-def]
            self.steps.append("send")
            return send(data)

        def replied():  # type: ignore[no-untyped-def]
            self.steps.append("reply")
            return getreply()

        conn.send, conn.getreply = sent, replied


@pytest.fixture(params=[True, False], ids=["pipelining", "one-by-one"])
def sink_and_backend(request, festplan_env, smtp_sink, monkeypatch):
    """The sink offering PIPELINING or not, and a backend pointed at it."""
    handler, port = smtp_sink
    handler.pipelining = request.param
    return handler, SmtpBackend(use_settings(monkeypatch, smtp_port=port))


def test_an_email_costs_two_round_trips_where_the_server_offers_pipelining(sink_and_backend):
    handler, backend = sink_and_backend
    pipelining = handler.pipelining
    exchanges = Exchanges(backend)
    dotted = dataclasses.replace(_email(1), text="Ligne 1\n.\n..deux points\n.")
    try:
        assert backend.send(dotted) == message_id("k1")
    finally:
        backend.close()
    if pipelining:  # MAIL, RCPT, DATA, then their three replies; the message, then its reply
        assert exchanges.steps[:8] == ["send"] * 3 + ["reply"] * 3 + ["send", "reply"]
    else:
        assert exchanges.steps[:8] == ["send", "reply"] * 4
    (received,) = handler.parsed()
    assert received.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Ligne 1\n.\n..deux points\n.\n"
    assert received["Message-ID"] == message_id("k1")


def test_a_refused_recipient_is_permanent_and_the_connection_serves_the_next_email(sink_and_backend):
    handler, backend = sink_and_backend
    handler.refuse_recipients = [(550, "no such user"), (450, "mailbox busy")]
    with pytest.raises(PermanentDeliveryError, match="550"):
        backend.send(_email(1))
    with pytest.raises(TransientDeliveryError, match="450"):
        backend.send(_email(2))
    assert backend.send(_email(3)) == message_id("k3")
    backend.close()
    assert backend.connections_opened == 1
    assert [str(m["Message-ID"]) for m in handler.parsed()] == [message_id("k3")]


def test_connection_refused_is_transient(festplan_env, monkeypatch):
    backend = SmtpBackend(use_settings(monkeypatch, smtp_port=free_port(), smtp_timeout=2))
    with pytest.raises(TransientDeliveryError, match="SMTP connection failed"):
        backend.send(_email(1))
