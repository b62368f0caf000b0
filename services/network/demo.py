"""The network's step of ``festplan demo``: the edition's partners join the network, some consent, the lead
writes to one segment (held for review), one partner withdraws; the figures are read back from the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select

from shared.i18n import translate
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

MESSAGES = {
    "step": {"fr": "réseau des acteurs : consentements, message à un segment", "en": "network: consents, a message"},
    "figures": {
        "fr": "{orgs} acteur(s) au réseau, {listed} sur /reseau, {news} contact(s) d'accord pour les nouvelles",
        "en": "{orgs} actor(s) in the network, {listed} on /reseau, {news} contact(s) agreeing to news",
    },
    "message": {
        "fr": "message « {subject} » au segment {segment} : {n} courriel(s) retenu(s) pour relecture",
        "en": "message “{subject}” to segment {segment}: {n} email(s) held for review",
    },
    "withdrawn": {
        "fr": "{code} retire ses consentements : {listed} acteur(s) sur /reseau, {held} courriel(s) encore retenu(s)",
        "en": "{code} withdraws its consents: {listed} actor(s) on /reseau, {held} email(s) still held",
    },
    "released": {
        "fr": "la cheffe de projet relit le message et le libère : {n} courriel(s) partent",
        "en": "the project lead reviews the message and releases it: {n} email(s) leave",
    },
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def network_demo(edition_code: str) -> list[str]:
    from services.network import repository as repo
    from services.network import service
    from services.network.domain.directory import Segment
    from services.network.seeding import add_partners_of
    from shared.db import unit_of_work
    from shared.models.network import NetworkContact, NetworkOrganisation

    with unit_of_work() as session:
        add_partners_of(session, edition_code=edition_code)
        organisations = repo.organisations(session, listed_only=False)
        for index, org in enumerate(organisations):
            if index % 3 == 2:
                continue  # a third never answered: not listed, not written to
            service.record_consent(session, organisation=org, purpose="listed", granted=True, source="démonstration")
            for contact in org.contacts:
                service.record_consent(
                    session, organisation=org, contact=contact, purpose="news", granted=True, source="démonstration"
                )
    with unit_of_work() as session:
        listed = session.scalar(select(func.count(NetworkOrganisation.id)).where(NetworkOrganisation.listed))
        news = session.scalar(select(func.count(NetworkContact.id)).where(NetworkContact.news))
        lines = [_t("figures", orgs=len(organisations), listed=listed, news=news)]
        segment = Segment(edition=edition_code)
        message = service.write_message(
            session,
            subject="Culture et numérique : l'appel à propositions est ouvert",
            body="Bonjour,\n\nL'appel à propositions de la prochaine édition est ouvert jusqu'au 30 juin.",
            segment=segment,
            by="démonstration",
        )
        lines.append(_t("message", subject=message.subject, segment=segment.as_dict(), n=message.recipients))
        message_id = message.id
    with unit_of_work() as session:
        first = repo.organisations(session, listed_only=True)[0]
        service.record_consent(session, organisation=first, purpose="listed", granted=False, source="démonstration")
        for contact in first.contacts:
            service.record_consent(
                session, organisation=first, contact=contact, purpose="news", granted=False, source="démonstration"
            )
    with unit_of_work() as session:
        held = sum(1 for row in service.message_rows(session, message_id) if row.status == "held")
        lines.append(_t("withdrawn", code=first.code, listed=len(repo.cards(session, listed_only=True)), held=held))
    with unit_of_work() as session:
        lines.append(_t("released", n=service.release_message(session, message_id)))
    return lines


def demo_steps() -> list[DemoStep]:
    from shared.demo_steps import DemoStep

    def run(ctx: DemoContext) -> list[str]:
        assert ctx.edition_code is not None
        return network_demo(ctx.edition_code)

    return [DemoStep(name=_t("step"), run=run)]
