"""How festplan reads the files French offices produce: encodings, separators, French values, headers."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook

from shared.spreadsheets import reader as sheet


def _problem(call, *args, **kwargs) -> sheet.Problem:
    with pytest.raises(sheet.Problem) as caught:
        call(*args, **kwargs)
    return caught.value


def test_cp1252_semicolon_file_is_read_with_its_accents() -> None:
    data = "Code;Nom;Commune\nhd;Hôtel du Département;Clermont-Ferrand\n".encode("cp1252")
    table = sheet.read_table(data, "lieux.csv")
    assert table.header == ["Code", "Nom", "Commune"]
    assert table.rows == [(2, ["hd", "Hôtel du Département", "Clermont-Ferrand"])]


def test_bom_utf8_comma_file_with_quoted_commas_and_line_breaks() -> None:
    data = '\ufeffcode,name,features\nhd-cassin,"Hall, René-Cassin","wheelchair,\nsound"\nx,Y,\n'.encode()
    table = sheet.read_table(data, "salles.csv")
    assert table.header == ["code", "name", "features"]
    # a record spanning two physical lines is still one spreadsheet row
    assert table.rows == [(2, ["hd-cassin", "Hall, René-Cassin", "wheelchair,\nsound"]), (3, ["x", "Y", None])]


def test_blank_rows_are_skipped_but_keep_the_row_numbers_a_person_sees() -> None:
    table = sheet.read_table(b"a;b\n;\n1;2\n\n3;4\n", "f.csv")
    assert [line for line, _cells in table.rows] == [3, 5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a;b,c\n", ";"), ("a,b,c\n", ","), ('"x;y",b,c\n', ","), ("a\tb\tc\n", "\t"), ("a,b;c\n", ";"), ("abc\n", ";")],
)
def test_separator_is_sniffed_outside_quotes(text: str, expected: str) -> None:
    assert sheet.sniff_separator(text) == expected


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("a;b\n1;2\n".encode("utf-16"), "file.utf16"),
        ("a;b\n1;2\n".encode("utf-16-le"), "file.utf16"),
        (b"a;b\n\x81\x8d;2\n", "file.encoding"),
        (b"a;b\x00\x01\x02\x03;\xff\n" * 10, "file.binary"),
        (b"\xef\xbb\xbfa;\xe9\n", "file.encoding"),
        (b"", "file.empty"),
        (b"  \n\r\n ", "file.empty"),
        (b";;\n;;\n", "file.empty"),
        (b"PK\x03\x04rest", "file.xlsx_as_csv"),
    ],
)
def test_unreadable_csv_files_are_refused_with_a_reason(data: bytes, key: str) -> None:
    assert _problem(sheet.read_table, data, "f.csv").key == key


def test_type_is_checked_by_extension_and_content() -> None:
    assert _problem(sheet.read_table, b"a;b\n", "f.txt").key == "file.extension"
    assert _problem(sheet.read_table, b"a;b\n", "f").params == {"extension": "(aucune)"}
    assert _problem(sheet.read_table, b"a;b\n", "f.xlsx").key == "file.not_xlsx"
    assert _problem(sheet.read_table, b"PK\x03\x04garbage", "f.xlsx").key == "file.not_xlsx"
    assert _problem(sheet.read_table, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "f.xlsx").key == "file.xls"
    assert _problem(sheet.read_table, b"x" * (sheet.MAX_BYTES + 1), "f.csv").key == "file.too_large"


def test_xlsx_native_cells_come_back_typed() -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Date", "Heure", "Capacité", "Présent"])
    ws.append([datetime(2023, 10, 16), time(14, 30), 150, True])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = sheet.read_table(buffer.getvalue(), "x.xlsx")
    assert table.header == ["Date", "Heure", "Capacité", "Présent"]
    line, cells = table.rows[0]
    assert line == 2
    assert sheet.parse_date(cells[0]) == date(2023, 10, 16)
    assert sheet.parse_time(cells[1]) == time(14, 30)
    assert sheet.parse_int(cells[2]) == 150
    assert sheet.parse_bool(cells[3]) is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("16/10/2023", date(2023, 10, 16)),
        ("6/1/2023", date(2023, 1, 6)),
        ("16/10/23", date(2023, 10, 16)),
        ("16.10.2023", date(2023, 10, 16)),
        ("2023-10-16", date(2023, 10, 16)),
        (date(2023, 10, 16), date(2023, 10, 16)),
    ],
)
def test_dates_french_first_iso_accepted(raw: object, expected: date) -> None:
    assert sheet.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2023", "2023/10/16", "16 octobre", "10-16", "demain"])
def test_bad_dates_say_what_is_expected(raw: str) -> None:
    problem = _problem(sheet.parse_date, raw)
    assert (problem.key, problem.params) == ("cell.date", {"value": raw})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14h30", time(14, 30)),
        ("14h", time(14, 0)),
        ("14:30", time(14, 30)),
        ("9H05", time(9, 5)),
        ("14 h 30", time(14, 30)),
        ("14:30:00", time(14, 30)),
        (0.5, time(12, 0)),
    ],
)
def test_times_in_french_and_colon_forms(raw: object, expected: time) -> None:
    assert sheet.parse_time(raw) == expected


@pytest.mark.parametrize("raw", ["25h", "14h75", "1430", "midi", "24h"])
def test_bad_times_are_refused(raw: str) -> None:
    assert _problem(sheet.parse_time, raw).key == "cell.time"


def test_24h_is_the_end_of_the_day_only_where_allowed() -> None:
    assert sheet.parse_time("24h", allow_midnight_end=True) is None
    assert sheet.parse_time("24:00", allow_midnight_end=True) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("oui", True),
        ("Non", False),
        ("OUI ", True),
        ("yes", True),
        ("no", False),
        ("vrai", True),
        ("faux", False),
        ("1", True),
        ("0", False),
        ("x", True),
        ("X", True),
        (True, True),
        (0, False),
    ],
)
def test_booleans(raw: object, expected: bool) -> None:
    assert sheet.parse_bool(raw) is expected


def test_bad_boolean() -> None:
    assert _problem(sheet.parse_bool, "peut-être").params == {"value": "peut-être"}


def test_numbers_french_style() -> None:
    assert sheet.parse_int("1 200") == 1200
    assert sheet.parse_int(150.0) == 150
    assert sheet.parse_int("150,0") == 150
    assert sheet.parse_decimal("45,7745") == pytest.approx(45.7745)
    assert sheet.parse_decimal("3.0895") == pytest.approx(3.0895)
    assert _problem(sheet.parse_int, "douze").key == "cell.int"
    assert _problem(sheet.parse_int, "12,5").key == "cell.int"
    assert _problem(sheet.parse_int, "0", minimum=1, maximum=3).params == {"value": 0, "minimum": 1, "maximum": 3}
    assert _problem(sheet.parse_decimal, "4,5,6").key == "cell.decimal"


@pytest.mark.parametrize(
    ("raw", "minutes"), [("90", 90), ("90 min", 90), ("1h30", 90), ("2h", 120), ("1:30", 90), (time(1, 30), 90)]
)
def test_durations(raw: object, minutes: int) -> None:
    assert sheet.parse_duration(raw) == minutes


def test_bad_durations() -> None:
    assert _problem(sheet.parse_duration, "une heure").key == "cell.duration"
    assert _problem(sheet.parse_duration, "0").key == "cell.duration"


def test_lists_and_emails() -> None:
    assert sheet.parse_list("hd, riom ;\nlezoux") == ["hd", "riom", "lezoux"]
    assert sheet.parse_date_list("16/10/2023, 18/10/2023") == [date(2023, 10, 16), date(2023, 10, 18)]
    assert sheet.parse_email(" Marie.Dupont@Example.FR") == "marie.dupont@example.fr"
    assert _problem(sheet.parse_email, "marie@").key == "cell.email"


def test_datetime_french() -> None:
    assert sheet.parse_datetime("16/10/2023 14h30") == datetime(2023, 10, 16, 14, 30)
    assert sheet.parse_datetime("2023-10-16T14:30") == datetime(2023, 10, 16, 14, 30)
    assert _problem(sheet.parse_datetime, "16/10/2023").key == "cell.datetime"


def test_headers_match_whatever_the_accents_case_and_spacing() -> None:
    assert sheet.normalise_header("  Capacité (places) * ") == "capacite places"
    assert sheet.normalise_header("BESOINS D’ACCESSIBILITÉ") == "besoins d accessibilite"
    assert sheet.normalise_header("code_postal") == sheet.normalise_header("Code postal")
    assert [sheet.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 4 73", "'+33 4 73"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Atelier", "Atelier"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise_cell_defuses_formulas_only(value: object, expected: object) -> None:
    assert sheet.neutralise_cell(value) == expected
