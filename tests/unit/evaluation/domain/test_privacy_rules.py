"""The retention and erasure rules of personal data (pure: no database)."""

from __future__ import annotations

from datetime import date

import pytest

from services.evaluation.domain.privacy import ERASED, add_months, holds_anything, needles, retention_over, scrub


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 10, 15), 3, date(2026, 1, 15)),
        (date(2025, 12, 31), 12, date(2026, 12, 31)),
        (date(2025, 5, 31), 0, date(2025, 5, 31)),
    ],
)
def test_add_months_stays_in_the_target_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_retention_is_over_only_the_day_after_its_last_day() -> None:
    ended = date(2025, 10, 12)
    assert not retention_over(ended_on=ended, months=12, today=date(2026, 10, 12))
    assert retention_over(ended_on=ended, months=12, today=date(2026, 10, 13))
    assert not retention_over(ended_on=ended, months=12, today=date(2026, 1, 1))


def test_needles_are_lowered_and_short_ones_left_out() -> None:
    assert needles([" Ana.Martin@Example.org ", "Li", None, "", "Zoé Durand"]) == [
        "ana.martin@example.org",
        "zoé durand",
    ]


def test_scrub_replaces_every_occurrence_case_insensitively_in_documents() -> None:
    found = needles(["Zoé Durand", "zoe@example.org"])
    document = {
        "comment": "Merci ZOÉ DURAND ! zoé durand reviendra.",
        "list": ["Contact: Zoe@Example.org", 3, None],
        "count": 4,
    }
    assert scrub(document, found) == {
        "comment": f"Merci {ERASED} ! {ERASED} reviendra.",
        "list": [f"Contact: {ERASED}", 3, None],
        "count": 4,
    }


def test_scrub_leaves_a_text_without_needle_untouched() -> None:
    text = "Très bonne animation"
    assert scrub(text, ["durand"]) is text


def test_holds_anything_looks_at_the_lists_only() -> None:
    assert not holds_anything({"email": "a@example.org", "exported_at": "2026-01-01", "participants": []})
    assert holds_anything({"email": "a@example.org", "speakers": [{"id": 1}]})
