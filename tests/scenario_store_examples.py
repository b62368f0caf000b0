"""Scenario documents for the scenario ⇄ database tests: the spec's example made concrete, and edge cases.

Importable from every tier (``tests/`` is on ``sys.path`` through the rootdir conftest).
"""

from __future__ import annotations

import copy
from typing import Any

_FULL: dict[str, Any] = {
    "format": "festplan-scenario/1",
    "edition": {
        "id": "cn2023",
        "name": "Culture et numérique 2023",
        "start_date": "2023-10-16",
        "end_date": "2023-10-27",
        "timezone": "Europe/Paris",
        "granularity_minutes": 15,
        "school_holidays": [{"start": "2023-10-21", "end": "2023-11-05"}],
        "audience_windows": {
            "professional": [{"days": "school_days", "from": "09:00", "to": "18:00"}],
            "family": [
                {"days": "holidays", "from": "10:00", "to": "18:00"},
                {"days": "weekend", "from": "10:00", "to": "18:00"},
            ],
            "public": [{"days": "all", "from": "10:00", "to": "24:00"}],
        },
        "territories": ["Clermont Auvergne Métropole", "Riom Limagne et Volcans", "Entre Dore et Allier"],
    },
    "venues": [
        {
            "id": "hd",
            "name": "Hôtel du Département",
            "commune": "Clermont-Ferrand",
            "territory": "Clermont Auvergne Métropole",
            "lat": 45.7745,
            "lon": 3.0895,
            "opening": [{"days": "weekdays", "from": "08:30", "to": "19:00"}],
            "rooms": [
                {
                    "id": "hd-cassin",
                    "name": "Hall René-Cassin",
                    "capacity": 150,
                    "features": ["wheelchair", "hearing_loop", "projector", "sound"],
                    "changeover_minutes": 15,
                },
                {"id": "hd-salle-a", "name": "Salle A", "capacity": 40, "features": ["projector"]},
            ],
        },
        {
            "id": "riom-mediatheque",
            "name": "Médiathèque Jean-Bellaigue",
            "commune": "Riom",
            "territory": "Riom Limagne et Volcans",
            "opening": [],
            "rooms": [{"id": "riom-auditorium", "name": "Auditorium", "capacity": 80}],
        },
        {
            "id": "lezoux-musee",
            "name": "Musée départemental de la Céramique",
            "rooms": [{"id": "lezoux-atelier", "name": "Atelier", "capacity": 25, "features": []}],
        },
    ],
    "travel_minutes": {
        "hd": {"hd": 0, "riom-mediatheque": 25, "lezoux-musee": 35},
        "riom-mediatheque": {"hd": 25, "riom-mediatheque": 0, "lezoux-musee": 40},
        "lezoux-musee": {"hd": 35, "riom-mediatheque": 40, "lezoux-musee": 0},
    },
    "speakers": [
        {
            "id": "sp-001",
            "name": "Hélène Vialle",
            "email": "helene.vialle@example.org",
            "availability": [
                {"start": "2023-10-16T09:00", "end": "2023-10-18T18:00"},
                {"start": "2023-10-20T09:00", "end": "2023-10-21T00:00"},
            ],
            "max_sessions_per_day": 2,
        },
        {"id": "sp-002", "name": "Camille Roux", "availability": []},
        {"id": "sp-003", "name": "Karim Benali", "email": "karim.benali@example.fr"},
    ],
    "partners": [
        {"id": "pa-001", "name": "Médiathèque de Riom", "email": "mediatheque@example.fr"},
        {"id": "pa-002", "name": "Canopé"},
    ],
    "sessions": [
        {
            "id": "se-001",
            "title": "Les écrans et les tout-petits",
            "kind": "round_table",
            "partner": "pa-001",
            "speakers": ["sp-003", "sp-001"],
            "duration_minutes": 90,
            "expected_attendance": 60,
            "audience": "public",
            "theme": "media-education",
            "required_features": ["wheelchair"],
            "allowed_venues": ["hd", "riom-mediatheque"],
            "preferred_venues": ["riom-mediatheque"],
            "preferred_dates": ["2023-10-18", "2023-10-17"],
            "windows": [{"start": "2023-10-16T09:00", "end": "2023-10-20T18:00"}],
            "priority": 2,
            "mandatory": False,
            "fixed": None,
        },
        {"id": "se-002", "title": "Atelier minimal", "duration_minutes": 60},
        {
            "id": "se-003",
            "title": "Ouverture",
            "speakers": [],
            "duration_minutes": 60,
            "priority": 1,
            "mandatory": True,
            "fixed": {"room": "hd-cassin", "start": "2023-10-16T18:00"},
            "required_features": [],
            "allowed_venues": [],
            "preferred_dates": [],
            "windows": [],
        },
        {
            "id": "se-004",
            "title": "Fabriquer un podcast",
            "kind": "atelier-son",
            "partner": "pa-002",
            "speakers": ["sp-002"],
            "duration_minutes": 120,
            "expected_attendance": 12,
            "audience": "family",
            "preferred_venues": [],
        },
    ],
    "previous": [
        {"session": "se-004", "room": "lezoux-atelier", "start": "2023-10-21T14:00"},
        {"session": "se-001", "room": "hd-cassin", "start": "2023-10-18T14:00"},
    ],
}

_MINIMAL: dict[str, Any] = {
    "format": "festplan-scenario/1",
    "edition": {"id": "mini", "name": "Édition minimale", "start_date": "2024-03-04", "end_date": "2024-03-04"},
    "venues": [{"id": "v", "name": "Lieu", "rooms": [{"id": "r", "name": "Salle", "capacity": 10}]}],
    "travel_minutes": {"v": {"v": 0}},
    "speakers": [],
    "partners": [],
    "sessions": [{"id": "s", "title": "Seule session", "duration_minutes": 30}],
}


def full_scenario() -> dict[str, Any]:
    """Every key of format 1, present, absent, empty or null somewhere, with a published ``previous``."""
    return copy.deepcopy(_FULL)


def minimal_scenario() -> dict[str, Any]:
    """Only the required keys: every optional key absent, no ``previous``."""
    return copy.deepcopy(_MINIMAL)


def with_previous(doc: dict[str, Any], count: int = 10) -> dict[str, Any]:
    """``doc`` plus a ``previous`` placing its first ``count`` sessions (rooms and starts need not be valid)."""
    doc = copy.deepcopy(doc)
    rooms = [room["id"] for venue in doc["venues"] for room in venue["rooms"]]
    start_date = doc["edition"]["start_date"]
    doc["previous"] = [
        {"session": s["id"], "room": rooms[i % len(rooms)], "start": f"{start_date}T{9 + i % 8:02d}:00"}
        for i, s in enumerate(doc["sessions"][:count])
    ]
    return doc
