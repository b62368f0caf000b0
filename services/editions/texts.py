"""Words of the edition picker, French first, English second."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "nav_editions": {"fr": "Éditions", "en": "Editions"},
    "ed_title": {"fr": "Éditions", "en": "Editions"},
    "ed_intro": {
        "fr": "Choisissez l'édition sur laquelle travailler : toutes les pages de la gestion la montrent ensuite.",
        "en": "Choose the edition to work on: every back-office page then shows it.",
    },
    "ed_code": {"fr": "Code", "en": "Code"},
    "ed_name": {"fr": "Nom", "en": "Name"},
    "ed_dates": {"fr": "Dates", "en": "Dates"},
    "ed_version": {"fr": "Programme publié", "en": "Published programme"},
    "ed_version_n": {"fr": "version n° {n}", "en": "version {n}"},
    "ed_none": {"fr": "aucun", "en": "none"},
    "ed_current": {"fr": "édition affichée", "en": "edition shown"},
    "ed_choose": {"fr": "Travailler sur {code}", "en": "Work on {code}"},
    "ed_public": {"fr": "programme public", "en": "public programme"},
    "done_edition_chosen": {"fr": "Édition choisie.", "en": "Edition chosen."},
}
