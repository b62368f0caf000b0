"""One example context per kind: for ``festplan notify preview`` and for the template tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from services.notifier.domain.ics import CalendarEvent
from services.notifier.domain.unsubscribe import UNSUBSCRIBABLE_KINDS

EXAMPLE_TITLE = "Atelier « Fake news » : démêler le vrai du faux"


def example_slot(
    *,
    code: str = "S017",
    title: str = EXAMPLE_TITLE,
    day: int = 18,
    hour: int = 14,
    venue: str = "Médiathèque Jacques-Prévert",
    room: str = "Auditorium",
) -> dict[str, Any]:
    """A placed session with every field the templates read."""
    return {
        "code": code,
        "title": title,
        "start": datetime(2023, 10, day, hour, 0),
        "end": datetime(2023, 10, day, hour + 1, 30),
        "venue_code": venue.lower().replace(" ", "-"),
        "venue_name": venue,
        "venue_address": "15 rue de l'Industrie, 63000 Clermont-Ferrand",
        "room_name": room,
        "setup_minutes": 30,
        "changeover_minutes": 15,
        "equipment": "vidéoprojecteur, micro sans fil",
        "accessibility": "accès de plain-pied, boucle magnétique",
        "contact_name": "Claire Dumas",
        "contact_phone": "04 73 00 00 00",
        "contact_email": "accueil@mediatheque.example",
    }


def example_context(kind: str, *, recipient_name: str = "Camille Martin", text: str | None = None) -> dict[str, Any]:
    """A complete context for ``kind``; ``text`` replaces every free text (hostile-input tests)."""
    title = text if text is not None else EXAMPLE_TITLE
    name = text if text is not None else recipient_name
    first = example_slot(title=title)
    second = example_slot(
        code="S042",
        title=text if text is not None else "Table ronde : l'IA à l'école",
        hour=17,
        venue="Salle des fêtes de Riom",
        room="Grande salle",
    )
    moved_to = {
        **example_slot(title=title, day=19, hour=10),
        "start": "2023-10-19T10:00:00",
        "end": "2023-10-19T11:30:00",
    }
    ctx: dict[str, Any] = {
        "recipient_name": name,
        "edition_name": "Culture et numérique 2023",
        "edition_start": date(2023, 10, 16),
        "edition_end": date(2023, 10, 27),
        "base_url": "https://festplan.example",
        "contact_email": "culture-numerique@puy-de-dome.fr",
        "unsubscribe_url": None,
        "link": "https://festplan.example/r/Zx8-example-token",
        "deadline": date(2023, 10, 6),
        "proposal": {"code": "S017", "title": title, "kind": "workshop", "duration_minutes": 90},
        "decision": "accepted",
        "message": text if text is not None else "Merci ! Prévoyez 20 places maximum.\nÀ bientôt.",
        "session": first,
        "sessions": [first, second],
        "days": [
            {
                "date": first["start"].date(),
                "sessions": [first, second],
                "travels": [{"from_venue": first["venue_name"], "to_venue": second["venue_name"], "minutes": 25}],
            }
        ],
        "changes": [
            {
                "code": "S017",
                "title": title,
                "change": "moved",
                "old": first,
                "new": {**moved_to, "start": datetime(2023, 10, 19, 10), "end": datetime(2023, 10, 19, 11, 30)},
            },
            {"code": "S042", "title": second["title"], "change": "removed", "old": second, "new": None},
        ],
        "seats": 2,
        "registration_status": "confirmed",
        "expires_minutes": 30,
        "audience": None,
        "privacy": None,
    }
    if kind in UNSUBSCRIBABLE_KINDS:  # the example shows the unsubscribe link and notice the email carries
        ctx["unsubscribe_url"] = "https://festplan.example/notifications/unsubscribe/example"
        ctx["privacy"] = (
            text
            if text is not None
            else (
                "Nous recueillons vos réponses pour évaluer l'événement et préparer la prochaine édition ; "
                "elles sont conservées 12 mois après l'édition."
            )
        )
    return ctx


def example_events() -> list[CalendarEvent]:
    """Two sessions as calendar events."""
    return [
        CalendarEvent(
            code="S017",
            title=EXAMPLE_TITLE,
            start=datetime(2023, 10, 18, 14),
            end=datetime(2023, 10, 18, 15, 30),
            location="Auditorium, Médiathèque Jacques-Prévert",
            sequence=1,
        ),
        CalendarEvent(
            code="S042",
            title="Table ronde",
            start=datetime(2023, 10, 18, 17),
            end=datetime(2023, 10, 18, 18, 30),
            location="Grande salle, Salle des fêtes de Riom",
            sequence=1,
        ),
    ]
