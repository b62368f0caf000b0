"""Words of the scheduler's runs, diffs, publications and pins, French first, English second."""

from __future__ import annotations

from services.scheduler.domain.diff import ChangeKind, DiffWarning, RunDiff, SessionChange, Slot, WarningKind
from shared.i18n import format_date, format_time, translate

CATALOG: dict[str, dict[str, str]] = {
    # errors
    "no_edition": {
        "fr": "aucune édition en base : importez d'abord un scénario (festplan import scenario)",
        "en": "no edition in the database: import a scenario first (festplan import scenario)",
    },
    "unknown_edition": {"fr": "édition inconnue « {code} »", "en": 'unknown edition "{code}"'},
    "unknown_run": {"fr": "optimisation n° {run} introuvable", "en": "optimisation run #{run} not found"},
    "unknown_session": {"fr": "session inconnue « {code} »", "en": 'unknown session "{code}"'},
    "not_pinned": {"fr": "la session « {code} » n'est pas épinglée", "en": 'session "{code}" is not pinned'},
    "unknown_room": {"fr": "salle inconnue « {code} »", "en": 'unknown room "{code}"'},
    "bad_time_limit": {
        "fr": "la limite de temps doit être comprise entre 1 et 3600 secondes (reçu {value})",
        "en": "the time limit must be between 1 and 3600 seconds (got {value})",
    },
    "bad_budget_cap": {
        "fr": "le plafond budgétaire doit être un montant positif en euros (reçu {value})",
        "en": "the budget cap must be a positive amount in euros (got {value})",
    },
    "cap_without_costs": {
        "fr": "pas de plafond possible : l'édition {edition} n'a pas de budget (enveloppe et tarifs) pour "
        "chiffrer les coûts variables",
        "en": "no cap possible: edition {edition} has no budget (envelope and rates) to price variable costs",
    },
    "bad_workers": {
        "fr": "le nombre de processus du solveur doit être compris entre 1 et 64 (reçu {value})",
        "en": "the solver's worker count must be between 1 and 64 (got {value})",
    },
    "run_not_publishable": {
        "fr": "l'optimisation n° {run} ne peut pas être publiée : statut {status}",
        "en": "optimisation run #{run} cannot be published: status {status}",
    },
    "run_invalid": {
        "fr": "l'optimisation n° {run} ne peut pas être publiée : {count} violation(s) de règles strictes",
        "en": "optimisation run #{run} cannot be published: {count} hard rule violation(s)",
    },
    "already_published": {
        "fr": "l'optimisation n° {run} est déjà la version publiée n° {number}",
        "en": "optimisation run #{run} is already published as version {number}",
    },
    "pin_needs_published": {
        "fr": "{code} n'est pas dans le programme publié : précisez --room, --date et/ou --time",
        "en": "{code} is not in the published programme: give --room, --date and/or --time",
    },
    "pin_date_outside": {
        "fr": "le {day} est hors des dates de l'édition (du {first} au {last})",
        "en": "{day} is outside the edition's dates ({first} to {last})",
    },
    "enqueue_failed": {
        "fr": "la demande n'a pas pu être mise en file d'attente ({error})",
        "en": "the request could not be queued ({error})",
    },
    "solve_gave_nothing": {
        "fr": "le solveur n'a produit aucun programme (statut {status})",
        "en": "the solver produced no schedule (status {status})",
    },
    # command line
    "cli_queued": {
        "fr": "optimisation n° {run} en file d'attente (limite {limit:g} s, {workers} processus)",
        "en": "optimisation run #{run} queued (limit {limit:g} s, {workers} workers)",
    },
    "cli_waiting_ahead": {
        "fr": "n° {run} : en attente, {ahead} optimisation(s) de l'édition avant elle",
        "en": "#{run}: waiting, {ahead} run(s) of the edition ahead of it",
    },
    "cli_waiting": {"fr": "n° {run} : en file d'attente", "en": "#{run}: queued"},
    "cli_progress": {
        "fr": "n° {run} : en cours — {elapsed:.1f} s / {limit:g} s — non placé {unplaced} — pénalité {soft}"
        " — borne {bound} — {solutions} solution(s)",
        "en": "#{run}: running — {elapsed:.1f} s / {limit:g} s — unplaced {unplaced} — penalty {soft}"
        " — bound {bound} — {solutions} solution(s)",
    },
    "cli_done": {
        "fr": "optimisation n° {run} : {status} ({schedule_status}) en {seconds:.1f} s — {placed} placée(s),"
        " {unplaced} non placée(s) — poids non placé {weight}, pénalité {soft}, borne {bound},"
        " violations {hard}",
        "en": "optimisation run #{run}: {status} ({schedule_status}) in {seconds:.1f} s — {placed} placed,"
        " {unplaced} unplaced — unplaced weight {weight}, penalty {soft}, bound {bound}, violations {hard}",
    },
    "cli_failed": {"fr": "optimisation n° {run} en échec : {error}", "en": "optimisation run #{run} failed: {error}"},
    "cli_wait_timeout": {
        "fr": "n° {run} toujours {status} après {seconds:g} s d'attente ; suivez-la avec festplan runs",
        "en": "#{run} still {status} after waiting {seconds:g} s; follow it with festplan runs",
    },
    "cli_no_runs": {"fr": "aucune optimisation pour {edition}", "en": "no optimisation run for {edition}"},
    "cli_runs_title": {"fr": "Optimisations de {edition}", "en": "Optimisation runs of {edition}"},
    "cli_published": {
        "fr": "version n° {number} publiée (optimisation n° {run}) : {count} courriel(s) enregistré(s){held}",
        "en": "version {number} published (run #{run}): {count} email(s) recorded{held}",
    },
    "cli_held": {
        "fr": ", retenus jusqu'à « festplan notify release {number} »",
        "en": ', held until "festplan notify release {number}"',
    },
    "cli_pinned": {"fr": "{session} épinglée : {what}", "en": "{session} pinned: {what}"},
    "cli_unpinned": {"fr": "{session} n'est plus épinglée", "en": "{session} is no longer pinned"},
    "cli_not_pinned": {"fr": "{session} n'était pas épinglée", "en": "{session} was not pinned"},
    "cli_no_pins": {"fr": "aucune session épinglée", "en": "no pinned session"},
    "cli_no_versions": {"fr": "aucune version publiée", "en": "no version published"},
    "cli_bad_date": {
        "fr": "date invalide « {value} » (attendu AAAA-MM-JJ)",
        "en": 'invalid date "{value}" (YYYY-MM-DD)',
    },
    "cli_bad_time": {"fr": "heure invalide « {value} » (attendu HH:MM)", "en": 'invalid time "{value}" (HH:MM)'},
    # changelog
    "changelog": {
        "fr": "{new} nouvelle(s), {moved} déplacée(s), {removed} retirée(s), {unchanged} inchangée(s)",
        "en": "{new} new, {moved} moved, {removed} removed, {unchanged} unchanged",
    },
    "first_changelog": {
        "fr": "première publication : {new} session(s) au programme",
        "en": "first publication: {new} session(s) in the programme",
    },
    # diff
    "diff_first": {
        "fr": "Aucune version publiée : cette publication annoncera tout le programme.",
        "en": "No version published yet: this publication will announce the whole programme.",
    },
    "diff_against": {
        "fr": "Comparaison avec la version publiée n° {number} (optimisation n° {run}).",
        "en": "Compared with published version {number} (run #{run}).",
    },
    "diff_summary": {
        "fr": "{new} nouvelle(s), {moved} déplacée(s), {removed} retirée(s), {unchanged} inchangée(s).",
        "en": "{new} new, {moved} moved, {removed} removed, {unchanged} unchanged.",
    },
    "diff_new": {"fr": "+ {session} : {new}", "en": "+ {session}: {new}"},
    "diff_moved": {"fr": "~ {session} : {old} → {new}", "en": "~ {session}: {old} → {new}"},
    "diff_removed": {"fr": "- {session} : retirée (était {old})", "en": "- {session}: removed (was {old})"},
    "diff_speakers": {"fr": "Intervenant·es concerné·es : {names}", "en": "Speakers affected: {names}"},
    "diff_partners": {"fr": "Partenaires concernés : {names}", "en": "Partners affected: {names}"},
    "diff_nobody": {"fr": "Personne n'est concerné : rien ne change.", "en": "Nobody is affected: nothing changes."},
    "diff_warnings": {"fr": "Points d'attention (non bloquants) :", "en": "Warnings (not blocking):"},
    "slot": {"fr": "{day} {start}–{end}, {room}", "en": "{day} {start}–{end}, {room}"},
    "warn_unplaced": {"fr": "{session} n'est pas placée : {reasons}", "en": "{session} is not placed: {reasons}"},
    "warn_unplaced_no_reason": {"fr": "{session} n'est pas placée", "en": "{session} is not placed"},
    "warn_speaker_at_limit": {
        "fr": "{speaker} a {count} session(s) le {day}, sa limite quotidienne ({limit}) est atteinte",
        "en": "{speaker} has {count} session(s) on {day}, their daily limit ({limit}) is reached",
    },
    "warn_room_nearly_full": {
        "fr": "{session} : {expected} personnes attendues pour {capacity} places en salle {room} ({percent} %)",
        "en": "{session}: {expected} expected attendees for {capacity} seats in room {room} ({percent}%)",
    },
}


