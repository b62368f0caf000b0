"""Words of OpenAgenda publishing (CLI, back-office, demo, sync messages), French first, English second."""

from __future__ import annotations

from shared.i18n import translate
from shared.settings import get_settings

TEXTS: dict[str, dict[str, str]] = {
    "not_configured": {
        "fr": "OpenAgenda n'est pas configuré (FESTPLAN_OPENAGENDA_AGENDA_UID et FESTPLAN_OPENAGENDA_SECRET_KEY) : "
        "rien n'est envoyé",
        "en": "OpenAgenda is not configured (FESTPLAN_OPENAGENDA_AGENDA_UID and FESTPLAN_OPENAGENDA_SECRET_KEY): "
        "nothing is sent",
    },
    "no_edition": {"fr": "Aucune édition {code}.", "en": "No edition {code}."},
    "credentials": {
        "fr": "OpenAgenda refuse les identifiants (clé secrète ou agenda {agenda}) : "
        "synchronisation arrêtée — {detail}",
        "en": "OpenAgenda refuses the credentials (secret key or agenda {agenda}): sync stopped — {detail}",
    },
    "waiting": {
        "fr": "OpenAgenda indisponible ({detail}) : nouvel essai dans {seconds:.0f} s",
        "en": "OpenAgenda unavailable ({detail}): trying again in {seconds:.0f} s",
    },
    "gave_up": {
        "fr": "OpenAgenda indisponible après {attempts} essais ({detail}) : les éléments restent en attente",
        "en": "OpenAgenda unavailable after {attempts} attempts ({detail}): items stay pending",
    },
    "location_missing": {
        "fr": "le lieu {venue} n'est pas sur OpenAgenda (sa synchronisation a échoué)",
        "en": "venue {venue} is not on OpenAgenda (its sync failed)",
    },
    "summary": {
        "fr": "OpenAgenda, édition {edition} : {locations} lieu(x) et {events} événement(s) synchronisés ; "
        "cette fois {created} créé(s), {updated} mis à jour (dont {rescheduled} reprogrammé(s), {full} complet(s)), "
        "{cancelled} annulé(s), {unchanged} inchangé(s), {failed} en échec",
        "en": "OpenAgenda, edition {edition}: {locations} location(s) and {events} event(s) synced; "
        "this time {created} created, {updated} updated ({rescheduled} rescheduled, {full} full), "
        "{cancelled} cancelled, {unchanged} unchanged, {failed} failed",
    },
    "failed_item": {"fr": "  en échec : {kind} {code} — {error}", "en": "  failed: {kind} {code} — {error}"},
    "cli_help": {"fr": "Publier le programme sur OpenAgenda.", "en": "Publish the programme to OpenAgenda."},
    "sync_help": {
        "fr": "Synchroniser maintenant les lieux et les sessions publiées avec OpenAgenda.",
        "en": "Sync the venues and published sessions with OpenAgenda now.",
    },
    # back-office
    "nav_openagenda": {"fr": "OpenAgenda", "en": "OpenAgenda"},
    "oa_title": {"fr": "Publication sur OpenAgenda", "en": "Publishing to OpenAgenda"},
    "oa_edition": {"fr": "Édition {code}", "en": "Edition {code}"},
    "oa_configured": {"fr": "Agenda OpenAgenda n° {agenda} ({url}).", "en": "OpenAgenda agenda {agenda} ({url})."},
    "oa_last": {"fr": "Dernière synchronisation", "en": "Last sync"},
    "oa_never": {"fr": "Jamais synchronisé.", "en": "Never synced."},
    "oa_outcome_done": {"fr": "terminée", "en": "done"},
    "oa_outcome_partial": {"fr": "terminée avec des refus", "en": "done with refusals"},
    "oa_outcome_stopped": {"fr": "arrêtée", "en": "stopped"},
    "oa_outcome_waiting": {"fr": "en attente d'un nouvel essai", "en": "waiting to retry"},
    "oa_outcome_requested": {"fr": "demandée", "en": "requested"},
    "oa_sync_button": {"fr": "Synchroniser maintenant", "en": "Sync now"},
    "oa_items": {"fr": "Lieux et événements", "en": "Locations and events"},
    "oa_kind": {"fr": "Type", "en": "Kind"},
    "oa_kind_location": {"fr": "lieu", "en": "location"},
    "oa_kind_event": {"fr": "événement", "en": "event"},
    "oa_code": {"fr": "Code", "en": "Code"},
    "oa_name": {"fr": "Titre", "en": "Title"},
    "oa_state": {"fr": "État", "en": "State"},
    "oa_state_synced": {"fr": "synchronisé", "en": "synced"},
    "oa_state_pending": {"fr": "en attente", "en": "pending"},
    "oa_state_failed": {"fr": "en échec", "en": "failed"},
    "oa_status": {"fr": "Statut OpenAgenda", "en": "OpenAgenda status"},
    "oa_status_1": {"fr": "programmé", "en": "scheduled"},
    "oa_status_2": {"fr": "reprogrammé", "en": "rescheduled"},
    "oa_status_5": {"fr": "complet", "en": "full"},
    "oa_status_6": {"fr": "annulé", "en": "cancelled"},
    "oa_uid": {"fr": "Identifiant OpenAgenda", "en": "OpenAgenda uid"},
    "oa_error": {"fr": "Message de l'API", "en": "API message"},
    "oa_counts": {"fr": "{n} {state}", "en": "{n} {state}"},
    "oa_none": {"fr": "Rien n'a encore été envoyé.", "en": "Nothing was sent yet."},
    "done_oa_requested": {
        "fr": "Synchronisation demandée : elle tourne en arrière-plan.",
        "en": "Sync requested: it runs in the background.",
    },
    "done_oa_not_configured": {
        "fr": "OpenAgenda n'est pas configuré : rien n'est envoyé.",
        "en": "OpenAgenda is not configured: nothing is sent.",
    },
}


def t(key: str, **values: object) -> str:
    return translate(TEXTS, key, get_settings().locale, **values)
