"""A venue as an OpenAgenda location and a published session as an OpenAgenda event (pure, no I/O).

The limits and field names are those of OpenAgenda's REST API v2 (``../shared/spec/openagenda-v2.md``,
sections 5 and 6): multilingual fields as ``{"fr": …, "en": …}`` objects (no ``lang`` header needed),
timings in ISO 8601 with their own offset (computed per timing: the autumn clock change falls inside the
festival), accessibility as the five booleans ``hi vi pi mi ii``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

TITLE_MAX = 140
DESCRIPTION_MAX = 200
LONG_DESCRIPTION_MAX = 10_000
LOCATION_NAME_MAX = 100
ADDRESS_MAX = 255
EXT_ID_MAX = 100
#: The ext-id key festplan files its locations and events under.
EXT_KEY = "festplan"
ELLIPSIS = "…"

#: OpenAgenda's event statuses (DOC evenements/structure.md).
SCHEDULED, RESCHEDULED, MOVED_ONLINE, POSTPONED, FULL, CANCELLED = 1, 2, 3, 4, 5, 6
#: Room features → OpenAgenda accessibility flags: hearing, visual, psychic, motor, intellectual impairment.
ACCESSIBILITY_FLAGS = ("hi", "vi", "pi", "mi", "ii")
FEATURE_FLAGS = {"wheelchair": "mi", "hearing_loop": "hi", "sign_language": "hi", "easy_read": "ii"}


@dataclass(frozen=True, slots=True)
class VenueFacts:
    code: str
    name: str
    address: str | None
    postal_code: str | None
    commune: str | None
    territory: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """A session of the published version, with what OpenAgenda shows of it (local wall-clock times)."""

    code: str
    title: str
    description: str | None
    start: datetime
    end: datetime
    timezone: str
    venue_code: str
    room_code: str
    room_features: tuple[str, ...]
    registration_url: str
    full: bool = False
    title_en: str | None = None
    description_en: str | None = None

    @property
    def slot(self) -> str:
        """Room and times, the part of a session whose change makes it "rescheduled"."""
        return f"{self.room_code}@{self.start.isoformat(timespec='minutes')}/{self.end.isoformat(timespec='minutes')}"


def cut(text: str, limit: int) -> str:
    """``text`` on one line, within ``limit`` characters, cut at a word with an ellipsis when too long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - len(ELLIPSIS)]
    space = head.rfind(" ")
    if space >= limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:.-") + ELLIPSIS


def multilingual(fr: str, en: str | None, limit: int) -> dict[str, str]:
    """French always, English where the text exists, each within ``limit``."""
    value = {"fr": cut(fr, limit)}
    if en and en.strip():
        value["en"] = cut(en, limit)
    return value


def external_id(*parts: str) -> str:
    """The ext-id value of an item; OpenAgenda refuses more than 100 characters (``string.toolong``)."""
    value = ":".join(parts)
    if len(value) <= EXT_ID_MAX:
        return value
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
    return f"{value[: EXT_ID_MAX - 17]}~{digest}"


def location_external_id(venue_code: str) -> str:
    """A venue keeps its location from one edition to the next: its code alone names it."""
    return external_id("lieu", venue_code)


def event_external_id(edition_code: str, session_code: str) -> str:
    """Session codes are unique within an edition only, and one agenda holds several editions."""
    return external_id(edition_code, session_code)


def location_payload(venue: VenueFacts) -> dict[str, object]:
    """The location of a venue; coordinates are sent when known (the geocoder may not find a rural address)."""
    street = (venue.address or "").strip()
    town = " ".join(p for p in (venue.postal_code, venue.commune) if p)
    address = ", ".join(p for p in (street, town) if p) or venue.name
    payload: dict[str, object] = {
        "name": cut(venue.name, LOCATION_NAME_MAX),
        "address": cut(address, ADDRESS_MAX),
        "countryCode": "FR",
        "extIds": [{"key": EXT_KEY, "value": location_external_id(venue.code)}],
    }
    if venue.postal_code:
        payload["postalCode"] = venue.postal_code
    if venue.commune:
        payload["city"] = venue.commune
    if venue.territory:
        payload["adminLevel3"] = venue.territory
    if venue.lat is not None and venue.lon is not None:
        payload["latitude"] = round(venue.lat, 6)
        payload["longitude"] = round(venue.lon, 6)
    return payload


def timing(start: datetime, end: datetime, timezone: str) -> dict[str, str]:
    """One range in ISO 8601 with each end's own offset (``+02:00`` before the autumn change, ``+01:00`` after)."""
    zone = ZoneInfo(timezone)
    return {
        "begin": start.replace(tzinfo=zone).isoformat(timespec="seconds"),
        "end": end.replace(tzinfo=zone).isoformat(timespec="seconds"),
    }


def accessibility(features: tuple[str, ...] | list[str]) -> dict[str, bool]:
    """The room's features as OpenAgenda's five flags (all five sent, so a lost feature is cleared)."""
    wanted = {FEATURE_FLAGS[f] for f in features if f in FEATURE_FLAGS}
    return {flag: flag in wanted for flag in ACCESSIBILITY_FLAGS}


def event_payload(
    item: SessionFacts, *, edition_code: str, location_uid: int, status: int = SCHEDULED
) -> dict[str, object]:
    """The event of a published session, linked to its venue's location and to festplan's registration page."""
    description = item.description or item.title
    payload: dict[str, object] = {
        "title": multilingual(item.title, item.title_en, TITLE_MAX),
        "description": multilingual(description, item.description_en or item.title_en, DESCRIPTION_MAX),
        "timings": [timing(item.start, item.end, item.timezone)],
        "locationUid": location_uid,
        "attendanceMode": 1,
        "status": status,
        "accessibility": accessibility(item.room_features),
        "registration": [{"type": "link", "value": item.registration_url}],
        "extIds": [{"key": EXT_KEY, "value": event_external_id(edition_code, item.code)}],
    }
    if item.description and len(" ".join(item.description.split())) > DESCRIPTION_MAX:
        long = {"fr": item.description[:LONG_DESCRIPTION_MAX]}
        if item.description_en:
            long["en"] = item.description_en[:LONG_DESCRIPTION_MAX]
        payload["longDescription"] = long
    return payload


def fingerprint(payload: dict[str, object]) -> str:
    """A stable hash of what is sent: an item whose payload did not change is not sent again."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
