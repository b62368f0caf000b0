"""What a sync must send: which items are new, changed, moved, full, removed or unchanged since the last one.

Pure: it compares the published programme with what OpenAgenda last accepted (each item's payload
fingerprint, slot and status as recorded in the database) and returns one :class:`Planned` per item.
A removed session is *cancelled* (status 6), never deleted, so the public keeps the information.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from services.openagenda.domain.mapping import (
    CANCELLED,
    FULL,
    RESCHEDULED,
    SCHEDULED,
    SessionFacts,
    VenueFacts,
    event_external_id,
    event_payload,
    fingerprint,
    location_external_id,
    location_payload,
)

LOCATION, EVENT = "location", "event"


class Action(StrEnum):
    create = "create"
    update = "update"
    cancel = "cancel"
    unchanged = "unchanged"
    #: The event's location is not on OpenAgenda (its sync failed): the event cannot be sent.
    blocked = "blocked"


@dataclass(frozen=True, slots=True)
class Known:
    """An item as recorded after the last sync."""

    state: str
    oa_uid: int | None
    fingerprint: str | None
    slot: str | None
    oa_status: int | None
    payload: Mapping[str, object] | None


@dataclass(frozen=True, slots=True)
class Planned:
    kind: str
    code: str
    external_id: str
    title: str
    action: Action
    payload: dict[str, object] | None
    fingerprint: str | None
    slot: str | None = None
    status: int | None = None
    venue_code: str | None = None


def _action(known: Known | None, print_: str) -> Action:
    if known is None or known.oa_uid is None:
        return Action.create
    if known.state == "synced" and known.fingerprint == print_:
        return Action.unchanged
    return Action.update


def plan_locations(venues: Iterable[VenueFacts], known: Mapping[str, Known]) -> list[Planned]:
    """One location per venue; a venue that left the edition keeps its location (events elsewhere may use it)."""
    planned = []
    for venue in venues:
        payload = location_payload(venue)
        print_ = fingerprint(payload)
        planned.append(
            Planned(
                kind=LOCATION,
                code=venue.code,
                external_id=location_external_id(venue.code),
                title=venue.name,
                action=_action(known.get(venue.code), print_),
                payload=payload,
                fingerprint=print_,
            )
        )
    return planned


def event_status(item: SessionFacts, known: Known | None) -> int:
    """Full first (what a visitor needs to know), then rescheduled when the room or times changed since the
    last published event (and it stays so), else scheduled."""
    if item.full:
        return FULL
    if known is not None and known.oa_uid is not None and known.oa_status != CANCELLED:
        if known.slot is not None and known.slot != item.slot:
            return RESCHEDULED
        if known.oa_status == RESCHEDULED:
            return RESCHEDULED
    return SCHEDULED


def plan_events(
    sessions: Iterable[SessionFacts],
    *,
    edition_code: str,
    location_uids: Mapping[str, int],
    known: Mapping[str, Known],
) -> list[Planned]:
    """One event per published session, and a cancellation for each event whose session is no longer published."""
    planned = []
    seen: set[str] = set()
    for item in sessions:
        seen.add(item.code)
        previous = known.get(item.code)
        status = event_status(item, previous)
        location_uid = location_uids.get(item.venue_code)
        ext = event_external_id(edition_code, item.code)
        payload: dict[str, object] | None = None
        print_: str | None = None
        action = Action.blocked  # its venue has no OpenAgenda location yet: the event waits for it
        if location_uid is not None:
            payload = event_payload(item, edition_code=edition_code, location_uid=location_uid, status=status)
            print_ = fingerprint(payload)
            action = _action(previous, print_)
        planned.append(
            Planned(
                kind=EVENT,
                code=item.code,
                external_id=ext,
                title=item.title,
                action=action,
                payload=payload,
                fingerprint=print_,
                slot=item.slot,
                status=status,
                venue_code=item.venue_code,
            )
        )
    for code, previous in sorted(known.items()):
        if code in seen or previous.oa_uid is None or previous.payload is None:
            continue  # still published, or never reached OpenAgenda: nothing to cancel
        payload = {**previous.payload, "status": CANCELLED}
        print_ = fingerprint(payload)
        title = previous.payload.get("title")
        planned.append(
            Planned(
                kind=EVENT,
                code=code,
                external_id=event_external_id(edition_code, code),
                title=str(title.get("fr", code)) if isinstance(title, Mapping) else code,
                action=_action(previous, print_) if previous.oa_status == CANCELLED else Action.cancel,
                payload=payload,
                fingerprint=print_,
                slot=previous.slot,
                status=CANCELLED,
            )
        )
    return planned


def counts(planned: Iterable[Planned]) -> dict[str, int]:
    """How many items of each action, for the report."""
    result: dict[str, int] = {}
    for item in planned:
        result[item.action.value] = result.get(item.action.value, 0) + 1
    return result
