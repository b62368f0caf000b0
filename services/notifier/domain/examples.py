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
                "registration_status": "confirmed",
            },
            {
                "code": "S042",
                "title": second["title"],
                "change": "removed",
                "old": second,
                "new": None,
                "registration_status": "confirmed",
            },
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


_SLOT_FACTS = {
    "proposal_id": 17,
    "code": "S017",
    "title": EXAMPLE_TITLE,
    "start": "2023-10-18T14:00",
    "end": "2023-10-18T15:30",
    "room": "auditorium",
    "room_name": "Auditorium",
    "venue": "mediatheque",
    "venue_name": "Médiathèque Jacques-Prévert",
    "commune": "Clermont-Ferrand",
    "address": "15 rue de l'Industrie",
}
_CHANGE = {"code": "S017", "kind": "moved", "what": ["start"], "old": _SLOT_FACTS, "new": _SLOT_FACTS}
_VERSION = {"edition_id": 1, "edition_code": "cn2023", "version_id": 3, "version_number": 2, "message": "Bonjour"}
_SURVEY = {
    "link": "https://festplan.example/enquete/Zx8-example-token",
    "deadline": "2023-11-10",
    "invitation_id": 5,
    "privacy": "Vos réponses servent à évaluer l'événement.",
}

#: One payload per kind, shaped as its producer writes it: the secret-link test walks their keys.
EXAMPLE_PAYLOADS: dict[str, dict[str, Any]] = {
    "partner.proposal_received": {"proposal_id": 17, "partner_id": 4},
    "partner.decision": {"proposal_id": 17, "partner_id": 4, "decision": "accepted", "message": "Merci !"},
    "partner.slots": {**_VERSION, "partner_id": 4, "first_publication": True, "sessions": [_SLOT_FACTS], "changes": []},
    "partner.logistics": {**_VERSION, "partner_id": 4, "proposal_id": 17, "session": _SLOT_FACTS},
    "partner.survey_before": {**_SURVEY, "survey": "partner_before", "partner_id": 4},
    "partner.survey_after": {**_SURVEY, "survey": "partner_after", "partner_id": 4},
    "partner.invitation": {
        "partner_id": 4,
        "link": "https://festplan.example/p/Zx8-example-token",
        "expires_at": "2023-09-30T00:00:00+00:00",
    },
    "speaker.invitation": {
        "speaker_id": 9,
        "link": "https://festplan.example/p/Zx8-example-token",
        "expires_at": "2023-09-30T00:00:00+00:00",
    },
    "speaker.assignment": {
        **_VERSION,
        "speaker_id": 9,
        "first_publication": True,
        "sessions": [_SLOT_FACTS],
        "changes": [],
    },
    "speaker.schedule_change": {"changes": [_CHANGE], "sequence": 2, "schedule_version_id": 3},
    "speaker.survey_after": {**_SURVEY, "survey": "speaker_after", "speaker_id": 9},
    "participant.registration_confirmed": {
        "registration_id": 12,
        "participant_id": 30,
        "proposal_id": 17,
        "registration_status": "confirmed",
        "seats": 2,
        "title": EXAMPLE_TITLE,
        "link": "https://festplan.example/programme/inscriptions/12/annuler/sig",
        "cancel_url": "https://festplan.example/programme/inscriptions/12/annuler/sig",
    },
    "participant.reminder": {"participant_id": 30, "date": "2023-10-18", "title": EXAMPLE_TITLE},
    "participant.session_changed": {
        **_VERSION,
        "participant_id": 30,
        "sequence": 2,
        "changes": [
            {**_CHANGE, "registration_status": "confirmed"},
            {**_CHANGE, "kind": "removed", "what": [], "new": None, "registration_status": "waitlisted"},
        ],
    },
    "participant.survey": {**_SURVEY, "survey": "participant_after", "participant_id": 30, "proposal_id": 17},
    "survey.reminder": {**_SURVEY, "survey": "participant_after", "participant_id": 30, "proposal_id": 17},
    "lead.signin_link": {"link": "https://festplan.example/gestion/connexion/Zx8-example-token", "user_id": 1},
    "network.news": {
        "title": "Les nouvelles du réseau",
        "message": "Bonjour à toutes et à tous.",
        "network_message_id": 2,
    },
}
