"""The scenario ⇄ database mapping: a scenario-format 1 document is one whole edition in the tables.

``save_scenario`` writes an edition from a :class:`~shared.scenario.model.Scenario` (replacing an edition
with the same code), ``load_scenario_from_db`` builds the scenario back: accepted proposals only, and the
latest published schedule as ``previous``. Document order is kept in ``position`` columns and every
"absent vs present" optional key in nullable columns, so that ``dump(load(save(parse(x)))) == x``.

The ``previous`` schedule is stored as the optimiser would have left it: an :class:`OptimisationRun`
(status ``succeeded``, triggered by ``import``) with its assignments, published as a
:class:`ScheduleVersion` numbered 1 with the message « importé ». The scheduler therefore finds it the
same way it finds a schedule it published itself.

Both functions only flush: the caller (a CLI command, a request, a task) owns the transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.models import Edition as EditionRow
from shared.models import ScheduleVersion
from shared.scenario import model as sc
from shared.scenario.store import load, save
from shared.scenario.store.load import latest_published_version
from shared.scenario.store.pins import apply_pins
from shared.scenario.store.save import IMPORT_MESSAGE, IMPORT_TRIGGER, ScenarioStoreError

__all__ = [
    "IMPORT_MESSAGE",
    "IMPORT_TRIGGER",
    "ScenarioStoreError",
    "delete_edition",
    "find_edition",
    "latest_published_version",
    "load_scenario_from_db",
    "save_scenario",
]


# --- editions --------------------------------------------------------------------------------------------------


def find_edition(session: Session, edition_code: str | None = None) -> EditionRow:
    """The edition with that code, or — without a code — the latest one (by start date, then creation)."""
    query = select(EditionRow)
    if edition_code is not None:
        edition = session.scalar(query.where(EditionRow.code == edition_code))
        if edition is None:
            raise ScenarioStoreError(f"aucune édition « {edition_code} » dans la base")
        return edition
    edition = session.scalar(query.order_by(EditionRow.start_date.desc(), EditionRow.id.desc()).limit(1))
    if edition is None:
        raise ScenarioStoreError("la base ne contient aucune édition")
    return edition


def delete_edition(session: Session, edition_id: int) -> None:
    """Delete an edition and everything in it (the database cascades), published versions first.

    Versions point at their run with ``ON DELETE RESTRICT`` so that a published run is never deleted by
    mistake; deleting the whole edition is the one deliberate exception, so the versions go first.
    """
    session.execute(delete(ScheduleVersion).where(ScheduleVersion.edition_id == edition_id))
    session.execute(delete(EditionRow).where(EditionRow.id == edition_id))
    session.expire_all()


# --- save ------------------------------------------------------------------------------------------------------


def save_scenario(session: Session, scenario: sc.Scenario, *, replace: bool = True) -> EditionRow:
    """Write the whole edition described by ``scenario``; an edition with the same code is replaced (or refused)."""
    existing = session.scalar(select(EditionRow.id).where(EditionRow.code == scenario.edition.id))
    if existing is not None:
        if not replace:
            raise ScenarioStoreError(f"l'édition « {scenario.edition.id} » existe déjà")
        delete_edition(session, existing)
    edition = save.insert_edition(session, scenario.edition)
    room_ids = save.insert_places(session, edition_id=edition.id, scenario=scenario)
    partner_ids = save.insert_partners(session, edition_id=edition.id, partners=scenario.partners)
    speaker_ids = save.insert_speakers(session, edition_id=edition.id, speakers=scenario.speakers)
    proposal_ids = save.insert_sessions(
        session,
        edition_id=edition.id,
        sessions=scenario.sessions,
        partner_ids=partner_ids,
        speaker_ids=speaker_ids,
    )
    if scenario.previous is not None:
        save.insert_previous(
            session,
            edition=edition,
            scenario=scenario,
            proposal_ids=proposal_ids,
            room_ids=room_ids,
        )
    session.flush()
    return edition


# --- load ------------------------------------------------------------------------------------------------------


def load_scenario_from_db(
    session: Session,
    edition_code: str | None = None,
    *,
    include_previous: bool = True,
    pins_as_fixed: bool = False,
) -> sc.Scenario:
    """The edition as a scenario: accepted proposals in document order, ``previous`` = latest published version.

    With ``pins_as_fixed`` the lead's pins become constraints the optimiser understands: a session pinned
    on room, date and time becomes ``fixed``; a partial pin narrows its windows and rooms (see
    :mod:`shared.scenario.store.pins`).
    """
    edition = find_edition(session, edition_code)
    venues, room_codes = load.load_places(session, edition.id)
    venue_codes = {venue_id: venue.id for venue_id, venue in venues.items()}
    partners = load.load_partners(session, edition.id)
    speakers, speaker_codes = load.load_speakers(session, edition.id)
    sessions, proposal_codes = load.load_sessions(
        session,
        edition_id=edition.id,
        partner_codes={row_id: p.id for row_id, p in partners.items()},
        speaker_codes=speaker_codes,
    )
    scenario = sc.Scenario(
        edition=load.edition_from_row(edition),
        venues=list(venues.values()),
        travel_minutes=load.load_travel(session, edition_id=edition.id, venue_codes=venue_codes),
        speakers=speakers,
        partners=list(partners.values()),
        sessions=sessions,
        previous=(
            load.load_previous(session, edition_id=edition.id, proposal_codes=proposal_codes, room_codes=room_codes)
            if include_previous
            else None
        ),
    )
    if pins_as_fixed:
        scenario = apply_pins(scenario, load.load_pins(session, proposal_codes=proposal_codes, room_codes=room_codes))
    return scenario
