"""Every personal link an email carries is declared secret in one place, and redacted once the row is sent,
suppressed or cancelled (a failed row keeps it, for ``retry-failed``)."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, create_engine, insert, select, update

from services.notifier.domain.examples import EXAMPLE_PAYLOADS, example_context
from services.notifier.domain.rendering import SUBJECTS, render
from shared.mail_secrets import (
    REDACTED,
    REDACTED_ON,
    SECRET_KEYS,
    is_redacted,
    link_like_keys,
    redact,
    undeclared_links,
)
from shared.models.notification import Notification, NotificationStatus
from shared.outbox import KINDS, ending, payload_after


def test_every_kind_has_an_example_payload_and_a_template():
    assert set(EXAMPLE_PAYLOADS) == set(KINDS) == set(SUBJECTS)
    assert set(SECRET_KEYS) <= set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_link_looking_key_of_a_kind_is_declared_secret_or_public(kind):
    assert undeclared_links(kind, EXAMPLE_PAYLOADS[kind]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_secret_key_is_one_the_kind_really_carries(kind):
    payload = EXAMPLE_PAYLOADS[kind]
    assert all(key in payload for key in SECRET_KEYS.get(kind, ()))


def test_an_undeclared_link_is_caught_even_nested():
    payload = {"proposal_id": 1, "form_link": "x", "session": {"calendar_url": "y"}, "items": [{"token": "z"}]}
    assert undeclared_links("partner.decision", payload) == ["form_link", "session.calendar_url", "items.token"]
    assert list(link_like_keys({"base_url": "b", "programme_url": "p"})) == ["base_url", "programme_url"]
    assert undeclared_links("partner.decision", {"base_url": "b", "programme_url": "p"}) == []
    assert undeclared_links("lead.signin_link", {"link": "l"}) == []
    assert undeclared_links("partner.decision", {"link": "l"}) == ["link"]  # secret for another kind only


def test_redact_replaces_the_secret_keys_only_and_leaves_the_input_alone():
    payload = dict(EXAMPLE_PAYLOADS["participant.registration_confirmed"])
    redacted = redact("participant.registration_confirmed", payload)
    assert redacted is not None
    assert redacted["link"] == redacted["cancel_url"] == REDACTED
    assert {k: v for k, v in redacted.items() if k not in ("link", "cancel_url")} == {
        k: v for k, v in payload.items() if k not in ("link", "cancel_url")
    }
    assert payload["link"].startswith("https://")
    assert is_redacted("participant.registration_confirmed", redacted)
    assert not is_redacted("participant.registration_confirmed", payload)
    assert redact("partner.decision", EXAMPLE_PAYLOADS["partner.decision"]) is None
    assert redact("lead.signin_link", redacted) is None  # nothing left to change
    assert redact("lead.signin_link", None) is None


def test_only_a_deliberate_end_redacts_and_a_failed_row_keeps_its_link():
    assert set(REDACTED_ON) == {"sent", "suppressed", "cancelled"}
    assert set(REDACTED_ON) <= {status.value for status in NotificationStatus}
    for status in ("pending", "queued", "failed"):
        assert payload_after(status) is None, status
    for status in ("queued", "failed"):
        with pytest.raises(ValueError):
            ending(status)


@pytest.mark.parametrize("kind", SECRET_KEYS)
def test_a_redacted_row_still_renders_with_the_marker_in_place_of_the_link(kind):
    context = {**example_context(kind), "link": REDACTED}
    email = render(kind, "fr", context)
    assert REDACTED in email.text
    assert "Zx8-example-token" not in email.text + email.html


def test_the_sql_redaction_matches_the_python_one_on_sqlite():
    engine = create_engine("sqlite://")
    table = Notification.__table__
    table.create(engine)
    rows = {kind: {**payload, "key_absent_stays_absent": 1} for kind, payload in EXAMPLE_PAYLOADS.items()}
    with engine.begin() as connection:
        for n, (kind, payload) in enumerate(rows.items()):
            connection.execute(
                insert(table).values(
                    id=n + 1, idempotency_key=f"k{n}", kind=kind, recipient_email="a@b.c", payload=payload
                )
            )
        connection.execute(update(table).values(**ending("sent")))
        stored = {kind: payload for kind, payload in connection.execute(select(table.c.kind, table.c.payload))}
    for kind, payload in rows.items():
        assert stored[kind] == (redact(kind, payload) or payload), kind
    assert "cancel_url" not in stored["lead.signin_link"]  # json_replace adds no key a payload did not hold


def test_the_outcome_statement_redacts_a_sent_row_and_keeps_a_failed_ones_link_on_sqlite():
    engine = create_engine("sqlite://")
    table = Notification.__table__
    table.create(engine)
    payload = {"link": "https://f.example/gestion/connexion/Zx8-token", "user_id": 1}
    statuses = ("sent", "failed", "suppressed", "pending")
    with engine.begin() as connection:
        for n, _ in enumerate(statuses):
            connection.execute(
                insert(table).values(
                    id=n + 1, idempotency_key=f"k{n}", kind="lead.signin_link", recipient_email="a@b.c", payload=payload
                )
            )
        outcome = (  # one statement, the status bound, as the delivery records its outcomes
            update(table)
            .where(table.c.id == bindparam("done_id"))
            .values(status=bindparam("new_status"), payload=payload_after(bindparam("new_status")))
        )
        connection.execute(outcome, [{"done_id": n + 1, "new_status": s} for n, s in enumerate(statuses)])
        stored = {status: row for status, row in connection.execute(select(table.c.status, table.c.payload))}
    assert {status: row["link"] for status, row in stored.items()} == {
        "sent": REDACTED,
        "failed": payload["link"],  # never reached its person: retry-failed sends it with its link
        "suppressed": REDACTED,
        "pending": payload["link"],
    }
