"""Mail benchmark (issue 5): 10,000 survey emails rendered, queued and delivered, against a bare baseline.

``python -m bench.mail.run [--emails N] [--backend smtp|sendgrid] [--quick]``

On a PostgreSQL database and a Redis DB of its own: a published generated edition, N participants each
registered to a session, and ``participant_after`` survey invitations written by festplan's own
producer (one outbox row per email). Then, for each backend:

1. rendering in this one process (context reloaded from the database, Jinja2 templates, MIME bytes);
2. the bare baseline (:mod:`bench.mail.baseline`) delivering the same emails to a
   local receiver in its own process (aiosmtpd, or a SendGrid v3 stand-in);
3. festplan delivering the batch (the relay hands the rows over by ``notifier.send_batch`` messages of
   50 ids) with ``festplan worker -Q mail -c 2``, CPU per email from the workers' process group;
4. paced runs of each pipeline at half the baseline's and at half festplan's delivered rate: p50/p99
   enqueue-to-delivered latency, and how busy the machine was;
5. a storm of 429/500 answers (:mod:`bench.mail.storm`), in production mode and on the
   embedded default: time-to-drain after the storm and duplicates (``--storm-only`` runs this alone).

Results print as Markdown tables (``bench.__main__`` copies them into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.mail.render import render_all
from bench.mail.rounds import Batch, Paced, WorkerGroup, deliver_batch, paced_run
from bench.mail.servers import ReceiverProcess
from bench.setup import (
    fresh_database,
    load_average,
    publish_generated_edition,
    redis_database,
    speed_probe,
    stop_cleanly_on_sigterm,
    use_environment,
)

KIND = "participant.survey"
FULL_EMAILS, QUICK_EMAILS = 10_000, 1_000
FIRST_NAMES = ("Camille", "Léa", "Hugo", "Zoé", "Noé", "Inès", "Jules", "Maëlys", "Théo", "Chloé", "Raphaël", "Anaïs")
LAST_NAMES = ("Dupré", "Morel", "Chabrier", "Besson", "Faure", "Roux", "Vidal", "Lemaître", "Gauthier", "Périer")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_participants(*, edition_id: int, count: int) -> None:
    """``count`` participants (one in five English-speaking), each registered to one placed session."""
    from sqlalchemy import insert

    from services.evaluation.repository import placed_sessions
    from shared.db import unit_of_work
    from shared.models import Participant, Registration

    with unit_of_work() as session:
        placed = [p.proposal.id for p in placed_sessions(session, edition_id)]
        people = [
            {
                "edition_id": edition_id,
                "name": f"{FIRST_NAMES[i % 12]} {LAST_NAMES[(i // 12) % 10]} {i}",
                "email": f"participant.{i}@exemple.fr",
                "locale": "en" if i % 5 == 4 else "fr",
            }
            for i in range(count)
        ]
        ids = list(session.scalars(insert(Participant).returning(Participant.id, sort_by_parameter_order=True), people))
        session.execute(
            insert(Registration),
            [
                {"participant_id": pid, "proposal_id": placed[i % len(placed)], "seats": 1, "status": "confirmed"}
                for i, pid in enumerate(ids)
            ],
        )


def queue_surveys(*, edition_id: int) -> tuple[list[int], float]:
    """festplan's own producer: the survey invitations and their outbox rows, in one transaction."""
    from sqlalchemy import select

    from services.evaluation.surveys.invitations import invite
    from shared.db import unit_of_work
    from shared.models import Edition, Notification

    began = time.perf_counter()
    with unit_of_work() as session:
        invite(session, edition=session.get_one(Edition, edition_id), survey="participant_after")
    seconds = time.perf_counter() - began
    with unit_of_work() as session:
        ids = list(session.scalars(select(Notification.id).where(Notification.kind == KIND).order_by(Notification.id)))
    return ids, seconds


def payloads_of(ids: list[int]) -> dict[int, dict[str, Any]]:
    """The rows' payloads as the producer wrote them, survey links included (a sent row keeps none)."""
    from sqlalchemy import select

    from shared.db import unit_of_work
    from shared.models import Notification

    with unit_of_work() as session:
        rows = session.execute(select(Notification.id, Notification.payload).where(Notification.id.in_(ids)))
        return {row_id: payload for row_id, payload in rows}


