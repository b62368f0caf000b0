"""What the evaluation pages and commands say to people, French first, English second (see :mod:`shared.i18n`)."""

from __future__ import annotations

from shared.i18n import translate

CATALOG: dict[str, dict[str, str]] = {
    # pages
    "site": {"fr": "Culture et numérique — évaluation", "en": "Culture et numérique — evaluation"},
    "skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "other_language": {"fr": "English", "en": "Français"},
    "required": {"fr": "(obligatoire)", "en": "(required)"},
    "required_note": {
        "fr": "Les questions marquées « (obligatoire) » attendent une réponse.",
        "en": "Questions marked “(required)” need an answer.",
    },
    "session_line": {"fr": "Séance : {title}", "en": "Session: {title}"},
    "when_where": {"fr": "{when}, {venue}", "en": "{when}, {venue}"},
    "privacy_title": {"fr": "Ce que nous recueillons et pourquoi", "en": "What we collect and why"},
    "privacy_rights": {
        "fr": "Vous pouvez demander à consulter ou effacer vos données en écrivant à {contact}. Vos données "
        "personnelles sont effacées {months} mois après la fin de l'édition.",
        "en": "You may ask to see or erase your data by writing to {contact}. Your personal data is erased "
        "{months} months after the edition ends.",
    },
    "scale_hint": {
        "fr": "De {min} ({min_label}) à {max} ({max_label})",
        "en": "From {min} ({min_label}) to {max} ({max_label})",
    },
    "scale_hint_plain": {"fr": "De {min} à {max}", "en": "From {min} to {max}"},
    "no_answer": {"fr": "Sans réponse", "en": "No answer"},
    "submit": {"fr": "Envoyer mes réponses", "en": "Send my answers"},
    "errors_title": {"fr": "{n} réponse(s) à revoir :", "en": "{n} answer(s) to check:"},
    "answer_required": {"fr": "Merci de répondre à cette question.", "en": "Please answer this question."},
    "answer_required_many": {"fr": "Merci de cocher au moins une réponse.", "en": "Please tick at least one answer."},
    "answer_scale": {"fr": "Choisissez une valeur de l'échelle.", "en": "Choose a value on the scale."},
    "answer_choice": {
        "fr": "Cette réponse ne fait pas partie des choix proposés.",
        "en": "This answer is not one of the choices offered.",
    },
    "answer_too_long": {"fr": "Réponse trop longue.", "en": "Answer too long."},
    "thanks_title": {"fr": "Merci !", "en": "Thank you!"},
    "thanks": {
        "fr": "Vos réponses sont bien enregistrées. Merci d'avoir pris ce temps.",
        "en": "Your answers have been saved. Thank you for your time.",
    },
    "used_title": {"fr": "Vous avez déjà répondu", "en": "You have already answered"},
    "used": {
        "fr": "Ce questionnaire a déjà été rempli avec ce lien, et vos réponses sont bien enregistrées. Merci encore !",
        "en": "This questionnaire has already been filled in with this link, and your answers are saved. "
        "Thank you again!",
    },
    "invalid_title": {"fr": "Lien non valable", "en": "Invalid link"},
    "invalid": {
        "fr": "Ce lien n'est pas valable : il a peut-être été mal copié. Utilisez le lien reçu par "
        "courriel, en entier.",
        "en": "This link is not valid: it may have been copied incompletely. Use the whole link from the email.",
    },
    "expired_title": {"fr": "Questionnaire clos", "en": "Questionnaire closed"},
    "expired": {
        "fr": "Ce questionnaire est clos : le délai pour répondre est passé. Merci de votre intérêt.",
        "en": "This questionnaire is closed: the time to answer has passed. Thank you for your interest.",
    },
    # attendance pages
    "presence_title": {"fr": "Fréquentation — {venue}", "en": "Attendance — {venue}"},
    "presence_intro": {
        "fr": "Indiquez le nombre de personnes présentes à chaque séance (sans compter les "
        "intervenant·es). Vous pouvez corriger un chiffre à tout moment.",
        "en": "Enter how many people attended each session (not counting speakers). You can "
        "correct a figure at any time.",
    },
    "presence_none": {"fr": "Aucune séance publiée dans ce lieu.", "en": "No published session at this venue."},
    "presence_session": {"fr": "Séance", "en": "Session"},
    "presence_when": {"fr": "Date et heure", "en": "Date and time"},
    "presence_room": {"fr": "Salle (jauge)", "en": "Room (capacity)"},
    "presence_registered": {"fr": "Inscrit·es", "en": "Registered"},
    "presence_count": {"fr": "Présent·es", "en": "Attended"},
    "presence_count_for": {"fr": "Présent·es à « {title} »", "en": "Attended “{title}”"},
    "presence_save": {"fr": "Enregistrer les chiffres", "en": "Save the figures"},
    "presence_saved": {"fr": "{n} chiffre(s) enregistré(s). Merci !", "en": "{n} figure(s) saved. Thank you!"},
    "presence_bad": {
        "fr": "Nombre entier positif attendu (ou laissez vide).",
        "en": "A whole number of 0 or more is expected (or leave it empty).",
    },
    "presence_denied": {
        "fr": "Ce lien de saisie n'est pas valable ou a été révoqué. Demandez-en un nouveau à "
        "l'équipe de Culture et numérique.",
        "en": "This entry link is not valid or has been revoked. Ask the Culture et numérique team for a new one.",
    },
    # attendance API
    "count_range": {
        "fr": "le nombre de présents doit être un entier de 0 à {maximum}",
        "en": "the attendance must be a whole number from 0 to {maximum}",
    },
    "unknown_session": {"fr": "séance inconnue « {code} »", "en": "unknown session “{code}”"},
    "ambiguous_session": {
        "fr": "la séance « {code} » existe dans plusieurs éditions : précisez ?edition=",
        "en": "session “{code}” exists in several editions: give ?edition=",
    },
    "not_placed": {
        "fr": "la séance « {code} » n'est pas au programme publié",
        "en": "session “{code}” is not in the published programme",
    },
    "not_your_venue": {
        "fr": "la séance « {code} » n'a pas lieu dans votre lieu",
        "en": "session “{code}” does not take place at your venue",
    },
    "auth_needed": {"fr": "jeton du chef de projet ou du lieu requis", "en": "a lead or venue token is required"},
    # commands
    "load_ok": {
        "fr": "Questionnaires chargés pour l'édition {edition} depuis {file} ({n} questionnaires).",
        "en": "Question sets loaded for edition {edition} from {file} ({n} surveys).",
    },
    "load_bad": {
        "fr": "{file} : questionnaire invalide en {path} : {message}",
        "en": "{file}: invalid question set at {path}: {message}",
    },
    "send_line": {
        "fr": "{survey} : {created} invitation(s) créée(s), {existing} déjà existante(s), "
        "{skipped} sans adresse ou hors délai",
        "en": "{survey}: {created} invitation(s) created, {existing} already there, {skipped} without an "
        "address or too late",
    },
    "report_written": {"fr": "Rapport d'évaluation écrit : {file}", "en": "Evaluation report written: {file}"},
    "pdf_written": {"fr": "Version PDF écrite : {file}", "en": "PDF version written: {file}"},
    "pdf_absent": {
        "fr": "WeasyPrint n'est pas installé : pas de PDF (le HTML s'imprime tel quel).",
        "en": "WeasyPrint is not installed: no PDF (the HTML prints as it is).",
    },
    "csv_written": {"fr": "{n} tableau(x) CSV écrit(s) dans {dir}", "en": "{n} CSV table(s) written to {dir}"},
    "no_edition": {"fr": "aucune édition dans la base", "en": "no edition in the database"},
    "unknown_edition": {"fr": "édition inconnue « {code} »", "en": "unknown edition “{code}”"},
    "many_editions": {
        "fr": "plusieurs éditions ({codes}) : précisez --edition",
        "en": "several editions ({codes}): give --edition",
    },
    "privacy_nothing": {"fr": "festplan ne détient rien sur {email}.", "en": "festplan holds nothing about {email}."},
    "privacy_erased": {"fr": "Données de {email} effacées : {summary}.", "en": "Data of {email} erased: {summary}."},
    "privacy_confirm": {
        "fr": "Effacer définitivement les données personnelles de {email} ?",
        "en": "Erase the personal data of {email} for good?",
    },
    "link_line": {"fr": "{venue} : {url}", "en": "{venue}: {url}"},
    "unknown_venue": {"fr": "lieu inconnu « {code} »", "en": "unknown venue “{code}”"},
    "expired_erased": {
        "fr": "Rétention : {n} participant·e(s) effacé·e(s).",
        "en": "Retention: {n} participant(s) erased.",
    },
}


def t(key: str, locale: str | None = None, /, **values: object) -> str:
    """A message of this package in the reader's language."""
    return translate(CATALOG, key, locale, **values)
