"""The edition and its places: venues, rooms and the travel times between venues."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.db import Base
from shared.models.types import UTCDateTime, utcnow


class Edition(Base):
    """One yearly edition (``cn2023``): dates, time zone, school holidays, audience windows, territories."""

    __tablename__ = "editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    granularity_minutes: Mapped[int] = mapped_column(Integer, default=15)
    #: ``[{"start": "2023-10-21", "end": "2023-11-05"}]`` as in the scenario format.
    school_holidays: Mapped[list] = mapped_column(JSON, default=list)
    #: ``{"professional": [{"days": …, "from": …, "to": …}]}`` as in the scenario format.
    audience_windows: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Intercommunalities the edition means to reach; each one without a session costs the score.
    territories: Mapped[list] = mapped_column(JSON, default=list)
    #: Last day partners may submit or change proposals.
    proposals_close_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: Optional scenario keys the imported document left out, so that exporting writes them out again as absent.
    absent_keys: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    venues: Mapped[list[Venue]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Venue.position"
    )


class Venue(Base):
    """A place of the event: a building in a commune, in one intercommunality (territory)."""

    __tablename__ = "venues"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    commune: Mapped[str | None] = mapped_column(String(120), nullable=True)
    territory: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    postal_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    #: Opening hours as scenario windows; NULL means open every day, all day.
    opening: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    contact_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    contact_phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    edition: Mapped[Edition] = relationship(back_populates="venues")
    rooms: Mapped[list[Room]] = relationship(
        back_populates="venue", cascade="all, delete-orphan", order_by="Room.position"
    )


class Room(Base):
    """A room of a venue; its code is unique across the whole edition, as the scenario format requires."""

    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("edition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int] = mapped_column(Integer)
    features: Mapped[list] = mapped_column(JSON, default=list)
    #: Minutes the room needs between two sessions; NULL means the format's default (0).
    changeover_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Optional scenario keys the imported document left out, so that exporting writes them out again as absent.
    absent_keys: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)

    venue: Mapped[Venue] = relationship(back_populates="rooms")


class TravelTime(Base):
    """Minutes from one venue to another (by road), one row per ordered pair."""

    __tablename__ = "travel_times"

    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id", ondelete="CASCADE"), primary_key=True)
    from_venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True)
    to_venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer)
