"""Money: VAT rates, the HT → TTC rounding rule (per item, halves up), euros read and written the French way."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.budget.domain.money import (
    MoneyError,
    format_euros,
    ht_of_ttc,
    parse_euros,
    rate_label,
    ttc_of,
    vat_of,
    vat_permille,
)


@pytest.mark.parametrize(
    ("text", "permille"),
    [("0", 0), ("5,5", 55), ("5.5", 55), ("5,5 %", 55), ("10", 100), ("20", 200), (20, 200), (Decimal("5.5"), 55)],
)
def test_the_four_french_rates_are_read(text, permille):
    assert vat_permille(text) == permille


@pytest.mark.parametrize("text", ["19,6", "7", "-20", "abc", "", "5.55", "200"])
def test_a_rate_outside_the_list_is_refused(text):
    with pytest.raises(MoneyError) as caught:
        vat_permille(text)
    assert caught.value.code == "bad_vat"


@pytest.mark.parametrize(
    ("ht", "permille", "vat"),
    [
        (100, 200, 20),
        (1, 55, 0),  # 0.055 c → 0
        (10, 55, 1),  # 0.55 c → 1 (half up)
        (9, 55, 0),  # 0.495 c → 0
        (5, 100, 1),  # 0.5 c → 1 (half up)
        (4, 100, 0),  # 0.4 c → 0
        (123456, 200, 24691),  # 24 691.2 c
        (123459, 55, 6790),  # 6 790.245 c
        (0, 200, 0),
        (99999, 0, 0),
    ],
)
def test_vat_is_rounded_to_the_cent_half_up_on_each_item(ht, permille, vat):
    assert vat_of(ht, permille) == vat
    assert ttc_of(ht, permille) == ht + vat


def test_rounding_is_per_item_not_on_the_sum():
    items = [10] * 10  # 0.10 € at 5.5 %: each VAT 0.55 c → 1 c
    assert sum(ttc_of(ht, 55) for ht in items) == 110
    assert ttc_of(sum(items), 55) == 106


@pytest.mark.parametrize("permille", [0, 55, 100, 200])
@pytest.mark.parametrize("ttc", [0, 1, 99, 106, 1055, 12345, 5_000_000])
def test_ht_of_ttc_gives_back_an_ht_whose_ttc_is_not_above(ttc, permille):
    ht = ht_of_ttc(ttc, permille)
    assert ttc_of(ht, permille) <= ttc
    assert ttc_of(ht + 1, permille) > ttc


def test_a_negative_amount_is_refused():
    with pytest.raises(MoneyError) as caught:
        ttc_of(-1, 200)
    assert caught.value.code == "negative_amount"
    with pytest.raises(MoneyError):
        parse_euros("-12,50")


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1 234,56", 123456),
        ("1\u202f234,56 €", 123456),
        ("1.234,56", 123456),
        ("1234.56", 123456),
        ("12", 1200),
        (12, 1200),
        (0.1 + 0.2, 30),
        ("0,005", 1),
    ],
)
def test_euros_are_read_as_french_offices_write_them(text, cents):
    assert parse_euros(text) == cents


@pytest.mark.parametrize("text", ["douze", "1,2,3", "nan", "inf"])
def test_unreadable_euros_are_refused(text):
    with pytest.raises(MoneyError):
        parse_euros(text)


def test_euros_are_written_the_french_and_english_way():
    assert format_euros(5_000_000) == "50\u202f000,00\u00a0€"
    assert format_euros(5, "en") == "€0.05"
    assert format_euros(-150) == "-1,50\u00a0€"
    assert rate_label(55) == "5,5 %"
    assert rate_label(200) == "20 %"
