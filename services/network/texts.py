"""Words of the network (public page, back-office, errors), French first, English second."""

from __future__ import annotations

from shared.i18n import translate
from shared.settings import get_settings

TEXTS: dict[str, dict[str, str]] = {
    "required": {"fr": "Le champ « {field} » est obligatoire.", "en": "The field “{field}” is required."},
    "too_long": {
        "fr": "Le champ « {field} » dépasse {limit} caractères.",
        "en": "The field “{field}” is longer than {limit} characters.",
    },
    "bad_kind": {
        "fr": "Type d'acteur inconnu « {kind} » (attendu : {kinds}).",
        "en": "Unknown kind of actor “{kind}” (expected: {kinds}).",
    },
    "unknown": {"fr": "Aucun acteur de code « {code} ».", "en": "No actor with code “{code}”."},
    "duplicate": {"fr": "Le code « {code} » existe déjà.", "en": "Code “{code}” already exists."},
    "bad_email": {"fr": "Adresse électronique invalide : {email}.", "en": "Invalid email address: {email}."},
    "bad_purpose": {"fr": "Consentement inconnu « {purpose} ».", "en": "Unknown consent “{purpose}”."},
    "news_needs_contact": {
        "fr": "Le consentement aux nouvelles se donne par une personne (contact).",
        "en": "Consent to news is given by a person (contact).",
    },
    # public page
    "page_title": {"fr": "Le réseau Culture et numérique", "en": "The Culture et numérique network"},
    "intro": {
        "fr": "Les acteurs de la culture numérique du Puy-de-Dôme qui ont accepté d'apparaître ici, "
        "par intercommunalité, avec ce qu'ils ont proposé à chaque édition.",
        "en": "The digital-culture actors of the Puy-de-Dôme who agreed to appear here, "
        "by intercommunality, with what they offered at each edition.",
    },
    "filters": {"fr": "Filtrer", "en": "Filter"},
    "f_interco": {"fr": "Intercommunalité", "en": "Intercommunality"},
    "f_type": {"fr": "Type d'acteur", "en": "Kind of actor"},
    "f_tag": {"fr": "Thème", "en": "Theme"},
    "all": {"fr": "Tous", "en": "All"},
    "apply": {"fr": "Afficher", "en": "Show"},
    "count": {"fr": "{n} acteur(s)", "en": "{n} actor(s)"},
    "none": {"fr": "Aucun acteur ne correspond à ces filtres.", "en": "No actor matches these filters."},
    "other_territory": {"fr": "Hors intercommunalité", "en": "No intercommunality"},
    "did": {
        "fr": "{edition} : {proposals} proposition(s), {sessions} séance(s) au programme, {attendance} personne(s)",
        "en": "{edition}: {proposals} proposal(s), {sessions} session(s) in the programme, {attendance} people",
    },
    "website": {"fr": "Site web de {name}", "en": "Website of {name}"},
    "other_lang": {"fr": "English", "en": "Français"},
    # back-office
    "nav_network": {"fr": "Réseau", "en": "Network"},
    "bo_title": {"fr": "Le réseau", "en": "The network"},
    "bo_orgs": {"fr": "Acteurs ({n})", "en": "Actors ({n})"},
    "bo_listed": {"fr": "Sur la page publique", "en": "On the public page"},
    "bo_contacts": {"fr": "Contacts (nouvelles acceptées)", "en": "Contacts (news accepted)"},
    "yes": {"fr": "oui", "en": "yes"},
    "no": {"fr": "non", "en": "no"},
    "bo_write": {"fr": "Écrire au réseau", "en": "Write to the network"},
    "bo_subject": {"fr": "Objet", "en": "Subject"},
    "bo_body": {"fr": "Message", "en": "Message"},
    "bo_segment": {"fr": "À qui", "en": "To whom"},
    "bo_edition": {"fr": "A participé à l'édition", "en": "Took part in edition"},
    "bo_send": {"fr": "Préparer le courriel (retenu pour relecture)", "en": "Prepare the email (held for review)"},
    "bo_messages": {"fr": "Messages écrits", "en": "Messages written"},
    "bo_message_line": {
        "fr": "« {subject} » : {n} destinataire(s), {held} retenu(s)",
        "en": "“{subject}”: {n} recipient(s), {held} held",
    },
    "bo_release": {"fr": "Envoyer les {n} courriel(s) retenu(s)", "en": "Send the {n} held email(s)"},
    "done_net_written": {
        "fr": "Message enregistré : les courriels attendent votre relecture.",
        "en": "Message recorded: the emails wait for your review.",
    },
    "done_net_released": {"fr": "Courriels libérés : ils partent.", "en": "Emails released: they are leaving."},
}


def t(key: str, locale: str | None = None, **values: object) -> str:
    return translate(TEXTS, key, locale or get_settings().locale, **values)
