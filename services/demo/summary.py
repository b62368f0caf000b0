"""The demo's closing summary, read from the database: what happened, not what the demo meant to do.

Emails by kind and status, versions published, seats taken, surveys answered, files written. Anything
still due and not out, failed, or a kind of email festplan sends that never appeared, is a problem: the
summary names the first error and ``festplan demo`` exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.i18n import translate
from shared.models import Registration, SessionProposal
from shared.models.evaluation import SurveyInvitation
from shared.models.notification import Notification
from shared.models.scheduling import ScheduleVersion
from shared.outbox import KINDS

#: Statuses shown as columns; ``pending`` counts every row not out yet (queued, sending, held too).
COLUMNS = ("sent", "pending", "failed", "suppressed", "cancelled")
NOT_OUT = ("pending", "queued", "sending", "held")
MESSAGES = {
    "title": {"fr": "Bilan (lu dans la base)", "en": "Summary (read from the database)"},
    "header": {
        "fr": "courriels par type : envoyés, en attente, en échec, supprimés, annulés",
        "en": "emails by kind: sent, pending, failed, suppressed, cancelled",
    },
    "total": {"fr": "total", "en": "total"},
    "versions": {"fr": "versions publiées : {versions}", "en": "versions published: {versions}"},
    "seats": {
        "fr": "places prises : {seats} ({confirmed} inscriptions confirmées, {waitlisted} en attente, "
        "{cancelled} annulées)",
        "en": "seats taken: {seats} ({confirmed} confirmed registrations, {waitlisted} waitlisted, "
        "{cancelled} cancelled)",
    },
    "surveys": {
        "fr": "questionnaires : {answered} réponses sur {invited} invitations",
        "en": "surveys: {answered} answers of {invited} invitations",
    },
    "files": {"fr": "fichiers écrits : {files}", "en": "files written: {files}"},
    "eml": {"fr": "{count} courriels .eml dans {path}", "en": "{count} .eml emails in {path}"},
    "ok": {
        "fr": "tout est parti : rien en attente, rien en échec",
        "en": "everything is out: nothing pending or failed",
    },
    "pending": {"fr": "{count} courriel(s) encore en attente", "en": "{count} email(s) still pending"},
    "failed": {"fr": "{count} courriel(s) en échec", "en": "{count} email(s) failed"},
    "missing": {"fr": "types jamais envoyés : {kinds}", "en": "kinds never sent: {kinds}"},
    "absent": {"fr": "fichier annoncé mais absent : {path}", "en": "file announced but absent: {path}"},
    "first_error": {"fr": "première erreur : {error}", "en": "first error: {error}"},
}


@dataclass(slots=True)
class DemoSummary:
    """The figures of the summary, as the database holds them."""

    emails: dict[str, dict[str, int]] = field(default_factory=dict)
    versions: list[tuple[int, datetime]] = field(default_factory=list)
    seats: int = 0
    registrations: dict[str, int] = field(default_factory=dict)
    invited: int = 0
    answered: int = 0
    files: dict[str, Path] = field(default_factory=dict)
    eml_files: int = 0
    outbox_dir: Path | None = None
    first_error: str | None = None

    def total(self, status: str) -> int:
        return sum(counts.get(status, 0) for counts in self.emails.values())

    @property
    def missing_kinds(self) -> list[str]:
        return [kind for kind in KINDS if not self.emails.get(kind, {}).get("sent")]

    @property
    def absent_files(self) -> list[Path]:
        return [path for path in self.files.values() if not path.exists()]

    @property
    def problems(self) -> bool:
        return bool(self.total("pending") or self.total("failed") or self.missing_kinds or self.absent_files)


def read_summary(
    session: Session, *, edition_id: int | None, files: dict[str, Path], outbox_dir: Path | None
) -> DemoSummary:
    """Everything the summary says, from the database (and the files it names)."""
    summary = DemoSummary(files=dict(files), outbox_dir=outbox_dir)
    for kind, status, count in session.execute(
        select(Notification.kind, Notification.status, func.count()).group_by(Notification.kind, Notification.status)
    ):
        column = "pending" if status in NOT_OUT else status
        counts = summary.emails.setdefault(kind, {})
        counts[column] = counts.get(column, 0) + count
    summary.first_error = session.scalar(
        select(Notification.last_error)
        .where(Notification.last_error.is_not(None), Notification.status.in_(("failed", *NOT_OUT)))
        .order_by(Notification.updated_at, Notification.id)
        .limit(1)
    )
    if edition_id is not None:
        summary.versions = [
            (number, at)
            for number, at in session.execute(
                select(ScheduleVersion.number, ScheduleVersion.published_at)
                .where(ScheduleVersion.edition_id == edition_id)
                .order_by(ScheduleVersion.number)
            )
        ]
        registrations = (
            select(Registration.status, func.count(), func.coalesce(func.sum(Registration.seats), 0))
            .join(SessionProposal, SessionProposal.id == Registration.proposal_id)
            .where(SessionProposal.edition_id == edition_id)
            .group_by(Registration.status)
        )
        for status, count, seats in session.execute(registrations):
            summary.registrations[status] = count
            summary.seats += int(seats) if status == "confirmed" else 0
        invitations = select(func.count(), func.count(SurveyInvitation.used_at)).where(
            SurveyInvitation.edition_id == edition_id
        )
        summary.invited, summary.answered = session.execute(invitations).one()
    if outbox_dir is not None and outbox_dir.is_dir():
        summary.eml_files = sum(1 for _ in outbox_dir.glob("*.eml"))
    return summary


def summary_lines(summary: DemoSummary, locale: str) -> list[str]:
    """The summary as lines to print: a table of emails, the figures, then what went wrong (if anything)."""

    def t(key: str, **values: object) -> str:
        return translate(MESSAGES, key, locale, **values)

    width = max([len(kind) for kind in summary.emails] + [len(t("total"))])
    lines = [t("title"), t("header")]
    for kind in sorted(summary.emails):
        counts = summary.emails[kind]
        lines.append(f"  {kind:<{width}} " + " ".join(f"{counts.get(c, 0):>6}" for c in COLUMNS))
    lines.append(f"  {t('total'):<{width}} " + " ".join(f"{summary.total(c):>6}" for c in COLUMNS))
    versions = ", ".join(f"n° {number} ({at:%d/%m/%Y})" for number, at in summary.versions) or "–"
    lines.append(t("versions", versions=versions))
    regs = summary.registrations
    lines.append(
        t(
            "seats",
            seats=summary.seats,
            confirmed=regs.get("confirmed", 0),
            waitlisted=regs.get("waitlisted", 0),
            cancelled=regs.get("cancelled", 0),
        )
    )
    lines.append(t("surveys", answered=summary.answered, invited=summary.invited))
    lines.append(t("files", files=len(summary.files)))
    lines += [f"  {label} : {path}" for label, path in summary.files.items()]
    if summary.outbox_dir is not None:
        lines.append(t("eml", count=summary.eml_files, path=summary.outbox_dir))
    if not summary.problems:
        lines.append(t("ok"))
        return lines
    if summary.total("pending"):
        lines.append(t("pending", count=summary.total("pending")))
    if summary.total("failed"):
        lines.append(t("failed", count=summary.total("failed")))
    if summary.missing_kinds:
        lines.append(t("missing", kinds=", ".join(summary.missing_kinds)))
    lines += [t("absent", path=path) for path in summary.absent_files]
    if summary.first_error:
        lines.append(t("first_error", error=summary.first_error))
    return lines
