"""Words for the checker's violations, French first: each code has one sentence per language.

A sentence names what a person recognises — the session's id and title, the room's name and size, the
speaker's name, dates as ``18/10`` and times as ``14h30`` — so that a planner can fix the schedule by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from services.scheduler.domain.checker.placement import Violation
from shared.i18n import format_date, format_time, translate
from shared.scenario.model import Session, Speaker

CATALOG: dict[str, dict[str, str]] = {
    # rule 1 — the room
    "venue_not_allowed": {
        "fr": "{session} : placée dans la {room}, lieu « {venue} » non autorisé (lieux permis : {allowed})",
        "en": '{session}: placed in {room}, venue "{venue}" not allowed (allowed: {allowed})',
    },
    "capacity": {
        "fr": "{session} : {room} ({capacity} places) trop petite pour {attendance} personnes attendues",
        "en": "{session}: {room} ({capacity} seats) too small for {attendance} expected attendees",
    },
    "missing_feature": {
        "fr": "{session} : la {room} n'a pas l'équipement requis ({features})",
        "en": "{session}: {room} lacks the required equipment ({features})",
    },
    "unknown_room": {
        "fr": "{session} : placée dans une salle inconnue « {room_id} » (placement ignoré)",
        "en": '{session}: placed in an unknown room "{room_id}" (placement ignored)',
    },
    # rule 2 — the time
    "outside_edition": {
        "fr": "{session} : {when}, hors des dates de l'édition (du {first} au {last})",
        "en": "{session}: {when}, outside the edition's dates ({first} to {last})",
    },
    "outside_opening": {
        "fr": "{session} : {when}, en dehors des heures d'ouverture du lieu « {venue} »",
        "en": '{session}: {when}, outside the opening hours of "{venue}"',
    },
    "outside_audience_windows": {
        "fr": "{session} : {when}, en dehors des créneaux du public « {audience} »",
        "en": '{session}: {when}, outside the time windows of the "{audience}" audience',
    },
    "outside_windows": {
        "fr": "{session} : {when}, en dehors de ses propres créneaux possibles",
        "en": "{session}: {when}, outside its own allowed windows",
    },
    "off_granularity": {
        "fr": "{session} : {when} ne tombe pas sur la grille de {granularity} minutes",
        "en": "{session}: {when} is not on the {granularity}-minute grid",
    },
    "wrong_length": {
        "fr": "{session} : dure {actual} min au lieu de {expected} min",
        "en": "{session}: lasts {actual} min instead of {expected} min",
    },
    # rule 3 — the room's timeline
    "room_overlap": {
        "fr": "{first} ({first_when}) et {second} ({second_when}) se chevauchent dans la {room}",
        "en": "{first} ({first_when}) and {second} ({second_when}) overlap in {room}",
    },
    "room_changeover": {
        "fr": "{gap} min seulement entre {first} et {second} dans la {room}, il en faut {changeover} pour la remise "
        "en place",
        "en": "only {gap} min between {first} and {second} in {room}, changeover needs {changeover}",
    },
    # rule 4 — the speakers
    "speaker_unavailable": {
        "fr": "{speaker} n'est pas disponible pour {session} ({when})",
        "en": "{speaker} is not available for {session} ({when})",
    },
    "speaker_overlap": {
        "fr": "{speaker} a deux sessions en même temps : {first} ({first_when}) et {second} ({second_when})",
        "en": "{speaker} has two sessions at once: {first} ({first_when}) and {second} ({second_when})",
    },
    "speaker_travel": {
        "fr": "{speaker} : {gap} le {date} entre {first} ({first_venue}) et {second} ({second_venue}), "
        "il faut {travel} min de trajet",
        "en": "{speaker}: {gap} on {date} between {first} ({first_venue}) and {second} ({second_venue}), "
        "travel takes {travel} min",
    },
    "speaker_day_limit": {
        "fr": "{speaker} : {count} sessions le {date} ({ids}), pour {limit} au plus",
        "en": "{speaker}: {count} sessions on {date} ({ids}), at most {limit} allowed",
    },
    # rule 5 — obligations and the file itself
    "fixed_moved": {
        "fr": "{session} : fixée dans la {fixed_room} le {fixed_when}, mais placée dans la {room} le {when}",
        "en": "{session}: fixed in {fixed_room} on {fixed_when}, but placed in {room} on {when}",
    },
    "fixed_unplaced": {
        "fr": "{session} : fixée dans la {fixed_room} le {fixed_when}, mais non placée",
        "en": "{session}: fixed in {fixed_room} on {fixed_when}, but left unplaced",
    },
    "mandatory_unplaced": {
        "fr": "{session} : session obligatoire non placée",
        "en": "{session}: mandatory session left unplaced",
    },
    "unknown_session": {
        "fr": "session inconnue « {session_id} » dans le programme",
        "en": 'unknown session "{session_id}" in the schedule',
    },
    "duplicate_session": {
        "fr": "{session} : figure plusieurs fois dans le programme (occurrence n° {count} ignorée)",
        "en": "{session}: listed more than once in the schedule (occurrence #{count} ignored)",
    },
    "missing_session": {
        "fr": "{session} : ni placée ni déclarée non placée dans le programme",
        "en": "{session}: neither placed nor listed as unplaced in the schedule",
    },
}

RULE_OF_CODE: dict[str, int] = {
    "venue_not_allowed": 1,
    "capacity": 1,
    "missing_feature": 1,
    "unknown_room": 1,
    "outside_edition": 2,
    "outside_opening": 2,
    "outside_audience_windows": 2,
    "outside_windows": 2,
    "off_granularity": 2,
    "wrong_length": 2,
    "room_overlap": 3,
    "room_changeover": 3,
    "speaker_unavailable": 4,
    "speaker_overlap": 4,
    "speaker_travel": 4,
    "speaker_day_limit": 4,
    "fixed_moved": 5,
    "fixed_unplaced": 5,
    "mandatory_unplaced": 5,
    "unknown_session": 5,
    "duplicate_session": 5,
    "missing_session": 5,
}


Words = Callable[[str], str]


def violation(code: str, sessions: tuple[str, ...], **values: object) -> Violation:
    """Build a violation; a value that depends on the language is given as ``Words`` (a function of the locale)."""

    def filled(locale: str) -> dict[str, object]:
        return {key: value(locale) if callable(value) else value for key, value in values.items()}

    return Violation(
        rule=RULE_OF_CODE[code],
        code=code,
        message_fr=translate(CATALOG, code, "fr", **filled("fr")),
        message_en=translate(CATALOG, code, "en", **filled("en")),
        sessions=sessions,
    )


def of_session(session: Session) -> Words:
    return lambda locale: session_label(session, locale)


def of_when(start: datetime, end: datetime) -> Words:
    return lambda locale: when(start, end, locale)


def of_moment(value: datetime) -> Words:
    return lambda locale: moment(value, locale)


def session_label(session: Session, locale: str) -> str:
    """``se-012 « Les écrans et les tout-petits »``."""
    if locale == "en":
        return f'{session.id} "{session.title}"'
    return f"{session.id} « {session.title} »"


def speaker_label(speaker: Speaker) -> str:
    return f"{speaker.name} ({speaker.id})"


def room_label(name: str, locale: str) -> str:
    """``salle Hall René-Cassin``, but ``Salle Vercingétorix`` alone (no "salle Salle")."""
    word = "room" if locale == "en" else "salle"
    first = name.split(" ", 1)[0].lower()
    return name if first in ("salle", "room") else f"{word} {name}"


def of_room(name: str) -> Words:
    return lambda locale: room_label(name, locale)


def of_gap(minutes: int) -> Words:
    """``15 min``, or for a negative gap ``un chevauchement de 30 min``."""
    if minutes >= 0:
        return lambda locale: f"{minutes} min"
    return lambda locale: f"an overlap of {-minutes} min" if locale == "en" else f"un chevauchement de {-minutes} min"


def day(value: datetime) -> str:
    return format_date(value, long=False)


def moment(value: datetime, locale: str) -> str:
    """``18/10 à 14h30`` / ``18/10 at 14:30``."""
    joiner = " à " if locale == "fr" else " at "
    return day(value) + joiner + format_time(value, locale)


def when(start: datetime, end: datetime, locale: str) -> str:
    """``le 18/10 de 14h30 à 16h`` / ``on 18/10 from 14:30 to 16:00``; spells a midnight end as 24h."""
    same_day = end.date() == start.date()
    ends_at_midnight = end == datetime.combine(start.date(), datetime.min.time()) + timedelta(days=1)
    if same_day or ends_at_midnight:
        last = format_time(end, locale) if same_day else ("24h" if locale == "fr" else "24:00")
        if locale == "en":
            return f"on {day(start)} from {format_time(start, locale)} to {last}"
        return f"le {day(start)} de {format_time(start, locale)} à {last}"
    if locale == "en":
        return f"from {moment(start, locale)} to {moment(end, locale)}"
    return f"du {moment(start, locale)} au {moment(end, locale)}"
