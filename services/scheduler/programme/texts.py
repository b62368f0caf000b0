"""Words of the public programme pages, French first, English second (see :mod:`shared.i18n`)."""

from __future__ import annotations

from shared.i18n import translate

TEXTS = {
    "site": {"fr": "Programme", "en": "Programme"},
    "skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "other_language": {"fr": "English version", "en": "Version française"},
    "nav": {"fr": "Navigation principale", "en": "Main navigation"},
    "programme": {"fr": "Programme", "en": "Programme"},
    "programme_of": {"fr": "Programme de {name}", "en": "{name} programme"},
    "updated": {"fr": "Version n° {number}, publiée le {when}.", "en": "Version {number}, published on {when}."},
    "not_published": {
        "fr": "Le programme n'est pas encore publié. Revenez bientôt !",
        "en": "The programme is not published yet. Come back soon!",
    },
    "filters": {"fr": "Filtrer le programme", "en": "Filter the programme"},
    "day": {"fr": "Jour", "en": "Day"},
    "commune": {"fr": "Commune", "en": "Town"},
    "territory": {"fr": "Intercommunalité", "en": "Intercommunality"},
    "venue": {"fr": "Lieu", "en": "Venue"},
    "audience": {"fr": "Public", "en": "Audience"},
    "kind": {"fr": "Type de séance", "en": "Kind of session"},
    "accessibility": {"fr": "Accessibilité", "en": "Accessibility"},
    "any": {"fr": "Tous", "en": "All"},
    "apply": {"fr": "Afficher", "en": "Show"},
    "reset": {"fr": "Tout afficher", "en": "Show everything"},
    "count": {"fr": "{count} séance(s)", "en": "{count} session(s)"},
    "none_match": {"fr": "Aucune séance ne correspond à ces critères.", "en": "No session matches these criteria."},
    "when": {"fr": "Quand", "en": "When"},
    "where": {"fr": "Où", "en": "Where"},
    "speakers": {"fr": "Intervenant·es", "en": "Speakers"},
    "partner": {"fr": "Partenaire", "en": "Partner"},
    "seats_left": {"fr": "Places restantes : {count} sur {capacity}", "en": "Seats left: {count} of {capacity}"},
    "full": {"fr": "Complet", "en": "Full"},
    "map": {"fr": "Voir sur la carte (OpenStreetMap)", "en": "See on the map (OpenStreetMap)"},
    "address": {"fr": "Adresse", "en": "Address"},
    "register": {"fr": "S'inscrire", "en": "Register"},
    "name": {"fr": "Nom et prénom", "en": "Full name"},
    "email": {"fr": "Adresse électronique", "en": "Email address"},
    "seats": {"fr": "Nombre de places", "en": "Number of seats"},
    "needs": {"fr": "Besoins d'accessibilité (facultatif)", "en": "Accessibility needs (optional)"},
    "needs_help": {
        "fr": "Par exemple : fauteuil roulant, boucle magnétique, interprète LSF.",
        "en": "For instance: wheelchair, hearing loop, sign language interpreter.",
    },
    "waitlist_ok": {
        "fr": "S'il n'y a plus assez de places, m'inscrire sur la liste d'attente",
        "en": "If there are not enough seats left, put me on the waiting list",
    },
    "waitlist": {"fr": "M'inscrire sur la liste d'attente", "en": "Join the waiting list"},
    "full_explained": {
        "fr": "Cette séance est complète. Inscrivez-vous sur la liste d'attente : si une place se libère, "
        "elle vous sera attribuée et vous recevrez un courriel.",
        "en": "This session is full. Join the waiting list: if a seat is freed, it will be given to you "
        "and you will receive an email.",
    },
    "sessions_here": {"fr": "Séances dans ce lieu", "en": "Sessions at this venue"},
    "sessions_of": {"fr": "Ses séances", "en": "Their sessions"},
    "rooms": {"fr": "Salles", "en": "Rooms"},
    "capacity": {"fr": "{capacity} places", "en": "{capacity} seats"},
    "calendar": {"fr": "Ajouter à mon agenda (iCalendar)", "en": "Add to my calendar (iCalendar)"},
    "feeds": {
        "fr": "Le programme dans votre agenda ou votre application",
        "en": "The programme in your calendar or app",
    },
    "back": {"fr": "Retour au programme", "en": "Back to the programme"},
    "not_found": {"fr": "Page introuvable", "en": "Page not found"},
    "not_found_text": {
        "fr": "Cette page n'existe pas ou ne fait pas partie du programme publié.",
        "en": "This page does not exist or is not part of the published programme.",
    },
    "from_to": {"fr": "de {start} à {end}", "en": "from {start} to {end}"},
    "footer": {
        "fr": "Un événement du Conseil départemental du Puy-de-Dôme.",
        "en": "An event of the Puy-de-Dôme département council.",
    },
    "required": {"fr": "obligatoire", "en": "required"},
    # registration outcomes
    "reg_confirmed": {
        "fr": "C'est confirmé : {seats} place(s) réservée(s). Un courriel de confirmation vous a "
        "été envoyé, avec un lien pour annuler.",
        "en": "Confirmed: {seats} seat(s) booked. A confirmation email has been sent to you, with a link to cancel.",
    },
    "reg_waitlisted": {
        "fr": "Vous êtes sur la liste d'attente ({seats} place(s)). Un courriel vous a été envoyé ; "
        "vous en recevrez un autre si une place se libère.",
        "en": "You are on the waiting list ({seats} seat(s)). An email has been sent to you; you "
        "will receive another one if a seat is freed.",
    },
    "reg_full": {
        "fr": "Désolé, il ne reste que {left} place(s) pour cette séance. Vous pouvez réserver moins de "
        "places ou vous inscrire sur la liste d'attente.",
        "en": "Sorry, only {left} seat(s) are left for this session. You may book fewer seats or join "
        "the waiting list.",
    },
    "reg_check_inbox": {
        "fr": "Merci. Vérifiez votre boîte aux lettres électronique : un courriel envoyé à l'adresse "
        "indiquée dit où en est votre inscription (confirmée ou en liste d'attente) et contient le lien "
        "pour l'annuler. Pensez à regarder dans les indésirables.",
        "en": "Thank you. Check your inbox: an email sent to the address you gave says where your "
        "registration stands (confirmed or on the waiting list) and holds the link to cancel it. "
        "Look in your spam folder too.",
    },
    "reg_errors": {"fr": "Le formulaire contient des erreurs :", "en": "The form has errors:"},
    "err_name": {"fr": "Indiquez votre nom.", "en": "Give your name."},
    "err_email": {"fr": "Indiquez une adresse électronique valide.", "en": "Give a valid email address."},
    "err_seats": {
        "fr": "Le nombre de places doit être compris entre 1 et {max}.",
        "en": "The number of seats must be between 1 and {max}.",
    },
    "registration_title": {"fr": "Votre inscription", "en": "Your registration"},
    "cancel_title": {"fr": "Annuler mon inscription", "en": "Cancel my registration"},
    "cancel_question": {
        "fr": "Voulez-vous annuler votre inscription ({seats} place(s)) à « {title} » ?",
        "en": "Do you want to cancel your registration ({seats} seat(s)) for “{title}”?",
    },
    "cancel_button": {"fr": "Oui, annuler mon inscription", "en": "Yes, cancel my registration"},
    "cancelled": {
        "fr": "Votre inscription est annulée. Merci de nous avoir prévenus : votre place profitera à "
        "quelqu'un d'autre.",
        "en": "Your registration is cancelled. Thank you for letting us know: your seat will go to someone else.",
    },
    "already_cancelled": {
        "fr": "Cette inscription était déjà annulée.",
        "en": "This registration was already cancelled.",
    },
    "bad_link": {"fr": "Ce lien d'annulation n'est pas valable.", "en": "This cancellation link is not valid."},
    # running sheet
    "sheet_title": {"fr": "Feuille de route — {venue} — {day}", "en": "Running sheet — {venue} — {day}"},
    "setup": {"fr": "Installation", "en": "Setup"},
    "changeover": {"fr": "Battement salle", "en": "Room changeover"},
    "registered": {"fr": "Inscrit·es", "en": "Registered"},
    "needs_short": {"fr": "Besoins d'accessibilité", "en": "Accessibility needs"},
    "contact": {"fr": "Contact du lieu", "en": "Venue contact"},
    "print": {"fr": "Imprimer", "en": "Print"},
}

