"""Benchmark: import 10,000 registrations from a French CSV (cp1252, ``;``) — target under 5 s.

Run ``python -m bench.imports [--rows 10000] [--database-url URL]``. By default it works on
a throw-away SQLite file; with a PostgreSQL URL it creates its own edition and deletes it at the end.
It prints one Markdown table row per measure: first import, dry run and re-import of the same file; then
the table of :mod:`bench.imports_hostile` (hostile files refused, seconds and peak memory).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import secrets
import tempfile
import time
from datetime import date
from pathlib import Path

TARGET_SECONDS = 5.0
_SESSIONS = 100


def _registrations_csv(rows: int, participants: int) -> bytes:
    """``rows`` registrations: each participant in ``rows / participants`` different sessions, French headers."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Séance", "Courriel", "Nom", "Places", "Statut", "Besoins d'accessibilité"])
    per_block = _SESSIONS // max(rows // participants, 1)
    for i in range(rows):
        person = i % participants
        session = (i // participants) * per_block + person % per_block
        status = "liste d'attente" if i % 17 == 0 else "confirmée"
        writer.writerow(
            [
                f"se-{session + 1:03d}",
                f"personne{person}@example.fr",
                f"Personne n°{person}",
                1 + i % 3,
                status,
                "fauteuil roulant" if i % 41 == 0 else "",
            ]
        )
    return buffer.getvalue().encode("cp1252")


def _prepare(edition_code: str, participants: int) -> None:
    from shared.db import unit_of_work
    from shared.models import Edition, Participant, SessionProposal

    with unit_of_work() as session:
        edition = Edition(
            code=edition_code, name="Banc d'essai", start_date=date(2023, 10, 16), end_date=date(2023, 10, 27)
        )
        session.add(edition)
        session.flush()
        session.add_all(
            SessionProposal(
                edition_id=edition.id, code=f"se-{n:03d}", title=f"Séance {n}", duration_minutes=60, position=n
            )
            for n in range(1, _SESSIONS + 1)
        )
        session.add_all(
            Participant(edition_id=edition.id, email=f"personne{p}@example.fr", name=f"Personne n°{p}")
            for p in range(participants)
        )


def _timed_import(data: bytes, *, edition_code: str, dry_run: bool) -> tuple[float, dict]:
    from shared.db import unit_of_work
    from shared.spreadsheets.importer import import_file

    started = time.perf_counter()
    with unit_of_work() as session:
        report = import_file(
            session,
            kind="registrations",
            data=data,
            filename="inscriptions.csv",
            edition_code=edition_code,
            dry_run=dry_run,
        )
    return time.perf_counter() - started, report.counts["registrations"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--participants", type=int, default=5_000)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="festplan-bench-"))
    os.environ["FESTPLAN_DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    os.environ.setdefault("FESTPLAN_VAR_DIR", str(workdir / "var"))

    from services.wiring import wire
    from shared.bootstrap import bootstrap
    from shared.secret_key import use_throwaway_key_if_weak
    from shared.settings import reset_settings

    use_throwaway_key_if_weak()
    reset_settings()
    wire()  # as every festplan process does: the handlers, and every spreadsheet kind (registrations here)
    settings = bootstrap(migrate=True)
    engine = settings.database_url.split(":", 1)[0]
    code = f"bench-{secrets.token_hex(3)}"
    _prepare(code, args.participants)
    data = _registrations_csv(args.rows, args.participants)
    measures = []
    for label, dry_run in (("dry run", True), ("import", False), ("re-import (unchanged)", False)):
        seconds, counts = _timed_import(data, edition_code=code, dry_run=dry_run)
        measures.append((label, seconds, counts))
    print(
        f"| measure | rows | engine | seconds | rows/s | created/updated/unchanged | target < {TARGET_SECONDS:.0f} s |"
    )
    print("| --- | ---: | --- | ---: | ---: | --- | --- |")
    for label, seconds, counts in measures:
        verdict = "OK" if seconds < TARGET_SECONDS else "TOO SLOW"
        print(
            f"| registrations CSV {label} | {args.rows} | {engine} | {seconds:.2f} | {args.rows / seconds:,.0f} | "
            f"{counts.created}/{counts.updated}/{counts.unchanged} | {verdict} |"
        )
    if args.database_url:
        _drop(code)
    print()
    from bench import imports_hostile as bench_import_hostile

    hostile_ok = bench_import_hostile.main() == 0
    return 0 if hostile_ok and all(seconds < TARGET_SECONDS for _l, seconds, _c in measures) else 1


def _drop(code: str) -> None:
    """Remove the bench's edition from a shared database (everything hangs off it by cascade)."""
    from sqlalchemy import delete, select

    from shared.db import unit_of_work
    from shared.models import Edition, Participant, Registration

    with unit_of_work() as session:
        edition_id = session.scalar(select(Edition.id).where(Edition.code == code))
        people = select(Participant.id).where(Participant.edition_id == edition_id)
        session.execute(delete(Registration).where(Registration.participant_id.in_(people)))
        session.execute(delete(Edition).where(Edition.id == edition_id))


if __name__ == "__main__":
    raise SystemExit(main())
