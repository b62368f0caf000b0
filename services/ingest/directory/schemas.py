"""Request and response bodies of the ingest API, with the constraints the database and the format impose.

Every bound here mirrors a column (lengths, 32-bit integers) or a rule of the scenario format, so a
body that passes validation can always be stored on PostgreSQL as on SQLite: what does not fit is
a 422 naming the field, never a 500.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from shared.addresses import EMAIL_PATTERN, MAX_EMAIL
from shared.names import clean_name_input
from shared.web.ids import INT32 as INT32  # re-exported: the ingest routes bound their counts with it
from shared.web.ids import DbId


def _clean_text(value: str) -> str:
    """PostgreSQL refuses NUL characters and lone surrogates cannot be encoded: refuse them here."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text") from None
    return value


def _naive(value: datetime) -> datetime:
    """Programme times are local wall-clock times of the edition: an offset would be ambiguous."""
    if value.tzinfo is not None:
        raise ValueError("must be a local time without offset, e.g. 2023-10-16T09:00")
    return value


Code = Annotated[
    str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$"), AfterValidator(_clean_text)
]
Email = Annotated[str, Field(max_length=MAX_EMAIL, pattern=EMAIL_PATTERN)]
Phone = Annotated[str, Field(max_length=40, pattern=r"^[0-9+().\s-]*$")]
Locale = Literal["fr", "en"]
LocalDateTime = Annotated[datetime, AfterValidator(_naive)]
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]
Feature = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_clean_text)]
Id = DbId
#: A name, cleaned of control characters before it is checked (they would break the emails' headers).
Name = Annotated[
    str, BeforeValidator(clean_name_input), Field(min_length=1, max_length=200), AfterValidator(_clean_text)
]
ContactName = Annotated[str, BeforeValidator(clean_name_input), Field(max_length=200), AfterValidator(_clean_text)]
Str64 = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_clean_text)]
Str120 = Annotated[str, Field(max_length=120), AfterValidator(_clean_text)]
Str200 = Annotated[str, Field(max_length=200), AfterValidator(_clean_text)]
Str2000 = Annotated[str, Field(max_length=2000), AfterValidator(_clean_text)]
Str5000 = Annotated[str, Field(max_length=5000), AfterValidator(_clean_text)]
Title = Annotated[str, Field(min_length=1, max_length=300), AfterValidator(_clean_text)]


