"""A fingerprint of everything the public programme shows, so caches see back-office edits without a new version.

A published version fixes *when and where* sessions take place, but what the programme prints about them
lives in rows that the back-office edits at any time: a venue renamed, a room's capacity, a speaker's
name, a session's title. Caches keyed on the version alone would show the old text until the next
publication; keyed on this fingerprint they rebuild at the next check. The scheduler's programme keys
every cache of every format on it (pages, feeds, exchange files, exports, the ``/api/v1/programme`` JSON).

It costs a few small queries over one edition's reference rows (tens of venues, hundreds of rooms,
partners and speakers) and a hash: callers check it at most about once a second per process.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.models.edition import Edition, Room, Venue
from shared.models.people import Partner, Speaker
from shared.models.proposal import SessionProposal, SessionSpeaker


def shown_content_digest(session: Session, edition_id: int) -> str:
    """Hex digest of the edition's rows that the programme displays (changes whenever one of them does)."""
    proposals = select(SessionProposal.id).where(SessionProposal.edition_id == edition_id)
    queries = (
        select(Edition.code, Edition.name, Edition.timezone, Edition.start_date, Edition.end_date).where(
            Edition.id == edition_id
        ),
        # Titles, descriptions, kinds… of sessions: every ORM edit bumps ``updated_at``.
        select(func.count(SessionProposal.id), func.max(SessionProposal.updated_at)).where(
            SessionProposal.edition_id == edition_id
        ),
        select(
            Venue.id,
            Venue.code,
            Venue.name,
            Venue.commune,
            Venue.territory,
            Venue.address,
            Venue.postal_code,
            Venue.lat,
            Venue.lon,
            Venue.contact_name,
            Venue.contact_phone,
        )
        .where(Venue.edition_id == edition_id)
        .order_by(Venue.id),
        select(Room.id, Room.code, Room.name, Room.capacity, Room.features, Room.changeover_minutes, Room.venue_id)
        .where(Room.edition_id == edition_id)
        .order_by(Room.id),
        select(Partner.id, Partner.code, Partner.name, Partner.phone, Partner.email)
        .where(Partner.edition_id == edition_id)
        .order_by(Partner.id),
        select(Speaker.id, Speaker.code, Speaker.name, Speaker.phone, Speaker.email)
        .where(Speaker.edition_id == edition_id)
        .order_by(Speaker.id),
        # Who speaks at which session does not touch the proposal row.
        select(SessionSpeaker.proposal_id, SessionSpeaker.speaker_id, SessionSpeaker.position)
        .where(SessionSpeaker.proposal_id.in_(proposals))
        .order_by(SessionSpeaker.proposal_id, SessionSpeaker.speaker_id),
    )
    digest = hashlib.blake2b(digest_size=12)
    for query in queries:
        for row in session.execute(query).tuples():
            digest.update(repr(tuple(row)).encode())
        digest.update(b"\x00")
    return digest.hexdigest()