def say(key: str, locale: str | None = None, /, **values: object) -> str:
    return translate(CATALOG, key, locale, **values)


def describe_slot(slot: Slot, locale: str | None = None) -> str:
    """``18/10 14h–15h30, hd-cassin``."""
    return say(
        "slot",
        locale,
        day=format_date(slot.start, locale, long=False),
        start=format_time(slot.start, locale),
        end=format_time(slot.end, locale),
        room=slot.room,
    )


def describe_change(change: SessionChange, locale: str | None = None) -> str:
    if change.kind is ChangeKind.new:
        assert change.new is not None
        return say("diff_new", locale, session=change.session, new=describe_slot(change.new, locale))
    if change.kind is ChangeKind.removed:
        assert change.old is not None
        return say("diff_removed", locale, session=change.session, old=describe_slot(change.old, locale))
    assert change.old is not None
    assert change.new is not None
    return say(
        "diff_moved",
        locale,
        session=change.session,
        old=describe_slot(change.old, locale),
        new=describe_slot(change.new, locale),
    )


def describe_warning(warning: DiffWarning, locale: str | None = None) -> str:
    facts = warning.facts
    if warning.kind is WarningKind.unplaced:
        reasons = list(facts.get("reasons") or [])  # type: ignore[call-overload]
        if not reasons:
            return say("warn_unplaced_no_reason", locale, session=warning.subject)
        return say("warn_unplaced", locale, session=warning.subject, reasons="; ".join(reasons))
    if warning.kind is WarningKind.speaker_at_limit:
        sessions = list(facts["sessions"])  # type: ignore[call-overload]
        return say(
            "warn_speaker_at_limit",
            locale,
            speaker=warning.subject,
            count=len(sessions),
            day=format_date(facts["day"], locale, long=False),  # type: ignore[arg-type]
            limit=facts["limit"],
        )
    return say("warn_room_nearly_full", locale, room=warning.subject, **facts)


