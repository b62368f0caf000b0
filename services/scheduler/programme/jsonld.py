"""schema.org ``Event`` JSON-LD for a session page, so that search engines and agenda aggregators list it."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from services.scheduler.programme.model import Programme, ProgrammeSession

ORGANIZER = "Conseil départemental du Puy-de-Dôme"
#: schema.org accessibility vocabulary for the room features a session offers.
ACCESSIBILITY_TERMS = {
    "wheelchair": "wheelchairAccessible",
    "hearing_loop": "audioDescription",
    "sign_language": "signLanguage",
    "easy_read": "simplifiedLayout",
}
AUDIENCE_TYPES = {
    "public": "Grand public",
    "professional": "Professionnels",
    "family": "Familles",
    "school": "Scolaires",
}


def aware(value: datetime, timezone: str) -> datetime:
    """A programme wall-clock time with the edition's offset on that day (summer or winter time)."""
    return value.replace(tzinfo=ZoneInfo(timezone))


def event_data(
    programme: Programme,
    item: ProgrammeSession,
    *,
    url: str,
    seats_left: int | None = None,
) -> dict[str, object]:
    """The ``Event`` object of one session: place with postal address and coordinates, organizer, performers."""
    venue = item.venue
    place: dict[str, object] = {
        "@type": "Place",
        "name": f"{venue.name} — {item.room.name}",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": venue.address or "",
            "postalCode": venue.postal_code or "",
            "addressLocality": venue.commune or "",
            "addressRegion": "Puy-de-Dôme",
            "addressCountry": "FR",
        },
        "maximumAttendeeCapacity": item.capacity,
    }
    if venue.lat is not None and venue.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.lat, "longitude": venue.lon}
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "url": url,
        "name": item.title,
        "startDate": aware(item.start, programme.timezone).isoformat(),
        "endDate": aware(item.end, programme.timezone).isoformat(),
        "eventStatus": "https://schema.org/EventRescheduled" if item.sequence else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": {"@type": "Organization", "name": ORGANIZER, "url": url.split("/programme")[0] + "/programme"},
        "performer": [{"@type": "Person", "name": p.name} for p in item.speakers],
        "isAccessibleForFree": True,
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "availability": "https://schema.org/SoldOut" if seats_left == 0 else "https://schema.org/InStock",
        },
        "superEvent": {"@type": "EventSeries", "name": programme.edition_name},
        "inLanguage": "fr",
        "accessibilityFeature": [ACCESSIBILITY_TERMS[f] for f in item.accessibility],
    }
    if item.description:
        data["description"] = item.description
    if item.audience:
        data["audience"] = {"@type": "Audience", "audienceType": AUDIENCE_TYPES.get(item.audience, item.audience)}
    if item.partner is not None:
        data["sponsor"] = {"@type": "Organization", "name": item.partner.name}
    if item.accessibility_note:
        data["accessibilitySummary"] = item.accessibility_note
    return data


def script_json(data: object) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: no ``</script>``, ``<!--`` or ``&`` can end it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
