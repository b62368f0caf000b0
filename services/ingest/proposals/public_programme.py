"""The public ``/api/v1/programme`` document: the published programme as JSON, built once per content.

Hundreds of readers a second ask for the same bytes: the document is serialised and gzip-compressed
once per published version and content of what it shows, and each process re-checks that stamp at
most every two seconds, by one thread while the others wait.
"""

from __future__ import annotations

import hashlib
import threading
import time as clock

from sqlalchemy.orm import Session

from services.ingest import repository as repo
from services.ingest.proposals.schemas import ProgrammeOut
from shared.models import Edition, ScheduleVersion
from shared.programme_stamp import shown_content_digest
from shared.settings import get_settings
from shared.web.http_cache import BuiltOnce, Encoded, encode

#: The programme documents built, per database, version and shown content (a handful at most).
_DOCUMENTS: BuiltOnce[tuple[str, int, str], Encoded] = BuiltOnce(8)
#: How long a process serves its last document before checking the version and content again.
_FRESH_SECONDS = 2.0
_RECENT: dict[tuple[str, str | None], tuple[float, Encoded]] = {}
_CHECKING = threading.Lock()


def programme(session: Session, *, edition_code: str | None = None) -> Encoded | None:
    """The latest published programme (of one edition, or the most recent one) as JSON, None before any.

    Versions never change once published, so the document is built (and gzip-compressed) once per
    version and per content of what it shows (:func:`shown_content_digest`): a corrected title or a
    renamed venue shows at the next check, and an unchanged programme is never serialised again.
    """
    version = repo.version_for_edition_code(session, edition_code) if edition_code else repo.latest_version(session)
    if version is None:
        return None
    key = (get_settings().database_url, version.id, shown_content_digest(session, version.edition_id))
    return _DOCUMENTS.get_or_build(key, lambda: _programme_document(session, version))


def _programme_document(session: Session, version: ScheduleVersion) -> Encoded:
    edition = session.get_one(Edition, version.edition_id)
    rows = repo.slot_rows(session, run_id=version.run_id)
    ids = [row[0] for row in rows]
    proposals = repo.programme_proposals(session, ids)
    names = repo.speaker_names(session, ids)
    sessions = []
    for row in rows:
        proposal, partner_name = proposals[row[0]]
        sessions.append(
            {
                "code": proposal.code,
                "title": proposal.title,
                "description": proposal.description,
                "kind": proposal.kind,
                "audience": proposal.audience,
                "theme": proposal.theme,
                "partner": partner_name,
                "speakers": names.get(proposal.id, []),
                "start": row[1],
                "end": row[2],
                "room_code": row[3],
                "room_name": row[4],
                "venue_code": row[5],
                "venue_name": row[6],
                "commune": row[7],
            }
        )
    document = {
        "edition": {
            "code": edition.code,
            "name": edition.name,
            "start_date": edition.start_date,
            "end_date": edition.end_date,
            "timezone": edition.timezone,
        },
        "version": version.number,
        "published_at": version.published_at,
        "sessions": sessions,
    }
    body = ProgrammeOut.model_validate(document).model_dump_json().encode()
    return encode(body, etag='"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')


def recent_programme(edition_code: str | None = None) -> Encoded | None:
    """The document this process checked less than 2 s ago, without a query; None when it must check again."""
    hit = _RECENT.get((get_settings().database_url, edition_code))
    if hit is not None and clock.monotonic() - hit[0] < _FRESH_SECONDS:
        return hit[1]
    return None


def programme_json(session: Session, *, edition_code: str | None = None) -> Encoded | None:
    """The published programme as JSON; within 2 s of the last check it is served without a query.

    This is what lets one process answer hundreds of reads a second: the public may see a new
    version or a corrected title up to two seconds late (and browsers cache it 60 s anyway). One
    thread checks at a time; the requests arriving meanwhile wait for its answer instead of repeating it.
    """
    key = (get_settings().database_url, edition_code)
    with _CHECKING:
        recent = recent_programme(edition_code)
        if recent is not None:
            return recent
        document = programme(session, edition_code=edition_code)
        if document is None:
            _RECENT.pop(key, None)
            return None
        if len(_RECENT) > 16:
            _RECENT.clear()
        _RECENT[key] = (clock.monotonic(), document)
        return document
