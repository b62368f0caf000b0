"""After an erasure, the files festplan wrote: none may still hold the person's address or name.

The database is scrubbed by :mod:`services.evaluation.privacy.service`; this module does the same for what
festplan wrote to disk, after the commit (nothing leaves, and nothing is destroyed, before it):

* ``.eml`` files of the file outbox (``FESTPLAN_OUTBOX_DIR``) whose headers or decoded body name the person
  are deleted (their rows are already gone or scrubbed);
* files that aggregate people are rebuilt from the scrubbed database where festplan writes them: the
  evaluation report (``var/report/evaluation.html`` and its PDF, ``var/report/csv/``) and the demo's
  scenario export (``var/demo/scenario.json``);
* any other text file under ``FESTPLAN_VAR_DIR`` that still names the person is redacted in place (the same
  ``[effacé]`` as in the database), and an embedded SQLite database is vacuumed so that its free pages no
  longer hold the old values.
"""

from __future__ import annotations

import email
import email.policy
import html
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from services.evaluation.domain.privacy import ERASED
from shared.models import Edition
from shared.settings import Settings

log = logging.getLogger(__name__)

#: Files larger than this under var/ are not festplan's text output (benchmarks' logs are far smaller).
_MAX_SCAN_BYTES = 50 * 1024 * 1024
_TEXT_SUFFIXES = (".json", ".html", ".csv", ".txt", ".ics", ".xml", ".log", ".md", ".eml")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_LANG = re.compile(r'<html lang="(\w+)"')


def clean_needles(needles: Iterable[str | None]) -> list[str]:
    """Lower-cased, distinct, at least 3 characters (shorter would redact innocent words)."""
    return sorted({n.strip().lower() for n in needles if n and len(n.strip()) >= 3})


def erase_files(settings: Settings, needles: Iterable[str | None]) -> dict[str, int]:
    """Remove, rebuild or redact every file festplan wrote that names one of ``needles``; counts by kind."""
    wanted = clean_needles(needles)
    counts: dict[str, int] = {}
    if not wanted:
        return counts
    counts["eml_deleted"] = _erase_outbox(Path(settings.outbox_dir), wanted)
    counts["reports_rebuilt"] = _or_delete(_rebuild_report, settings, "report/evaluation.html", "report/csv")
    counts["scenarios_rebuilt"] = _or_delete(_rebuild_scenario, settings, "demo/scenario.json")
    counts["files_redacted"] = _redact_var(settings, wanted)
    if settings.database_url.startswith("sqlite"):
        _vacuum()
    return {k: n for k, n in counts.items() if n}


def _or_delete(rebuild: Any, settings: Settings, *relative: str) -> int:
    """Rebuild; should that fail, the stale files go rather than keep naming the person (erasure wins)."""
    try:
        return rebuild(settings)
    except Exception:
        log.exception("privacy: %s could not be rebuilt after an erasure; deleted instead", ", ".join(relative))
        for name in relative:
            path = Path(settings.var_dir) / name
            for file in sorted(path.rglob("*")) if path.is_dir() else [path, path.with_suffix(".pdf")]:
                if file.is_file():
                    file.unlink()
        return 0


# --- the outbox ---------------------------------------------------------------------------------------------


