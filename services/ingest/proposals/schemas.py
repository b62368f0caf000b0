"""Bodies of the proposal and review endpoints (the directory's are in :mod:`schemas`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from services.ingest.directory.schemas import (
    Code,
    EditionOut,
    Feature,
    Model,
    PartnerOut,
    Str2000,
    Str5000,
    TimeRange,
    TimeRangeOut,
    Title,
)

Kind = Literal["conference", "round_table", "workshop", "showroom", "social"]
Audience = Literal["public", "professional", "family", "school"]
Theme = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]


class ProposalIn(Model):
    """Everything a partner states about a session; codes name the edition's venues and speakers."""

    title: Title
    description: Str5000 | None = None
    kind: Kind | None = None
    duration_minutes: int = Field(ge=5, le=720)
    expected_attendance: int | None = Field(default=None, ge=1, le=100_000)
    audience: Audience | None = None
    theme: Theme | None = None
    required_features: list[Feature] | None = Field(default=None, max_length=30)
    preferred_venues: list[Code] | None = Field(default=None, max_length=50)
    preferred_dates: list[date] | None = Field(default=None, max_length=60)
    windows: list[TimeRange] | None = Field(default=None, max_length=60)
    speakers: list[Code] | None = Field(default=None, max_length=20)
    accessibility: Str2000 | None = None
    equipment: Str2000 | None = None
    setup_minutes: int | None = Field(default=None, ge=0, le=480)


class SlotOut(BaseModel):
    """Where and when a session takes place in the published programme."""

    version: int
    venue_code: str
    venue_name: str
    commune: str | None
    room_code: str
    room_name: str
    start: datetime
    end: datetime


class ProposalOut(BaseModel):
    id: int
    edition_id: int
    code: str
    partner_id: int | None
    title: str
    description: str | None
    kind: str | None
    duration_minutes: int
    expected_attendance: int | None
    audience: str | None
    theme: str | None
    required_features: list[str] | None
    preferred_venues: list[str] | None
    preferred_dates: list[date] | None
    windows: list[TimeRangeOut] | None
    speakers: list[str]
    accessibility: str | None
    equipment: str | None
    setup_minutes: int | None
    status: Literal["submitted", "accepted", "rejected", "withdrawn"]
    decision_message: str | None
    decided_at: datetime | None
    created_at: datetime
    updated_at: datetime
    slots: list[SlotOut]


class DecisionIn(Model):
    """The lead's review: the message goes to the partner verbatim (escaped) in the decision email."""

    status: Literal["accepted", "rejected"]
    message: Str5000 = ""


class PartnerMeOut(BaseModel):
    partner: PartnerOut
    edition: EditionOut
    proposals_open: bool
