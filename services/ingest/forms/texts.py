"""Words of the partners' and speakers' forms, French first; and pydantic's errors told to a person."""

from __future__ import annotations

from typing import Any

from shared.i18n import translate

TEXTS: dict[str, dict[str, str]] = {
    "site": {"fr": "Culture et numérique — Puy-de-Dôme", "en": "Culture and digital — Puy-de-Dôme"},
    "skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "other_language": {"fr": "English", "en": "Français"},
    "errors_title": {"fr": "Le formulaire contient {n} erreur(s) :", "en": "The form has {n} error(s):"},
    "required": {"fr": "(obligatoire)", "en": "(required)"},
    "save": {"fr": "Enregistrer", "en": "Save"},
    "saved": {"fr": "C'est enregistré.", "en": "Saved."},
    "submit_proposal": {"fr": "Envoyer la proposition", "en": "Send the proposal"},
    "partner_title": {"fr": "Vos propositions — {name}", "en": "Your proposals — {name}"},
    "new_proposal": {"fr": "Proposer une nouvelle session", "en": "Propose a new session"},
    "edit_proposal": {"fr": "Modifier la proposition", "en": "Edit the proposal"},
    "view_proposal": {"fr": "Voir", "en": "View"},
    "no_proposals": {
        "fr": "Vous n'avez encore proposé aucune session.",
        "en": "You have not proposed any session yet.",
    },
    "calls_closed": {
        "fr": "L'appel à propositions est clos depuis le {date}.",
        "en": "The call for proposals closed on {date}.",
    },
    "calls_open_until": {
        "fr": "Vous pouvez proposer et modifier vos sessions jusqu'au {date} inclus.",
        "en": "You may propose and change sessions until {date} included.",
    },
    "status": {"fr": "État", "en": "Status"},
    "status_submitted": {"fr": "reçue, en cours d'examen", "en": "received, under review"},
    "status_accepted": {"fr": "acceptée", "en": "accepted"},
    "status_rejected": {"fr": "non retenue", "en": "not accepted"},
    "status_withdrawn": {"fr": "retirée", "en": "withdrawn"},
    "decision_message": {"fr": "Message de l'équipe", "en": "Message from the team"},
    "slots": {"fr": "Créneaux publiés", "en": "Published slots"},
    "withdraw": {"fr": "Retirer cette proposition", "en": "Withdraw this proposal"},
    "back": {"fr": "Retour à vos propositions", "en": "Back to your proposals"},
    "fs_session": {"fr": "La session", "en": "The session"},
    "fs_audience": {"fr": "Public et format", "en": "Audience and format"},
    "fs_place": {"fr": "Lieux et dates souhaités", "en": "Preferred places and dates"},
    "fs_needs": {"fr": "Accessibilité et logistique", "en": "Accessibility and logistics"},
    "title": {"fr": "Titre", "en": "Title"},
    "title_help": {
        "fr": "Tel qu'il apparaîtra au programme (300 caractères au plus).",
        "en": "As it will appear in the programme (300 characters at most).",
    },
    "description": {"fr": "Description", "en": "Description"},
    "description_help": {
        "fr": "Ce que le public découvrira, en quelques phrases.",
        "en": "What the audience will discover, in a few sentences.",
    },
    "kind": {"fr": "Format", "en": "Format"},
    "kind_none": {"fr": "— choisir —", "en": "— choose —"},
    "kind_conference": {"fr": "Conférence", "en": "Talk"},
    "kind_round_table": {"fr": "Table ronde", "en": "Round table"},
    "kind_workshop": {"fr": "Atelier", "en": "Workshop"},
    "kind_showroom": {"fr": "Démonstration / showroom", "en": "Showroom"},
    "kind_social": {"fr": "Moment convivial", "en": "Social moment"},
    "duration": {"fr": "Durée (minutes)", "en": "Duration (minutes)"},
    "duration_help": {
        "fr": "Un multiple de {grid} minutes, par exemple 90.",
        "en": "A multiple of {grid} minutes, e.g. 90.",
    },
    "attendance": {"fr": "Nombre de personnes attendues", "en": "Expected attendance"},
    "audience": {"fr": "Public visé", "en": "Intended audience"},
    "audience_public": {"fr": "Grand public", "en": "General public"},
    "audience_professional": {"fr": "Professionnel·les", "en": "Professionals"},
    "audience_family": {"fr": "Familles", "en": "Families"},
    "audience_school": {"fr": "Scolaires", "en": "School groups"},
    "theme": {"fr": "Thème (mot-clé)", "en": "Theme (keyword)"},
    "theme_help": {
        "fr": "Lettres, chiffres et tirets, par exemple « education-medias ».",
        "en": "Letters, digits and dashes, e.g. “media-education”.",
    },
    "speakers": {"fr": "Intervenant·es", "en": "Speakers"},
    "speakers_help": {"fr": "Cochez les personnes qui interviendront.", "en": "Tick the people who will speak."},
    "venues": {"fr": "Lieux souhaités", "en": "Preferred venues"},
    "venues_help": {
        "fr": "Nous essaierons de vous y placer, sans garantie.",
        "en": "We will try to place you there, without guarantee.",
    },
    "dates": {"fr": "Dates souhaitées", "en": "Preferred dates"},
    "windows": {"fr": "Plages horaires possibles", "en": "Possible time ranges"},
    "windows_help": {
        "fr": "Les jours et heures où la session peut avoir lieu, une plage par ligne ; laissez vide si "
        "tout horaire vous convient. Une fin à 00:00 signifie minuit. Enregistrez pour obtenir d'autres lignes.",
        "en": "The days and times when the session can take place, one range per row; leave empty if any time "
        "suits you. An end of 00:00 means midnight. Save to get more rows.",
    },
    "window_row": {"fr": "Plage {n}", "en": "Range {n}"},
    "window_day_none": {"fr": "— jour —", "en": "— day —"},
    "window_start": {"fr": "De (heure de début)", "en": "From (start time)"},
    "window_end": {"fr": "À (heure de fin)", "en": "To (end time)"},
    "window_incomplete": {
        "fr": "Plage {row} : indiquez le jour, l'heure de début et l'heure de fin.",
        "en": "Range {row}: give the day, the start time and the end time.",
    },
    "window_unreadable": {
        "fr": "Plage {row} : jour ou heure non reconnu (heures au format HH:MM).",
        "en": "Range {row}: unrecognised day or time (times as HH:MM).",
    },
    "window_order": {
        "fr": "Plage {row} : l'heure de fin doit suivre l'heure de début.",
        "en": "Range {row}: the end time must come after the start time.",
    },
    "features": {"fr": "Équipements indispensables", "en": "Equipment the room must have"},
    "feature_wheelchair": {"fr": "Accès en fauteuil roulant", "en": "Wheelchair access"},
    "feature_hearing_loop": {"fr": "Boucle magnétique", "en": "Hearing loop"},
    "feature_projector": {"fr": "Vidéoprojecteur", "en": "Projector"},
    "feature_sound": {"fr": "Sonorisation", "en": "Sound system"},
    "feature_computers": {"fr": "Postes informatiques", "en": "Computers"},
    "feature_wifi": {"fr": "Wi-Fi", "en": "Wi-Fi"},
    "accessibility": {"fr": "Besoins d'accessibilité", "en": "Accessibility needs"},
    "accessibility_help": {
        "fr": "Pour les intervenant·es comme pour le public : interprète LSF, sous-titrage, place assise…",
        "en": "For speakers and audience alike: sign-language interpreter, captions, seating…",
    },
    "equipment": {"fr": "Matériel à prévoir", "en": "Equipment to provide"},
    "setup": {"fr": "Temps d'installation (minutes)", "en": "Set-up time (minutes)"},
    "speaker_title": {"fr": "Vos disponibilités — {name}", "en": "Your availability — {name}"},
    "fs_contact": {"fr": "Vos coordonnées", "en": "Your contact details"},
    "name": {"fr": "Nom", "en": "Name"},
    "email": {"fr": "Adresse électronique", "en": "Email address"},
    "phone": {"fr": "Téléphone", "en": "Phone"},
    "locale": {"fr": "Langue des messages", "en": "Language of messages"},
    "grid_legend": {"fr": "Quand pouvez-vous intervenir ?", "en": "When can you take part?"},
    "grid_help": {
        "fr": "Cochez chaque demi-journée où vous êtes disponible. Ce que vous enregistrez remplace "
        "vos disponibilités précédentes.",
        "en": "Tick every half-day you are available. What you save replaces your previous availability.",
    },
    "grid_not_given": {
        "fr": "Vous n'avez pas encore indiqué vos disponibilités : vous êtes considéré·e "
        "disponible pendant toute la manifestation.",
        "en": "You have not given your availability yet: you are considered available throughout.",
    },
    "grid_caption": {"fr": "Jours de la manifestation et demi-journées", "en": "Days of the event and half-days"},
    "day": {"fr": "Jour", "en": "Day"},
    "period_am": {"fr": "Matin (8h–13h)", "en": "Morning (08:00–13:00)"},
    "period_pm": {"fr": "Après-midi (13h–18h)", "en": "Afternoon (13:00–18:00)"},
    "period_eve": {"fr": "Soirée (18h–22h)", "en": "Evening (18:00–22:00)"},
    "denied_title": {"fr": "Accès refusé", "en": "Access denied"},
    "link_invalid": {
        "fr": "Ce lien est invalide, expiré ou révoqué. Demandez un nouveau lien à l'équipe Culture et numérique.",
        "en": "This link is invalid, expired or revoked. Ask the Culture and digital team for a new one.",
    },
    "wrong_role": {"fr": "Ce formulaire n'est pas le vôtre.", "en": "This form is not yours."},
    "csrf_failed": {
        "fr": "Le formulaire a expiré : rechargez la page puis renvoyez-le.",
        "en": "The form expired: reload the page and send it again.",
    },
    "not_found": {
        "fr": "Cette page n'existe pas ou ne vous concerne pas.",
        "en": "This page does not exist or is not yours.",
    },
}

