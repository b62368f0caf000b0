"""The one rule of an attendance count, whichever way it comes in (pure)."""

from __future__ import annotations

import pytest

from services.evaluation.domain.attendance import MAX_COUNT, AttendanceRefused, check_count


@pytest.mark.parametrize("count", [0, 1, 250, MAX_COUNT])
def test_whole_numbers_from_zero_to_the_maximum_are_recorded(count: int) -> None:
    assert check_count(count) == count


@pytest.mark.parametrize("count", [-1, MAX_COUNT + 1, True, False])
def test_negative_huge_or_boolean_counts_are_refused(count: int) -> None:
    with pytest.raises(AttendanceRefused) as refused:
        check_count(count)
    assert (refused.value.key, refused.value.status, refused.value.params) == (
        "count_range",
        422,
        {"maximum": MAX_COUNT},
    )
