"""Words of the solver's explanations (used by :mod:`explain`), French first then English, and their formatters."""

from __future__ import annotations

from datetime import date, datetime

from shared.i18n import format_date, format_time, normalise_locale, translate
from shared.scenario.model import DayWindow, Session, TimeRange

CATALOG: dict[str, dict[str, str]] = {
    "duration": {
        "fr": "durée de {duration} min impossible à placer (grille de {granularity} min, une seule journée)",
        "en": "a {duration}-minute duration cannot be placed ({granularity}-minute grid, within one day)",
    },
    "no_venue": {
        "fr": "aucun des lieux autorisés ({allowed}) n'a de salle",
        "en": "none of the allowed venues ({allowed}) has a room",
    },
    "rooms": {
        "fr": "aucune salle de capacité ≥ {capacity}{features} dans {where}{largest}",
        "en": "no room with capacity ≥ {capacity}{features} in {where}{largest}",
    },
    "rooms_where_allowed": {"fr": "les lieux autorisés", "en": "the allowed venues"},
    "rooms_where_all": {"fr": "l'ensemble des lieux", "en": "any venue"},
    "rooms_with": {"fr": " avec {features}", "en": " with {features}"},
    "rooms_largest": {
        "fr": " (la plus grande adaptée : {largest} places)",
        "en": " (largest suitable: {largest} seats)",
    },
    "time": {"fr": "aucun créneau commun : {parts}", "en": "no common time slot: {parts}"},
    "time_single": {
        "fr": "aucun créneau de {duration} min possible : {parts}",
        "en": "no {duration}-minute slot possible: {parts}",
    },
    "and": {"fr": " et ", "en": " and "},
    "part_windows": {"fr": "ses propres fenêtres ({ranges})", "en": "its own windows ({ranges})"},
    "part_audience": {
        "fr": "la fenêtre du public {audience} ({windows})",
        "en": "the {audience} audience's window ({windows})",
    },
    "part_speaker": {
        "fr": "l'intervenant·e {name} n'est disponible que {when}",
        "en": "speaker {name} is only available {when}",
    },
    "part_opening_closed": {
        "fr": "le lieu {venue} est fermé {these_days}",
        "en": "venue {venue} is closed {these_days}",
    },
    "part_opening": {"fr": "le lieu {venue} n'est ouvert que {windows}", "en": "venue {venue} is only open {windows}"},
    "that_day": {"fr": "ce jour-là", "en": "that day"},
    "those_days": {"fr": "ces jours-là", "en": "those days"},
    "part_edition": {
        "fr": "la durée ({duration} min) dépasse toute plage possible",
        "en": "the duration ({duration} min) exceeds every possible range",
    },
    "more_venues": {"fr": "… et {count} autre(s) lieu(x) pour la même raison", "en": "… and {count} more venue(s)"},
    "fixed": {
        "fr": "placement fixé impossible (salle {room} le {when}) : {problems}",
        "en": "fixed placement impossible (room {room} on {when}): {problems}",
    },
    "fixed_unknown_room": {"fr": "salle inconnue", "en": "unknown room"},
    "fixed_venue_not_allowed": {"fr": "lieu non autorisé", "en": "venue not allowed"},
    "fixed_capacity": {"fr": "capacité insuffisante", "en": "capacity too small"},
    "fixed_features": {"fr": "équipement requis absent", "en": "required feature missing"},
    "fixed_off_grid": {"fr": "hors de la grille de {granularity} min", "en": "off the {granularity}-minute grid"},
    "fixed_outside_edition": {"fr": "hors des dates de l'édition", "en": "outside the edition's dates"},
    "fixed_windows": {"fr": "hors de ses propres fenêtres", "en": "outside its own windows"},
    "fixed_audience": {"fr": "hors de la fenêtre de son public", "en": "outside its audience's window"},
    "fixed_opening": {"fr": "lieu fermé à cette heure", "en": "venue closed at that time"},
    "fixed_speaker": {"fr": "{name} n'est pas disponible", "en": "{name} is not available"},
    "fixed_midnight": {"fr": "la session passerait minuit", "en": "the session would cross midnight"},
    "free_left": {
        "fr": "un créneau restait libre (salle {room}, {when}) : le temps de calcul a manqué pour l'exploiter",
        "en": "a slot was still free (room {room}, {when}): time ran out before using it",
    },
    "rooms_full": {"fr": "salles compatibles complètes le {dates}", "en": "suitable rooms full on {dates}"},
    "speaker_limit": {
        "fr": "l'intervenant·e {name} a déjà {limit} sessions le {dates} (maximum {limit})",
        "en": "speaker {name} already has {limit} sessions on {dates} (maximum {limit})",
    },
    "speaker_busy": {
        "fr": "l'intervenant·e {name} est déjà pris·e (sessions ou trajets) aux créneaux libres du {dates}",
        "en": "speaker {name} is already busy (sessions or travel) at the free slots of {dates}",
    },
    "not_enough_time": {
        "fr": "non placée : aucune solution complète trouvée dans le temps imparti",
        "en": "not placed: no complete solution found within the time limit",
    },
    "core": {
        "fr": "sessions obligatoires ou fixées incompatibles entre elles : {sessions}",
        "en": "mandatory or fixed sessions that cannot all be placed: {sessions}",
    },
    "core_speakers": {
        "fr": "même intervenant·e ({names}) : disponibilités, trajets ou maximum par jour",
        "en": "same speaker ({names}): availability, travel or daily maximum",
    },
    "core_rooms": {
        "fr": "mêmes salles possibles ({rooms}) sur les mêmes créneaux",
        "en": "same possible rooms ({rooms}) in the same time slots",
    },
    "infeasible_other": {
        "fr": "non planifiée : le scénario est infaisable (voir les sessions obligatoires ou fixées en conflit)",
        "en": "not scheduled: the scenario is infeasible (see the conflicting mandatory or fixed sessions)",
    },
}