class Model(BaseModel):
    """Unknown fields are refused so that a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class OutModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class TimeRange(Model):
    """Half-open range ``[start, end)`` of local date-times."""

    start: LocalDateTime
    end: LocalDateTime

    @model_validator(mode="after")
    def _ordered(self) -> TimeRange:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class TimeRangeOut(OutModel):
    start: datetime
    end: datetime


# --- editions -------------------------------------------------------------------------------------


class EditionCreate(Model):
    code: Code
    name: Name
    start_date: date
    end_date: date
    timezone: Str64 = "Europe/Paris"
    granularity_minutes: Literal[5, 10, 15, 20, 30, 60] = 15
    proposals_close_on: date | None = None
    territories: list[Name] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _dates(self) -> EditionCreate:
        if self.end_date < self.start_date:
            raise ValueError("end_date must not be before start_date")
        return self


class EditionUpdate(Model):
    name: Name | None = None
    proposals_close_on: date | None = None
    territories: list[Name] | None = Field(default=None, max_length=100)


class EditionOut(OutModel):
    id: int
    code: str
    name: str
    start_date: date
    end_date: date
    timezone: str
    granularity_minutes: int
    proposals_close_on: date | None
    territories: list[str]


# --- venues and rooms -----------------------------------------------------------------------------


class VenueFields(Model):
    name: Name | None = None
    commune: Str120 | None = None
    territory: Str200 | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    address: Str2000 | None = None
    postal_code: Annotated[str, Field(max_length=10, pattern=r"^[0-9A-Za-z -]*$")] | None = None
    contact_name: ContactName | None = None
    contact_phone: Phone | None = None
    contact_email: Email | None = None


class VenueCreate(VenueFields):
    edition_id: Id
    code: Code
    name: Name


class VenueUpdate(VenueFields):
    pass


class VenueOut(OutModel):
    id: int
    edition_id: int
    code: str
    name: str
    commune: str | None
    territory: str | None
    lat: float | None
    lon: float | None
    address: str | None
    postal_code: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None


def _none_as_empty(value: list[str] | None) -> list[str]:
    return [] if value is None else value


#: A room's features; ``null`` means none: the column holds a list, and a room read back must show one.
FeatureList = Annotated[list[Feature] | None, Field(max_length=50), AfterValidator(_none_as_empty)]


class RoomFields(Model):
    name: Name | None = None
    capacity: int | None = Field(default=None, ge=1, le=100_000)
    features: FeatureList = None
    changeover_minutes: Minutes | None = None


class RoomCreate(RoomFields):
    venue_id: Id
    code: Code
    name: Name
    capacity: int = Field(ge=1, le=100_000)
    features: FeatureList = Field(default_factory=list)


class RoomUpdate(RoomFields):
    pass


class RoomOut(OutModel):
    id: int
    edition_id: int
    venue_id: int
    code: str
    name: str
    capacity: int
    features: list[str]
    changeover_minutes: int | None


# --- partners, speakers, participants, registrations ----------------------------------------------


class PartnerFields(Model):
    name: Name | None = None
    email: Email | None = None
    contact_name: ContactName | None = None
    phone: Phone | None = None
    locale: Locale | None = None


class PartnerCreate(PartnerFields):
    edition_id: Id
    code: Code
    name: Name


class PartnerUpdate(PartnerFields):
    pass


class PartnerOut(OutModel):
    id: int
    edition_id: int
    code: str
    name: str
    email: str | None
    contact_name: str | None
    phone: str | None
    locale: str


class SpeakerFields(Model):
    name: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    locale: Locale | None = None
    max_sessions_per_day: int | None = Field(default=None, ge=1, le=20)


class SpeakerCreate(SpeakerFields):
    edition_id: Id
    code: Code
    name: Name


class SpeakerUpdate(SpeakerFields):
    pass


class SpeakerOut(OutModel):
    id: int
    edition_id: int
    code: str
    name: str
    email: str | None
    phone: str | None
    locale: str
    max_sessions_per_day: int | None
    availability_given: bool


class SpeakerContactUpdate(Model):
    """What a speaker may change about themself (the lead sets the daily limit)."""

    name: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    locale: Locale | None = None


class AvailabilityIn(Model):
    """The complete new availability: it replaces the old one (an empty list means never available)."""

    ranges: list[TimeRange] = Field(max_length=500)


class AvailabilityOut(BaseModel):
    availability_given: bool
    ranges: list[TimeRangeOut]


class ParticipantFields(Model):
    name: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    commune: Str120 | None = None
    is_professional: bool | None = None
    locale: Locale | None = None
    accessibility_needs: Str2000 | None = None


class ParticipantCreate(ParticipantFields):
    edition_id: Id
    name: Name
    email: Email


class ParticipantUpdate(ParticipantFields):
    pass


class ParticipantOut(OutModel):
    id: int
    edition_id: int
    name: str
    email: str
    phone: str | None
    commune: str | None
    is_professional: bool
    locale: str
    accessibility_needs: str | None


RegistrationStatus = Literal["confirmed", "waitlisted", "cancelled"]


class RegistrationCreate(Model):
    participant_id: Id
    proposal_id: Id
    seats: int = Field(default=1, ge=1, le=50)
    status: RegistrationStatus = "confirmed"
    accessibility_needs: Str2000 | None = None


class RegistrationUpdate(Model):
    seats: int | None = Field(default=None, ge=1, le=50)
    status: RegistrationStatus | None = None
    accessibility_needs: Str2000 | None = None


class RegistrationOut(OutModel):
    id: int
    participant_id: int
    proposal_id: int
    seats: int
    status: str
    accessibility_needs: str | None
    cancelled_at: datetime | None


class LinkOut(BaseModel):
    """A personal link, shown once: it is the person's form address and bearer token."""

    url: str
    token: str
    expires_at: datetime


class RevokedOut(BaseModel):
    revoked: int
