"""Words of the scheduler's back-office pages, and the soft terms of a score told as facts a lead can act on.

Pure: the score's points (``soft_terms``) are turned back into counts with the rules of the scenario
format (20 points per session off its preferred venue, 200 per territory without a session…).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from services.scheduler.domain.checker.soft import CLASH_POINTS, PREFERENCE_POINTS, TERRITORY_POINTS
from shared.i18n import translate

TEXTS: dict[str, dict[str, str]] = {
    "runs_title": {"fr": "Optimisation du programme", "en": "Optimising the programme"},
    "start_title": {"fr": "Lancer une optimisation", "en": "Start a run"},
    "start_intro": {
        "fr": "Le solveur place les propositions acceptées en respectant les règles strictes, puis améliore le "
        "programme jusqu'à la limite de temps. Les sessions épinglées restent où elles sont.",
        "en": "The solver places the accepted proposals within the hard rules, then improves the programme "
        "until the time limit. Pinned sessions stay where they are.",
    },
    "time_limit": {"fr": "Limite de temps (secondes)", "en": "Time limit (seconds)"},
    "time_limit_help": {
        "fr": "Entre 1 et 3600 secondes. 60 secondes suffisent en général.",
        "en": "Between 1 and 3600 seconds. 60 seconds is usually enough.",
    },
    "err_time_limit": {
        "fr": "Saisissez un nombre de secondes entre 1 et 3600.",
        "en": "Enter a number of seconds between 1 and 3600.",
    },
    "start_button": {"fr": "Lancer l'optimisation", "en": "Start the run"},
    "runs_list": {"fr": "Optimisations de l'édition", "en": "Runs of the edition"},
    "no_runs": {"fr": "Aucune optimisation lancée.", "en": "No run yet."},
    "run": {"fr": "Optimisation", "en": "Run"},
    "run_title": {"fr": "Optimisation n° {id}", "en": "Run #{id}"},
    "status": {"fr": "État", "en": "Status"},
    "status_queued": {"fr": "en file d'attente", "en": "queued"},
    "status_running": {"fr": "en cours", "en": "running"},
    "status_succeeded": {"fr": "terminée", "en": "finished"},
    "status_failed": {"fr": "en échec", "en": "failed"},
    "started": {"fr": "Lancée le", "en": "Started on"},
    "by": {"fr": "Par", "en": "By"},
    "score": {"fr": "Score", "en": "Score"},
    "score_line": {"fr": "poids non placé {weight}, pénalité {soft}", "en": "unplaced weight {weight}, penalty {soft}"},
    "h_progress": {"fr": "Progression", "en": "Progress"},
    "elapsed": {"fr": "Temps écoulé", "en": "Elapsed"},
    "seconds_of": {"fr": "{elapsed} s sur {limit} s", "en": "{elapsed} s of {limit} s"},
    "best": {"fr": "Meilleur programme trouvé", "en": "Best programme found"},
    "bound": {"fr": "Borne (le mieux possible)", "en": "Bound (the best possible)"},
    "solutions": {"fr": "Solutions trouvées", "en": "Solutions found"},
    "not_yet": {"fr": "pas encore", "en": "not yet"},
    "auto_refresh": {
        "fr": "Cette page se met à jour toute seule pendant le calcul.",
        "en": "This page updates itself while the run works.",
    },
    "stop_refresh": {"fr": "Arrêter l'actualisation automatique", "en": "Stop the automatic refresh"},
    "refresh_now": {"fr": "Actualiser", "en": "Refresh"},
    "queued_ahead": {
        "fr": "{n} optimisation(s) de l'édition passent avant celle-ci.",
        "en": "{n} run(s) of the edition go before this one.",
    },
    "failed": {"fr": "L'optimisation a échoué : {error}", "en": "The run failed: {error}"},
    "infeasible": {
        "fr": "Les règles strictes ne peuvent pas toutes être tenues : voir les raisons ci-dessous.",
        "en": "The hard rules cannot all hold: see the reasons below.",
    },
    "h_soft": {"fr": "Ce qui reste imparfait", "en": "What remains imperfect"},
    "soft_none": {
        "fr": "Aucune pénalité : toutes les préférences sont respectées.",
        "en": "No penalty: every preference is met.",
    },
    "h_grid": {"fr": "Programme par jour et par salle", "en": "Programme by day and room"},
    "grid_caption": {
        "fr": "Sessions placées par l'optimisation n° {id}, une ligne par salle, une colonne par jour",
        "en": "Sessions placed by run #{id}, one row per room, one column per day",
    },
    "h_list": {"fr": "Programme en liste", "en": "Programme as a list"},
    "when": {"fr": "Quand", "en": "When"},
    "where": {"fr": "Où", "en": "Where"},
    "session": {"fr": "Session", "en": "Session"},
    "pin": {"fr": "Épingler", "en": "Pin"},
    "pin_label": {"fr": "Épingler {code} à cette place", "en": "Pin {code} in this place"},
    "unpin": {"fr": "Désépingler", "en": "Unpin"},
    "unpin_label": {"fr": "Désépingler {code}", "en": "Unpin {code}"},
    "pinned": {"fr": "épinglée", "en": "pinned"},
    "pin_column": {"fr": "Épingle", "en": "Pin"},
    "h_unplaced": {"fr": "Sessions non placées ({n})", "en": "Unplaced sessions ({n})"},
    "no_unplaced": {"fr": "Toutes les sessions acceptées sont placées.", "en": "Every accepted session is placed."},
    "no_reason": {"fr": "raison non précisée", "en": "no reason given"},
    "compare": {
        "fr": "Comparer avec la version publiée et publier",
        "en": "Compare with the published version and publish",
    },
    "diff_title": {
        "fr": "Comparaison de l'optimisation n° {id} avec la version publiée",
        "en": "Run #{id} compared with the published version",
    },
    "h_moved": {"fr": "Sessions déplacées ({n})", "en": "Moved sessions ({n})"},
    "h_new": {"fr": "Nouvelles sessions ({n})", "en": "New sessions ({n})"},
    "h_removed": {"fr": "Sessions retirées ({n})", "en": "Removed sessions ({n})"},
    "count_moved": {"fr": "déplacée(s)", "en": "moved"},
    "count_new": {"fr": "nouvelle(s)", "en": "new"},
    "count_removed": {"fr": "retirée(s)", "en": "removed"},
    "count_unchanged": {"fr": "inchangée(s)", "en": "unchanged"},
    "before": {"fr": "Avant", "en": "Before"},
    "after": {"fr": "Après", "en": "After"},
    "what_changed": {"fr": "Ce qui change", "en": "What changes"},
    "what_date": {"fr": "date", "en": "date"},
    "what_time": {"fr": "heure", "en": "time"},
    "what_room": {"fr": "salle", "en": "room"},
    "h_affected": {"fr": "Personnes concernées", "en": "People affected"},
    "affected_speakers": {"fr": "Intervenant·es ({n})", "en": "Speakers ({n})"},
    "affected_partners": {"fr": "Partenaires ({n})", "en": "Partners ({n})"},
    "nobody": {"fr": "Personne n'est concerné : rien ne change.", "en": "Nobody is affected: nothing changes."},
    "h_warnings": {"fr": "Points d'attention ({n}, non bloquants)", "en": "Warnings ({n}, not blocking)"},
    "h_publish": {"fr": "Publier cette optimisation", "en": "Publish this run"},
    "publish_message": {"fr": "Message de la version (journal des modifications)", "en": "Version message (changelog)"},
    "publish_message_help": {
        "fr": "Joint aux courriels des personnes concernées. Laissé vide : un résumé est écrit pour vous.",
        "en": "Attached to the emails of the people affected. Left empty: a summary is written for you.",
    },
    "err_message_long": {"fr": "2 000 caractères au plus.", "en": "2,000 characters at most."},
    "hold_mail": {
        "fr": "Retenir les courriels pour les relire avant envoi",
        "en": "Hold the emails to review them first",
    },
    "hold_mail_help": {
        "fr": "Ils attendront dans « Courriels » jusqu'à ce que vous les libériez.",
        "en": "They will wait under “Emails” until you release them.",
    },
    "publish_button": {"fr": "Publier la version", "en": "Publish the version"},
    "not_publishable": {
        "fr": "Cette optimisation ne peut pas être publiée : {why}",
        "en": "This run cannot be published: {why}",
    },
    "versions_title": {"fr": "Versions publiées", "en": "Published versions"},
    "no_versions": {"fr": "Aucune version publiée.", "en": "No version published."},
    "version": {"fr": "Version", "en": "Version"},
    "published_at": {"fr": "Publiée le", "en": "Published on"},
    "changelog": {"fr": "Journal des modifications", "en": "Changelog"},
    "mail": {"fr": "Courriels", "en": "Emails"},
    "mail_held": {"fr": "retenus : à relire et libérer", "en": "held: review and release"},
    "mail_released": {"fr": "envoyés le {when}", "en": "released on {when}"},
    "mail_sent_at_once": {"fr": "envoyés dès la publication", "en": "sent on publication"},
    "h_pins": {"fr": "Sessions épinglées", "en": "Pinned sessions"},
    "no_pins": {"fr": "Aucune session épinglée.", "en": "No pinned session."},
    "done_pinned": {
        "fr": "Session épinglée : la prochaine optimisation la laissera à cette place.",
        "en": "Session pinned: the next run will keep it in this place.",
    },
    "done_unpinned": {"fr": "Session désépinglée.", "en": "Session unpinned."},
    "done_published": {"fr": "Version publiée.", "en": "Version published."},
    "done_started": {"fr": "Optimisation lancée.", "en": "Run started."},
    "soft_venue_preference": {
        "fr": "{n} session(s) hors de leur lieu préféré",
        "en": "{n} session(s) away from their preferred venue",
    },
    "soft_date_preference": {
        "fr": "{n} session(s) hors de leurs dates préférées",
        "en": "{n} session(s) away from their preferred dates",
    },
    "soft_audience_clash": {
        "fr": "{n} paire(s) de sessions pour le même public sur le même thème en même temps",
        "en": "{n} pair(s) of sessions for the same audience on the same theme at the same time",
    },
    "soft_territory": {
        "fr": "{n} territoire(s) sans aucune session{names}",
        "en": "{n} territory(ies) without any session{names}",
    },
    "soft_travel": {
        "fr": "{n} minute(s) de trajet des intervenant·es entre deux sessions d'une même journée",
        "en": "{n} minute(s) of speakers' travel between two sessions of one day",
    },
    "soft_wasted_seats": {
        "fr": "environ {n} place(s) vide(s) en tout, par rapport au public attendu",
        "en": "about {n} empty seat(s) in all, compared with the expected audience",
    },
    "soft_stability": {
        "fr": "des changements par rapport à la version publiée (date, heure ou salle)",
        "en": "changes from the published version (date, time or room)",
    },
    "soft_points": {"fr": "{line} — {points} point(s)", "en": "{line} — {points} point(s)"},
}


def say(key: str, locale: str, /, **values: object) -> str:
    return translate(TEXTS, key, locale, **values)


def soft_term_lines(
    terms: Mapping[str, int] | None, *, locale: str, missing_territories: Sequence[str] = ()
) -> list[str]:
    """Each non-zero soft term as a sentence and count: « 3 session(s) hors de leur lieu préféré — 60 point(s) »."""
    lines = []
    for key, points in (terms or {}).items():
        if not points:
            continue
        if key in ("venue_preference", "date_preference"):
            line = say(f"soft_{key}", locale, n=points // PREFERENCE_POINTS)
        elif key == "audience_clash":
            line = say("soft_audience_clash", locale, n=points // CLASH_POINTS)
        elif key == "territory":
            names = f" ({', '.join(missing_territories)})" if missing_territories else ""
            line = say("soft_territory", locale, n=points // TERRITORY_POINTS, names=names)
        elif key == "travel":
            line = say("soft_travel", locale, n=points)
        elif key == "wasted_seats":
            line = say("soft_wasted_seats", locale, n=points * 10)
        elif key == "stability":
            line = say("soft_stability", locale)
        else:
            line = key
        lines.append(say("soft_points", locale, line=line, points=points))
    return lines
