"""The mail benchmark sends its batch once per backend: a batch put back carries its survey links again."""

from __future__ import annotations

from sqlalchemy import select

from bench.mail.run import paced_template, payloads_of, requeue
from shared.db import unit_of_work
from shared.mail_secrets import REDACTED
from shared.models.notification import Notification
from shared.outbox import record
from tests.mailbox import links


def test_a_requeued_batch_gets_the_links_its_producer_wrote(pg_env):
    with unit_of_work() as session:
        ids = [
            record(
                session,
                kind="participant.survey",
                recipient_email=f"p{n}@exemple.fr",
                recipient_name=None,
                locale="fr",
                payload={
                    "link": f"https://festplan.example/surveys/bench-{n}-token-0123456789",
                    "deadline": "2023-11-10",
                },
                idempotency_key=f"bench:{n}",
                category="bulk",
                held=True,
            ).id
            for n in range(2)
        ]
    originals = payloads_of(ids)
    with unit_of_work() as session:  # as the first backend leaves them: sent, links redacted
        for row in session.scalars(select(Notification)):
            row.status, row.payload = "sent", {**row.payload, "link": REDACTED}
    requeue(ids, originals)  # the embedded relay sends them again at once: with their links, not refused
    with unit_of_work() as session:
        rows = list(session.scalars(select(Notification).order_by(Notification.id)))
    assert [(r.status, r.last_error) for r in rows] == [("sent", None), ("sent", None)]
    sent = links(pg_env.outbox_dir, kind="participant.survey", part="/surveys/")
    assert sent == [originals[i]["link"] for i in ids]
    assert paced_template(ids[0], originals[ids[0]])["payload"]["link"].endswith("bench-0-token-0123456789")
