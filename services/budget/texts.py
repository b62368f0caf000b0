"""The budget's words, French first, English second: refusals, statuses, categories, the page and the CLI."""

from __future__ import annotations

from shared.i18n import translate

TEXTS: dict[str, dict[str, str]] = {
    # refusals
    "negative_amount": {"fr": "montant négatif refusé ({value})", "en": "negative amount refused ({value})"},
    "bad_amount": {"fr": "montant illisible : « {value} »", "en": "unreadable amount: “{value}”"},
    "bad_vat": {
        "fr": "taux de TVA « {value} » hors de la liste (0 ; 5,5 ; 10 ; 20 %)",
        "en": "VAT rate “{value}” not in the list (0, 5.5, 10, 20 %)",
    },
    "unknown_status": {"fr": "statut inconnu : « {status} »", "en": "unknown status: “{status}”"},
    "same_status": {"fr": "la dépense est déjà au statut « {status} »", "en": "the item is already “{status}”"},
    "cancel_needs_reason": {
        "fr": "annuler une dépense déjà engagée demande un motif",
        "en": "cancelling an item already committed needs a reason",
    },
    "paid_cannot_cancel": {
        "fr": "une dépense payée ne s'annule pas : revenez d'abord à « service fait » avec un motif",
        "en": "a paid item cannot be cancelled: move it back to “service done” with a reason first",
    },
    "backwards_needs_reason": {
        "fr": "revenir de « {status} » à « {to} » demande un motif",
        "en": "going back from “{status}” to “{to}” needs a reason",
    },
    "reference_needed": {
        "fr": "le passage à « {to} » demande une référence (bon de commande, certificat, mandat)",
        "en": "moving to “{to}” needs a reference (purchase order, certificate, mandate)",
    },
    "date_before_previous": {
        "fr": "la date du {on} précède celle de l'étape précédente ({previous})",
        "en": "the date {on} is before the previous step's ({previous})",
    },
    "over_envelope": {
        "fr": "cet engagement dépasserait l'enveloppe de {over} : confirmez explicitement pour l'enregistrer",
        "en": "this commitment would exceed the envelope by {over}: confirm explicitly to record it",
    },
    "no_envelope": {
        "fr": "l'édition {edition} n'a pas d'enveloppe budgétaire",
        "en": "edition {edition} has no budget envelope",
    },
    "no_edition": {"fr": "aucune édition « {edition} »", "en": "no edition “{edition}”"},
    "unknown_line": {"fr": "ligne budgétaire inconnue : « {line} »", "en": "unknown budget line: “{line}”"},
    "unknown_item": {"fr": "dépense n° {item} introuvable", "en": "item #{item} not found"},
    "unknown_reference": {
        "fr": "aucune dépense de référence « {reference} »",
        "en": "no item with reference “{reference}”",
    },
    "bad_payment_form": {
        "fr": "forme de paiement « {value} » inconnue (facture, droits d'auteur, cachet)",
        "en": "unknown payment form “{value}” (invoice, author's rights, cachet)",
    },
    "empty_label": {"fr": "l'intitulé est obligatoire", "en": "the label is required"},
    "bad_date": {"fr": "date illisible : « {value} » (jj/mm/aaaa)", "en": "unreadable date: “{value}” (dd/mm/yyyy)"},
    "missing_column": {
        "fr": "colonne « {column} » absente (colonnes lues : {found})",
        "en": "column “{column}” missing (columns read: {found})",
    },
    "row_error": {
        "fr": "{file}, ligne {row}, champ « {field} » : {message}",
        "en": "{file}, row {row}, field “{field}”: {message}",
    },
    "file_unreadable": {"fr": "{file} : fichier illisible ({error})", "en": "{file}: unreadable file ({error})"},
    "import_done": {
        "fr": "{file} : {updated} dépense(s) mise(s) à jour, {unchanged} inchangée(s)",
        "en": "{file}: {updated} item(s) updated, {unchanged} unchanged",
    },
    "import_refused": {
        "fr": "{file} : {count} erreur(s), rien n'a été enregistré",
        "en": "{file}: {count} error(s), nothing was recorded",
    },
    "exported": {"fr": "classeur écrit : {path}", "en": "workbook written: {path}"},
    # statuses, categories, payment forms
    "status_planned": {"fr": "prévu", "en": "planned"},
    "status_committed": {"fr": "engagé", "en": "committed"},
    "status_done": {"fr": "service fait", "en": "service done"},
    "status_paid": {"fr": "payé", "en": "paid"},
    "status_cancelled": {"fr": "annulé", "en": "cancelled"},
    "cat_fees": {"fr": "Cachets et honoraires", "en": "Fees"},
    "cat_travel": {"fr": "Déplacements", "en": "Travel"},
    "cat_accommodation": {"fr": "Hébergement", "en": "Accommodation"},
    "cat_venue_hire": {"fr": "Location de lieux", "en": "Venue hire"},
    "cat_equipment": {"fr": "Matériel", "en": "Equipment"},
    "cat_catering": {"fr": "Restauration", "en": "Catering"},
    "cat_communication": {"fr": "Communication", "en": "Communication"},
    "cat_accessibility": {"fr": "Accessibilité", "en": "Accessibility"},
    "cat_contingency": {"fr": "Imprévus", "en": "Contingency"},
    "pay_invoice": {"fr": "facture", "en": "invoice"},
    "pay_author_rights": {"fr": "droits d'auteur", "en": "author's rights"},
    "pay_cachet": {"fr": "cachet", "en": "artist's fee (cachet)"},
    # warnings
    "warn_line_over": {
        "fr": "ligne « {line} » : le prévu dépasse la dotation de {over}",
        "en": "line “{line}”: planned exceeds the allotment by {over}",
    },
    "warn_envelope_over": {
        "fr": "le prévu dépasse l'enveloppe de {over}",
        "en": "planned costs exceed the envelope by {over}",
    },
    "warn_committed_over": {
        "fr": "les engagements dépassent l'enveloppe de {over}",
        "en": "commitments exceed the envelope by {over}",
    },
    # figures
    "envelope": {"fr": "Enveloppe", "en": "Envelope"},
    "left": {"fr": "Reste disponible", "en": "Left"},
    "line": {"fr": "Ligne", "en": "Line"},
    "allotted": {"fr": "Dotation", "en": "Allotted"},
    "planned": {"fr": "Prévu", "en": "Planned"},
    "committed": {"fr": "Engagé", "en": "Committed"},
    "done": {"fr": "Service fait", "en": "Service done"},
    "paid": {"fr": "Payé", "en": "Paid"},
    "total": {"fr": "Total", "en": "Total"},
    "category": {"fr": "Catégorie", "en": "Category"},
    "partner": {"fr": "Partenaire", "en": "Partner"},
    "territory": {"fr": "Territoire (intercommunalité)", "en": "Territory (intercommunality)"},
    "show_title": {"fr": "Budget de l'édition {edition}", "en": "Budget of edition {edition}"},
}


def say(key: str, locale: str | None = None, **values: object) -> str:
    return translate(TEXTS, key, locale, **values)


class BudgetError(ValueError):
    """A refusal of the budget, carrying a message code and its values (rendered in French then English)."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values

    def message(self, locale: str | None = "fr") -> str:
        return say(self.code, locale, **self.values)

    def both(self) -> str:
        return f"{self.message('fr')} / {self.message('en')}"