_ERRORS: dict[str, dict[str, str]] = {
    "missing": {"fr": "Ce champ est obligatoire.", "en": "This field is required."},
    "string_too_short": {"fr": "Ce champ est obligatoire.", "en": "This field is required."},
    "string_too_long": {
        "fr": "Trop long : {max_length} caractères au plus.",
        "en": "Too long: {max_length} characters at most.",
    },
    "int_parsing": {"fr": "Entrez un nombre entier.", "en": "Enter a whole number."},
    "int_from_float": {"fr": "Entrez un nombre entier.", "en": "Enter a whole number."},
    "greater_than_equal": {"fr": "Doit valoir au moins {ge}.", "en": "Must be at least {ge}."},
    "less_than_equal": {"fr": "Doit valoir au plus {le}.", "en": "Must be at most {le}."},
    "string_pattern_mismatch": {"fr": "Format non reconnu.", "en": "Unrecognised format."},
    "literal_error": {"fr": "Choix non proposé.", "en": "Not one of the choices."},
    "date_from_datetime_parsing": {"fr": "Date non reconnue.", "en": "Unrecognised date."},
    "date_parsing": {"fr": "Date non reconnue.", "en": "Unrecognised date."},
    "too_long": {"fr": "Trop d'éléments cochés.", "en": "Too many items ticked."},
    "other": {"fr": "Valeur non valable.", "en": "Invalid value."},
}


def t(key: str, locale: str, **values: object) -> str:
    return translate(TEXTS, key, locale, **values)


def error_text(error: Any, locale: str) -> str:
    """One pydantic error as a sentence for the person who filled the form."""
    kind = error["type"] if error["type"] in _ERRORS else "other"
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return translate(_ERRORS, kind, locale, **(error.get("ctx") or {}))
