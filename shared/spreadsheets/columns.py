"""How an import column is declared and read: value types, choices, :class:`Column`, :class:`KindSpec`.

Pure declarations shared by every kind of spreadsheet (:mod:`services.ingest.imports.kinds` lists the kinds):
a column has a French name (what the template writes), English and other French spellings accepted on
reading, a value type, whether it is required, and help for the template's second row.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.names import clean_name
from shared.spreadsheets import reader as sheet


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


#: Columns holding a person's or an organisation's name: cleaned of control characters like every entry's names.
NAME_COLUMNS = frozenset({"name", "contact_name"})


def _read_text(column: Column, value: Any) -> str:
    result = value if isinstance(value, str) else sheet.text(value)
    if column.key in NAME_COLUMNS:
        result = clean_name(result)
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


def code_column(
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


def session_column() -> Column:
    """The session a row is about, by its code: registrations and attendance figures name it the same way."""
    return Column(
        "session",
        "Séance",
        "Session",
        ValueType.code,
        True,
        "Code de la séance, ex. se-001",
        "Session code, e.g. se-001",
        ("code seance", "session id", "session code"),
        max_length=64,
    )


def phone_column(key: str = "phone") -> Column:
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


def locale_column() -> Column:
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


def email_column(*, required: bool = False, key: str = "email", fr: str = "Courriel", en: str = "Email") -> Column:
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
