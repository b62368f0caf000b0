"""What the spreadsheet import says to people, French first, English second (see :mod:`shared.i18n`)."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # where
    "where.cell": {
        "fr": "{file}, ligne {line}, colonne « {column} » : {message}",
        "en": '{file}, line {line}, column "{column}": {message}',
    },
    "where.line": {"fr": "{file}, ligne {line} : {message}", "en": "{file}, line {line}: {message}"},
    "where.file": {"fr": "{file} : {message}", "en": "{file}: {message}"},
    # whole file
    "file.too_large": {
        "fr": "fichier trop volumineux (plus de {limit} Mo)",
        "en": "file too large (more than {limit} MB)",
    },
    "file.empty": {"fr": "le fichier est vide", "en": "the file is empty"},
    "file.no_rows": {"fr": "aucune ligne de données sous l'en-tête", "en": "no data row under the header"},
    "file.extension": {
        "fr": "type de fichier non pris en charge ({extension}) : formats acceptés .csv et .xlsx",
        "en": "unsupported file type ({extension}): .csv and .xlsx are accepted",
    },
    "file.xls": {
        "fr": "format Excel 97-2003 (.xls) non pris en charge : enregistrez le classeur en .xlsx",
        "en": "Excel 97-2003 format (.xls) is not supported: save the workbook as .xlsx",
    },
    "file.not_xlsx": {"fr": "ce n'est pas un classeur .xlsx valide", "en": "this is not a valid .xlsx workbook"},
    "file.xlsx_as_csv": {
        "fr": "ce fichier est un classeur Excel : nommez-le en .xlsx",
        "en": "this file is an Excel workbook: name it .xlsx",
    },
    "file.utf16": {
        "fr": "encodage UTF-16 non pris en charge : enregistrez le fichier en « CSV UTF-8 » ou en .xlsx",
        "en": 'UTF-16 encoding is not supported: save the file as "CSV UTF-8" or .xlsx',
    },
    "file.encoding": {
        "fr": "encodage non reconnu (ni UTF-8 ni Windows-1252) : enregistrez le fichier en « CSV UTF-8 » ou en .xlsx",
        "en": 'unknown encoding (neither UTF-8 nor Windows-1252): save the file as "CSV UTF-8" or .xlsx',
    },
    "file.binary": {
        "fr": "contenu binaire : ce n'est ni un fichier CSV ni un classeur .xlsx",
        "en": "binary content: this is neither a CSV file nor an .xlsx workbook",
    },
    "file.too_many_rows": {
        "fr": "plus de {limit} lignes de données : découpez le fichier (limite FESTPLAN_IMPORT_MAX_ROWS)",
        "en": "more than {limit} data rows: split the file (limit FESTPLAN_IMPORT_MAX_ROWS)",
    },
    "file.too_many_columns": {
        "fr": "ligne {line} : plus de {limit} colonnes (limite FESTPLAN_IMPORT_MAX_COLUMNS)",
        "en": "line {line}: more than {limit} columns (limit FESTPLAN_IMPORT_MAX_COLUMNS)",
    },
    "file.cell_too_large": {
        "fr": "une cellule dépasse {limit} caractères (limite FESTPLAN_IMPORT_MAX_CELL_CHARS)",
        "en": "a cell holds more than {limit} characters (limit FESTPLAN_IMPORT_MAX_CELL_CHARS)",
    },
    "file.archive_too_large": {
        "fr": "classeur trop volumineux une fois décompressé (plus de {limit} Mo, "
        "limite FESTPLAN_IMPORT_MAX_UNCOMPRESSED_MB)",
        "en": "workbook too large once uncompressed (more than {limit} MB, limit FESTPLAN_IMPORT_MAX_UNCOMPRESSED_MB)",
    },
    "file.archive_ratio": {
        "fr": "classeur refusé : la partie « {part} » est comprimée plus de {limit} fois, "
        "comme une bombe de décompression (limite FESTPLAN_IMPORT_MAX_COMPRESSION_RATIO)",
        "en": 'workbook refused: part "{part}" is compressed more than {limit} times, like a decompression bomb '
        "(limit FESTPLAN_IMPORT_MAX_COMPRESSION_RATIO)",
    },
    "file.archive_entries": {
        "fr": "classeur refusé : plus de {limit} fichiers dans l'archive",
        "en": "workbook refused: more than {limit} files in the archive",
    },
    "file.xml_entities": {
        "fr": "classeur refusé : il déclare une DTD ou des entités XML, interdites par sécurité",
        "en": "workbook refused: it declares a DTD or XML entities, forbidden for safety",
    },
    "file.csv_syntax": {"fr": "CSV illisible (guillemets mal fermés ?)", "en": "unreadable CSV (unclosed quotes?)"},
    # edition
    "edition.none": {
        "fr": "aucune édition dans la base : importez d'abord un scénario (festplan import scenario)",
        "en": "no edition in the database: import a scenario first (festplan import scenario)",
    },
    "edition.unknown": {"fr": "édition inconnue « {code} »", "en": 'unknown edition "{code}"'},
    "edition.ambiguous": {
        "fr": "plusieurs éditions ({codes}) : précisez laquelle (--edition)",
        "en": "several editions ({codes}): say which one (--edition)",
    },
    # header
    "header.missing": {"fr": "colonne obligatoire absente", "en": "required column missing"},
    "header.duplicate": {
        "fr": "colonne en double (déjà en colonne {letter})",
        "en": "duplicate column (already in column {letter})",
    },
    "header.unknown": {"fr": "colonne inconnue, ignorée", "en": "unknown column, ignored"},
    # cells
    "cell.required": {"fr": "valeur obligatoire manquante", "en": "required value missing"},
    "cell.date": {
        "fr": "date invalide « {value} » : attendu JJ/MM/AAAA, par exemple 16/10/2023",
        "en": 'invalid date "{value}": expected DD/MM/YYYY, e.g. 16/10/2023',
    },
    "cell.time": {
        "fr": "heure invalide « {value} » : attendu 14h30, 14h ou 14:30",
        "en": 'invalid time "{value}": expected 14h30, 14h or 14:30',
    },
    "cell.datetime": {
        "fr": "date et heure invalides « {value} » : attendu 16/10/2023 14h30",
        "en": 'invalid date and time "{value}": expected 16/10/2023 14h30',
    },
    "cell.bool": {
        "fr": "valeur invalide « {value} » : attendu oui ou non",
        "en": 'invalid value "{value}": expected yes or no',
    },
    "cell.int": {"fr": "nombre entier attendu, pas « {value} »", "en": 'whole number expected, not "{value}"'},
    "cell.int_range": {
        "fr": "{value} hors limites (de {minimum} à {maximum})",
        "en": "{value} out of range ({minimum} to {maximum})",
    },
    "cell.decimal": {"fr": "nombre attendu, pas « {value} »", "en": 'number expected, not "{value}"'},
    "cell.duration": {
        "fr": "durée invalide « {value} » : attendu en minutes (90) ou en heures (1h30)",
        "en": 'invalid duration "{value}": expected minutes (90) or hours (1h30)',
    },
    "cell.email": {"fr": "adresse électronique invalide « {value} »", "en": 'invalid email address "{value}"'},
    "cell.choice": {
        "fr": "valeur inconnue « {value} » : valeurs possibles {choices}",
        "en": 'unknown value "{value}": possible values {choices}',
    },
    "cell.too_long": {
        "fr": "texte trop long ({length} caractères, au plus {maximum})",
        "en": "text too long ({length} characters, at most {maximum})",
    },
    # rows
    "row.duplicate": {
        "fr": "doublon : même « {key} » que la ligne {line}",
        "en": 'duplicate: same "{key_en}" as line {line}',
    },
    "row.end_before_start": {
        "fr": "la fin ({end}) doit être après le début ({start})",
        "en": "the end ({end}) must be after the start ({start})",
    },
    "row.outside_edition": {
        "fr": "date {value} hors de l'édition (du {start} au {end})",
        "en": "date {value} outside the edition ({start} to {end})",
    },
    # references
    "ref.venue": {"fr": "lieu inconnu « {value} »", "en": 'unknown venue "{value}"'},
    "ref.partner": {"fr": "partenaire inconnu « {value} »", "en": 'unknown partner "{value}"'},
    "ref.speaker": {"fr": "intervenant·e inconnu·e « {value} »", "en": 'unknown speaker "{value}"'},
    "ref.session": {"fr": "séance inconnue « {value} »", "en": 'unknown session "{value}"'},
    "ref.participant": {
        "fr": "participant·e inconnu·e « {value} » : indiquez son nom dans la colonne "
        "« Nom » ou importez d'abord les participants",
        "en": 'unknown participant "{value}": give their name in the "Name" column or import participants first',
    },
    # report
    "report.title": {"fr": "Import {kind} — {file}", "en": "Import {kind} — {file}"},
    "report.dry_run": {"fr": "simulation : rien n'a été enregistré", "en": "dry run: nothing was saved"},
    "report.saved": {"fr": "enregistré", "en": "saved"},
    "report.refused": {
        "fr": "{file} refusé : {count} erreur(s), rien n'a été enregistré",
        "en": "{file} refused: {count} error(s), nothing was saved",
    },
    "report.kind": {"fr": "type", "en": "kind"},
    "report.invitations": {
        "fr": "Invitations enregistrées (lien personnel envoyé par courriel) : {count}",
        "en": "Invitations recorded (personal link sent by email): {count}",
    },
    "report.invitations_dry": {
        "fr": "Invitations qui seraient envoyées : {count}",
        "en": "Invitations that would be sent: {count}",
    },
    "report.created": {"fr": "créés", "en": "created"},
    "report.updated": {"fr": "modifiés", "en": "updated"},
    "report.unchanged": {"fr": "inchangés", "en": "unchanged"},
    "report.deleted": {"fr": "supprimés", "en": "deleted"},
}
