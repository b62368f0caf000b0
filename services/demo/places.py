"""Make the demo edition's places read true: a session named after a town happens in that town.

The generated edition (:mod:`shared.scenario.generate`, shared with the solver's benchmarks, so left as it
is) names each session after the commune of the room it was drawn for — ``Atelier — … (Riom)`` — but
lets many of them go to any venue of their territory, and gives them a partner drawn at random. A person
reading the demo then found a workshop titled "(Clermont-Ferrand)", proposed by a médiathèque of
Saint-Éloy-les-Mines, placed in Billom. Here each titled session may only go to a venue of its commune,
and its partner is one of that commune, or a departmental one (named after no town), or none; a session
with time windows of its own keeps its venues and loses the town in its title instead.
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shared.models import Partner, SessionProposal, Venue
from shared.scenario.catalogue import of_commune

_TOWN_IN_TITLE = re.compile(r"\(([^()]+)\)\s*$")


def title_commune(title: str, communes: set[str]) -> str | None:
    """The commune a title ends with, ``(Riom)``, when it is one of the edition's communes."""
    found = _TOWN_IN_TITLE.search(title)
    return found.group(1) if found and found.group(1) in communes else None


def partner_commune(name: str, communes: set[str]) -> str | None:
    """The commune a partner's name is made with (``Médiathèque d'Issoire``), or None for a departmental one."""
    for commune in sorted(communes, key=len, reverse=True):
        if name.endswith(of_commune(commune)) or name.endswith(f"— {commune}"):
            return commune
    return None


def make_places_true(session: Session, *, edition_id: int) -> int:
    """Tie every session titled after a commune to that commune's venues and partners; return how many changed."""
    venues = session.execute(select(Venue.code, Venue.commune).where(Venue.edition_id == edition_id)).all()
    by_commune: dict[str, list[str]] = {}
    for code, commune in venues:
        if commune:
            by_commune.setdefault(commune, []).append(code)
    communes = set(by_commune)
    partners = session.execute(
        select(Partner.id, Partner.name).where(Partner.edition_id == edition_id).order_by(Partner.id)
    ).all()
    town_of = {pid: partner_commune(name, communes) for pid, name in partners}
    departmental = [pid for pid, town in town_of.items() if town is None]
    rows = []
    proposals = session.execute(
        select(
            SessionProposal.id,
            SessionProposal.title,
            SessionProposal.partner_id,
            SessionProposal.allowed_venues,
            SessionProposal.windows,
        )
        .where(SessionProposal.edition_id == edition_id)
        .order_by(SessionProposal.position)
    ).all()
    for number, (proposal_id, title, partner_id, allowed, windows) in enumerate(proposals):
        commune = title_commune(title, communes)
        if commune is None:
            continue
        if windows:
            # Its own time windows may not meet one town's opening hours: it keeps its venues, loses the town
            # in its title, and is proposed by a departmental partner (or none), true wherever it goes.
            if partner_id is not None and town_of.get(partner_id) is not None:
                partner_id = departmental[number % len(departmental)] if departmental else None
            new_title = _TOWN_IN_TITLE.sub("", title).rstrip()
            rows.append({"id": proposal_id, "title": new_title, "allowed_venues": allowed, "partner_id": partner_id})
            continue
        wanted = sorted(by_commune[commune])
        partner = partner_id
        if partner_id is not None and town_of.get(partner_id) not in (None, commune):
            local = [pid for pid, town in town_of.items() if town == commune]
            pool = local or departmental
            partner = pool[number % len(pool)] if pool else None
        if wanted != sorted(allowed or []) or partner != partner_id:
            rows.append({"id": proposal_id, "title": title, "allowed_venues": wanted, "partner_id": partner})
    if rows:
        session.execute(update(SessionProposal), rows)
    return len(rows)
