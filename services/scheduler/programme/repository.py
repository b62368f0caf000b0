"""Read side of the published programme: builds :class:`Programme` from the latest version, cached per version.

A public page must not run a dozen queries per request: the programme is loaded once per published
version (and per back-office edit of what it shows) and kept in this process; the stamp that says
whether it changed, and the seats still free, are re-read at most once a second per process, by one
thread while the others wait, so a cached read usually runs no query at all.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from services.scheduler.programme.model import (
    PersonItem,
    Programme,
    ProgrammeSession,
    RoomItem,
    VenueItem,
    slot_sequences,
)
from shared import heap
from shared.db import get_engine, session_factory
from shared.models.edition import Edition, Room, Venue
from shared.models.people import Partner, Registration, Speaker
from shared.models.proposal import SessionProposal, SessionSpeaker
from shared.models.scheduling import Assignment, ScheduleVersion
from shared.programme_stamp import shown_content_digest

_CACHE: dict[tuple[str, int], Programme] = {}
_LOCK = threading.Lock()


def published_edition_id(session: Session, edition_code: str | None = None) -> int | None:
    """The edition named ``edition_code``, or else the one published most recently; None before any publication."""
    if edition_code:
        return session.scalar(select(Edition.id).where(Edition.code == edition_code))
    query = (
        select(ScheduleVersion.edition_id)
        .order_by(ScheduleVersion.published_at.desc(), ScheduleVersion.id.desc())
        .limit(1)
    )
    return session.scalar(query)


def programme_stamp(session: Session, edition_id: int) -> tuple[int, int, str] | None:
    """(version id, run id, stamp) of the edition's published version; None when unpublished.

    The stamp names the version *and* what the programme shows of it (:func:`shown_content_digest`): a
    venue renamed or a title corrected in the back-office changes it, so every cache keyed on it (the
    read model, pages, exchange files, ETags) is rebuilt without waiting for the next publication.
    """
    row = session.execute(
        select(ScheduleVersion.id, ScheduleVersion.run_id, ScheduleVersion.number)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    version_id, run_id, number = row
    return version_id, run_id, f"{edition_id}-{number}-{version_id}-{shown_content_digest(session, edition_id)}"


def load_programme(session: Session, edition_id: int) -> Programme | None:
    """The edition's published programme (from this process's cache when nothing changed since)."""
    stamp = programme_stamp(session, edition_id)
    if stamp is None:
        return None
    version_id, run_id, key = stamp
    bind = session.get_bind()
    cache_key = (str(bind.url), edition_id)
    with _LOCK:
        cached = _CACHE.get(cache_key)
    if cached is not None and cached.stamp == key:
        return cached
    programme = _build(session, edition_id=edition_id, version_id=version_id, run_id=run_id, stamp=key)
    with _LOCK:
        _CACHE[cache_key] = programme
    heap.settle()  # the new read model lives until the next edit: out of the collector's sight (served only)
    return programme


def forget_cache() -> None:
    """Drop every cached programme (tests that rebuild databases under the same URL)."""
    with _LOCK:
        _CACHE.clear()
        _MEMO.clear()


def _build(session: Session, *, edition_id: int, version_id: int, run_id: int, stamp: str) -> Programme:
    edition = session.get(Edition, edition_id)
    version = session.get(ScheduleVersion, version_id)
    assert edition is not None
    assert version is not None
    speakers = _speakers_by_proposal(session, run_id)
    sequences = slot_sequences(_history(session, edition_id))
    rows = session.execute(
        select(Assignment.start, Assignment.end, SessionProposal, Room, Venue, Partner)
        .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
        .join(Room, Room.id == Assignment.room_id)
        .join(Venue, Venue.id == Room.venue_id)
        .outerjoin(Partner, Partner.id == SessionProposal.partner_id)
        .where(Assignment.run_id == run_id)
    ).tuples()
    venues: dict[str, VenueItem] = {}
    partners: dict[str, PersonItem] = {}
    items: list[ProgrammeSession] = []
    for start, end, proposal, room, venue, partner in rows:
        venue_item = venues.get(venue.code) or _venue(venue)
        venues[venue.code] = venue_item
        partner_item = None
        if partner is not None:
            partner_item = partners.get(partner.code) or PersonItem(
                code=partner.code, name=partner.name, phone=partner.phone, email=partner.email, id=partner.id
            )
            partners[partner.code] = partner_item
        items.append(
            ProgrammeSession(
                code=proposal.code,
                proposal_id=proposal.id,
                title=proposal.title,
                description=proposal.description,
                kind=proposal.kind,
                audience=proposal.audience,
                theme=proposal.theme,
                start=start,
                end=end,
                room=RoomItem(
                    code=room.code,
                    name=room.name,
                    capacity=room.capacity,
                    features=tuple(room.features or ()),
                    changeover_minutes=room.changeover_minutes or 0,
                    venue_code=venue.code,
                ),
                venue=venue_item,
                speakers=tuple(speakers.get(proposal.id, ())),
                partner=partner_item,
                accessibility_note=proposal.accessibility,
                setup_minutes=proposal.setup_minutes or 0,
                sequence=sequences.get(proposal.code, 0),
            )
        )
    items.sort(key=lambda s: (s.start, s.venue.name, s.room.name, s.code))
    all_speakers = {p.code: p for item in items for p in item.speakers}
    return Programme(
        edition_id=edition.id,
        edition_code=edition.code,
        edition_name=edition.name,
        timezone=edition.timezone,
        start_date=edition.start_date,
        end_date=edition.end_date,
        version_number=version.number,
        published_at=version.published_at,
        sessions=tuple(items),
        venues=venues,
        speakers=all_speakers,
        partners=partners,
        stamp=stamp,
    )


def _venue(venue: Venue) -> VenueItem:
    return VenueItem(
        code=venue.code,
        name=venue.name,
        commune=venue.commune,
        territory=venue.territory,
        address=venue.address,
        postal_code=venue.postal_code,
        lat=venue.lat,
        lon=venue.lon,
        contact_name=venue.contact_name,
        contact_phone=venue.contact_phone,
    )


def _speakers_by_proposal(session: Session, run_id: int) -> dict[int, list[PersonItem]]:
    query = (
        select(SessionSpeaker.proposal_id, Speaker)
        .join(Speaker, Speaker.id == SessionSpeaker.speaker_id)
        .join(Assignment, Assignment.proposal_id == SessionSpeaker.proposal_id)
        .where(Assignment.run_id == run_id)
        .order_by(SessionSpeaker.proposal_id, SessionSpeaker.position)
    )
    found: dict[int, list[PersonItem]] = defaultdict(list)
    for proposal_id, speaker in session.execute(query).tuples():
        found[proposal_id].append(
            PersonItem(code=speaker.code, name=speaker.name, phone=speaker.phone, email=speaker.email, id=speaker.id)
        )
    return found


def _history(session: Session, edition_id: int) -> list[dict[str, tuple[str, datetime, datetime]]]:
    """Every published version's slots, in order, for the SEQUENCE of each session."""
    query = (
        select(ScheduleVersion.number, SessionProposal.code, Room.code, Assignment.start, Assignment.end)
        .join(Assignment, Assignment.run_id == ScheduleVersion.run_id)
        .join(SessionProposal, SessionProposal.id == Assignment.proposal_id)
        .join(Room, Room.id == Assignment.room_id)
        .where(ScheduleVersion.edition_id == edition_id)
        .order_by(ScheduleVersion.number)
    )
    versions: dict[int, dict[str, tuple[str, datetime, datetime]]] = {}
    for number, code, room, start, end in session.execute(query).tuples():
        versions.setdefault(number, {})[code] = (room, start, end)
    return [versions[n] for n in sorted(versions)]


