"""The generator's second half: write availability, limits and windows around a witness schedule, and
turn that witness into a ``previous`` schedule that the latest changes have partly broken.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from shared.scenario import calendar
from shared.scenario.model import PreviousAssignment, Scenario, Speaker, TimeRange
from shared.scenario.placement import Slot

FULLY_AVAILABLE_ODDS = 0.25
DAILY_LIMIT_ODDS = 0.35
MAX_AVAILABLE_DAYS = 6


def _runs(days: list[date]) -> list[list[date]]:
    """Sorted days grouped into runs of consecutive dates."""
    runs: list[list[date]] = []
    for day in days:
        if runs and runs[-1][-1] + timedelta(days=1) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _availability(rng: random.Random, *, days: list[date], slots: list[Slot]) -> list[TimeRange]:
    """Either one range per run of days (08:00 → 20:00) or one range per day, always containing ``slots``."""
    # earliest start / latest end booked per day; a free day imposes nothing (1440 / 0)
    first = {d: min((s.start_minute for s in slots if s.day == d), default=1440) for d in days}
    last = {d: max((s.end_minute for s in slots if s.day == d), default=0) for d in days}
    ranges = []
    if rng.random() < 0.5:
        for run in _runs(days):
            start, end = min(480, first[run[0]]), max(1200, last[run[-1]])
            ranges.append(TimeRange(calendar.at_minute(run[0], start), calendar.at_minute(run[-1], end)))
        return ranges
    for day in days:
        start = rng.choice((480, 540, 600, 840))
        end = min(1440, start + rng.choice((240, 480, 600)))
        start, end = min(start, first[day]), max(end, last[day])
        ranges.append(TimeRange(calendar.at_minute(day, start), calendar.at_minute(day, end)))
    return ranges


def fit_people_to_plan(scenario: Scenario, plan: dict[str, Slot], *, rng: random.Random) -> None:
    """Give speakers availability (absent, or 2–6 days) and daily limits that the witness ``plan`` respects."""
    edition_days = calendar.edition_days(scenario.edition)
    booked: dict[str, list[Slot]] = defaultdict(list)
    for session in scenario.sessions:
        if session.id in plan:
            for speaker_id in session.speakers:
                booked[speaker_id].append(plan[session.id])
    for speaker in scenario.speakers:
        slots = booked[speaker.id]
        used = sorted({s.day for s in slots})
        if rng.random() >= FULLY_AVAILABLE_ODDS and len(used) <= MAX_AVAILABLE_DAYS and len(edition_days) > 2:
            target = rng.randint(max(2, len(used)), min(MAX_AVAILABLE_DAYS, len(edition_days)))
            spare = [d for d in edition_days if d not in used]
            days = sorted(used + rng.sample(spare, target - len(used)))
            speaker.availability = _availability(rng, days=days, slots=slots)
        if rng.random() < DAILY_LIMIT_ODDS:
            per_day = max([0, *(sum(1 for s in slots if s.day == d) for d in used)])
            speaker.max_sessions_per_day = max(per_day, rng.randint(1, 3))


def fit_sessions_to_plan(scenario: Scenario, plan: dict[str, Slot], *, rng: random.Random) -> None:
    """Add windows, preferred dates and venues; windows contain the witness slot, preferences mostly match it."""
    edition = scenario.edition
    days = calendar.edition_days(edition)
    venue_ids = [v.id for v in scenario.venues]
    for session in scenario.sessions:
        if session.fixed is not None or session.is_mandatory:
            continue
        slot = plan.get(session.id)
        if rng.random() < 0.22:
            if slot is None:
                first = rng.choice(days)
                session.windows = [
                    TimeRange(
                        calendar.at_minute(first, 540),
                        calendar.at_minute(min(first + timedelta(days=2), days[-1]), 1080),
                    )
                ]
            else:
                d1 = max(edition.start_date, slot.day - timedelta(days=rng.randint(0, 2)))
                d2 = min(edition.end_date, slot.day + timedelta(days=rng.randint(0, 2)))
                start = 540 if d1 < slot.day else min(540, slot.start_minute)
                end = 1080 if d2 > slot.day else max(1080, slot.end_minute)
                session.windows = [TimeRange(calendar.at_minute(d1, start), calendar.at_minute(d2, end))]
        if rng.random() < 0.2:
            session.preferred_dates = [slot.day if slot is not None and rng.random() < 0.7 else rng.choice(days)]
        if rng.random() < 0.25:
            choices = session.allowed_venues or venue_ids
            session.preferred_venues = [slot.venue if slot is not None and rng.random() < 0.7 else rng.choice(choices)]


def _without_day(ranges: list[TimeRange], day: date) -> list[TimeRange]:
    """``ranges`` minus the whole of ``day`` (midnight to midnight)."""
    cut_start = datetime.combine(day, time())
    cut_end = cut_start + timedelta(days=1)
    out = []
    for r in ranges:
        for start, end in ((r.start, min(r.end, cut_start)), (max(r.start, cut_end), r.end)):
            if end > start:
                out.append(TimeRange(start, end))
    return out


def make_previous(scenario: Scenario, plan: dict[str, Slot], *, rng: random.Random) -> None:
    """Publish the witness as ``previous``, minus a few sessions that are new since, then make speakers lose a day.

    The sessions left out of ``previous`` are the last few placed ones; each speaker who loses a day had a
    session in ``previous`` that day, which is therefore no longer valid.
    """
    placed = [s for s in scenario.sessions if s.id in plan]
    movable = [s.id for s in placed if s.fixed is None and not s.is_mandatory]
    new = set(movable[-max(2, len(scenario.sessions) // 25) :])
    scenario.previous = [
        PreviousAssignment(session=s.id, room=plan[s.id].room, start=plan[s.id].start)
        for s in placed
        if s.id not in new
    ]
    speakers = {s.id: s for s in scenario.speakers}
    victims: list[tuple[Speaker, date]] = []
    chosen: set[str] = set()
    for session in scenario.sessions:
        if session.id not in plan or session.id in new or session.fixed is not None or session.is_mandatory:
            continue
        for speaker_id in session.speakers:
            if speaker_id not in chosen:
                chosen.add(speaker_id)
                victims.append((speakers[speaker_id], plan[session.id].day))
    rng.shuffle(victims)
    for speaker, day in victims[: max(1, len(scenario.sessions) // 100)]:
        ranges = speaker.availability
        if ranges is None:
            ranges = [
                TimeRange(
                    datetime.combine(scenario.edition.start_date, time()),
                    datetime.combine(scenario.edition.end_date + timedelta(days=1), time()),
                )
            ]
        speaker.availability = _without_day(ranges, day)
