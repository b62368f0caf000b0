"""Exact money: integer cents, the four French VAT rates, HT → TTC, and euros read and written the French way.

Rounding rule: the VAT of an item is HT × rate rounded to the nearest cent, halves away from zero
(``ROUND_HALF_UP`` on a positive amount), and TTC = HT + that VAT. It is computed once per item, as on an
invoice line, never on a sum of items. No float is ever involved: rates are tenths of a percent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: Rates in tenths of a percent: 0 %, 5.5 %, 10 %, 20 %.
VAT_PERMILLE = (0, 55, 100, 200)


class MoneyError(ValueError):
    """An amount or rate the budget refuses; ``code`` names the message in :mod:`services.budget.texts`."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def vat_permille(rate: str | int | Decimal) -> int:
    """``"5,5"``, ``"5.5 %"``, ``Decimal("20")`` or ``20`` → tenths of a percent, refused when not a French rate."""
    text = str(rate).replace("%", "").replace(",", ".").strip()
    try:
        value = Decimal(text) * 10
    except InvalidOperation:
        raise MoneyError("bad_vat", value=rate) from None
    if value != value.to_integral_value() or int(value) not in VAT_PERMILLE:
        raise MoneyError("bad_vat", value=rate)
    return int(value)


def rate_label(permille: int) -> str:
    """``55`` → ``"5,5 %"``."""
    whole, tenth = divmod(permille, 10)
    return f"{whole},{tenth} %" if tenth else f"{whole} %"


def vat_of(ht_cents: int, permille: int) -> int:
    """The VAT of one item, rounded to the cent (halves up)."""
    if permille not in VAT_PERMILLE:
        raise MoneyError("bad_vat", value=rate_label(permille))
    exact = Decimal(ht_cents) * permille / 1000
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ttc_of(ht_cents: int, permille: int) -> int:
    """TTC of an item from its HT and rate."""
    check_amount(ht_cents)
    return ht_cents + vat_of(ht_cents, permille)


def ht_of_ttc(ttc_cents: int, permille: int) -> int:
    """The HT whose TTC (by :func:`ttc_of`) is ``ttc_cents``, or the closest below when none rounds to it exactly."""
    check_amount(ttc_cents)
    guess = int((Decimal(ttc_cents) * 1000 / (1000 + permille)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    for candidate in (guess, guess - 1, guess + 1):
        if candidate >= 0 and ttc_of(candidate, permille) == ttc_cents:
            return candidate
    return guess if ttc_of(guess, permille) <= ttc_cents else guess - 1


def check_amount(cents: int) -> int:
    """Refuse a negative amount (a refund is a cancelled item, not a negative one)."""
    if cents < 0:
        raise MoneyError("negative_amount", value=format_euros(cents))
    return cents


def parse_euros(text: str | int | float | Decimal) -> int:
    """``"1 234,56"``, ``"1234.56 €"``, ``"1.234,56"`` or a spreadsheet number → cents (exact, never via float text).

    A spreadsheet cell that is a float is taken through ``repr`` to a Decimal and rounded to the cent.
    """
    if isinstance(text, int):
        return text * 100
    if isinstance(text, float | Decimal):
        value = Decimal(repr(text)) if isinstance(text, float) else text
    else:
        raw = str(text).replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise MoneyError("bad_amount", value=text) from None
    if not value.is_finite():
        raise MoneyError("bad_amount", value=text)
    cents = int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return check_amount(cents)


def format_euros(cents: int, locale: str = "fr") -> str:
    """``123456`` → ``"1 234,56 €"`` in French (narrow no-break space), ``"€1,234.56"`` in English."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    if locale == "fr":
        return f"{sign}{whole:,}".replace(",", "\u202f") + f",{part:02d}\u00a0€"
    return f"{sign}€{whole:,}.{part:02d}"


def euros(cents: int) -> str:
    """Cents as a plain decimal string for JSON (``"1234.56"``): exact, and readable by any client."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"