def describe_diff(diff: RunDiff, locale: str | None = None) -> list[str]:
    """The lines ``festplan diff`` prints (without the header naming the versions)."""
    lines = [
        say(
            "diff_summary",
            locale,
            new=len(diff.new),
            moved=len(diff.moved),
            removed=len(diff.removed),
            unchanged=diff.unchanged,
        )
    ]
    lines.extend(describe_change(change, locale) for change in diff.changes)
    if diff.is_empty:
        lines.append(say("diff_nobody", locale))
    if diff.affected_speakers:
        lines.append(say("diff_speakers", locale, names=", ".join(diff.affected_speakers)))
    if diff.affected_partners:
        lines.append(say("diff_partners", locale, names=", ".join(diff.affected_partners)))
    if diff.warnings:
        lines.append(say("diff_warnings", locale))
        lines.extend("! " + describe_warning(w, locale) for w in diff.warnings)
    return lines


def changelog(diff: RunDiff, locale: str | None = None) -> str:
    """The summary stored with a version when the lead gives no message of their own."""
    if diff.first_publication:
        return say("first_changelog", locale, new=len(diff.new))
    return say(
        "changelog",
        locale,
        new=len(diff.new),
        moved=len(diff.moved),
        removed=len(diff.removed),
        unchanged=diff.unchanged,
    )
