"""Broken files are refused as a whole: every error as `FILE, ligne N, colonne « X » : message`, nothing written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import spreadsheets as files


@pytest.fixture
def with_venues(edition: str, festplan: Callable, tmp_path: Path) -> None:
    """The venues and speakers already imported, so that rooms and availability can name them."""
    for kind in ("venues", "speakers"):
        result = festplan(kind, str(files.write(tmp_path, kind, files.FILES[kind])))
        assert result.exit_code == 0, result.stderr


def _refused(festplan: Callable, counts: Callable, kind: str, path: Path) -> list[str]:
    """Import ``path``, expect a refusal, check nothing changed, return the error lines."""
    before = counts()
    result = festplan(kind, str(path))
    assert result.exit_code == 1, result.output
    assert counts() == before
    lines = result.stderr.strip().splitlines()
    assert lines[-1].endswith("rien n'a été enregistré")
    return lines[:-1]


def test_missing_required_column(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(tmp_path, "salles", [["Code", "Lieu", "Nom"], ["hd-cassin", "hd", "Hall"]])
    assert _refused(festplan, counts, "rooms", path) == [
        "salles.csv, ligne 1, colonne « Capacité » : colonne obligatoire absente"
    ]


def test_bad_date_and_bad_time(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "dispos",
        [
            ["Intervenant", "Date", "Début", "Fin"],
            ["sp-001", "16/10/2023", "9h", "12h"],
            ["sp-001", "32/10/2023", "9h", "12h"],
            ["sp-002", "17/10/2023", "14h75", "18h"],
        ],
    )
    assert _refused(festplan, counts, "availability", path) == [
        "dispos.csv, ligne 3, colonne « Date » : date invalide « 32/10/2023 » : attendu JJ/MM/AAAA, "
        "par exemple 16/10/2023",
        "dispos.csv, ligne 4, colonne « Début » : heure invalide « 14h75 » : attendu 14h30, 14h ou 14:30",
    ]


def test_unknown_venue(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "salles",
        [["Code", "Lieu", "Nom", "Capacité"], ["hd-cassin", "hd", "Hall", "150"], ["lz-1", "lezoux", "Musée", "40"]],
    )
    assert _refused(festplan, counts, "rooms", path) == [
        "salles.csv, ligne 3, colonne « Lieu » : lieu inconnu « lezoux »"
    ]


def test_duplicate_key_within_the_file(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "inscrits",
        [
            ["Courriel", "Nom"],
            ["anne@example.fr", "Anne"],
            ["bruno@example.fr", "Bruno"],
            ["Anne@Example.fr", "Anne L."],
        ],
    )
    assert _refused(festplan, counts, "participants", path) == [
        "inscrits.csv, ligne 4, colonne « Courriel » : doublon : même « Courriel » que la ligne 2"
    ]


def test_natural_key_duplicate(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "propositions",
        [["Partenaire", "Titre", "Durée"], ["", "Atelier vidéo", "60"], ["", "atelier  VIDÉO", "90"]],
    )
    assert _refused(festplan, counts, "proposals", path) == [
        "propositions.csv, ligne 3, colonne « Partenaire » : doublon : même « Partenaire + Titre » que la ligne 2"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "Code;Nom\nhd;Hôtel\n".encode("utf-16"),
            "encodage UTF-16 non pris en charge : enregistrez le fichier en « CSV UTF-8 » ou en .xlsx",
        ),
        (
            b"Code;Nom\nhd;H\x81\x8dtel\n",
            "encodage non reconnu (ni UTF-8 ni Windows-1252) : enregistrez le fichier en « CSV UTF-8 » ou en .xlsx",
        ),
        (b"\x00\x01\x02\xff\xfe\x00garbage" * 50, "contenu binaire : ce n'est ni un fichier CSV ni un classeur .xlsx"),
        (b"", "le fichier est vide"),
        (b"\xef\xbb\xbf\r\n;;\r\n", "le fichier est vide"),
    ],
    ids=["utf16", "undecodable", "binary", "empty", "bom-and-blank-rows"],
)
def test_unreadable_files(
    data: bytes, message: str, with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path
) -> None:
    path = tmp_path / "lieux.csv"
    path.write_bytes(data)
    assert _refused(festplan, counts, "venues", path) == [f"lieux.csv : {message}"]


def test_header_only_file(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(tmp_path, "lieux", [["Code", "Nom"]])
    assert _refused(festplan, counts, "venues", path) == ["lieux.csv, ligne 1 : aucune ligne de données sous l'en-tête"]


def test_ten_megabytes_of_garbage(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = tmp_path / "lieux.csv"
    path.write_bytes(os.urandom(10 * 1024 * 1024))
    assert _refused(festplan, counts, "venues", path) == [
        "lieux.csv : contenu binaire : ce n'est ni un fichier CSV ni un classeur .xlsx"
    ]
    path.write_bytes(os.urandom(10 * 1024 * 1024 + 1))
    assert _refused(festplan, counts, "venues", path) == ["lieux.csv : fichier trop volumineux (plus de 10 Mo)"]
    path = tmp_path / "lieux.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(1024 * 1024))
    assert _refused(festplan, counts, "venues", path) == ["lieux.xlsx : ce n'est pas un classeur .xlsx valide"]


def test_every_error_of_the_file_is_listed_in_line_order(
    with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path
) -> None:
    path = files.write(
        tmp_path,
        "propositions",
        [
            [
                "Code",
                "Partenaire",
                "Titre",
                "Durée",
                "Format",
                "Obligatoire",
                "Intervenants",
                "Lieux possibles",
                "Dates préférées",
                "Priorité",
            ],
            ["se-001", "", "Valide", "1h30", "atelier", "non", "sp-001", "hd", "18/10/2023", "1"],
            ["se-002", "pa-999", "Partenaire inconnu", "60", "", "", "sp-001, sp-404", "hd, nulle-part", "", ""],
            ["se-003", "", "", "une heure", "spectacle", "peut-être", "", "", "01/11/2023", "4"],
        ],
        "utf8bom-comma",
    )
    assert _refused(festplan, counts, "proposals", path) == [
        "propositions.csv, ligne 3, colonne « Intervenants » : intervenant·e inconnu·e « sp-404 »",
        "propositions.csv, ligne 3, colonne « Lieux possibles » : lieu inconnu « nulle-part »",
        "propositions.csv, ligne 3, colonne « Partenaire » : partenaire inconnu « pa-999 »",
        "propositions.csv, ligne 4, colonne « Durée » : durée invalide « une heure » : attendu en minutes (90) ou en "
        "heures (1h30)",
        "propositions.csv, ligne 4, colonne « Format » : valeur inconnue « spectacle » : valeurs possibles "
        "conférence, table ronde, atelier, démonstration, moment convivial",
        "propositions.csv, ligne 4, colonne « Obligatoire » : valeur invalide « peut-être » : attendu oui ou non",
        "propositions.csv, ligne 4, colonne « Priorité » : 4 hors limites (de 1 à 3)",
        "propositions.csv, ligne 4, colonne « Titre » : valeur obligatoire manquante",
    ]


def test_rules_of_the_edition(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    path = files.write(
        tmp_path,
        "dispos",
        [
            ["Intervenant", "Date", "Début", "Fin"],
            ["sp-001", "01/11/2023", "9h", "12h"],
            ["sp-001", "17/10/2023", "14h", "9h"],
            ["sp-999", "17/10/2023", "14h", "18h"],
        ],
    )
    assert _refused(festplan, counts, "availability", path) == [
        "dispos.csv, ligne 2, colonne « Date » : date 01/11/2023 hors de l'édition (du 16/10/2023 au 27/10/2023)",
        "dispos.csv, ligne 3, colonne « Fin » : la fin (09:00) doit être après le début (14:00)",
        "dispos.csv, ligne 4, colonne « Intervenant » : intervenant·e inconnu·e « sp-999 »",
    ]


def test_registration_of_an_unknown_person_needs_a_name(
    with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path
) -> None:
    path = files.write(tmp_path, "inscriptions", [["Séance", "Courriel"], ["se-404", "zoe@example.fr"]])
    assert _refused(festplan, counts, "registrations", path) == [
        "inscriptions.csv, ligne 2, colonne « Courriel » : participant·e inconnu·e « zoe@example.fr » : indiquez son "
        "nom dans la colonne « Nom » ou importez d'abord les participants",
        "inscriptions.csv, ligne 2, colonne « Séance » : séance inconnue « se-404 »",
    ]


def test_wrong_type_and_old_excel(with_venues: None, festplan: Callable, counts: Callable, tmp_path: Path) -> None:
    (tmp_path / "lieux.ods").write_bytes(b"PK\x03\x04...")
    assert _refused(festplan, counts, "venues", tmp_path / "lieux.ods") == [
        "lieux.ods : type de fichier non pris en charge (.ods) : formats acceptés .csv et .xlsx"
    ]
    (tmp_path / "lieux.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert _refused(festplan, counts, "venues", tmp_path / "lieux.xls") == [
        "lieux.xls : format Excel 97-2003 (.xls) non pris en charge : enregistrez le classeur en .xlsx"
    ]


def test_edition_must_exist(festplan: Callable, counts: Callable, festplan_env, tmp_path: Path) -> None:
    path = files.write(tmp_path, "lieux", files.VENUES)
    assert _refused(festplan, counts, "venues", path) == [
        "lieux.csv : aucune édition dans la base : importez d'abord un scénario (festplan import scenario)"
    ]
    result = festplan("venues", str(path), "--edition", "cn1999")
    assert result.stderr.splitlines()[0] == "lieux.csv : édition inconnue « cn1999 »"


def test_errors_in_english(
    with_venues: None, festplan: Callable, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from shared.settings import reset_settings

    monkeypatch.setenv("FESTPLAN_LOCALE", "en")
    reset_settings()
    path = files.write(tmp_path, "salles", [["Code", "Lieu", "Nom", "Capacité"], ["x", "lezoux", "X", "12"]])
    result = festplan("rooms", str(path))
    assert result.stderr.splitlines() == [
        'salles.csv, line 2, column "Lieu": unknown venue "lezoux"',
        "salles.csv refused: 1 error(s), nothing was saved",
    ]
