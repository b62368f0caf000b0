"""Hostile spreadsheets are refused before they are read whole: a million rows, a giant cell, a declared
16,384-column dimension, a far cell, a zip bomb, XML entities; CSV counts the same limits.

The files are built in memory by :mod:`bench.hostile_files`, small versions of the ones
measured in issue 17 (the benchmark builds the real sizes); each test asserts the refusal and its message.
"""

from __future__ import annotations

import pytest

from bench import hostile_files as hostile
from shared.i18n import translate
from shared.spreadsheets import reader as sheet
from shared.spreadsheets.guard import ImportLimits
from shared.spreadsheets.texts import CATALOG

SMALL = ImportLimits(max_rows=100, max_columns=20, max_cell_chars=1000, max_uncompressed_bytes=8 * 1024 * 1024)


def _refusal(data: bytes, name: str, limits: ImportLimits = SMALL) -> sheet.FileProblem:
    with pytest.raises(sheet.FileProblem) as caught:
        sheet.read_table(data, name, limits=limits)
    return caught.value


def _french(problem: sheet.Problem) -> str:
    return translate(CATALOG, problem.key, "fr", **problem.params)


def test_rows_past_the_limit_are_refused_while_streaming() -> None:
    problem = _refusal(hostile.many_rows(5_000), "lieux.xlsx")
    assert problem.key == "file.too_many_rows"
    assert _french(problem) == "plus de 100 lignes de données : découpez le fichier (limite FESTPLAN_IMPORT_MAX_ROWS)"


def test_exactly_the_limit_of_data_rows_is_read() -> None:
    table = sheet.read_table(hostile.many_rows(100), "lieux.xlsx", limits=SMALL)
    assert len(table.rows) == 100


def test_a_giant_cell_is_refused_by_the_cell_limit() -> None:
    problem = _refusal(hostile.varied_cell(5_000), "lieux.xlsx")
    assert problem.key == "file.cell_too_large"
    assert "1000 caractères" in _french(problem)


def test_a_giant_repetitive_cell_is_refused_by_its_compression_ratio() -> None:
    problem = _refusal(hostile.giant_cell(3_000_000), "lieux.xlsx")
    assert problem.key == "file.archive_ratio"
    assert problem.params == {"part": "xl/worksheets/sheet1.xml", "limit": 100}
    assert "bombe de décompression" in _french(problem)


def test_a_zip_bomb_is_refused_from_the_central_directory() -> None:
    problem = _refusal(hostile.zip_bomb(20), "lieux.xlsx")
    assert problem.key == "file.archive_too_large"
    assert _french(problem).startswith("classeur trop volumineux une fois décompressé (plus de 8 Mo")


def test_a_declared_huge_dimension_is_not_trusted() -> None:
    table = sheet.read_table(hostile.declared_dimension("A1:XFD1048576"), "lieux.xlsx", limits=SMALL)
    assert table.header == ["Code", "Nom"]
    assert table.rows == [(2, [1])]


@pytest.mark.parametrize("column", ["U", "XFD"])
def test_a_cell_beyond_the_column_limit_is_refused(column: str) -> None:
    problem = _refusal(hostile.far_cell(column), "lieux.xlsx")
    assert problem.key == "file.too_many_columns"
    assert _french(problem) == "ligne 2 : plus de 20 colonnes (limite FESTPLAN_IMPORT_MAX_COLUMNS)"


def test_a_row_number_far_below_is_refused_without_reading_the_gap() -> None:
    assert _refusal(hostile.far_cell("A", 1_048_576), "lieux.xlsx").key == "file.too_many_rows"


@pytest.mark.parametrize("build", [hostile.billion_laughs, hostile.external_entity])
def test_xml_entities_are_refused(build) -> None:
    problem = _refusal(build(), "lieux.xlsx")
    assert problem.key == "file.xml_entities"
    assert "entités XML" in _french(problem)


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML


def test_csv_rows_columns_and_cells_are_limited() -> None:
    many = b"Code;Nom\n" + b"".join(b"c%d;n\n" % n for n in range(101))
    assert _refusal(many, "lieux.csv").key == "file.too_many_rows"
    assert len(sheet.read_table(many.rsplit(b"\n", 2)[0] + b"\n", "lieux.csv", limits=SMALL).rows) == 100
    wide = b"Code;Nom\n" + b";".join([b"x"] * 21) + b"\n"
    problem = _refusal(wide, "lieux.csv")
    assert (problem.key, problem.params) == ("file.too_many_columns", {"limit": 20, "line": 2})
    assert _refusal(b"Code;Nom\nhd;" + b"a" * 1001 + b"\n", "lieux.csv").key == "file.cell_too_large"
    huge = ImportLimits(max_cell_chars=10**9)
    assert _refusal(b"Code;Nom\nhd;" + b"a" * 200_000 + b"\n", "lieux.csv", huge).key == "file.cell_too_large"


def test_malformed_sheet_xml_is_a_clear_refusal() -> None:
    broken = hostile.workbook(['<?xml version="1.0"?><worksheet><sheetData><row>'])
    assert _refusal(broken, "lieux.xlsx").key == "file.not_xlsx"
