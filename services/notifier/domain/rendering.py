"""Turn a kind, a locale and a plain context into a subject, a plain-text part and an HTML part.

Templates live in ``services/notifier/templates/<locale>/<kind>.{html,txt}``; the HTML ones extend
``_layout.html`` (lang attribute, real headings, inline styles with AA contrast). Everything a person
typed is escaped in HTML by Jinja's autoescape; the text part is not HTML and is not escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment

from shared.i18n import format_date, format_datetime, format_time, normalise_locale, translate
from shared.web.templating import make_environment

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

#: Subjects, French first. ``{title}`` and friends come from the context.
SUBJECTS: dict[str, dict[str, str]] = {
    "partner.proposal_received": {
        "fr": "Proposition reçue : {title}",
        "en": "Proposal received: {title}",
    },
    "partner.decision": {
        "fr": "Votre proposition « {title} » : décision",
        "en": "Your proposal “{title}”: decision",
    },
    "partner.slots": {
        "fr": "Vos créneaux pour Culture et numérique",
        "en": "Your slots for Culture et numérique",
    },
    "partner.logistics": {
        "fr": "Logistique : {title}, {date}",
        "en": "Logistics: {title}, {date}",
    },
    "partner.survey_before": {
        "fr": "Préparons l'événement : votre avis en 3 minutes",
        "en": "Getting ready: your views in 3 minutes",
    },
    "partner.survey_after": {
        "fr": "Culture et numérique : votre bilan de partenaire",
        "en": "Culture et numérique: your feedback as a partner",
    },
    "partner.invitation": {
        "fr": "Votre espace partenaire pour {edition}",
        "en": "Your partner space for {edition}",
    },
    "speaker.invitation": {
        "fr": "Vos disponibilités pour Culture et numérique",
        "en": "Your availability for Culture et numérique",
    },
    "speaker.assignment": {
        "fr": "Vos interventions à Culture et numérique",
        "en": "Your sessions at Culture et numérique",
    },
    "speaker.schedule_change": {
        "fr": "Changement dans vos interventions ({count})",
        "en": "Change to your sessions ({count})",
    },
    "speaker.survey_after": {
        "fr": "Culture et numérique : votre retour d'intervenant·e",
        "en": "Culture et numérique: your feedback as a speaker",
    },
    "participant.registration_confirmed": {
        "fr": "Inscription confirmée : {title}",
        "en": "Registration confirmed: {title}",
    },
    "participant.reminder": {
        "fr": "Rappel : demain, {title}",
        "en": "Reminder: tomorrow, {title}",
    },
    "participant.session_changed": {
        "fr": "Changement de programme pour vos inscriptions ({count})",
        "en": "Programme change for your registrations ({count})",
    },
    "participant.survey": {
        "fr": "Votre avis sur « {title} »",
        "en": "Your views on “{title}”",
    },
    "survey.reminder": {
        "fr": "Rappel : votre avis compte",
        "en": "Reminder: your views matter",
    },
    "lead.signin_link": {
        "fr": "Votre lien de connexion à festplan",
        "en": "Your festplan sign-in link",
    },
    "network.news": {"fr": "{title}", "en": "{title}"},
}


#: Labels the shared macros print, French first.
LABELS: dict[str, dict[str, str]] = {
    "when": {"fr": "Quand", "en": "When"},
    "where": {"fr": "Où", "en": "Where"},
    "colon": {"fr": " :", "en": ":"},
}


@dataclass(frozen=True)
class RenderedEmail:
    """The three things a person reads."""

    subject: str
    text: str
    html: str


def _date_long(value: Any, locale: str | None = None) -> str:
    return format_date(value, locale)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The email environment: festplan's filters plus ``period`` for a start–end pair."""
    env = make_environment(TEMPLATES_DIR)
    env.filters["date_long"] = _date_long
    env.globals["format_time"] = format_time
    env.globals["format_datetime"] = format_datetime
    return env


def subject_values(kind: str, context: dict[str, Any]) -> dict[str, object]:
    """The placeholders a subject line needs, taken from the context."""
    session = context.get("session") or {}
    sessions = context.get("sessions") or []
    first = session or (sessions[0] if sessions else {})
    title = first.get("title") or (context.get("proposal") or {}).get("title") or ""
    if len(title) > 90:
        title = title[:87] + "…"
    start = first.get("start")
    locale = context.get("locale", "fr")
    return {
        "title": title,
        "date": format_date(start, locale) if start is not None else "",
        "count": len(context.get("changes") or []),
        "edition": context.get("edition_name") or "",
    }


def render(kind: str, locale: str, context: dict[str, Any]) -> RenderedEmail:
    """Render one email; a missing variable is an error (StrictUndefined), never an empty field."""
    if kind not in SUBJECTS:
        raise KeyError(f"no template for kind {kind!r}")
    loc = normalise_locale(locale)
    values = {**context, "locale": loc, "kind": kind}
    subject = translate(SUBJECTS, kind, loc, **subject_values(kind, values))
    values["subject"] = subject
    values["labels"] = {key: translate(LABELS, key, loc) for key in LABELS}
    env = environment()
    html = env.get_template(f"{loc}/{kind}.html").render(values)
    text = env.get_template(f"{loc}/{kind}.txt").render(values)
    return RenderedEmail(subject=" ".join(subject.split()), text=text.strip() + "\n", html=html)


def load_templates() -> int:
    """Compile every email template now (Jinja compiles on first use) and return how many there are.

    A mail worker calls this when it starts, before its heap is settled (:mod:`shared.heap`): the
    compiled templates then live out of the collector's sight instead of being walked by every full
    collection for the life of the process.
    """
    env = environment()
    names = [
        name
        for name in env.list_templates(extensions=("html", "txt"))
        if "/" not in name or name.split("/", 1)[0] in ("fr", "en")  # the emails and the layouts they extend
    ]
    for name in names:
        env.get_template(name)
    return len(names)