FEATURES = {
    "wheelchair": ("accès fauteuil roulant", "wheelchair access"),
    "hearing_loop": ("boucle magnétique", "hearing loop"),
    "projector": ("vidéoprojecteur", "projector"),
    "sound": ("sonorisation", "sound system"),
    "sign_language": ("interprétation LSF", "sign-language interpreting"),
    "easy_read": ("facile à lire et à comprendre", "easy read"),
    "computers": ("postes informatiques", "computers"),
    "stage": ("scène", "stage"),
}
DAY_SETS = {
    "all": ("tous les jours", "every day"),
    "weekdays": ("en semaine", "on weekdays"),
    "weekend": ("le week-end", "at weekends"),
    "school_days": ("jours scolaires", "school days"),
    "holidays": ("vacances scolaires", "school holidays"),
}
AUDIENCES = {
    "professional": ("professionnel", "professional"),
    "family": ("familial", "family"),
    "school": ("scolaire", "school"),
    "public": ("tout public", "general"),
}


def say(key: str, locale: str, /, **values: object) -> str:
    return translate(CATALOG, key, locale, **values)


def pick(pair: tuple[str, str], locale: str) -> str:
    return pair[0] if normalise_locale(locale) == "fr" else pair[1]


def feature_words(features: list[str], locale: str) -> str:
    """``boucle magnétique (hearing_loop)``: the words a person reads, and the code the file holds."""
    return ", ".join(f"{pick(FEATURES[f], locale)} ({f})" if f in FEATURES else f for f in features)


def hour_range(start: int, end: int, locale: str) -> str:
    def clock(minute: int) -> str:
        return (
            format_time(datetime(2000, 1, 1, minute // 60 % 24, minute % 60), locale)
            if minute < 1440
            else ("24h" if normalise_locale(locale) == "fr" else "24:00")
        )

    return f"{clock(start)}–{clock(end)}"


def windows_words(windows: list[DayWindow], locale: str) -> str:
    """``jours scolaires 9h–18h``."""
    parts = [
        f"{pick(DAY_SETS.get(w.days, (w.days, w.days)), locale)} {hour_range(w.start_minute, w.end_minute, locale)}"
        for w in windows
    ]
    return ", ".join(parts) if parts else ("jamais" if normalise_locale(locale) == "fr" else "never")


def short(day: date | datetime, locale: str) -> str:
    return format_date(day, locale, long=False)


def moment(value: datetime, locale: str) -> str:
    joiner = " à " if normalise_locale(locale) == "fr" else " at "
    return short(value, locale) + joiner + format_time(value, locale)


def ranges_words(ranges: list[TimeRange], locale: str) -> str:
    """``le 18/10`` (whole days), ``le 18/10 de 9h à 12h``, ``du 16/10 9h au 18/10 18h``; at most three."""
    fr = normalise_locale(locale) == "fr"
    parts = []
    for r in ranges[:3]:
        same_day = r.start.date() == r.end.date()
        whole = r.start.hour == r.start.minute == 0 and r.end.hour == r.end.minute == 0
        if whole and (r.end - r.start).days == 1:
            parts.append(f"le {short(r.start, locale)}" if fr else f"on {short(r.start, locale)}")
        elif same_day:
            words = (
                f"le {short(r.start, locale)} de {format_time(r.start, locale)} à {format_time(r.end, locale)}"
                if fr
                else f"on {short(r.start, locale)} from {format_time(r.start, locale)} to {format_time(r.end, locale)}"
            )
            parts.append(words)
        else:
            parts.append(
                f"du {moment(r.start, locale)} au {moment(r.end, locale)}"
                if fr
                else f"from {moment(r.start, locale)} to {moment(r.end, locale)}"
            )
    if not ranges:
        return "jamais" if fr else "never"
    return ", ".join(parts) + (" …" if len(ranges) > 3 else "")


def dates_words(days: list[date], locale: str) -> str:
    return ", ".join(short(d, locale) for d in sorted(days))


def session_label(session: Session) -> str:
    return f"« {session.title} » ({session.id})"
