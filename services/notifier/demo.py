"""The notifier's step of ``festplan demo``: send what is due and say where the emails went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.notifier.cli import status_report
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoStep


def send_demo_mail() -> list[str]:
    """Run the relay (in-process, or on the broker when one is set) and report counts and the outbox folder."""
    from services.notifier.tasks import relay

    settings = get_settings()
    if settings.eager:
        relay.apply()
    else:
        relay.delay()
    counts = status_report()["by_status"]
    lines = [
        "courriels : " + ", ".join(f"{status} {count}" for status, count in counts.items() if count)
        or "courriels : aucun"
    ]
    if not settings.eager:
        lines.append(f"courriels confiés au broker {settings.broker_url} (file mail) : lancez `festplan worker`")
    elif settings.email_backend == "file":
        files = sorted(settings.outbox_dir.glob("*.eml"))
        lines.append(f"{len(files)} fichier(s) .eml dans {settings.outbox_dir}")
    else:
        lines.append(f"courriels remis par le backend {settings.email_backend}")
    return lines


def demo_steps() -> list[DemoStep]:
    """For ``services.demo.STEP_MODULES``: after the publication, send (or enqueue) what is due."""
    from shared.demo_steps import DemoStep

    return [DemoStep(name="envoyer les courriels", run=lambda _ctx: send_demo_mail())]
