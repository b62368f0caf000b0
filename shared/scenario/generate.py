"""A seeded generator of realistic « Culture et numérique » editions, for the demo, the tests and the benchmark.

The same arguments always give the same scenario, byte for byte. Sessions are drawn around a home room, then a
first-fit greedy placement (``placement``) builds a witness schedule; speakers' availability, daily limits and
sessions' windows are written to contain that witness, so most sessions are known to be placeable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from shared.scenario import calendar
from shared.scenario.catalogue import (
    FIRST_NAMES,
    LAST_NAMES,
    NAMED_PARTNERS,
    PARTNER_PATTERNS,
    THEMES,
    ascii_slug,
    of_commune,
    title_for,
)
from shared.scenario.geography import PLACES, POLYDOME, POLYDOME_ROOMS, TERRITORIES, Place, travel_matrix
from shared.scenario.model import (
    DateRange,
    DayWindow,
    Edition,
    Partner,
    Placement,
    Room,
    Scenario,
    Session,
    Speaker,
    Venue,
)
from shared.scenario.placement import Slot, greedy_place
from shared.scenario.replanning import fit_people_to_plan, fit_sessions_to_plan, make_previous

EDITION_START = date(2023, 10, 16)
EDITION_DAYS = 12
DAILY_CAP = 3  # no generated speaker is asked for more than three sessions a day

KINDS = ("conference", "round_table", "workshop", "showroom", "social")
KIND_WEIGHTS = (25, 12, 38, 10, 15)
DURATIONS = {
    "conference": (60, 75, 90),
    "round_table": (90,),
    "workshop": (60, 90, 120, 150, 180),
    "showroom": (240, 300, 360, 420, 480),
    "social": (60, 90, 120),
}
HOME_CAPACITY = {
    "conference": (40, 300),
    "round_table": (30, 300),
    "workshop": (12, 60),
    "showroom": (40, 300),
    "social": (30, 300),
}
SPEAKERS_PER_KIND = {
    "conference": (1, 2),
    "round_table": (3, 4),
    "workshop": (1, 2),
    "showroom": (1, 2),
    "social": (0, 1),
}
AUDIENCES = ("public", "professional", "family", "school")
AUDIENCE_WEIGHTS = (40, 28, 20, 12)
#: Probability that a session asks for a feature its home room has, by feature (then by kind for some).
FEATURE_ODDS = {
    "wheelchair": 0.6,
    "hearing_loop": 0.25,
    "sign_language": 0.1,
    "easy_read": 0.15,
    "sound": 0.2,
    "stage": 0.3,
    "projector": 0.3,
    "computers": 0.2,
}
KIND_FEATURE_ODDS = {
    ("conference", "projector"): 0.7,
    ("round_table", "sound"): 0.5,
    ("workshop", "computers"): 0.6,
    ("social", "stage"): 0.5,
}


def _h(hours: int, minutes: int = 0) -> int:
    return hours * 60 + minutes


def make_edition(days: int) -> Edition:
    """The 2023 edition: two weeks from Monday 16 October, zone A Toussaint holidays from the 21st."""
    return Edition(
        id="cn2023",
        name="Culture et numérique 2023",
        start_date=EDITION_START,
        end_date=EDITION_START + timedelta(days=days - 1),
        timezone="Europe/Paris",
        granularity_minutes=15,
        school_holidays=[DateRange(date(2023, 10, 21), date(2023, 11, 5))],
        audience_windows={
            "professional": [DayWindow("school_days", _h(9), _h(18))],
            "family": [DayWindow("holidays", _h(10), _h(18)), DayWindow("weekend", _h(10), _h(18))],
            "school": [DayWindow("school_days", _h(9), _h(16, 30))],
            "public": [DayWindow("all", _h(10), _h(21))],
        },
        territories=list(TERRITORIES),
    )


def default_venue_count(sessions: int) -> int:
    """16 venues (every EPCI) for 120 sessions; fewer for small editions, the whole catalogue for large ones."""
    if sessions <= 120:
        return max(3, round(16 * sessions / 120))
    return min(len(PLACES), 16 + (sessions - 120) // 200)


def _venue(place: Place, rooms: tuple) -> Venue:
    return Venue(
        id=place.id,
        name=place.name,
        commune=place.commune,
        territory=place.territory,
        lat=place.lat,
        lon=place.lon,
        opening=place.opening(),
        rooms=[
            Room(
                id=f"{place.id}-{r.suffix}",
                name=r.name,
                capacity=r.capacity,
                features=list(r.features),
                changeover_minutes=r.changeover,
            )
            for r in rooms
        ],
    )


def _places(*, sessions: int, venues: int | None, single_venue: bool) -> tuple[list[Place], list[Venue]]:
    if single_venue:
        count = max(3, min(len(POLYDOME_ROOMS), round(sessions / 15)))
        return [POLYDOME], [_venue(POLYDOME, POLYDOME_ROOMS[:count])]
    count = default_venue_count(sessions) if venues is None else venues
    if not 1 <= count <= len(PLACES):
        raise ValueError(f"venues doit être entre 1 et {len(PLACES)} / venues must be within 1..{len(PLACES)}")
    chosen = list(PLACES[:count])
    return chosen, [_venue(p, p.rooms) for p in chosen]


def _partners(rng: random.Random, *, count: int, places: list[Place]) -> list[Partner]:
    communes = list(dict.fromkeys(p.commune for p in places))
    names = list(NAMED_PARTNERS) + [
        pattern.format(of_commune=of_commune(c)) for c in communes for pattern in PARTNER_PATTERNS
    ]
    chosen = rng.sample(names, min(count, len(names)))
    return [
        Partner(id=f"pa-{i:03d}", name=name, email=f"contact@{ascii_slug(name)[:40].strip('-')}.example.org")
        for i, name in enumerate(chosen, start=1)
    ]


def _speakers(rng: random.Random, *, count: int) -> list[Speaker]:
    combos = len(FIRST_NAMES) * len(LAST_NAMES)
    picks = rng.sample(range(combos), min(count, combos)) + [rng.randrange(combos) for _ in range(count - combos)]
    out = []
    for i, pick in enumerate(picks, start=1):
        first, last = FIRST_NAMES[pick % len(FIRST_NAMES)], LAST_NAMES[pick // len(FIRST_NAMES)]
        email = f"{ascii_slug(first)}.{ascii_slug(last)}{'' if i <= combos else i}@example.org"
        out.append(Speaker(id=f"sp-{i:03d}", name=f"{first} {last}", email=email))
    return out


@dataclass
class _Draw:
    """What the session generator needs to know about the edition it draws into."""

    rng: random.Random
    edition: Edition
    venues: list[Venue]
    partners: list[Partner]
    speakers: list[Speaker]
    usage: dict[str, int]
    longest: dict[tuple[str, str], int]

    def longest_span(self, venue: Venue, audience: str) -> int:
        """The longest stretch of one day when ``venue`` is open to ``audience`` (cached)."""
        key = (venue.id, audience)
        if key not in self.longest:
            best = 0
            for day in calendar.edition_days(self.edition):
                spans = calendar.intersect(
                    calendar.daily_intervals(self.edition, venue.opening, day),
                    calendar.daily_intervals(self.edition, self.edition.audience_windows.get(audience), day),
                )
                best = max([best, *(b - a for a, b in spans)])
            self.longest[key] = best
        return self.longest[key]

    def pick_speakers(self, count: int) -> list[str]:
        """The least-booked speakers first, ties broken at random, so that everyone speaks about as often."""
        ranked = sorted(self.speakers, key=lambda s: (self.usage[s.id], self.rng.random()))
        chosen = [s.id for s in ranked[:count]]
        for speaker_id in chosen:
            self.usage[speaker_id] += 1
        return chosen


def _draw_session(draw: _Draw, *, number: int) -> Session:
    rng = draw.rng
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    low, high = HOME_CAPACITY[kind]
    homes = [(v, r) for v in draw.venues for r in v.rooms if low <= r.capacity <= high] or [
        (v, r) for v in draw.venues for r in v.rooms
    ]
    venue, room = rng.choice(homes)
    audiences = sorted(
        AUDIENCES, key=lambda a: rng.random() ** (1 / AUDIENCE_WEIGHTS[AUDIENCES.index(a)]), reverse=True
    )
    audience, durations = "public", [min(DURATIONS[kind])]
    for candidate in audiences:
        fitting = [d for d in DURATIONS[kind] if d <= draw.longest_span(venue, candidate)]
        if fitting:
            audience, durations = candidate, fitting
            break
    theme = rng.choice(list(THEMES))
    subject = rng.choice(THEMES[theme][1])
    attendance = min(room.capacity, max(5, round(room.capacity * rng.uniform(0.45, 0.95) / 5) * 5))
    features = [f for f in room.features if rng.random() < KIND_FEATURE_ODDS.get((kind, f), FEATURE_ODDS[f])]
    roll = rng.random()
    if roll < 0.45:
        allowed: list[str] | None = [v.id for v in draw.venues if v.territory == venue.territory]
    elif roll < 0.6:
        others = [v.id for v in draw.venues if v.id != venue.id]
        extra = set(rng.sample(others, min(len(others), rng.randint(1, 3))))
        allowed = [v.id for v in draw.venues if v.id == venue.id or v.id in extra]
    else:
        allowed = None
    priority = rng.choices((1, 2, 3), (55, 30, 15))[0]
    return Session(
        id=f"se-{number:03d}",
        title=title_for(kind=kind, subject=subject, commune=venue.commune or venue.name),
        duration_minutes=rng.choice(durations),
        kind=kind,
        partner=rng.choice(draw.partners).id if draw.partners and rng.random() < 0.9 else None,
        speakers=draw.pick_speakers(rng.randint(*SPEAKERS_PER_KIND[kind])),
        expected_attendance=attendance,
        audience=audience,
        theme=theme,
        required_features=features,
        allowed_venues=allowed,
        priority=None if priority == 1 and rng.random() < 0.5 else priority,
        mandatory=False if rng.random() < 0.3 else None,
        fixed_key_present=rng.random() < 0.3,
    )


def _landmark_sessions(draw: _Draw, *, count: int) -> list[Session]:
    """The opening (fixed, mandatory), the inaugural lecture (fixed when its room exists) and the closing."""
    rooms = {r.id: r for v in draw.venues for r in v.rooms}
    main_venue = next((v for v in draw.venues if v.id == "hd"), draw.venues[0])
    main_room = "hd-cassin" if "hd-cassin" in rooms else main_venue.rooms[0].id
    start = draw.edition.start_date
    out = [
        Session(
            id="se-001",
            title="Ouverture de Culture et numérique 2023",
            duration_minutes=60,
            kind="social",
            speakers=draw.pick_speakers(2),
            expected_attendance=min(140, rooms[main_room].capacity),
            audience="public",
            theme="digital-inclusion",
            required_features=["wheelchair"],
            priority=3,
            mandatory=True,
            fixed=Placement(room=main_room, start=calendar.at_minute(start, _h(18))),
            fixed_key_present=True,
        )
    ]
    if count >= 2:
        lecture_room = "archives-auditorium" if "archives-auditorium" in rooms else None
        fixed = None
        if lecture_room and draw.edition.end_date > start:
            fixed = Placement(room=lecture_room, start=calendar.at_minute(start + timedelta(days=1), _h(10)))
        out.append(
            Session(
                id="se-002",
                title="Conférence inaugurale — Grandir avec les écrans",
                duration_minutes=90,
                kind="conference",
                speakers=draw.pick_speakers(1),
                expected_attendance=90,
                audience="professional",
                theme="screens-children",
                required_features=["wheelchair", "projector"],
                priority=3,
                mandatory=True,
                fixed=fixed,
                fixed_key_present=fixed is not None,
            )
        )
    if count >= 3:
        out.append(
            Session(
                id="se-003",
                title="Clôture — bilan et perspectives du numérique culturel",
                duration_minutes=90,
                kind="social",
                speakers=draw.pick_speakers(2),
                expected_attendance=100,
                audience="public",
                theme="digital-inclusion",
                required_features=["wheelchair"],
                preferred_venues=[main_venue.id],
                preferred_dates=[draw.edition.end_date],
                priority=3,
                mandatory=True,
            )
        )
    return out


def generate_scenario_with_witness(
    *,
    sessions: int = 120,
    seed: int = 2023,
    venues: int | None = None,
    days: int | None = None,
    single_venue: bool = False,
    with_previous: bool = False,
) -> tuple[Scenario, dict[str, Slot]]:
    """The scenario of :func:`generate_scenario` and the greedy witness schedule its constraints were fitted to."""
    if sessions < 1:
        raise ValueError("sessions doit être ≥ 1 / sessions must be ≥ 1")
    length = EDITION_DAYS if days is None else days
    if not 1 <= length <= 60:
        raise ValueError("days doit être entre 1 et 60 / days must be within 1..60")
    rng = random.Random(seed)
    edition = make_edition(length)
    places, venue_models = _places(sessions=sessions, venues=venues, single_venue=single_venue)
    partners = _partners(rng, count=max(1, min(round(sessions / 4), 30 + max(0, sessions - 120) // 20)), places=places)
    speakers = _speakers(rng, count=max(2, round(sessions * 2 / 3)))
    draw = _Draw(
        rng=rng,
        edition=edition,
        venues=venue_models,
        partners=partners,
        speakers=speakers,
        usage={s.id: 0 for s in speakers},
        longest={},
    )
    landmarks = _landmark_sessions(draw, count=min(3, sessions))
    drawn = [_draw_session(draw, number=i) for i in range(len(landmarks) + 1, sessions + 1)]
    scenario = Scenario(
        edition=edition,
        venues=venue_models,
        travel_minutes=travel_matrix(places),
        speakers=speakers,
        partners=partners,
        sessions=landmarks + drawn,
    )
    plan = greedy_place(scenario, rng=rng, daily_cap=DAILY_CAP)
    fit_people_to_plan(scenario, plan, rng=rng)
    fit_sessions_to_plan(scenario, plan, rng=rng)
    if with_previous:
        make_previous(scenario, plan, rng=rng)
    return scenario, plan


def generate_scenario(
    *,
    sessions: int = 120,
    seed: int = 2023,
    venues: int | None = None,
    days: int | None = None,
    single_venue: bool = False,
    with_previous: bool = False,
) -> Scenario:
    """A realistic, seeded edition: ~16 venues / 36 rooms / 80 speakers / 30 partners for 120 sessions."""
    scenario, _ = generate_scenario_with_witness(
        sessions=sessions, seed=seed, venues=venues, days=days, single_venue=single_venue, with_previous=with_previous
    )
    return scenario
