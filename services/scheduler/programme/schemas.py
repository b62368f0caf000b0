"""The public ``/api/v1/programme`` document's schema: the published programme as anyone may read it."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from services.scheduler.programme.model import Programme


class ProgrammeEdition(BaseModel):
    code: str
    name: str
    start_date: date
    end_date: date
    timezone: str


class ProgrammeSession(BaseModel):
    code: str
    title: str
    description: str | None
    kind: str | None
    audience: str | None
    theme: str | None
    partner: str | None
    speakers: list[str]
    venue_code: str
    venue_name: str
    commune: str | None
    room_code: str
    room_name: str
    start: datetime
    end: datetime


class ProgrammeOut(BaseModel):
    """The published programme, as anyone may read it."""

    edition: ProgrammeEdition
    version: int
    published_at: datetime
    sessions: list[ProgrammeSession]


def programme_out(programme: Programme) -> bytes:
    """The programme as the ``ProgrammeOut`` JSON document (sessions by start, then room code)."""
    sessions = [
        ProgrammeSession(
            code=item.code,
            title=item.title,
            description=item.description,
            kind=item.kind,
            audience=item.audience,
            theme=item.theme,
            partner=item.partner.name if item.partner else None,
            speakers=[person.name for person in item.speakers],
            venue_code=item.venue.code,
            venue_name=item.venue.name,
            commune=item.venue.commune,
            room_code=item.room.code,
            room_name=item.room.name,
            start=item.start,
            end=item.end,
        )
        for item in sorted(programme.sessions, key=lambda s: (s.start, s.room.code))
    ]
    document = ProgrammeOut(
        edition=ProgrammeEdition(
            code=programme.edition_code,
            name=programme.edition_name,
            start_date=programme.start_date,
            end_date=programme.end_date,
            timezone=programme.timezone,
        ),
        version=programme.version_number,
        published_at=programme.published_at,
        sessions=sessions,
    )
    return document.model_dump_json().encode()
