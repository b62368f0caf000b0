"""``festplan reseau``: bring an edition's partners into the network, record or withdraw a consent."""

from __future__ import annotations

from typing import Annotated

import typer

from services.network.texts import t

HELP = "Le réseau des acteurs de la culture numérique. / The network of digital-culture actors."


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=HELP, no_args_is_help=True)

    @group.command("from-partners", help="Ajouter au réseau les partenaires d'une édition (sans consentement).")
    def from_partners(edition: Annotated[str, typer.Option(help="Code de l'édition / Edition code")]) -> None:
        from services.network.seeding import add_partners_of
        from shared.bootstrap import bootstrap
        from shared.db import unit_of_work

        bootstrap()
        with unit_of_work() as session:
            added, known = add_partners_of(session, edition_code=edition)
        typer.echo(f"réseau : {added} acteur(s) ajouté(s), {known} déjà connu(s) (édition {edition})")

    @group.command(
        "consent", help="Enregistrer ou retirer un consentement (listed : page publique ; news : courriels)."
    )
    def consent(
        code: Annotated[str, typer.Argument(help="Code de l'acteur / Actor code")],
        purpose: Annotated[str, typer.Option(help="listed ou news")],
        source: Annotated[str, typer.Option(help="D'où vient le consentement (courriel du …, formulaire …)")],
        contact: Annotated[str | None, typer.Option(help="Adresse du contact (pour news)")] = None,
        withdraw: Annotated[bool, typer.Option("--withdraw", help="Retirer le consentement")] = False,
    ) -> None:
        from sqlalchemy import select

        from services.network import repository as repo
        from services.network import service
        from shared.bootstrap import bootstrap
        from shared.db import unit_of_work
        from shared.models.network import NetworkContact

        bootstrap()
        try:
            with unit_of_work() as session:
                organisation = repo.organisation_by_code(session, code)
                if organisation is None:
                    raise service.NetworkError(t("unknown", code=code))
                person = None
                if contact:
                    person = session.scalar(
                        select(NetworkContact).where(
                            NetworkContact.organisation_id == organisation.id, NetworkContact.email.ilike(contact)
                        )
                    )
                    if person is None:
                        raise service.NetworkError(t("bad_email", email=contact))
                service.record_consent(
                    session,
                    organisation=organisation,
                    contact=person,
                    purpose=purpose,
                    granted=not withdraw,
                    source=source,
                    by="cli",
                )
        except service.NetworkError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{code} : {purpose} {'retiré' if withdraw else 'accordé'} ({source})")

    app.add_typer(group, name="reseau")
