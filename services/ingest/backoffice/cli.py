"""``festplan signin-link [EMAIL]``: a one-time back-office sign-in link, for the first time or when mail is down."""

from __future__ import annotations

import typer


def signin_link(
    email: str = typer.Argument(
        None,
        help="Adresse du compte de gestion (par défaut celui de la cheffe de projet, "
        "créé s'il manque). / Lead account's address (default: the project lead's).",
    ),
    name: str = typer.Option(None, "--name", help="Nom du compte s'il faut le créer. / Name if it must be created."),
) -> None:
    """Affiche un lien de connexion à usage unique (30 min) à la gestion. / Print a one-time sign-in link."""
    from shared.bootstrap import bootstrap
    from shared.db import unit_of_work
    from shared.web.backoffice.session import DEFAULT_LEAD_EMAIL, DEFAULT_LEAD_NAME, create_signin_link, ensure_lead

    bootstrap()
    address = (email or DEFAULT_LEAD_EMAIL).strip()
    if "@" not in address:
        typer.echo(f"festplan: adresse invalide « {address} » / invalid address", err=True)
        raise typer.Exit(2)
    try:
        with unit_of_work() as session:
            user = ensure_lead(session, email=address, name=name or (DEFAULT_LEAD_NAME if email is None else address))
            url = create_signin_link(session, user=user)
    except ValueError as exc:
        typer.echo(f"festplan: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(url)
    typer.echo(f"lien de connexion de {address} : usage unique, valable 30 minutes.", err=True)


def register_backoffice(app: typer.Typer) -> None:
    """Add the back-office's command to the root festplan app."""
    app.command("signin-link")(signin_link)