#: Labels of the values stored in codes (kinds, audiences, room features).
VALUES = {
    "conference": {"fr": "Conférence", "en": "Conference"},
    "round_table": {"fr": "Table ronde", "en": "Round table"},
    "workshop": {"fr": "Atelier", "en": "Workshop"},
    "showroom": {"fr": "Démonstration", "en": "Showroom"},
    "social": {"fr": "Moment convivial", "en": "Social moment"},
    "public": {"fr": "Grand public", "en": "General public"},
    "professional": {"fr": "Professionnel·les", "en": "Professionals"},
    "family": {"fr": "Familles", "en": "Families"},
    "school": {"fr": "Scolaires", "en": "Schools"},
    "wheelchair": {"fr": "Accessible en fauteuil roulant", "en": "Wheelchair accessible"},
    "hearing_loop": {"fr": "Boucle magnétique", "en": "Hearing loop"},
    "sign_language": {"fr": "Langue des signes (LSF)", "en": "Sign language"},
    "easy_read": {"fr": "Facile à lire et à comprendre (FALC)", "en": "Easy-read"},
}


def t(key: str, locale: str, **values: object) -> str:
    """A page text in ``locale`` (French when it lacks one)."""
    return translate(TEXTS, key, locale, **values)


def label(value: str | None, locale: str) -> str:
    """A code's label (``round_table`` → « Table ronde »); an unknown code is shown as it is."""
    if not value:
        return ""
    return translate(VALUES, value, locale) if value in VALUES else value
