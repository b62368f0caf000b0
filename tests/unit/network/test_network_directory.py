"""The network's pure core: who a segment reaches (consent, suppression, one copy per person), the public grouping."""

from __future__ import annotations

from services.network.domain.directory import (
    Card,
    ContactFacts,
    Participation,
    Segment,
    by_territory,
    choices,
    guess_kind,
    parse_segment,
    recipients,
)

P23 = Participation("cn2023", "Culture et numérique 2023", 2, 2, 40)
CARDS = [
    Card(
        "riom", "Médiathèque de Riom", "media_library", "Riom Limagne et Volcans", "Riom", None, ("jeunesse",), (P23,)
    ),
    Card("clic", "Association Clic'63", "association", "Clermont Auvergne Métropole", None, None, ("seniors",)),
    Card("lezoux", "Musée de Lezoux", "museum", None, "Lezoux", None, ()),
]


def contact(cid: int, org: str, email: str | None, *, news: bool = True) -> ContactFacts:
    return ContactFacts(cid, org, f"Contact {cid}", email, "fr", news)


def test_a_segment_reaches_consenting_unsuppressed_people_once():
    contacts = [
        contact(1, "riom", "a@riom.fr"),
        contact(2, "riom", "b@riom.fr", news=False),
        contact(3, "clic", "A@Riom.fr"),  # the same person for a second organisation
        contact(4, "clic", "gone@clic.fr"),
        contact(5, "clic", None),
    ]
    found = recipients(CARDS, contacts, segment=Segment(), suppressed={"gone@clic.fr"})
    assert [(r.contact_id, r.email) for r in found] == [(1, "a@riom.fr")]


def test_segment_by_kind_territory_edition_and_tag():
    contacts = [contact(1, "riom", "a@riom.fr"), contact(3, "clic", "c@clic.fr"), contact(6, "lezoux", "m@lezoux.fr")]

    def emails(segment: Segment) -> list[str]:
        return [r.email for r in recipients(CARDS, contacts, segment=segment, suppressed=set())]

    assert emails(Segment(kind="association")) == ["c@clic.fr"]
    assert emails(Segment(territory="Riom Limagne et Volcans")) == ["a@riom.fr"]
    assert emails(Segment(edition="cn2023")) == ["a@riom.fr"]
    assert emails(Segment(tag="seniors")) == ["c@clic.fr"]
    assert emails(Segment(edition="cn2024")) == []
    assert parse_segment({"type": "nonsense", "interco": " Riom "}) == Segment(territory="Riom")


def test_public_grouping_and_filter_choices():
    groups = by_territory(CARDS, other="Hors intercommunalité")
    assert [g.territory for g in groups] == [
        "Clermont Auvergne Métropole",
        "Riom Limagne et Volcans",
        "Hors intercommunalité",
    ]
    assert choices(CARDS)["type"] == ["media_library", "museum", "association"]


def test_kind_guessed_from_the_name():
    assert guess_kind("Médiathèque de Riom") == "media_library"
    assert guess_kind("Collège Jules-Ferry") == "school"
    assert guess_kind("Les Petits Débrouillards") == "association"
