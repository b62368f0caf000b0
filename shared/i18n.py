"""French first, English second: message catalogs and date/time formatting for people.

A catalog is a plain dict ``{key: {"fr": "…", "en": "…"}}`` owned by the module that speaks; every
key must exist in French (checked by :func:`check_catalog` in the tests), English falls back to French.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"

_DAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

Catalog = Mapping[str, Mapping[str, str]]


def normalise_locale(locale: str | None) -> str:
    """``fr-FR`` → ``fr``; anything unknown → French."""
    short = (locale or DEFAULT_LOCALE).split("-")[0].split("_")[0].lower()
    return short if short in LOCALES else DEFAULT_LOCALE


def translate(catalog: Catalog, key: str, locale: str | None = None, /, **values: object) -> str:
    """The message ``key`` in ``locale`` (French when missing), with ``{placeholders}`` filled."""
    entry = catalog[key]
    text = entry.get(normalise_locale(locale)) or entry["fr"]
    return text.format(**values) if values else text


def check_catalog(catalog: Catalog) -> list[str]:
    """Keys that lack a French or an English text (an empty list means the catalog is complete)."""
    return [key for key, entry in catalog.items() if not entry.get("fr") or not entry.get("en")]


def format_time(value: time | datetime, locale: str | None = None) -> str:
    """``14h30`` in French, ``14:30`` in English."""
    if normalise_locale(locale) == "fr":
        return f"{value.hour}h{value.minute:02d}" if value.minute else f"{value.hour}h"
    return f"{value.hour:02d}:{value.minute:02d}"


def format_date(value: date | datetime, locale: str | None = None, *, long: bool = True) -> str:
    """``mercredi 18 octobre 2023`` / ``Wednesday 18 October 2023``; short form ``18/10``."""
    loc = normalise_locale(locale)
    if not long:
        return f"{value.day:02d}/{value.month:02d}"
    day_name = _DAYS[loc][value.weekday()]
    day = "1er" if loc == "fr" and value.day == 1 else str(value.day)
    return f"{day_name} {day} {_MONTHS[loc][value.month - 1]} {value.year}"


def format_datetime(value: datetime, locale: str | None = None) -> str:
    """``mercredi 18 octobre 2023 à 14h30`` / ``Wednesday 18 October 2023 at 14:30``."""
    joiner = " à " if normalise_locale(locale) == "fr" else " at "
    return format_date(value, locale) + joiner + format_time(value, locale)
