"""The declared import columns: unambiguous headers, help in both languages, values read the French way."""

from __future__ import annotations

from datetime import date, time

import pytest

from services.ingest.imports.kinds import SPECS, KindSpec, ValueType
from shared.i18n import check_catalog
from shared.spreadsheets import reader as sheet
from shared.spreadsheets.texts import CATALOG


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_no_header_spelling_names_two_columns(spec: KindSpec) -> None:
    seen: dict[str, str] = {}
    for column in spec.columns:
        for spelling in column.spellings():
            assert seen.setdefault(spelling, column.key) == column.key, (spec.name, spelling)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_column_has_french_and_english_names_and_help(spec: KindSpec) -> None:
    for column in spec.columns:
        assert column.fr, column.key
        assert column.en, column.key
        assert column.help_fr, column.key
        assert column.help_en, column.key
        if column.type == ValueType.choice:
            assert column.choices, column.key
    for keys in spec.key_columns:
        for key in keys:
            spec.column(key)  # raises StopIteration if the key names no column


def test_the_message_catalog_is_complete_in_both_languages() -> None:
    assert check_catalog(CATALOG) == []


def test_choices_accept_french_and_english_labels() -> None:
    proposals = next(s for s in SPECS if s.name == "proposals")
    kind = proposals.column("kind")
    assert kind.parse("Table ronde") == "round_table"
    assert kind.parse("round_table") == "round_table"
    assert kind.parse("Conférence") == "conference"
    assert proposals.column("audience").parse("Grand public") == "public"
    assert proposals.column("status").parse("Acceptée") == "accepted"
    with pytest.raises(sheet.ValueProblem) as caught:
        kind.parse("spectacle")
    assert caught.value.key == "cell.choice"
    assert "table ronde" in caught.value.params["choices"]


def test_end_times_may_be_24h_and_start_times_may_not() -> None:
    availability = next(s for s in SPECS if s.name == "availability")
    assert availability.column("end").parse("24h") == "24:00"
    assert availability.column("end").parse("18h") == time(18, 0)
    with pytest.raises(sheet.ValueProblem):
        availability.column("start").parse("24h")
    assert availability.column("date").parse("16/10/2023") == date(2023, 10, 16)


def test_text_length_is_limited() -> None:
    rooms = next(s for s in SPECS if s.name == "rooms")
    with pytest.raises(sheet.ValueProblem) as caught:
        rooms.column("code").parse("x" * 65)
    assert caught.value.params == {"length": 65, "maximum": 64}


def test_stable_key_falls_back_to_the_natural_key() -> None:
    proposals = next(s for s in SPECS if s.name == "proposals")
    assert proposals.key_of({"code": "se-001", "partner": "pa", "title": "T"}) == (("code",), ("se-001",))
    assert proposals.key_of({"code": None, "partner": "pa", "title": "Les Écrans"}) == (
        ("partner", "title"),
        ("pa", "les ecrans"),
    )
    assert proposals.key_of({"code": None, "partner": None, "title": None}) is None