def seats_taken(
    session: Session,
    proposal_ids: list[int] | None = None,
    *,
    edition_id: int | None = None,
) -> dict[int, int]:
    """Confirmed seats per session, in one aggregate query (for one session, some, or a whole edition)."""
    query = select(Registration.proposal_id, func.coalesce(func.sum(Registration.seats), 0)).where(
        Registration.status == "confirmed"
    )
    if proposal_ids is not None:
        query = query.where(Registration.proposal_id.in_(proposal_ids))
    if edition_id is not None:
        query = query.join(SessionProposal, SessionProposal.id == Registration.proposal_id).where(
            SessionProposal.edition_id == edition_id
        )
    query = query.group_by(Registration.proposal_id)
    return {pid: int(total) for pid, total in session.execute(query).tuples()}


#: How long this process trusts what it last read of the published version and of the seats: a second of
#: staleness across processes buys cached reads that do not touch the database at all.
MEMO_SECONDS = 1.0
_MEMO: dict[tuple[str, str, object], tuple[float, object]] = {}
#: One lock per memo key: when an entry goes stale, one thread re-reads it while the others wait for it.
_REFRESHING: dict[tuple[str, str, object], threading.Lock] = {}
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Seats:
    """Confirmed seats per session of an edition, and a short stamp of them (page caches key on it)."""

    taken: dict[int, int]
    stamp: str


