"""The columns of each kind of spreadsheet the lead can import, declared once for reading, checking and templates.

Pure declarations: a :class:`Column` has a French name (what the template writes), English and other
French spellings accepted on reading, a value type, whether it is required, and help for the template's
second row. A :class:`KindSpec` lists the columns of one kind and its stable key (``code``, or a natural
key such as partner + title). What a row *does* to the database lives in :mod:`services.ingest.import_plans`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.ingest import spreadsheet as sheet


class ValueType(enum.StrEnum):
    """How a cell is read."""

    text = "text"
    code = "code"
    integer = "integer"
    decimal = "decimal"
    boolean = "boolean"
    date = "date"
    time = "time"
    end_time = "end_time"  # a time, or 24h for the end of the day
    email = "email"
    list = "list"
    date_list = "date_list"
    choice = "choice"
    duration = "duration"


class Choices(dict[str, str]):
    """Normalised spelling → stored value; ``labels`` are the French words an error message offers."""

    labels: str = ""


def _choices(*groups: tuple[str, tuple[str, ...]]) -> Choices:
    """``("round_table", ("table ronde", …))``: the stored value, then its French spellings (first = the word
    offered in messages) and English ones."""
    table = Choices()
    for value, spellings in groups:
        for spelling in (value, *spellings):
            table[sheet.normalise_header(spelling)] = value
    table.labels = ", ".join(spellings[0] if spellings else value for value, spellings in groups)
    return table


LOCALES = _choices(("fr", ("français", "francais", "french")), ("en", ("anglais", "english")))
DAY_SETS = _choices(
    ("all", ("tous", "tous les jours", "tlj")),
    ("weekdays", ("semaine", "jours de semaine", "du lundi au vendredi", "lundi-vendredi")),
    ("weekend", ("week-end", "samedi et dimanche")),
    ("school_days", ("jours scolaires", "jours d'école", "school days")),
    ("holidays", ("vacances", "vacances scolaires", "school holidays")),
)
SESSION_KINDS = _choices(
    ("conference", ("conférence",)),
    ("round_table", ("table ronde", "round table", "débat")),
    ("workshop", ("atelier",)),
    ("showroom", ("démonstration", "salon", "exposition")),
    ("social", ("moment convivial", "temps convivial", "convivialité")),
)
AUDIENCES = _choices(
    ("public", ("grand public", "tout public", "tous publics")),
    ("professional", ("professionnels", "professionnel", "pro", "professionals")),
    ("family", ("familles", "famille", "families")),
    ("school", ("scolaires", "scolaire", "schools")),
)
PROPOSAL_STATUSES = _choices(
    ("submitted", ("proposée", "soumise", "reçue", "en attente")),
    ("accepted", ("acceptée", "retenue")),
    ("rejected", ("refusée", "non retenue")),
    ("withdrawn", ("retirée", "annulée")),
)
REGISTRATION_STATUSES = _choices(
    ("confirmed", ("confirmée", "inscrit", "inscrite", "oui")),
    ("waitlisted", ("liste d'attente", "en attente", "waiting list")),
    ("cancelled", ("annulée", "annulé", "canceled")),
)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an import: how it is named, read and explained."""

    key: str
    fr: str
    en: str
    type: ValueType = ValueType.text
    required: bool = False
    help_fr: str = ""
    help_en: str = ""
    aliases: tuple[str, ...] = ()
    choices: Mapping[str, str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 200
    width: int = 18

    def spellings(self) -> set[str]:
        """Every header (normalised) that names this column."""
        return {sheet.normalise_header(s) for s in (self.fr, self.en, self.key, *self.aliases)}

    def label(self, locale: str) -> str:
        """The header a person reads."""
        return self.en if locale == "en" else self.fr

    def parse(self, value: Any) -> Any:
        """The cell as a Python value (``None`` when empty); raises :class:`spreadsheet.ValueProblem`."""
        if value is None:
            return None
        return _READERS[self.type](self, value)


def _read_text(column: Column, value: Any) -> str:
    result = value if isinstance(value, str) else sheet.text(value)
    if len(result) > column.max_length:
        raise sheet.ValueProblem("cell.too_long", length=len(result), maximum=column.max_length)
    return result


def _read_choice(column: Column, value: Any) -> str:
    choices = column.choices or {}
    return sheet.parse_choice(value, choices, labels=getattr(choices, "labels", ", ".join(choices)))


#: One reader per type, looked up once per cell (an import of 10,000 rows reads 60,000 cells or more).
_READERS: dict[ValueType, Callable[[Column, Any], Any]] = {
    ValueType.text: _read_text,
    ValueType.code: _read_text,
    ValueType.integer: lambda c, v: sheet.parse_int(v, minimum=c.minimum, maximum=c.maximum),
    ValueType.decimal: lambda _c, v: sheet.parse_decimal(v),
    ValueType.boolean: lambda _c, v: sheet.parse_bool(v),
    ValueType.date: lambda _c, v: sheet.parse_date(v),
    ValueType.time: lambda _c, v: sheet.parse_time(v),
    ValueType.end_time: lambda _c, v: sheet.parse_time(v, allow_midnight_end=True) or "24:00",
    ValueType.email: lambda _c, v: sheet.parse_email(v),
    ValueType.list: lambda _c, v: sheet.parse_list(v),
    ValueType.date_list: lambda _c, v: sheet.parse_date_list(v),
    ValueType.choice: _read_choice,
    ValueType.duration: lambda _c, v: sheet.parse_duration(v),
}


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of import: its columns and the key that makes a re-import update rather than duplicate."""

    name: str
    label_fr: str
    label_en: str
    columns: tuple[Column, ...]
    #: Alternatives, first complete one wins: ``(("code",), ("partner", "title"))``.
    key_columns: tuple[tuple[str, ...], ...] = field(default=(("code",),))

    def column(self, key: str) -> Column:
        """The column named ``key``."""
        return next(c for c in self.columns if c.key == key)

    def key_of(self, values: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[Any, ...]] | None:
        """The row's stable key (which columns, which values), or ``None`` when it has none."""
        for keys in self.key_columns:
            parts = [values.get(k) for k in keys]
            if parts[-1] is not None:
                return keys, tuple(_key_part(self.column(k), p) for k, p in zip(keys, parts, strict=True))
        return None


def _key_part(column: Column, value: Any) -> Any:
    """Codes compare exactly; names and titles ignoring case, accents and spacing."""
    if isinstance(value, str) and column.type == ValueType.text:
        return sheet.normalise_header(value)
    return value


def _code(
    fr: str = "Code",
    en: str = "Code",
    *,
    required: bool = True,
    help_fr: str,
    help_en: str,
    aliases: tuple[str, ...] = (),
) -> Column:
    return Column(
        "code",
        fr,
        en,
        ValueType.code,
        required,
        help_fr,
        help_en,
        ("id", "identifiant", *aliases),
        max_length=64,
        width=14,
    )


def _phone(key: str = "phone") -> Column:
    return Column(
        key,
        "Téléphone",
        "Phone",
        help_fr="Par exemple 04 73 42 20 20",
        help_en="e.g. 04 73 42 20 20",
        aliases=("tel", "tél", "telephone", "portable"),
        max_length=40,
        width=16,
    )


def _locale() -> Column:
    return Column(
        "locale",
        "Langue",
        "Language",
        ValueType.choice,
        help_fr="fr ou en (fr si vide)",
        help_en="fr or en (fr when empty)",
        aliases=("locale", "langue de contact"),
        choices=LOCALES,
        width=10,
    )


def _email(*, required: bool = False, key: str = "email", fr: str = "Courriel", en: str = "Email") -> Column:
    return Column(
        key,
        fr,
        en,
        ValueType.email,
        required,
        "Adresse électronique",
        "Email address",
        ("e-mail", "mail", "adresse electronique", "adresse mail", "adresse email", "email address"),
        width=28,
    )


VENUES = KindSpec(
    "venues",
    "lieux",
    "venues",
    (
        _code(
            help_fr="Identifiant court et stable du lieu, ex. hd",
            help_en="Short stable id of the venue, e.g. hd",
            aliases=("code lieu", "venue id"),
        ),
        Column(
            "name",
            "Nom",
            "Name",
            required=True,
            help_fr="Nom du lieu",
            help_en="Venue name",
            aliases=("nom du lieu", "venue name", "lieu"),
            width=30,
        ),
        Column("commune", "Commune", "Town", help_fr="Commune du lieu", help_en="Town", aliases=("ville", "city")),
        Column(
            "territory",
            "Territoire",
            "Territory",
            help_fr="Intercommunalité (EPCI)",
            help_en="Intercommunality",
            aliases=("intercommunalite", "epci", "communaute de communes"),
            width=28,
        ),
        Column(
            "lat",
            "Latitude",
            "Latitude",
            ValueType.decimal,
            help_fr="Ex. 45,7745",
            help_en="e.g. 45.7745",
            aliases=("lat",),
            width=12,
        ),
        Column(
            "lon",
            "Longitude",
            "Longitude",
            ValueType.decimal,
            help_fr="Ex. 3,0895",
            help_en="e.g. 3.0895",
            aliases=("lon", "lng"),
            width=12,
        ),
        Column(
            "address", "Adresse", "Address", help_fr="Numéro et rue", help_en="Street address", max_length=500, width=30
        ),
        Column(
            "postal_code",
            "Code postal",
            "Postal code",
            help_fr="Ex. 63000",
            help_en="e.g. 63000",
            aliases=("cp", "zip", "zip code"),
            max_length=10,
            width=11,
        ),
        Column(
            "opening_days",
            "Jours d'ouverture",
            "Opening days",
            ValueType.choice,
            help_fr="tous, semaine, week-end, jours scolaires ou vacances (vide : tous les jours)",
            help_en="all, weekdays, weekend, school days or holidays (empty: every day)",
            aliases=("jours", "days"),
            choices=DAY_SETS,
        ),
        Column(
            "opens",
            "Ouverture",
            "Opens",
            ValueType.time,
            help_fr="Heure d'ouverture, ex. 8h30 (vide : toujours ouvert)",
            help_en="Opening time, e.g. 08:30 (empty: always open)",
            aliases=("heure d'ouverture", "opening time", "de"),
            width=11,
        ),
        Column(
            "closes",
            "Fermeture",
            "Closes",
            ValueType.end_time,
            help_fr="Heure de fermeture, ex. 19h",
            help_en="Closing time, e.g. 19:00",
            aliases=("heure de fermeture", "closing time"),
            width=11,
        ),
        Column(
            "contact_name",
            "Contact",
            "Contact",
            help_fr="Personne à joindre sur place",
            help_en="Person on site",
            aliases=("nom du contact", "contact name", "referent"),
        ),
        _phone("contact_phone"),
        _email(key="contact_email", fr="Courriel du contact", en="Contact email"),
    ),
)

ROOMS = KindSpec(
    "rooms",
    "salles",
    "rooms",
    (
        _code(
            help_fr="Identifiant de la salle, unique dans toute l'édition, ex. hd-cassin",
            help_en="Room id, unique across the edition, e.g. hd-cassin",
            aliases=("code salle", "room id"),
        ),
        Column(
            "venue",
            "Lieu",
            "Venue",
            ValueType.code,
            True,
            "Code du lieu (déjà importé ou dans la base)",
            "Venue code (already in the database)",
            ("code lieu", "venue id", "venue code"),
            max_length=64,
        ),
        Column(
            "name",
            "Nom",
            "Name",
            required=True,
            help_fr="Nom de la salle",
            help_en="Room name",
            aliases=("nom de la salle", "room name", "salle"),
            width=28,
        ),
        Column(
            "capacity",
            "Capacité",
            "Capacity",
            ValueType.integer,
            True,
            "Nombre de places assises",
            "Number of seats",
            ("jauge", "places", "capacite places"),
            minimum=1,
            maximum=100_000,
            width=10,
        ),
        Column(
            "features",
            "Équipements",
            "Features",
            ValueType.list,
            help_fr="Séparés par des virgules : wheelchair, hearing_loop, projector, sound…",
            help_en="Comma-separated: wheelchair, hearing_loop, projector, sound…",
            aliases=("equipment",),
            max_length=500,
            width=30,
        ),
        Column(
            "changeover_minutes",
            "Battement (minutes)",
            "Changeover minutes",
            ValueType.integer,
            help_fr="Temps à laisser entre deux séances (0 si vide)",
            help_en="Time between two sessions (0 when empty)",
            aliases=("battement", "changeover", "temps de changement"),
            minimum=0,
            maximum=600,
        ),
    ),
)

PARTNERS = KindSpec(
    "partners",
    "partenaires",
    "partners",
    (
        _code(
            required=False,
            help_fr="Identifiant du partenaire, ex. pa-001 (créé d'après le nom si vide)",
            help_en="Partner id, e.g. pa-001 (made from the name when empty)",
            aliases=("code partenaire",),
        ),
        Column(
            "name",
            "Nom",
            "Name",
            required=True,
            help_fr="Nom de la structure",
            help_en="Organisation name",
            aliases=("structure", "organisation", "organization", "partenaire", "partner"),
            width=32,
        ),
        _email(),
        Column(
            "contact_name",
            "Contact",
            "Contact",
            help_fr="Personne référente",
            help_en="Contact person",
            aliases=("nom du contact", "contact name", "referent", "referente"),
        ),
        _phone(),
        _locale(),
    ),
    key_columns=(("code",), ("name",)),
)

SPEAKERS = KindSpec(
    "speakers",
    "intervenants",
    "speakers",
    (
        _code(
            required=False,
            help_fr="Identifiant, ex. sp-001 (créé d'après le nom si vide)",
            help_en="Id, e.g. sp-001 (made from the name when empty)",
            aliases=("code intervenant",),
        ),
        Column(
            "name",
            "Nom",
            "Name",
            required=True,
            help_fr="Prénom et nom",
            help_en="Full name",
            aliases=("nom complet", "prenom nom", "intervenant", "intervenante", "speaker", "full name"),
            width=28,
        ),
        _email(),
        _phone(),
        _locale(),
        Column(
            "max_sessions_per_day",
            "Séances max par jour",
            "Max sessions per day",
            ValueType.integer,
            help_fr="Vide : pas de limite",
            help_en="Empty: no limit",
            aliases=("max par jour",),
            minimum=1,
            maximum=20,
        ),
    ),
    key_columns=(("code",), ("name",)),
)

AVAILABILITY = KindSpec(
    "availability",
    "disponibilités",
    "availability",
    (
        Column(
            "speaker",
            "Intervenant",
            "Speaker",
            ValueType.code,
            True,
            "Code de l'intervenant·e",
            "Speaker code",
            ("intervenante", "intervenant e", "code intervenant", "speaker id", "speaker code"),
            max_length=64,
        ),
        Column(
            "date",
            "Date",
            "Date",
            ValueType.date,
            True,
            "JJ/MM/AAAA, ex. 16/10/2023",
            "DD/MM/YYYY, e.g. 16/10/2023",
            ("jour", "day"),
            width=12,
        ),
        Column(
            "start",
            "Début",
            "Start",
            ValueType.time,
            True,
            "Heure de début, ex. 9h",
            "Start time, e.g. 09:00",
            ("de", "from", "heure de debut", "start time"),
            width=10,
        ),
        Column(
            "end",
            "Fin",
            "End",
            ValueType.end_time,
            True,
            "Heure de fin, ex. 18h (24h : fin de journée)",
            "End time, e.g. 18:00 (24:00: end of day)",
            ("a", "to", "jusqu a", "heure de fin", "end time"),
            width=10,
        ),
    ),
    key_columns=(("speaker", "date", "start", "end"),),
)

PROPOSALS = KindSpec(
    "proposals",
    "propositions",
    "proposals",
    (
        _code(
            required=False,
            help_fr="Identifiant de la séance, ex. se-001 (attribué si vide)",
            help_en="Session id, e.g. se-001 (assigned when empty)",
            aliases=("code seance", "session id"),
        ),
        Column(
            "partner",
            "Partenaire",
            "Partner",
            ValueType.code,
            help_fr="Code du partenaire qui propose",
            help_en="Code of the proposing partner",
            aliases=("code partenaire", "partner id", "structure"),
            max_length=64,
        ),
        Column(
            "title",
            "Titre",
            "Title",
            required=True,
            help_fr="Titre de la séance",
            help_en="Session title",
            aliases=("intitule", "titre de la seance"),
            max_length=300,
            width=40,
        ),
        Column(
            "description",
            "Description",
            "Description",
            help_fr="Présentation pour le programme",
            help_en="Programme text",
            aliases=("resume", "summary", "presentation"),
            max_length=10_000,
            width=40,
        ),
        Column(
            "kind",
            "Format",
            "Kind",
            ValueType.choice,
            help_fr="conférence, table ronde, atelier, démonstration ou moment convivial",
            help_en="conference, round table, workshop, showroom or social",
            aliases=("type", "type de seance"),
            choices=SESSION_KINDS,
        ),
        Column(
            "duration_minutes",
            "Durée",
            "Duration",
            ValueType.duration,
            True,
            "En minutes (90) ou 1h30",
            "Minutes (90) or 1h30",
            ("duree minutes", "duration minutes", "duree en minutes"),
            width=10,
        ),
        Column(
            "expected_attendance",
            "Public attendu",
            "Expected attendance",
            ValueType.integer,
            help_fr="Nombre de personnes attendues",
            help_en="Number of people expected",
            aliases=("jauge", "participants attendus", "attendance"),
            minimum=1,
            maximum=100_000,
        ),
        Column(
            "audience",
            "Public",
            "Audience",
            ValueType.choice,
            help_fr="grand public, professionnels, familles ou scolaires",
            help_en="public, professional, family or school",
            aliases=("public vise", "cible"),
            choices=AUDIENCES,
        ),
        Column(
            "theme",
            "Thème",
            "Theme",
            help_fr="Ex. education-aux-medias",
            help_en="e.g. media-education",
            aliases=("thematique",),
            max_length=80,
        ),
        Column(
            "required_features",
            "Équipements requis",
            "Required features",
            ValueType.list,
            help_fr="Séparés par des virgules : wheelchair, projector…",
            help_en="Comma-separated: wheelchair, projector…",
            aliases=("besoins techniques",),
            max_length=500,
        ),
        Column(
            "allowed_venues",
            "Lieux possibles",
            "Allowed venues",
            ValueType.list,
            help_fr="Codes des lieux acceptés, séparés par des virgules (vide : tous)",
            help_en="Codes of acceptable venues, comma-separated (empty: any)",
            max_length=1000,
        ),
        Column(
            "preferred_venues",
            "Lieux préférés",
            "Preferred venues",
            ValueType.list,
            help_fr="Codes des lieux souhaités",
            help_en="Codes of preferred venues",
            max_length=1000,
        ),
        Column(
            "preferred_dates",
            "Dates préférées",
            "Preferred dates",
            ValueType.date_list,
            help_fr="JJ/MM/AAAA séparées par des virgules",
            help_en="DD/MM/YYYY, comma-separated",
            aliases=("dates souhaitees",),
            max_length=1000,
        ),
        Column(
            "priority",
            "Priorité",
            "Priority",
            ValueType.integer,
            help_fr="1 (normale) à 3 (haute)",
            help_en="1 (normal) to 3 (high)",
            minimum=1,
            maximum=3,
            width=9,
        ),
        Column(
            "mandatory",
            "Obligatoire",
            "Mandatory",
            ValueType.boolean,
            help_fr="oui ou non : doit être programmée",
            help_en="yes or no: must be scheduled",
            width=11,
        ),
        Column(
            "speakers",
            "Intervenants",
            "Speakers",
            ValueType.list,
            help_fr="Codes des intervenant·es, séparés par des virgules",
            help_en="Speaker codes, comma-separated",
            aliases=("intervenantes", "intervenant es"),
            max_length=1000,
        ),
        Column(
            "accessibility",
            "Accessibilité",
            "Accessibility",
            help_fr="Dispositions d'accessibilité prévues",
            help_en="Accessibility arrangements",
            max_length=2000,
        ),
        Column(
            "equipment",
            "Matériel",
            "Equipment",
            help_fr="Matériel à prévoir",
            help_en="Equipment to provide",
            aliases=("materiel a prevoir",),
            max_length=2000,
        ),
        Column(
            "setup_minutes",
            "Installation (minutes)",
            "Setup minutes",
            ValueType.integer,
            help_fr="Temps d'installation avant la séance",
            help_en="Setup time before the session",
            aliases=("installation", "temps d'installation", "setup"),
            minimum=0,
            maximum=600,
        ),
        Column(
            "status",
            "Statut",
            "Status",
            ValueType.choice,
            help_fr="proposée, acceptée, refusée ou retirée",
            help_en="submitted, accepted, rejected or withdrawn",
            aliases=("etat", "decision"),
            choices=PROPOSAL_STATUSES,
            width=11,
        ),
    ),
    key_columns=(("code",), ("partner", "title")),
)

PARTICIPANTS = KindSpec(
    "participants",
    "participants",
    "participants",
    (
        _email(required=True),
        Column(
            "name",
            "Nom",
            "Name",
            required=True,
            help_fr="Prénom et nom",
            help_en="Full name",
            aliases=("nom complet", "prenom nom", "full name"),
            width=28,
        ),
        _phone(),
        Column(
            "commune",
            "Commune",
            "Town",
            help_fr="Commune de résidence",
            help_en="Home town",
            aliases=("ville", "city"),
            max_length=120,
        ),
        Column(
            "is_professional",
            "Professionnel",
            "Professional",
            ValueType.boolean,
            help_fr="oui ou non",
            help_en="yes or no",
            aliases=("professionnelle", "pro"),
            width=12,
        ),
        _locale(),
        Column(
            "accessibility_needs",
            "Besoins d'accessibilité",
            "Accessibility needs",
            help_fr="Ex. fauteuil roulant, boucle magnétique",
            help_en="e.g. wheelchair, hearing loop",
            aliases=("accessibilite",),
            max_length=2000,
            width=28,
        ),
    ),
    key_columns=(("email",),),
)

REGISTRATIONS = KindSpec(
    "registrations",
    "inscriptions",
    "registrations",
    (
        Column(
            "session",
            "Séance",
            "Session",
            ValueType.code,
            True,
            "Code de la séance, ex. se-001",
            "Session code, e.g. se-001",
            ("code seance", "session id", "session code"),
            max_length=64,
        ),
        _email(required=True),
        Column(
            "name",
            "Nom",
            "Name",
            help_fr="Nom de la personne (nécessaire si elle n'est pas encore inscrite)",
            help_en="Person's name (needed when not yet known)",
            aliases=("nom complet", "prenom nom", "full name"),
            width=28,
        ),
        Column(
            "seats",
            "Places",
            "Seats",
            ValueType.integer,
            help_fr="Nombre de places (1 si vide)",
            help_en="Number of seats (1 when empty)",
            aliases=("nombre de places",),
            minimum=1,
            maximum=50,
            width=8,
        ),
        Column(
            "status",
            "Statut",
            "Status",
            ValueType.choice,
            help_fr="confirmée, liste d'attente ou annulée",
            help_en="confirmed, waitlisted or cancelled",
            aliases=("etat",),
            choices=REGISTRATION_STATUSES,
        ),
        Column(
            "accessibility_needs",
            "Besoins d'accessibilité",
            "Accessibility needs",
            help_fr="Ex. fauteuil roulant",
            help_en="e.g. wheelchair",
            aliases=("accessibilite",),
            max_length=2000,
            width=28,
        ),
    ),
    key_columns=(("session", "email"),),
)

SPECS: tuple[KindSpec, ...] = (VENUES, ROOMS, PARTNERS, SPEAKERS, AVAILABILITY, PROPOSALS, PARTICIPANTS, REGISTRATIONS)
