"""Costs that follow the schedule: recomputed from each published version, and the table the optimiser uses.

On publication every item with a ``schedule_key`` is brought in line with the new schedule: a new cost is
added as planned, a changed amount updates a planned item, a cost that no longer applies cancels its planned
item. Items already committed or beyond are never rewritten (money promised stays promised); a difference
there is left for the lead, who sees it in the warnings.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from services.budget import repository as repo
from services.budget.domain.cost_table import SessionFacts, VenueFacts, cost_table
from services.budget.domain.schedule_costs import Home, PlacedSession, Rules, commune_point, schedule_costs
from services.budget.domain.status import CANCELLED, PLANNED
from services.budget.service import add_item
from shared.models import BudgetEnvelope, CostItem, Edition

#: The budget line each computed category goes to.
LINE_OF = {"travel": "travel", "accommodation": "accommodation", "venue_hire": "venue_hire", "equipment": "equipment"}
SCHEDULE = "planification"


def rules_of(envelope: BudgetEnvelope) -> Rules:
    raw = envelope.rules or {}
    homes = {
        code: Home(commune=h["commune"], point=commune_point(h["commune"]), flat_cents=h.get("flat_cents"))
        for code, h in (raw.get("homes") or {}).items()
    }
    return Rules(
        km_rate_cents=envelope.km_rate_cents,
        night_cents=envelope.night_cents,
        far_km=envelope.far_km,
        late_minute=envelope.late_minute,
        venue_hire=dict(raw.get("venue_hire") or {}),
        equipment=dict(raw.get("equipment") or {}),
        homes=homes,
    )


def placed_of(session: Session, run_id: int) -> list[PlacedSession]:
    return [
        PlacedSession(
            code=code,
            kind=kind,
            venue=venue,
            venue_point=(lat, lon) if lat is not None and lon is not None else None,
            day=start.date(),
            end_minute=end.hour * 60 + end.minute,
            speakers=tuple(speakers),
        )
        for code, kind, venue, lat, lon, start, end, speakers in repo.placed_sessions(session, run_id)
    ]


def recompute_for_version(
    session: Session, *, version_id: int, who: str = SCHEDULE, on: date | None = None
) -> dict[str, int]:
    """Bring the schedule-dependent planned items in line with a published version; counts of what changed.

    ``on`` is the date recorded for new planned items and cancellations (today by default).
    """
    version = repo.version(session, version_id)
    if version is None:
        return {}
    edition = session.get(Edition, version.edition_id)
    envelope = repo.envelope(session, version.edition_id)
    if edition is None or envelope is None:
        return {}
    costs = schedule_costs(rules_of(envelope), placed_of(session, version.run_id))
    ids = repo.ids_by_code(session, edition.id)
    existing = repo.scheduled_items(session, edition.id)
    counts = {"added": 0, "updated": 0, "cancelled": 0, "kept": 0}
    on = on or date.today()
    for cost in costs:
        item = existing.pop(cost.key, None)
        if item is None:
            add_item(
                session,
                edition=edition,
                line_code=LINE_OF[cost.category],
                label=cost.label,
                ht_cents=cost.ttc_cents,
                vat="0",
                who=who,
                links={
                    "speaker": ids["speakers"].get(cost.speaker or ""),
                    "venue": ids["venues"].get(cost.venue or ""),
                    "proposal": ids["sessions"].get(cost.session or ""),
                },
                schedule_key=cost.key,
                on=on,
            )
            counts["added"] += 1
        elif item.status == CANCELLED:
            _reopen(item, cost.ttc_cents, label=cost.label, on=on)
            counts["updated"] += 1
        elif item.status == PLANNED and item.amount_ttc_cents != cost.ttc_cents:
            item.amount_ht_cents = item.amount_ttc_cents = cost.ttc_cents
            item.vat_permille, item.label = 0, cost.label
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    for item in existing.values():
        if item.status == PLANNED:
            item.status = CANCELLED
            item.steps = {**(item.steps or {}), CANCELLED: {"on": on.isoformat(), "ref": f"v{version.number}"}}
            counts["cancelled"] += 1
    session.flush()
    return counts


def _reopen(item: CostItem, cents: int, *, label: str, on: date) -> None:
    """A cost the previous version dropped and this one brings back: planned again, at today's amount."""
    item.status = PLANNED
    item.steps = {PLANNED: {"on": on.isoformat(), "ref": None}}
    item.amount_ht_cents = item.amount_ttc_cents = cents
    item.vat_permille, item.label = 0, label


def cost_table_for(session: Session, *, edition_id: int) -> dict[str, object] | None:
    """The optimiser's variable-cost table for the edition's accepted sessions, or ``None`` without an envelope."""
    envelope = repo.envelope(session, edition_id)
    if envelope is None:
        return None
    sessions = [SessionFacts(code, kind, tuple(sp)) for code, kind, sp in repo.accepted_sessions(session, edition_id)]
    venues = [
        VenueFacts(code, (lat, lon) if lat is not None and lon is not None else None, tuple(rooms))
        for code, lat, lon, rooms in repo.venues_with_rooms(session, edition_id)
    ]
    return cost_table(rules_of(envelope), sessions=sessions, venues=venues)
