"""The notifier's step of ``festplan demo``: send everything due by the demo's clock and say what is left.

Listed in ``STEP_MODULES`` after the steps that record emails; the demo's later steps send what they owe
with :func:`send_now` as their clock moves. Sending goes through :func:`services.notifier.delivery.sending.send_due`,
so a real provider's throttling is waited out (really waited: its ``Retry-After`` is in real seconds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.notifier.delivery.sending import SendingReport, send_due
from shared.i18n import translate
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

MESSAGES = {
    "step": {"fr": "envoyer les courriels dus", "en": "send the emails due"},
    "sent": {
        "fr": "{sent} courriel(s) envoyé(s) par le backend {backend}, {planned} prévu(s) plus tard",
        "en": "{sent} email(s) sent through the {backend} backend, {planned} planned for later",
    },
    "left": {
        "fr": "{left} courriel(s) dû(s) pas encore parti(s), {failed} en échec ; première erreur : {error}",
        "en": "{left} due email(s) not out yet, {failed} failed; first error: {error}",
    },
    "waited": {
        "fr": "attente imposée par le fournisseur : {seconds:.1f} s",
        "en": "waited for the provider: {seconds:.1f} s",
    },
    "files": {"fr": "{count} fichier(s) .eml dans {path}", "en": "{count} .eml file(s) in {path}"},
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def send_now(ctx: DemoContext) -> SendingReport:
    """Send what is due at the demo's time; a real provider's waits are really waited (and move the clock)."""
    settings = get_settings()
    ctx.clock.real_waits = settings.email_backend != "file"
    return send_due(clock=ctx.clock)


def report_lines(report: SendingReport) -> list[str]:
    settings = get_settings()
    lines = [_t("sent", sent=report.sent, backend=settings.email_backend, planned=report.planned)]
    if report.waited_seconds and settings.email_backend != "file":
        lines.append(_t("waited", seconds=report.waited_seconds))
    if not report.complete:
        lines.append(_t("left", left=report.left, failed=report.failed, error=report.first_error or "–"))
    if settings.email_backend == "file":
        lines.append(_t("files", count=len(list(settings.outbox_dir.glob("*.eml"))), path=settings.outbox_dir))
    return lines


def demo_steps() -> list[DemoStep]:
    """For ``services.demo.run.STEP_MODULES``: send what is due now (it may be listed more than once)."""
    from shared.demo_steps import DemoStep

    return [DemoStep(name=_t("step"), run=lambda ctx: report_lines(send_now(ctx)))]
