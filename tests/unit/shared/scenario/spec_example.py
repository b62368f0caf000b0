"""The example scenario and schedule of ``scenario-format.md`` (format 1), with concrete territories."""

from __future__ import annotations

import copy
from typing import Any

_SCENARIO: dict[str, Any] = {
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
            "school": [{"days": "school_days", "from": "09:00", "to": "16:30"}],
            "public": [{"days": "all", "from": "10:00", "to": "21:00"}],
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
            ],
        },
        {
            "id": "riom-mediatheque",
            "name": "Médiathèque Jean-Bellaigue",
            "commune": "Riom",
            "territory": "Riom Limagne et Volcans",
            "rooms": [{"id": "riom-auditorium", "name": "Auditorium", "capacity": 80}],
        },
        {
            "id": "lezoux-musee",
            "name": "Musée départemental de la Céramique",
            "rooms": [{"id": "lezoux-atelier", "name": "Atelier", "capacity": 25, "features": []}],
        },
    ],
    "travel_minutes": {
        "hd": {"hd": 0, "lezoux-musee": 35, "riom-mediatheque": 25},
        "lezoux-musee": {"hd": 35, "lezoux-musee": 0, "riom-mediatheque": 40},
        "riom-mediatheque": {"hd": 25, "lezoux-musee": 40, "riom-mediatheque": 0},
    },
    "speakers": [
        {
            "id": "sp-001",
            "name": "…",
            "email": "…",
            "availability": [{"start": "2023-10-16T09:00", "end": "2023-10-18T18:00"}],
            "max_sessions_per_day": 2,
        },
        {"id": "sp-002", "name": "Camille Roux"},
    ],
    "partners": [{"id": "pa-001", "name": "Médiathèque de Riom", "email": "…"}, {"id": "pa-002", "name": "Canopé"}],
    "sessions": [
        {
            "id": "se-001",
            "title": "Les écrans et les tout-petits",
            "kind": "round_table",
            "partner": "pa-001",
            "speakers": ["sp-001"],
            "duration_minutes": 90,
            "expected_attendance": 60,
            "audience": "public",
            "theme": "media-education",
            "required_features": ["wheelchair"],
            "allowed_venues": ["hd", "riom-mediatheque"],
            "preferred_venues": ["riom-mediatheque"],
            "preferred_dates": ["2023-10-18"],
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
    ],
    "previous": [
        {"session": "se-001", "room": "hd-cassin", "start": "2023-10-18T14:00"},
    ],
}

_SCHEDULE: dict[str, Any] = {
    "format": "festplan-schedule/1",
    "scenario_edition": "cn2023",
    "status": "optimal",
    "assignments": [
        {"session": "se-001", "room": "hd-cassin", "start": "2023-10-18T14:00", "end": "2023-10-18T15:30"},
    ],
    "unplaced": [
        {"session": "se-042", "reasons": ["no room with capacity ≥ 400 and feature hearing_loop"]},
    ],
    "score": {"hard_violations": 0, "unplaced_weight": 1000, "soft_penalty": 245},
    "bound": {"unplaced_weight": 0, "soft_penalty": 180},
    "solver": {"name": "festplan", "seconds": 12.4},
}


def spec_scenario() -> dict[str, Any]:
    """A fresh deep copy of the spec's example scenario, safe to mutate in a test."""
    return copy.deepcopy(_SCENARIO)


def spec_schedule() -> dict[str, Any]:
    """A fresh deep copy of the spec's example schedule."""
    return copy.deepcopy(_SCHEDULE)
