"""Organisations as the public page and the lead's segments see them (pure: dataclasses and functions).

An organisation is shown only with its ``listed`` consent; a contact is written to only with their
``news`` consent and an address not on the suppression list (unsubscribed or bounced), and one person
(one address) gets one copy of a message even when they are the contact of two organisations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

KINDS: dict[str, dict[str, str]] = {
    "library": {"fr": "bibliothèque", "en": "library"},
    "media_library": {"fr": "médiathèque", "en": "media library"},
    "museum": {"fr": "musée", "en": "museum"},
    "association": {"fr": "association", "en": "association"},
    "school": {"fr": "établissement scolaire", "en": "school"},
    "commune": {"fr": "commune", "en": "commune"},
    "mediation_place": {"fr": "lieu de médiation numérique", "en": "digital mediation place"},
}
PURPOSES = ("listed", "news")


@dataclass(frozen=True, slots=True)
class Participation:
    """What an organisation did in one edition: sessions proposed, published, and people counted at them."""

    edition_code: str
    edition_name: str
    proposals: int
    sessions: int
    attendance: int


@dataclass(frozen=True, slots=True)
class Card:
    code: str
    name: str
    kind: str
    intercommunality: str | None
    commune: str | None
    website: str | None
    tags: tuple[str, ...]
    participations: tuple[Participation, ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """Who a message goes to; an empty field filters nothing."""

    kind: str | None = None
    territory: str | None = None
    edition: str | None = None
    tag: str | None = None

    def keeps(self, card: Card) -> bool:
        return (
            (not self.kind or card.kind == self.kind)
            and (not self.territory or card.intercommunality == self.territory)
            and (not self.tag or self.tag in card.tags)
            and (not self.edition or any(p.edition_code == self.edition for p in card.participations))
        )

    def as_dict(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (
                ("kind", self.kind),
                ("territory", self.territory),
                ("edition", self.edition),
                ("tag", self.tag),
            )
            if v
        }


def parse_segment(params: Mapping[str, str]) -> Segment:
    """A segment (or the public page's filters) from a form or a query string; unknown kinds are ignored."""

    def value(name: str) -> str | None:
        return (params.get(name) or "").strip() or None

    kind = value("type")
    return Segment(
        kind=kind if kind in KINDS else None, territory=value("interco"), edition=value("edition"), tag=value("tag")
    )


@dataclass(frozen=True, slots=True)
class Reachable:
    """A contact who may be written to."""

    contact_id: int
    organisation_code: str
    name: str
    email: str
    locale: str


@dataclass(frozen=True, slots=True)
class ContactFacts:
    contact_id: int
    organisation_code: str
    name: str
    email: str | None
    locale: str
    news: bool


def recipients(
    cards: Iterable[Card], contacts: Iterable[ContactFacts], *, segment: Segment, suppressed: set[str]
) -> list[Reachable]:
    """The contacts of the segment's organisations who consented to news, one per address, none suppressed."""
    wanted = {card.code for card in cards if segment.keeps(card)}
    seen: set[str] = set()
    found = []
    for contact in sorted(contacts, key=lambda c: c.contact_id):
        address = (contact.email or "").strip().lower()
        if contact.organisation_code not in wanted or not contact.news or not address or address in suppressed:
            continue
        if address in seen:
            continue
        seen.add(address)
        found.append(Reachable(contact.contact_id, contact.organisation_code, contact.name, address, contact.locale))
    return found


@dataclass(frozen=True, slots=True)
class TerritoryGroup:
    territory: str
    cards: list[Card] = field(default_factory=list)


def by_territory(cards: Iterable[Card], *, other: str) -> list[TerritoryGroup]:
    """Cards grouped by intercommunality (alphabetical, those without one last under ``other``)."""
    groups: dict[str, list[Card]] = {}
    for card in sorted(cards, key=lambda c: c.name.casefold()):
        groups.setdefault(card.intercommunality or "", []).append(card)
    ordered = sorted((k for k in groups if k), key=str.casefold) + ([""] if "" in groups else [])
    return [TerritoryGroup(territory=k or other, cards=groups[k]) for k in ordered]


def choices(cards: Iterable[Card]) -> dict[str, list[str]]:
    """The values the filter form offers: only those the listed organisations hold."""
    cards = list(cards)
    return {
        "interco": sorted({c.intercommunality for c in cards if c.intercommunality}, key=str.casefold),
        "type": [k for k in KINDS if any(c.kind == k for c in cards)],
        "tag": sorted({t for c in cards for t in c.tags}, key=str.casefold),
    }


#: Words of an organisation's name that say its kind (checked in this order); the lead corrects the rest.
KIND_WORDS = (
    ("médiathèque", "media_library"),
    ("bibliothèque", "library"),
    ("musée", "museum"),
    ("collège", "school"),
    ("lycée", "school"),
    ("école", "school"),
    ("mairie", "commune"),
    ("commune", "commune"),
    ("ville de", "commune"),
    ("fablab", "mediation_place"),
    ("tiers-lieu", "mediation_place"),
    ("espace numérique", "mediation_place"),
)


def guess_kind(name: str) -> str:
    """The kind a partner's name suggests when it joins the network from an edition, else ``association``."""
    lowered = name.casefold()
    return next((kind for word, kind in KIND_WORDS if word in lowered), "association")
