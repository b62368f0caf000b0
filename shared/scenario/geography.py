"""The real places of « Culture et numérique » in the Puy-de-Dôme: venues, rooms, intercommunalities, travel.

Coordinates are true to about 100 m; capacities, features and hours are plausible, not official figures.
Venues are listed so that the first 16 already cover every intercommunality (EPCI) of the département.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shared.scenario.model import DayWindow

#: The 14 intercommunalities (EPCI) of the Puy-de-Dôme.
TERRITORIES = (
    "Clermont Auvergne Métropole",
    "Riom Limagne et Volcans",
    "Agglo Pays d'Issoire",
    "Thiers Dore et Montagne",
    "Ambert Livradois Forez",
    "Billom Communauté",
    "Mond'Arverne Communauté",
    "Entre Dore et Allier",
    "Plaine Limagne",
    "Combrailles Sioule et Morge",
    "Chavanon Combrailles et Volcans",
    "Pays de Saint-Éloy",
    "Dômes Sancy Artense",
    "Massif du Sancy",
)

CAM, RLV, API, TDM, ALF, BIL, MAC, EDA, PL, CSM, CCV, PSE, DSA, MDS = TERRITORIES

#: Room features used across the catalogue (and as ``required_features`` of sessions).
FEATURES = ("wheelchair", "hearing_loop", "projector", "sound", "sign_language", "easy_read", "computers", "stage")

ROAD_FACTOR = 1.3  # road distance ≈ 1.3 × great-circle distance in this hilly département
ROAD_SPEED_KMH = 60


@dataclass(frozen=True, slots=True)
class RoomSpec:
    suffix: str
    name: str
    capacity: int
    features: tuple[str, ...]
    changeover: int


@dataclass(frozen=True, slots=True)
class Place:
    """A venue of the catalogue, with its hours as (days, from, to) minute triples."""

    id: str
    name: str
    commune: str
    territory: str
    lat: float
    lon: float
    hours: tuple[tuple[str, int, int], ...] | None
    rooms: tuple[RoomSpec, ...]

    def opening(self) -> list[DayWindow] | None:
        if self.hours is None:
            return None
        return [DayWindow(days=d, start_minute=a, end_minute=b) for d, a, b in self.hours]


def _h(hours: int, minutes: int = 0) -> int:
    return hours * 60 + minutes


ACCESS = ("wheelchair", "hearing_loop")
AV = ("projector", "sound")
WEEKDAYS_OFFICE = (("weekdays", _h(8, 30), _h(19)),)
MUSEUM = (("all", _h(10), _h(18)),)
LIBRARY = (("weekdays", _h(9, 30), _h(19)), ("weekend", _h(10), _h(17)))
CULTURAL_CENTRE = (("all", _h(9), _h(22)),)
ARCHIVES = (("weekdays", _h(8, 30), _h(17, 30)),)

PLACES: tuple[Place, ...] = (
    Place(
        "hd",
        "Hôtel du Département",
        "Clermont-Ferrand",
        CAM,
        45.7745,
        3.0895,
        WEEKDAYS_OFFICE,
        (
            RoomSpec("cassin", "Hall René-Cassin", 150, (*ACCESS, *AV), 15),
            RoomSpec("assemblee", "Salle de l'Assemblée", 300, (*ACCESS, *AV, "sign_language", "stage"), 30),
            RoomSpec("commission", "Salle de commission", 40, ("wheelchair", "projector"), 10),
            RoomSpec("numerique", "Espace numérique", 20, ("wheelchair", "computers", "projector"), 15),
        ),
    ),
    Place(
        "archives",
        "Archives départementales du Puy-de-Dôme",
        "Clermont-Ferrand",
        CAM,
        45.7935,
        3.0940,
        ARCHIVES,
        (
            RoomSpec("auditorium", "Auditorium", 100, (*ACCESS, *AV), 15),
            RoomSpec("pedagogique", "Salle pédagogique", 30, ("wheelchair", "projector", "easy_read"), 10),
            RoomSpec("lecture", "Salle de lecture", 40, ("wheelchair", "computers"), 0),
        ),
    ),
    Place(
        "maison-habitat",
        "Maison de l'Habitat",
        "Clermont-Ferrand",
        CAM,
        45.7925,
        3.1110,
        (("weekdays", _h(9), _h(18)),),
        (
            RoomSpec("expo", "Salle d'exposition", 80, ("wheelchair", "sound"), 20),
            RoomSpec("reunion", "Salle de réunion", 30, ("wheelchair", "projector"), 10),
        ),
    ),
    Place(
        "lezoux-musee",
        "Musée départemental de la Céramique",
        "Lezoux",
        EDA,
        45.8270,
        3.3795,
        MUSEUM,
        (
            RoomSpec("auditorium", "Auditorium", 90, (*ACCESS, *AV), 15),
            RoomSpec("atelier", "Atelier pédagogique", 25, ("wheelchair", "easy_read"), 15),
            RoomSpec("galerie", "Galerie d'exposition temporaire", 60, ("wheelchair", "sound"), 30),
        ),
    ),
    Place(
        "gergovie",
        "Maison de Gergovie (plateau de Gergovie)",
        "La Roche-Blanche",
        MAC,
        45.7087,
        3.1249,
        MUSEUM,
        (
            RoomSpec("panoramique", "Salle panoramique", 60, ("wheelchair", "projector", "sound"), 15),
            RoomSpec("atelier", "Atelier archéologie", 30, ("wheelchair", "easy_read"), 10),
        ),
    ),
    Place(
        "riom-mediatheque",
        "Médiathèque de Riom",
        "Riom",
        RLV,
        45.8935,
        3.1125,
        LIBRARY,
        (
            RoomSpec("auditorium", "Auditorium", 100, (*ACCESS, *AV), 15),
            RoomSpec("animation", "Salle d'animation", 40, ("wheelchair", "projector", "easy_read"), 10),
            RoomSpec("multimedia", "Espace multimédia", 20, ("wheelchair", "computers"), 10),
        ),
    ),
    Place(
        "ambert-mediatheque",
        "Médiathèque d'Ambert",
        "Ambert",
        ALF,
        45.5497,
        3.7416,
        LIBRARY,
        (
            RoomSpec("conference", "Salle de conférence", 70, (*ACCESS, *AV), 15),
            RoomSpec("numerique", "Espace numérique", 20, ("wheelchair", "computers"), 10),
        ),
    ),
    Place(
        "thiers-mediatheque",
        "Médiathèque de Thiers",
        "Thiers",
        TDM,
        45.8565,
        3.5478,
        LIBRARY,
        (
            RoomSpec("auditorium", "Auditorium", 80, ("wheelchair", *AV), 15),
            RoomSpec("atelier", "Salle d'atelier", 24, ("wheelchair", "computers", "projector"), 10),
        ),
    ),
    Place(
        "saint-eloy",
        "Espace culturel de Saint-Éloy-les-Mines",
        "Saint-Éloy-les-Mines",
        PSE,
        46.1580,
        2.8330,
        CULTURAL_CENTRE,
        (
            RoomSpec("spectacle", "Salle de spectacle", 220, (*ACCESS, *AV, "stage"), 30),
            RoomSpec("club", "Salle du club", 35, ("wheelchair", "projector"), 10),
        ),
    ),
    Place(
        "issoire",
        "Médiathèque communautaire d'Issoire",
        "Issoire",
        API,
        45.5440,
        3.2490,
        LIBRARY,
        (
            RoomSpec("auditorium", "Auditorium", 120, (*ACCESS, *AV, "sign_language"), 15),
            RoomSpec("heure-conte", "Salle de l'heure du conte", 30, ("wheelchair", "easy_read"), 10),
            RoomSpec("fablab", "FabLab", 20, ("wheelchair", "computers", "projector"), 15),
        ),
    ),
    Place(
        "billom",
        "Espace culturel de Billom",
        "Billom",
        BIL,
        45.7230,
        3.3390,
        CULTURAL_CENTRE,
        (
            RoomSpec("salle", "Grande salle", 180, ("wheelchair", *AV, "stage"), 30),
            RoomSpec("atelier", "Salle d'atelier", 25, ("wheelchair", "computers"), 10),
        ),
    ),
    Place(
        "saint-gervais",
        "Médiathèque de Saint-Gervais-d'Auvergne",
        "Saint-Gervais-d'Auvergne",
        CSM,
        46.0297,
        2.8170,
        LIBRARY,
        (
            RoomSpec("animation", "Salle d'animation", 50, ("wheelchair", "projector", "sound"), 10),
            RoomSpec("numerique", "Espace numérique", 20, ("wheelchair", "computers"), 0),
        ),
    ),
    Place(
        "mont-dore",
        "Salle des congrès du Mont-Dore",
        "Le Mont-Dore",
        MDS,
        45.5760,
        2.8090,
        CULTURAL_CENTRE,
        (
            RoomSpec("congres", "Salle des congrès", 250, (*ACCESS, *AV, "stage"), 30),
            RoomSpec("commission", "Salle de commission", 40, ("projector",), 10),
        ),
    ),
    Place(
        "aigueperse",
        "Médiathèque d'Aigueperse",
        "Aigueperse",
        PL,
        46.0240,
        3.2010,
        LIBRARY,
        (
            RoomSpec("animation", "Salle d'animation", 45, ("wheelchair", "projector", "easy_read"), 10),
            RoomSpec("numerique", "Espace numérique", 20, ("wheelchair", "computers"), 0),
        ),
    ),
    Place(
        "pontgibaud",
        "Salle polyvalente de Pontgibaud",
        "Pontgibaud",
        CCV,
        45.8320,
        2.8500,
        CULTURAL_CENTRE,
        (RoomSpec("polyvalente", "Salle polyvalente", 150, ("wheelchair", "sound", "stage"), 20),),
    ),
    Place(
        "rochefort",
        "Médiathèque de Rochefort-Montagne",
        "Rochefort-Montagne",
        DSA,
        45.6870,
        2.8060,
        LIBRARY,
        (RoomSpec("animation", "Salle d'animation", 35, ("wheelchair", "projector", "computers"), 10),),
    ),
    Place(
        "martres-veyre",
        "Médiathèque des Martres-de-Veyre",
        "Les Martres-de-Veyre",
        MAC,
        45.6860,
        3.1960,
        LIBRARY,
        (
            RoomSpec("animation", "Salle d'animation", 40, ("wheelchair", "projector", "easy_read"), 10),
            RoomSpec("numerique", "Espace numérique", 20, ("wheelchair", "computers"), 0),
        ),
    ),
    Place(
        "corent",
        "Salle des fêtes de Corent (oppidum)",
        "Corent",
        MAC,
        45.6630,
        3.1930,
        (("all", _h(9), _h(21)),),
        (RoomSpec("fetes", "Salle des fêtes", 120, ("wheelchair", "sound", "stage"), 20),),
    ),
)

#: The venue of a single-site edition: the Polydôme, Clermont-Ferrand's exhibition and congress centre.
POLYDOME = Place(
    "polydome",
    "Polydôme — centre d'expositions et de congrès",
    "Clermont-Ferrand",
    CAM,
    45.7860,
    3.0990,
    (("all", _h(8), _h(22)),),
    (),
)

POLYDOME_ROOMS = (
    RoomSpec("grande-salle", "Grande salle", 300, (*ACCESS, *AV, "sign_language", "stage"), 30),
    RoomSpec("salle-a", "Salle A", 120, (*ACCESS, *AV), 15),
    RoomSpec("salle-b", "Salle B", 80, ("wheelchair", *AV), 15),
    RoomSpec("salle-c", "Salle C", 40, ("wheelchair", "projector", "easy_read"), 10),
    RoomSpec("atelier-1", "Atelier numérique 1", 20, ("wheelchair", "computers", "projector"), 10),
    RoomSpec("atelier-2", "Atelier numérique 2", 20, ("wheelchair", "computers"), 10),
    RoomSpec("hall", "Hall d'exposition", 250, ("wheelchair", "sound"), 30),
    RoomSpec("salle-d", "Salle D", 60, ("wheelchair", "hearing_loop", "projector"), 15),
)


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine, Earth radius 6371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def travel_minutes(a: Place, b: Place) -> int:
    """Driving minutes between two venues: road ≈ 1.3 × distance at 60 km/h, rounded up to 5 min; 0 to itself."""
    if a.id == b.id:
        return 0
    minutes = distance_km(a, b) * ROAD_FACTOR / ROAD_SPEED_KMH * 60
    return max(5, math.ceil(round(minutes, 6) / 5) * 5)


def travel_matrix(places: list[Place]) -> dict[str, dict[str, int]]:
    """The complete, symmetric matrix of format 1 over ``places``."""
    return {a.id: {b.id: travel_minutes(a, b) for b in places} for a in places}
