"""A budget over the back-office's small edition: a 10,000 € envelope, four lines, rates, homes and hire.

* ``sp-alice`` lives in Paris and travels by train at a fixed 160 € per round trip; ``sp-bruno`` lives in
  Riom (km rate 0.32 €/km); the venue ``riom`` is hired at 200 € per opened day; conferences need 70 € of
  equipment;
* lines: fees 5,000 €, travel 1,000 €, venue hire 500 €, equipment 300 € (what is left is unallotted).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from services.budget import service
from services.budget.service import LineSpec
from shared.models import Edition, Venue

EURO = 100
LINES = [
    LineSpec("fees", "Cachets et honoraires", "fees", 5_000 * EURO),
    LineSpec("travel", "Déplacements", "travel", 1_000 * EURO),
    LineSpec("accommodation", "Hébergement", "accommodation", 300 * EURO),
    LineSpec("venue_hire", "Location de lieux", "venue_hire", 500 * EURO),
    LineSpec("equipment", "Matériel", "equipment", 300 * EURO),
    LineSpec("accessibility", "Accessibilité", "accessibility", 1_000 * EURO),
]
RULES = {
    "venue_hire": {"riom": 200 * EURO},
    "equipment": {"conference": 70 * EURO},
    "homes": {"sp-alice": {"commune": "Paris", "flat_cents": 160 * EURO}, "sp-bruno": {"commune": "Riom"}},
}


def add_budget(session: Session, *, edition_id: int, amount_cents: int = 10_000 * EURO) -> Edition:
    """The envelope, lines and rates; venues get their real coordinates so distances are computed."""
    session.execute(update(Venue).where(Venue.code == "hd").values(lat=45.7745, lon=3.0895))
    session.execute(update(Venue).where(Venue.code == "riom").values(lat=45.8936, lon=3.1126))
    edition = session.get(Edition, edition_id)
    assert edition is not None
    service.set_envelope(session, edition=edition, amount_cents=amount_cents, lines=LINES, rules=RULES, who="test")
    return edition
