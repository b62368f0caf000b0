"""Commands of the notifier service: ``festplan notify status|send|retry-failed|preview|release``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

notify_app = typer.Typer(
    help="Courriels : état de la boîte d'envoi, envoi, relance, aperçu, libération.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the notifier commands to the root festplan app."""
    app.add_typer(notify_app, name="notify")


def status_report() -> dict:
    """Counts by status and kind, the oldest pending row and the last errors, as plain data."""
    from services.notifier import repository
    from shared import outbox
    from shared.db import unit_of_work

    with unit_of_work() as session:
        by_status = {"pending": 0, "queued": 0, "sending": 0, "sent": 0, "failed": 0}
        by_status.update(outbox.counts_by_status(session))
        by_kind: dict[str, dict[str, int]] = {}
        for kind, status, count in repository.counts_by_kind_and_status(session):
            by_kind.setdefault(kind, {})[status] = count
        oldest = repository.oldest_pending(session)
        errors = repository.last_errors(session)
        return {
            "by_status": by_status,
            "by_kind": by_kind,
            "oldest_pending": None
            if oldest is None
            else {
                "id": oldest.id,
                "kind": oldest.kind,
                "send_after": oldest.send_after.isoformat(),
                "attempts": oldest.attempts,
            },
            "last_errors": [
                {"id": n.id, "kind": n.kind, "status": n.status, "error": n.last_error, "at": n.updated_at.isoformat()}
                for n in errors
            ],
        }


@notify_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="Sortie JSON (by_status, by_kind, …).")) -> None:
    """Affiche les courriels par type et par état, le plus ancien en attente et les dernières erreurs."""
    from shared.bootstrap import bootstrap

    bootstrap()
    report = status_report()
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    typer.echo("Courriels par état : " + ", ".join(f"{k} {v}" for k, v in report["by_status"].items()))
    for kind, counts in report["by_kind"].items():
        typer.echo(f"  {kind:38} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    oldest = report["oldest_pending"]
    typer.echo(
        f"Plus ancien en attente : {oldest['kind']} #{oldest['id']} prévu {oldest['send_after']}"
        if oldest
        else "Aucun courriel en attente."
    )
    for error in report["last_errors"]:
        typer.echo(f"  erreur #{error['id']} ({error['kind']}, {error['status']}) : {error['error']}")


@notify_app.command("send")
def send(
    deadline: float | None = typer.Option(
        None, "--deadline", help="Secondes au plus à attendre un fournisseur qui limite (FESTPLAN_MAIL_DRAIN_SECONDS)."
    ),
) -> None:
    """Envoie maintenant les courriels dus, en attendant ce que le fournisseur demande (Retry-After)."""
    from services.notifier.delivery.sending import send_due
    from shared.bootstrap import bootstrap

    bootstrap()
    report = send_due(deadline_seconds=deadline)
    typer.echo(f"{report.sent} courriel(s) envoyé(s) ; {report.planned} prévu(s) plus tard")
    if not report.complete:
        typer.echo(
            f"festplan: {report.left} courriel(s) dû(s) pas encore parti(s), {report.failed} en échec"
            + (" (délai dépassé)" if report.deadline_passed else "")
            + f" ; première erreur : {report.first_error or '–'}",
            err=True,
        )
        raise typer.Exit(1)


@notify_app.command("retry-failed")
def retry_failed() -> None:
    """Remet en file les courriels en échec (après correction de la cause)."""
    from services.notifier import service
    from shared.bootstrap import bootstrap

    bootstrap()
    typer.echo(f"{service.retry_failed()} courriel(s) remis en file")


@notify_app.command("preview")
def preview(
    kind: str = typer.Argument(..., help="Type de courriel, par ex. speaker.schedule_change."),
    lang: str = typer.Option("fr", "--lang", help="fr ou en."),
    out: Path | None = typer.Option(None, "--out", help="Fichier : .html (partie HTML), .eml (message) ou texte."),
) -> None:
    """Affiche (ou écrit dans un fichier) un exemple de courriel rendu."""
    from services.notifier.domain.examples import example_context
    from services.notifier.domain.message import OutgoingEmail, build_mime
    from services.notifier.domain.policy import message_id
    from services.notifier.domain.rendering import SUBJECTS, render
    from shared.models.types import utcnow
    from shared.settings import get_settings

    if kind not in SUBJECTS:
        typer.echo(f"festplan: type inconnu {kind!r} ; types : {', '.join(SUBJECTS)}", err=True)
        raise typer.Exit(2)
    rendered = render(kind, lang, example_context(kind))
    if out is None:
        typer.echo(f"Objet : {rendered.subject}\n")
        typer.echo(rendered.text)
        return
    if out.suffix == ".html":
        out.write_text(rendered.html, encoding="utf-8")
    elif out.suffix == ".eml":
        email = OutgoingEmail(
            notification_id=0,
            message_id=message_id(f"preview:{kind}:{lang}"),
            sender=get_settings().mail_from,
            recipient_email="camille.martin@example.org",
            recipient_name="Camille Martin",
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            locale=lang,
            date=utcnow(),
            kind=kind,
        )
        out.write_bytes(build_mime(email).as_bytes())
    else:
        out.write_text(f"Objet : {rendered.subject}\n\n{rendered.text}", encoding="utf-8")
    typer.echo(f"aperçu écrit dans {out}")


@notify_app.command("release")
def release(
    version: int = typer.Argument(..., help="Numéro de la version publiée du programme."),
    edition_id: int | None = typer.Option(None, "--edition-id", help="Édition, si plusieurs ont ce numéro."),
) -> None:
    """Libère les courriels retenus d'une version publiée (après relecture par la cheffe de projet)."""
    from services.notifier import service
    from shared.bootstrap import bootstrap

    bootstrap()
    try:
        count = service.release_version(version, edition_id=edition_id)
    except LookupError as exc:
        typer.echo(f"festplan: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"{count} courriel(s) libéré(s) pour la version {version}")
