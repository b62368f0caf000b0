"""The status machine, exhaustively: every (from, to) pair, with and without reference and reason."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from services.budget.domain.status import (
    CANCELLED,
    COMMITTED,
    DONE,
    ORDER,
    PAID,
    PLANNED,
    STATUSES,
    ItemState,
    StatusError,
    Step,
    move,
    steps_from_json,
    steps_to_json,
)

DAY = date(2023, 9, 1)


def state_at(status: str) -> ItemState:
    """An item that went forward, one day per step, up to ``status`` (cancelled from planned)."""
    steps = {PLANNED: Step(on=date(2023, 6, 1))}
    if status == CANCELLED:
        steps[CANCELLED] = Step(on=date(2023, 7, 1))
        return ItemState(status=CANCELLED, steps=steps)
    for number, name in enumerate(ORDER[1 : ORDER.index(status) + 1], start=2):
        steps[name] = Step(on=date(2023, 6, number), ref=f"R{number}")
    return ItemState(status=status, steps=steps)


def expected(source: str, target: str, *, ref: bool, reason: bool) -> str | None:
    """The refusal code the machine must give, or None when the move is allowed (the rules, restated)."""
    if source == target:
        return "same_status"
    if target == CANCELLED:
        if source == PAID:
            return "cancel_needs_reason" if not reason else "paid_cannot_cancel"
        if source in (COMMITTED, DONE) and not reason:
            return "cancel_needs_reason"
        return None
    if source == CANCELLED or ORDER.index(target) < ORDER.index(source):
        return None if reason else "backwards_needs_reason"
    return None if ref else "reference_needed"


@pytest.mark.parametrize(
    ("source", "target", "ref", "reason"), list(product(STATUSES, STATUSES, (False, True), (False, True)))
)
def test_every_move(source, target, ref, reason):
    state = state_at(source)
    code = expected(source, target, ref=ref, reason=reason)
    call = lambda: move(state, to=target, on=DAY, ref="BC-1" if ref else None, reason="motif" if reason else None)  # noqa: E731
    if code is not None:
        with pytest.raises(StatusError) as caught:
            call()
        assert caught.value.code == code
        return
    done = call()
    assert done.state.status == target
    backwards = source == CANCELLED or (target in ORDER and ORDER.index(target) < ORDER.index(source))
    # going back to a step the item went through keeps that step's own date and reference
    kept = backwards and target in state.steps
    assert done.state.steps[target] == (state.steps[target] if kept else Step(on=DAY, ref=done.state.steps[target].ref))
    assert done.backwards == (backwards and target != CANCELLED)
    if target in ORDER:
        assert all(ORDER.index(k) <= ORDER.index(target) for k in done.state.steps if k in ORDER)
        assert CANCELLED not in done.state.steps or source != CANCELLED


def test_skipped_steps_are_recorded_with_the_same_date_and_reference():
    done = move(ItemState(status=PLANNED, steps={PLANNED: Step(on=date(2023, 6, 1))}), to=PAID, on=DAY, ref="MDT-9")
    assert [k for k in ORDER if k in done.state.steps] == list(ORDER)
    assert done.state.steps[COMMITTED] == Step(on=DAY, ref="MDT-9")


def test_a_step_cannot_be_dated_before_the_previous_one():
    state = state_at(COMMITTED)
    with pytest.raises(StatusError) as caught:
        move(state, to=DONE, on=date(2023, 5, 1), ref="SF-1")
    assert caught.value.code == "date_before_previous"


def test_going_back_clears_the_steps_it_undoes_and_blank_reason_is_no_reason():
    back = move(state_at(PAID), to=COMMITTED, on=DAY, reason="mandat rejeté")
    assert set(back.state.steps) == {PLANNED, COMMITTED}
    with pytest.raises(StatusError):
        move(state_at(PAID), to=DONE, on=DAY, reason="   ")


def test_unknown_status_is_refused():
    with pytest.raises(StatusError) as caught:
        move(state_at(PLANNED), to="mandaté", on=DAY)
    assert caught.value.code == "unknown_status"


def test_steps_round_trip_through_json():
    state = state_at(DONE)
    assert steps_from_json(steps_to_json(state.steps)) == state.steps