def _memo_key(session: Session, kind: str, what: object) -> tuple[str, str, object]:
    return (str(session.get_bind().url), kind, what)


def _configured_key(kind: str, what: object) -> tuple[str, str, object]:
    """The memo key that a session of :func:`session_factory` would give, without opening one."""
    return (str(get_engine().url), kind, what)


def _remembered(key: tuple[str, str, object]) -> tuple[bool, object]:
    with _LOCK:
        found = _MEMO.get(key)
    if found is not None and time.monotonic() - found[0] < MEMO_SECONDS:
        return True, found[1]
    return False, None


def _remember(key: tuple[str, str, object], value: object) -> None:
    with _LOCK:
        if len(_MEMO) > 1024:
            _MEMO.clear()
        _MEMO[key] = (time.monotonic(), value)


def _refreshed(key: tuple[str, str, object], read: Callable[[], T]) -> T:
    """The memo's value for ``key``; when stale, one thread re-reads it and the concurrent ones wait.

    Without the gate, every request arriving in the millisecond the entry expires would run the same
    queries (and rebuild the same programme) at once: the stampede behind the HTTP benchmark's stalls.
    """
    known, value = _remembered(key)
    if known:
        return value  # type: ignore[return-value]
    with _LOCK:
        gate = _REFRESHING.setdefault(key, threading.Lock())
    with gate:
        known, value = _remembered(key)
        if known:
            return value  # type: ignore[return-value]
        fresh = read()
        _remember(key, fresh)
        return fresh


def published_programme(session: Session, edition_code: str | None = None) -> Programme | None:
    """The programme the public sees (latest version of the edition published last), re-checked every second."""

    def read() -> Programme | None:
        edition_id = published_edition_id(session, edition_code)
        return load_programme(session, edition_id) if edition_id is not None else None

    return _refreshed(_memo_key(session, "programme", edition_code), read)


def seats_now(session: Session, edition_id: int) -> Seats:
    """Confirmed seats per session of the edition, re-read every second (and at once after a booking here)."""

    def read() -> Seats:
        taken = seats_taken(session, edition_id=edition_id)
        stamp = hashlib.blake2b(repr(sorted(taken.items())).encode(), digest_size=8).hexdigest()
        return Seats(taken=taken, stamp=stamp)

    return _refreshed(_memo_key(session, "seats", edition_id), read)


def seats_taken_now(session: Session, edition_id: int) -> dict[int, int]:
    """Confirmed seats per session of the edition, re-read every second (and at once after a booking here)."""
    return seats_now(session, edition_id).taken


def _in_own_session(read: Callable[..., T], *args: object) -> T:
    """Run ``read(session, *args)`` in a read-only session of its own (nothing to commit: it only reads)."""
    with session_factory()() as session:
        return read(session, *args)


async def published_programme_async(edition_code: str | None = None) -> Programme | None:
    """:func:`published_programme` for ``async`` routes: no thread, no session, no query while the memo is fresh."""
    known, value = _remembered(_configured_key("programme", edition_code))
    if known:
        return value  # type: ignore[return-value]
    return await run_in_threadpool(_in_own_session, published_programme, edition_code)


async def seats_now_async(edition_id: int) -> Seats:
    """:func:`seats_now` for ``async`` routes: the database is read in a worker thread, once a second at most."""
    known, value = _remembered(_configured_key("seats", edition_id))
    if known:
        return value  # type: ignore[return-value]
    return await run_in_threadpool(_in_own_session, seats_now, edition_id)


def forget_memo() -> None:
    """Forget what this process remembers of versions and seats (after a booking, a publication in tests)."""
    with _LOCK:
        _MEMO.clear()