def requeue(ids: list[int], payloads: dict[int, dict[str, Any]]) -> None:
    """Put the batch back to pending (for the next backend), links restored, and ask the relay to hand it over.

    A sent row's personal link is redacted (``shared.mail_secrets``): sent again as it is, every email would
    be refused as carrying a dead link, so each row gets the payload its producer wrote back.
    """
    from sqlalchemy import update

    from shared.db import unit_of_work
    from shared.models import Notification
    from shared.outbox import request_relay

    reset = {
        "status": "pending",
        "attempts": 0,
        "deliveries": 0,
        "next_attempt_at": None,
        "sent_at": None,
        "provider_message_id": None,
        "last_error": None,
    }
    with unit_of_work() as session:
        session.execute(update(Notification), [{"id": i, "payload": payloads[i], **reset} for i in ids])
        request_relay(session)


def sent_count(ids: list[int]) -> int:
    from sqlalchemy import func, select

    from shared.db import unit_of_work
    from shared.models import Notification

    with unit_of_work() as session:
        return session.scalar(select(func.count()).where(Notification.id.in_(ids), Notification.status == "sent"))


def festplan_emitter(*, template: dict[str, Any], tag: str):  # type: ignore[no-untyped-def]
    """Record one survey email per call, in its own transaction, as a producer does; return its Message-ID."""
    from services.notifier.domain.policy import message_id
    from shared.db import unit_of_work
    from shared.outbox import record

    def emit(i: int) -> str:
        key = f"bench-paced:{tag}:{i}"
        with unit_of_work() as session:
            record(session, kind=KIND, idempotency_key=key, **template)
        return message_id(key)

    return emit


def baseline_emitter(*, emails: list[dict[str, str]], transport: str, tag: str):  # type: ignore[no-untyped-def]
    from bench.mail.baseline import send_http, send_smtp

    task = send_smtp if transport == "smtp" else send_http

    def emit(i: int) -> str:
        email = {**emails[i % len(emails)], "message_id": f"<bench-{tag}-{i}@baseline>"}
        task.delay(email)
        return email["message_id"]

    return emit


def run_backend(
    *, backend: str, ids: list[int], emails: list[dict[str, str]], template: dict[str, Any], logs: Path, quick: bool
) -> list[dict[str, Any]]:
    """The baseline then festplan on one backend, each a batch flat out; then both paced at two half loads.

    Half load is read two ways, each pipeline at both paces: half the baseline's delivered rate
    (half of what this machine allows a bare pipeline) and half festplan's own (a pace the faster
    festplan gets, the higher it is).
    """
    from bench.mail.baseline import send_http, send_smtp

    receiver = ReceiverProcess(backend, free_port())
    receiver.start()
    if backend == "smtp":
        os.environ.update(
            FESTPLAN_EMAIL_BACKEND="smtp", FESTPLAN_SMTP_HOST="127.0.0.1", FESTPLAN_SMTP_PORT=str(receiver.port)
        )
    else:
        os.environ.update(
            FESTPLAN_EMAIL_BACKEND="sendgrid",
            FESTPLAN_SENDGRID_HOST=f"http://127.0.0.1:{receiver.port}",
            FESTPLAN_SENDGRID_API_KEY="SG.bench",
        )
    n = len(ids)
    timeout = 120 + n / 10
    paced_seconds = 6.0 if quick else 20.0
    task = send_smtp if backend == "smtp" else send_http
    emitters = {
        "festplan": lambda tag: festplan_emitter(template=template, tag=f"{backend}-{tag}"),
        "baseline": lambda tag: baseline_emitter(emails=emails, transport=backend, tag=f"{backend}-{tag}"),
    }
    try:
        for email in emails:
            task.delay(email)
        workers = WorkerGroup.baseline(log_path=logs / f"baseline-{backend}.log")
        try:
            baseline = deliver_batch(workers=workers, receiver=receiver, expected=len(emails), timeout=timeout)
        finally:
            workers.stop()
        workers = WorkerGroup.festplan(log_path=logs / f"festplan-{backend}.log")
        try:
            festplan = deliver_batch(workers=workers, receiver=receiver, expected=n, timeout=timeout)
        finally:
            workers.stop()
        paces = {"baseline": baseline.per_second / 2, "festplan": festplan.per_second / 2}
        paced: dict[str, dict[str, Paced]] = {}
        for pipeline in ("festplan", "baseline"):
            group = WorkerGroup.festplan if pipeline == "festplan" else WorkerGroup.baseline
            workers = group(log_path=logs / f"{pipeline}-{backend}-paced.log")
            workers.start()
            try:
                # warm-up, not measured: the workers up, their connections open
                paced_run(receiver=receiver, rate=20, count=20, timeout=timeout, emit=emitters[pipeline]("warm"))
                paced[pipeline] = {
                    whose: paced_run(
                        receiver=receiver,
                        rate=rate,
                        count=max(50, round(rate * paced_seconds)),
                        timeout=timeout,
                        emit=emitters[pipeline](f"half-{whose}"),
                        workers=workers,
                    )
                    for whose, rate in paces.items()
                }
            finally:
                workers.stop()
    finally:
        receiver.stop()
    results = [
        row(backend=backend, pipeline="festplan", batch=festplan, paced=paced["festplan"], sent=sent_count(ids)),
        row(backend=backend, pipeline="baseline", batch=baseline, paced=paced["baseline"], sent=None),
    ]
    results[0]["ratio"] = festplan.per_second / baseline.per_second
    return results


