"""The demo edition's budget: a 50,000 € TTC envelope (BP 2023) split into nine lines, the rates that price the
schedule, speakers' home towns, and the items an edition like this one really has (seeded, deterministic).

Figures are plausible for a département's first edition, not official: mileage at the civil service's
0.32 €/km, a hotel night at 90 €, a train return from Paris at 160 € and from Lyon at 70 €.
"""

from __future__ import annotations

import random

from services.budget.service import LineSpec

EURO = 100
ENVELOPE_CENTS = 50_000 * EURO

LINES = (
    LineSpec("fees", "Cachets et honoraires", "fees", 14_500 * EURO),
    LineSpec("travel", "Déplacements des intervenant·es", "travel", 5_000 * EURO),
    LineSpec("accommodation", "Hébergement", "accommodation", 700 * EURO),
    LineSpec("venue_hire", "Location de lieux", "venue_hire", 3_500 * EURO),
    LineSpec("equipment", "Matériel et technique", "equipment", 7_000 * EURO),
    LineSpec("catering", "Restauration et convivialité", "catering", 4_900 * EURO),
    LineSpec("communication", "Communication", "communication", 7_100 * EURO),
    LineSpec("accessibility", "Accessibilité (interprètes LSF, sous-titrage, FALC)", "accessibility", 6_300 * EURO),
    LineSpec("contingency", "Imprévus", "contingency", 1_000 * EURO),
)

#: Venues the département hires by the day (its own sites and partners' libraries are free).
VENUE_HIRE = {
    "saint-eloy": 120 * EURO,
    "issoire": 150 * EURO,
    "mont-dore": 180 * EURO,
    "corent": 90 * EURO,
    "aigueperse": 80 * EURO,
    "saint-gervais": 80 * EURO,
}
EQUIPMENT = {"conference": 70 * EURO, "round_table": 50 * EURO, "workshop": 35 * EURO, "showroom": 80 * EURO}

NEAR = ("Clermont-Ferrand", "Chamalières", "Aubière", "Cournon-d'Auvergne", "Beaumont", "Riom", "Volvic")
REGION = ("Thiers", "Issoire", "Ambert", "Lezoux", "Vichy", "Saint-Éloy-les-Mines", "Montluçon")
FAR = (("Lyon", 70 * EURO), ("Paris", 160 * EURO), ("Saint-Étienne", None))


def speaker_homes(codes: list[str], *, seed: int) -> dict[str, dict[str, object]]:
    """Where each speaker lives: most near Clermont, some across the département, a few from Lyon or Paris."""
    rng = random.Random(seed * 7 + 20)
    homes: dict[str, dict[str, object]] = {}
    for code in codes:
        roll = rng.random()
        if roll < 0.72:
            homes[code] = {"commune": rng.choice(NEAR)}
        elif roll < 0.93:
            homes[code] = {"commune": rng.choice(REGION)}
        else:
            commune, flat = rng.choice(FAR)
            homes[code] = {"commune": commune, **({"flat_cents": flat} if flat else {})}
    return homes


#: (line, label, supplier, HT euros, VAT %, reference) of the items no schedule decides.
FIXED_ITEMS = (
    (
        "communication",
        "Conception graphique de l'identité",
        "Atelier Volcan Graphique",
        "2400",
        "20",
        "EJ-23-0412",
    ),
    ("communication", "Impression des programmes (8 000 ex.)", "Imprimerie Arverne", "1850", "5,5", "EJ-23-0413"),
    ("communication", "Affiches et kakémonos", "Imprimerie Arverne", "780", "20", "EJ-23-0414"),
    ("communication", "Campagne radio locale", "Radio Arverne", "1100", "20", "EJ-23-0415"),
    ("catering", "Soirée d'ouverture — buffet (150 pers.)", "Traiteur des Dômes", "2100", "10", "EJ-23-0420"),
    ("catering", "Pauses et déjeuners des intervenant·es", "Traiteur des Dômes", "1450", "10", "EJ-23-0421"),
    ("catering", "Clôture — apéritif dînatoire", "Café-restaurant Le Lieu-Dit", "820", "10", "EJ-23-0422"),
    (
        "accessibility",
        "Interprètes LSF (12 séances, binômes)",
        "Interprétation Signes Auvergne",
        "3600",
        "20",
        "EJ-23-0430",
    ),
    (
        "accessibility",
        "Sous-titrage en direct (vélotypie)",
        "Vélotypie Centre-France",
        "1050",
        "20",
        "EJ-23-0431",
    ),
    ("accessibility", "Programme en FALC et gros caractères", "ESAT Les Volcans", "380", "5,5", "EJ-23-0432"),
    (
        "accessibility",
        "Boucles magnétiques portatives (location)",
        "Audition Services 63",
        "240",
        "20",
        "EJ-23-0433",
    ),
    ("equipment", "Captation vidéo des conférences", "Studio Gergovie", "1600", "20", "EJ-23-0440"),
    (
        "contingency",
        "Remplacement d'un intervenant (déplacement Marseille)",
        "SNCF Voyageurs",
        "186",
        "10",
        "EJ-23-0450",
    ),
    ("contingency", "Réparation d'un vidéoprojecteur", "Auvergne Audiovisuel", "320", "20", "EJ-23-0451"),
)

#: Payment form, VAT % and HT euros of a speaker's fee, by session kind.
FEES = {
    "conference": (("author_rights", "10", "400"), ("invoice", "20", "350"), ("invoice", "0", "450")),
    "round_table": (("invoice", "0", "150"), ("author_rights", "10", "150")),
    "workshop": (("invoice", "0", "220"), ("cachet", "0", "250"), ("invoice", "20", "200")),
    "showroom": (("invoice", "20", "300"),),
}
