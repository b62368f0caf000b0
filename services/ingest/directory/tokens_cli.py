"""``festplan token``: create, list and revoke the API tokens and personal links (only hashes are stored)."""

from __future__ import annotations

from datetime import timedelta

import typer
from sqlalchemy import select

token_app = typer.Typer(
    help="Jetons d'accès à l'API et liens personnels. / API tokens and personal links.",
    no_args_is_help=True,
)


@token_app.command("create")
def create(
    role: str = typer.Option(..., "--role", help="lead, partner ou speaker."),
    label: str = typer.Option(None, "--label", help="À quoi sert ce jeton (affiché par `token list`)."),
    subject: int = typer.Option(None, "--subject", help="Identifiant du partenaire ou de l'intervenant·e."),
    days: int = typer.Option(
        None,
        "--days",
        min=1,
        help="Durée de validité en jours (sans limite par défaut pour lead, 120 jours pour un lien personnel).",
    ),
) -> None:
    """Crée un jeton et l'affiche une seule fois (seule son empreinte SHA-256 est conservée)."""
    from services.ingest.directory import service as directory
    from services.ingest.errors import IngestError
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.models import Partner, Speaker
    from shared.models.types import utcnow
    from shared.web import auth

    bootstrap()
    if role not in auth.ROLES:
        typer.echo(f"festplan: rôle inconnu « {role} » (lead, partner ou speaker)", err=True)
        raise typer.Exit(2)
    with unit_of_work() as session:
        if role == "lead":
            expires = utcnow() + timedelta(days=days) if days else None
            row, raw = auth.create_lead_token(session, label=label, expires_at=expires)
            typer.echo(raw)
            typer.echo(f"jeton n° {row.id} (rôle lead) — conservez-le : il ne sera plus affiché.", err=True)
            return
        if subject is None:
            typer.echo("festplan: --subject est obligatoire pour un lien personnel", err=True)
            raise typer.Exit(2)
        try:
            directory.find(session, Partner if role == "partner" else Speaker, subject)
        except IngestError as exc:
            typer.echo(f"festplan: {exc.message_fr}", err=True)
            raise typer.Exit(1) from None
        row, raw = auth.issue_personal_link_token(
            session, role=role, subject_id=subject, valid_days=days or auth.LINK_VALID_DAYS
        )
        typer.echo(auth.personal_link_url(raw))
        typer.echo(f"lien n° {row.id} ({role} {subject}), valable jusqu'au {row.expires_at:%d/%m/%Y}.", err=True)


@token_app.command("list")
def list_tokens() -> None:
    """Liste les jetons (jamais leur valeur) : rôle, sujet, libellé, expiration, révocation, dernier usage."""
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.models import ApiToken

    bootstrap()
    with unit_of_work() as session:
        for row in session.scalars(select(ApiToken).order_by(ApiToken.id)):
            state = "révoqué" if row.revoked_at else "actif"
            expires = f"{row.expires_at:%Y-%m-%d}" if row.expires_at else "-"
            used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "-"
            typer.echo(
                f"{row.id}\t{row.role}\t{row.subject_id or '-'}\t{state}\texpire {expires}\t"
                f"utilisé {used}\t{row.label or ''}"
            )


@token_app.command("revoke")
def revoke(token_id: int = typer.Argument(..., help="Numéro du jeton (voir `festplan token list`).")) -> None:
    """Révoque un jeton : il cesse de fonctionner immédiatement."""
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.web.auth import revoke_token

    bootstrap()
    with unit_of_work() as session:
        if not revoke_token(session, token_id):
            typer.echo(f"festplan: aucun jeton actif n° {token_id}", err=True)
            raise typer.Exit(1)
    typer.echo(f"jeton n° {token_id} révoqué")
