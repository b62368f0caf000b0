"""French words the generator draws from: people's names, partner organisations, themes and session titles.

All invented people; organisation names follow the patterns of the département's real partners.
"""

from __future__ import annotations

import unicodedata

FIRST_NAMES = (
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Julie",
    "Clara",
    "Émilie",
    "Nathalie",
    "Sophie",
    "Anne",
    "Isabelle",
    "Claire",
    "Margaux",
    "Élodie",
    "Hélène",
    "Aurélie",
    "Juliette",
    "Agnès",
    "Lucas",
    "Hugo",
    "Thomas",
    "Nicolas",
    "Julien",
    "Antoine",
    "Maxime",
    "Pierre",
    "Mathieu",
    "Olivier",
    "Laurent",
    "Sébastien",
    "Romain",
    "Jérôme",
    "François",
    "Bastien",
    "Yannick",
    "Gaël",
    "Rémi",
    "Florian",
)

LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Chabrol",
    "Fayolle",
    "Bouchet",
    "Vialle",
    "Chassaing",
    "Pradier",
    "Roche",
    "Chomette",
    "Granet",
    "Tixier",
    "Monteil",
    "Brugière",
    "Aubignat",
)

#: Partner organisations that do not depend on a commune.
NAMED_PARTNERS = (
    "Atelier Canopé 63 — Clermont-Ferrand",
    "Archives départementales du Puy-de-Dôme",
    "Musée départemental de la Céramique",
    "Bibliothèque départementale du Puy-de-Dôme",
    "Maison départementale des personnes handicapées",
    "Service départemental de protection maternelle et infantile",
    "Association « Les Petits Débrouillards » Auvergne",
    "Association « Familles rurales » du Puy-de-Dôme",
    "Ligue de l'enseignement du Puy-de-Dôme",
    "Association « Médias et citoyens » Auvergne",
    "Association « Clic et déclic »",
    "UFC-Que Choisir Puy-de-Dôme",
    "Collectif des cafés-jeux auvergnats",
    "Réseau des conseillers numériques du Puy-de-Dôme",
    "Association de prévention des addictions ANPAA 63",
    "Université Clermont Auvergne — laboratoire de sciences de l'information",
)

#: ``{commune}`` patterns for partners rooted in a town.
PARTNER_PATTERNS = (
    "Médiathèque {of_commune}",
    "CCAS {of_commune}",
    "FabLab {of_commune}",
    "Collège {of_commune}",
    "Centre social {of_commune}",
    "Espace public numérique {of_commune}",
    "Ludothèque {of_commune}",
    "École de musique {of_commune}",
    "Maison des jeunes et de la culture {of_commune}",
    "Cinéma associatif {of_commune}",
)

#: theme slug → (French name, subjects usable in a title).
THEMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "media-education": (
        "Éducation aux médias",
        (
            "décrypter l'information en ligne",
            "fabriquer un journal de classe",
            "l'image de presse en questions",
            "la radio des jeunes reporters",
        ),
    ),
    "screens-children": (
        "Exposition des enfants aux écrans",
        (
            "les écrans et les tout-petits",
            "écrans : quelles règles à la maison ?",
            "le sommeil des enfants et les écrans",
            "grandir avec les écrans",
        ),
    ),
    "addictions": (
        "Addictions numériques",
        (
            "jeux d'argent en ligne : repérer les risques",
            "réseaux sociaux et dépendance",
            "accompagner un adolescent hyperconnecté",
        ),
    ),
    "digital-inclusion": (
        "Inclusion numérique",
        (
            "premiers pas sur une tablette",
            "faire ses démarches en ligne",
            "le numérique accessible à tous",
            "aidants numériques : les bons réflexes",
        ),
    ),
    "digitized-heritage": (
        "Patrimoine numérisé",
        (
            "les archives à portée de clic",
            "la céramique de Lezoux en 3D",
            "Gergovie reconstituée",
            "généalogie en ligne : méthode",
        ),
    ),
    "video-games": (
        "Jeux vidéo",
        (
            "le jeu vidéo, un art à part entière",
            "créer son premier jeu",
            "tournoi rétro en famille",
            "jeux vidéo et apprentissages",
        ),
    ),
    "ai": (
        "Intelligence artificielle",
        (
            "l'IA expliquée simplement",
            "IA générative : usages et limites",
            "l'IA à l'école",
            "algorithmes et vie quotidienne",
        ),
    ),
    "fake-news": (
        "Fausses informations",
        (
            "détecter une fausse information",
            "rumeurs et complots en ligne",
            "vérifier une image",
            "les réseaux sociaux et la désinformation",
        ),
    ),
    "privacy": (
        "Données personnelles",
        ("protéger sa vie privée en ligne", "les mots de passe sans peine", "cyberharcèlement : agir et prévenir"),
    ),
}

KIND_PREFIX = {
    "conference": "Conférence",
    "round_table": "Table ronde",
    "workshop": "Atelier",
    "showroom": "Exposition",
    "social": "Rencontre conviviale",
}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def title_for(*, kind: str, subject: str, commune: str) -> str:
    """``Atelier — Premiers pas sur une tablette (Riom)``."""
    return f"{KIND_PREFIX[kind]} — {capitalise(subject)} ({commune})"


def ascii_slug(text: str) -> str:
    """``Lefèvre`` → ``lefevre``: for e-mail addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c if c.isalnum() else "-" for c in plain.lower()).strip("-")


def of_commune(commune: str) -> str:
    """French ``de`` + commune with elision and contraction: ``d'Issoire``, ``du Mont-Dore``, ``des Martres…``."""
    if commune.startswith("Le "):
        return f"du {commune[3:]}"
    if commune.startswith("Les "):
        return f"des {commune[4:]}"
    if unicodedata.normalize("NFKD", commune[:1])[:1] in "AEIOUYaeiouy":
        return f"d'{commune}"
    return f"de {commune}"
