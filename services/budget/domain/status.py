"""The life of a cost item in commitment accounting: planned → committed → service done → paid, or cancelled.

Moving forward records the date and reference of the step (a purchase order number, a certificate, a
mandate). Moving back (a commitment withdrawn, a payment rejected by the paying agent) or reopening a
cancelled item is allowed only with a written reason, and clears the steps it undoes. Pure: the item's
state is a plain dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

PLANNED, COMMITTED, DONE, PAID, CANCELLED = "planned", "committed", "done", "paid", "cancelled"
#: The forward order; ``cancelled`` stands outside it.
ORDER = (PLANNED, COMMITTED, DONE, PAID)
STATUSES = (*ORDER, CANCELLED)


class StatusError(ValueError):
    """A move the status machine refuses; ``code`` names the message in :mod:`services.budget.texts`."""

    def __init__(self, code: str, **values: object) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass(frozen=True, slots=True)
class Step:
    on: date
    ref: str | None = None


@dataclass(frozen=True, slots=True)
class ItemState:
    """Where an item is, and the date and reference of each step it went through."""

    status: str = PLANNED
    steps: dict[str, Step] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Move:
    """What :func:`move` did: the new state and whether it went backwards (the audit says so)."""

    state: ItemState
    backwards: bool


def rank(status: str) -> int:
    if status not in STATUSES:
        raise StatusError("unknown_status", status=status)
    return ORDER.index(status) if status in ORDER else -1


def move(state: ItemState, *, to: str, on: date, ref: str | None = None, reason: str | None = None) -> Move:
    """The item's state after moving it to ``to`` on ``on``.

    Forward moves may skip steps (an invoice paid on receipt is committed, done and paid on one day): each
    skipped step is recorded with the same date and reference. A commitment, a certified service and a
    payment need a reference. Backward moves, cancelling something already committed, and reopening a
    cancelled item need a reason.
    """
    current = rank(state.status)
    target = rank(to)
    reason = (reason or "").strip() or None
    ref = (ref or "").strip() or None
    if to == state.status:
        raise StatusError("same_status", status=to)
    steps = dict(state.steps)
    if to == CANCELLED:
        if current >= rank(COMMITTED) and reason is None:
            raise StatusError("cancel_needs_reason", status=state.status)
        if state.status == PAID:
            raise StatusError("paid_cannot_cancel")
        steps[CANCELLED] = Step(on=on, ref=ref)
        return Move(ItemState(status=CANCELLED, steps=steps), backwards=False)
    if state.status == CANCELLED or target < current:
        if reason is None:
            raise StatusError("backwards_needs_reason", status=state.status, to=to)
        kept = {k: v for k, v in steps.items() if k in ORDER and rank(k) <= target}
        kept.setdefault(to, Step(on=on, ref=ref))
        return Move(ItemState(status=to, steps=kept), backwards=True)
    if ref is None and to != PLANNED:
        raise StatusError("reference_needed", to=to)
    for passed in ORDER[current + 1 : target + 1]:
        last = steps.get(ORDER[ORDER.index(passed) - 1]) if ORDER.index(passed) else None
        if last is not None and on < last.on:
            raise StatusError("date_before_previous", to=passed, on=on, previous=last.on)
        steps[passed] = Step(on=on, ref=ref)
    return Move(replace(state, status=to, steps=steps), backwards=False)


def steps_to_json(steps: dict[str, Step]) -> dict[str, dict[str, str | None]]:
    return {k: {"on": v.on.isoformat(), "ref": v.ref} for k, v in steps.items()}


def steps_from_json(raw: dict | None) -> dict[str, Step]:
    return {k: Step(on=date.fromisoformat(v["on"]), ref=v.get("ref")) for k, v in (raw or {}).items()}
