"""Words of the back-office frame (layout, sign-in, errors), French first, English second."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "site": {"fr": "festplan — gestion", "en": "festplan — back-office"},
    "skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "nav_label": {"fr": "Menu de la gestion", "en": "Back-office menu"},
    "other_language": {"fr": "English", "en": "Français"},
    "nav_dashboard": {"fr": "Tableau de bord", "en": "Dashboard"},
    "nav_proposals": {"fr": "Propositions", "en": "Proposals"},
    "nav_places": {"fr": "Lieux et salles", "en": "Venues and rooms"},
    "nav_speakers": {"fr": "Intervenant·es", "en": "Speakers"},
    "nav_partners": {"fr": "Partenaires", "en": "Partners"},
    "nav_runs": {"fr": "Optimisation", "en": "Optimisation"},
    "nav_versions": {"fr": "Versions publiées", "en": "Published versions"},
    "nav_mail": {"fr": "Courriels", "en": "Emails"},
    "nav_openagenda": {"fr": "OpenAgenda", "en": "OpenAgenda"},
    "nav_editions": {"fr": "Éditions", "en": "Editions"},
    "nav_network": {"fr": "Réseau", "en": "Network"},
    "signed_in_as": {"fr": "Connecté·e : {who}", "en": "Signed in: {who}"},
    "sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "signin_title": {"fr": "Connexion à la gestion", "en": "Sign in to the back-office"},
    "signin_intro": {
        "fr": "Cet espace est réservé à la cheffe ou au chef de projet. Collez votre jeton (commande "
        "« festplan token create --role lead ») ou demandez un lien de connexion à usage unique.",
        "en": "This area is for the project lead. Paste your token (command "
        "“festplan token create --role lead”) or ask for a one-time sign-in link.",
    },
    "token_label": {"fr": "Jeton de cheffe ou chef de projet", "en": "Project lead token"},
    "token_help": {
        "fr": "Il commence par « fpl_ ». Il n'est demandé qu'une fois : une session le remplace.",
        "en": "It starts with “fpl_”. Asked once only: a session replaces it.",
    },
    "token_missing": {"fr": "Collez votre jeton.", "en": "Paste your token."},
    "token_invalid": {
        "fr": "Ce jeton est inconnu, expiré, révoqué ou n'est pas un jeton de cheffe de projet.",
        "en": "This token is unknown, expired, revoked or not a project lead token.",
    },
    "signin_button": {"fr": "Se connecter", "en": "Sign in"},
    "link_title": {"fr": "Recevoir un lien de connexion", "en": "Receive a sign-in link"},
    "email_label": {"fr": "Votre adresse électronique", "en": "Your email address"},
    "email_help": {
        "fr": "Le lien est valable {minutes} minutes et ne sert qu'une fois.",
        "en": "The link is valid for {minutes} minutes and works once.",
    },
    "email_invalid": {
        "fr": "Saisissez une adresse électronique, par exemple nom@exemple.fr.",
        "en": "Enter an email address, e.g. name@example.org.",
    },
    "send_link": {"fr": "M'envoyer un lien", "en": "Send me a link"},
    "link_sent": {
        "fr": "Si cette adresse est celle d'un compte de gestion, un lien de connexion vient d'y être envoyé.",
        "en": "If this address belongs to a back-office account, a sign-in link has just been sent to it.",
    },
    "link_page_title": {"fr": "Lien de connexion", "en": "Sign-in link"},
    "link_page_intro": {
        "fr": "Ce lien ne sert qu'une fois : confirmez pour ouvrir votre session.",
        "en": "This link works once: confirm to open your session.",
    },
    "link_invalid": {
        "fr": "Ce lien de connexion est inconnu, expiré ou a déjà servi. Demandez-en un nouveau.",
        "en": "This sign-in link is unknown, expired or already used. Ask for a new one.",
    },
    "signed_out": {"fr": "Vous êtes déconnecté·e.", "en": "You are signed out."},
    "session_expired": {
        "fr": "Votre session a expiré ou n'existe pas : connectez-vous.",
        "en": "Your session has expired or does not exist: please sign in.",
    },
    "csrf_failed": {
        "fr": "Formulaire refusé : il ne vient pas de cette session (jeton anti-falsification absent ou faux). "
        "Rechargez la page et recommencez.",
        "en": "Form refused: it does not come from this session (missing or wrong anti-forgery token). "
        "Reload the page and try again.",
    },
    "errors_title": {"fr": "Le formulaire contient {n} erreur(s) :", "en": "The form has {n} error(s):"},
    "required": {"fr": "(obligatoire)", "en": "(required)"},
    "save": {"fr": "Enregistrer", "en": "Save"},
    "saved": {"fr": "C'est enregistré.", "en": "Saved."},
    "not_found": {"fr": "Cette page n'existe pas.", "en": "This page does not exist."},
    "no_edition": {
        "fr": "Aucune édition en base : importez d'abord un scénario (festplan import scenario).",
        "en": "No edition in the database: import a scenario first (festplan import scenario).",
    },
    "required_field": {"fr": "Ce champ est obligatoire.", "en": "This field is required."},
    "form_error": {"fr": "Enregistrement impossible", "en": "Could not save"},
    "back_to": {"fr": "Retour : {what}", "en": "Back: {what}"},
    "yes": {"fr": "oui", "en": "yes"},
    "no": {"fr": "non", "en": "no"},
    "none": {"fr": "—", "en": "—"},
}