def row(*, backend: str, pipeline: str, batch: Batch, paced: dict[str, Paced], sent: int | None) -> dict[str, Any]:
    return {
        "section": "delivery",
        "backend": backend,
        "pipeline": pipeline,
        "emails": batch.emails,
        "delivered": batch.delivered,
        "duplicates": batch.duplicates,
        "marked_sent": sent,
        "seconds": batch.seconds,
        "per_second": batch.per_second,
        "worker_cpu_ms": batch.worker_cpu_ms,
        "receiver_cpu_ms": batch.receiver_cpu_ms,
        "paced": {whose: dataclasses.asdict(p) for whose, p in paced.items()},
    }


def run(quick: bool, *, emails: int | None = None, backends: tuple[str, ...] = ("smtp", "sendgrid")) -> list[dict]:
    """The whole benchmark; one dict per measured line (``section`` says which table it belongs to)."""
    count = emails or (QUICK_EMAILS if quick else FULL_EMAILS)
    results: list[dict[str, Any]] = [
        {"section": "load", "when": "start", "load": load_average(), "probe_ms": speed_probe()}
    ]
    with (
        tempfile.TemporaryDirectory(prefix="festplan-bench-mail-") as tmp,
        fresh_database("mail") as url,
        redis_database("mail") as broker,
    ):
        var = Path(tmp)
        use_environment(
            database_url=url, broker_url=broker, var_dir=str(var), outbox_dir=str(var / "outbox"), email_backend="smtp"
        )
        edition_id, _ = publish_generated_edition(sessions=120)
        seed_participants(edition_id=edition_id, count=count)
        ids, queue_seconds = queue_surveys(edition_id=edition_id)
        results.append(
            {"section": "queue", "emails": len(ids), "seconds": queue_seconds, "per_second": len(ids) / queue_seconds}
        )
        rendered, baseline_emails = render_all(ids)
        results += rendered
        originals = payloads_of(ids)
        template = paced_template(ids[0], originals[ids[0]])
        for position, backend in enumerate(backends):
            if position:
                requeue(ids, originals)
            results += run_backend(
                backend=backend, ids=ids, emails=baseline_emails, template=template, logs=var, quick=quick
            )
    results.append({"section": "load", "when": "end", "load": load_average(), "probe_ms": speed_probe()})
    return results


def paced_template(notification_id: int, payload: dict[str, Any]) -> dict[str, Any]:
    """The arguments of ``record`` for the paced emails: the same survey email as the batch's first."""
    from shared.db import unit_of_work
    from shared.models import Notification

    with unit_of_work() as session:
        row = session.get_one(Notification, notification_id)
        return {
            "recipient_email": row.recipient_email,
            "recipient_name": row.recipient_name,
            "locale": row.locale,
            "payload": dict(payload),
            "edition_id": row.edition_id,
            "category": row.category,
        }


def report(results: list[dict[str, Any]]) -> str:
    """The Markdown tables and notes ``bench.__main__`` copies."""
    from bench.mail.report import report as render_report

    return render_report(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure des courriels / mail benchmark (issue 5).")
    parser.add_argument("--emails", type=int, default=None, help="nombre de courriels (défaut 10 000)")
    parser.add_argument(
        "--backend",
        choices=("smtp", "sendgrid"),
        default=None,
        help="un seul backend (défaut : les deux) / one backend only (default: both)",
    )
    parser.add_argument("--quick", action="store_true", help="1 000 courriels, tours cadencés courts / smoke run")
    parser.add_argument(
        "--storm-only", action="store_true", help="seulement la tempête 429/500 / only the 429/500 storm section"
    )
    args = parser.parse_args(argv)
    stop_cleanly_on_sigterm()
    backends = (args.backend,) if args.backend else ("smtp", "sendgrid")
    if not args.storm_only:
        print(report(run(args.quick, emails=args.emails, backends=backends)))
    from bench.mail import storm

    emails, seconds = (300, 10.0) if args.quick else (2000, 30.0)
    print("\n" + storm.report(storm.run(emails=emails, storm=seconds), storm=seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