def _email_text(raw: bytes) -> str:
    """Headers and every text part, decoded (quoted-printable and base64 hide a name from a plain grep)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    pieces = [f"{key}: {value}" for key, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                pieces.append(part.get_content())
            except (LookupError, ValueError):
                pieces.append(part.get_payload(decode=True).decode("utf-8", "replace"))
    return html.unescape("\n".join(pieces))


def _names(haystack: str, needles: list[str]) -> bool:
    lowered = haystack.lower()
    return any(n in lowered for n in needles)


def _erase_outbox(outbox: Path, needles: list[str]) -> int:
    if not outbox.is_dir():
        return 0
    deleted = 0
    for path in outbox.rglob("*.eml"):
        raw = path.read_bytes()
        if _names(raw.decode("utf-8", "replace"), needles) or _names(_email_text(raw), needles):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


# --- files that aggregate people: rebuilt from the scrubbed database ----------------------------------------


def _report_edition(session: Any, title: str) -> Edition | None:
    editions = list(session.scalars(select(Edition).order_by(Edition.start_date)))
    named = [e for e in editions if e.name and (html.escape(e.name) in title or e.name in title)]
    return (named or editions or [None])[-1]


def _rebuild_report(settings: Settings) -> int:
    """``var/report/evaluation.html`` (its PDF) and ``var/report/csv/``, where festplan writes them by default."""
    from services.evaluation.domain.report import compute_report
    from services.evaluation.report.data import load_evaluation
    from services.evaluation.report.render import write_csv, write_html
    from shared.db import unit_of_work

    folder = Path(settings.var_dir) / "report"
    page, csv_dir = folder / "evaluation.html", folder / "csv"
    csvs = sorted(csv_dir.glob("*.csv")) if csv_dir.is_dir() else []
    if not page.exists() and not csvs:
        return 0
    old = page.read_text(encoding="utf-8", errors="replace") if page.exists() else ""
    title, lang = _TITLE.search(old), _LANG.search(old)
    with unit_of_work() as session:
        edition = _report_edition(session, title.group(1) if title else "")
        data = load_evaluation(session, edition) if edition is not None else None
    pdf = page.with_suffix(".pdf")
    if data is None:  # nothing left to report on: what was written goes
        for path in (page, pdf, *csvs):
            path.unlink(missing_ok=True)
        return 1
    rebuilt = 0
    if page.exists():
        written = write_html(compute_report(data, locale=lang.group(1) if lang else settings.locale), page)
        if pdf not in written:
            pdf.unlink(missing_ok=True)  # an old PDF cannot be rebuilt without WeasyPrint: it goes
        rebuilt += 1
    if csvs:
        for path in csvs:
            path.unlink()
        write_csv(compute_report(data, locale=settings.locale), csv_dir)
        rebuilt += 1
    return rebuilt


def _rebuild_scenario(settings: Settings) -> int:
    """``var/demo/scenario.json``: exported again from the database (``make demo`` writes it)."""
    import json

    from shared.db import unit_of_work
    from shared.scenario.dump import dump_scenario, write_json
    from shared.scenario.store import load_scenario_from_db

    path = Path(settings.var_dir) / "demo" / "scenario.json"
    if not path.is_file():
        return 0
    try:
        code = json.loads(path.read_text(encoding="utf-8"))["edition"]["id"]
    except (ValueError, KeyError, TypeError):
        return 0  # not ours to rebuild: the redaction below still covers it
    with unit_of_work() as session:
        if session.scalar(select(Edition.id).where(Edition.code == code)) is None:
            path.unlink()
            return 1
        document = dump_scenario(load_scenario_from_db(session, code))
    write_json(path, document)
    return 1


# --- anything else under var/ ------------------------------------------------------------------------------


def _redact(text_: str, needles: list[str]) -> str:
    for needle in needles:
        text_ = re.sub(re.escape(needle), ERASED, text_, flags=re.IGNORECASE)
    return text_


def _redact_var(settings: Settings, needles: list[str]) -> int:
    """Text files festplan wrote under var/ that still name the person (benchmark logs, exports…)."""
    var = Path(settings.var_dir)
    if not var.is_dir():
        return 0
    redacted = 0
    for path in var.rglob("*"):
        if not path.is_file() or path.suffix.lower() not in _TEXT_SUFFIXES or path.stat().st_size > _MAX_SCAN_BYTES:
            continue
        raw = path.read_text(encoding="utf-8", errors="surrogateescape")
        if not _names(raw, needles):
            continue
        if path.suffix.lower() == ".eml":  # an email outside the outbox folder: deleted like the others
            path.unlink()
        else:
            path.write_text(_redact(raw, needles), encoding="utf-8", errors="surrogateescape")
        redacted += 1
    return redacted


def _vacuum() -> None:
    """SQLite keeps deleted values in free pages and in its WAL until the file is rewritten."""
    from shared.db import get_engine

    with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM"))
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
