"""The demo's spring: the call for proposals, through the use cases the API, the forms and the back-office call.

April: every partner receives their personal link (the invitation the directory sends to a new partner);
three partners propose a session each (the partner form's use case, which acknowledges it by email);
in June the lead decides (one accepted, two declined, with a word each), the speakers receive their link
and state when they can come (the speaker form's use case). Part of ``festplan demo``'s
``STEP_MODULES``; the clock moves from one moment to the next, nothing sleeps.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select

from services.demo import data_fr as fr
from services.demo.places import partner_commune
from services.ingest.directory import service as directory
from services.ingest.directory.schemas import AvailabilityIn, TimeRange
from services.ingest.proposals.schemas import ProposalIn
from services.ingest.proposals.service import create_proposal, decide, replace_availability
from services.notifier.demo import send_now
from shared.db import unit_of_work
from shared.i18n import translate
from shared.models import Partner, SessionProposal, Speaker, Venue
from shared.settings import get_settings

if TYPE_CHECKING:
    from shared.demo_steps import DemoContext, DemoStep

PARIS = ZoneInfo("Europe/Paris")
CALL_OPENS = datetime(2023, 4, 3, 9, 0, tzinfo=PARIS)
DECISIONS = datetime(2023, 6, 1, 14, 0, tzinfo=PARIS)
#: What three partners propose in April: title, kind, minutes, expected attendance, decision.
NEW_PROPOSALS = (
    ("Atelier — Bien utiliser sa messagerie", "workshop", 90, 12, "accepted"),
    ("Conférence — Les réseaux sociaux racontés aux grands-parents", "conference", 60, 40, "rejected"),
    ("Atelier — Fabriquer son robot en carton", "workshop", 120, 15, "rejected"),
)
MESSAGES = {
    "step": {"fr": "appel à propositions (avril–juin 2023)", "en": "call for proposals (April–June 2023)"},
    "invited": {
        "fr": "{partners} partenaires et {speakers} intervenant·es invité·es (lien personnel)",
        "en": "{partners} partners and {speakers} speakers invited (personal link)",
    },
    "proposed": {
        "fr": "{count} propositions reçues ({codes}) : {accepted} retenue(s), {rejected} refusée(s)",
        "en": "{count} proposals received ({codes}): {accepted} accepted, {rejected} declined",
    },
    "availability": {
        "fr": "{count} intervenant·es ont indiqué leurs disponibilités",
        "en": "{count} speakers stated their availability",
    },
    "accepted_message": {
        "fr": "Avec plaisir ! Nous vous proposerons un créneau dans votre commune.",
        "en": "With pleasure! We will offer you a slot in your town.",
    },
}


def _t(key: str, **values: object) -> str:
    return translate(MESSAGES, key, get_settings().locale, **values)


def invite_partners(ctx: DemoContext) -> int:
    with unit_of_work() as session:
        partners = session.scalars(select(Partner).where(Partner.edition_id == ctx.edition_id).order_by(Partner.id))
        count = 0
        for partner in partners:
            directory.invite(session, role="partner", person=partner)
            count += 1
    return count


def _proposers(ctx: DemoContext) -> list[tuple[int, str, str]]:
    """Partners of a town with a venue: (id, commune, a venue code of that commune)."""
    with unit_of_work() as session:
        venues = session.execute(
            select(Venue.commune, Venue.code).where(Venue.edition_id == ctx.edition_id).order_by(Venue.position)
        ).all()
        partners = session.execute(
            select(Partner.id, Partner.name).where(Partner.edition_id == ctx.edition_id).order_by(Partner.id)
        ).all()
    first_venue: dict[str, str] = {}
    for commune, code in venues:
        if commune:
            first_venue.setdefault(commune, code)
    found = []
    for partner_id, name in partners:
        commune = partner_commune(name, set(first_venue))
        if commune is not None:
            found.append((partner_id, commune, first_venue[commune]))
    return found


def propose_and_decide(ctx: DemoContext) -> list[str]:
    """Three partners propose a session in their town; the lead decides on each one in June."""
    proposers = _proposers(ctx)[: len(NEW_PROPOSALS)]
    with unit_of_work() as session:
        speaker = session.scalar(select(Speaker.code).where(Speaker.edition_id == ctx.edition_id).order_by(Speaker.id))
        theme = session.scalar(
            select(SessionProposal.theme).where(
                SessionProposal.edition_id == ctx.edition_id, SessionProposal.theme.is_not(None)
            )
        )
    made: list[tuple[int, str]] = []
    for (partner_id, commune, venue), (title, kind, minutes, expected, decision) in zip(
        proposers, NEW_PROPOSALS, strict=False
    ):
        ctx.clock.advance(timedelta(days=9, hours=2))
        data = ProposalIn(
            title=f"{title} ({commune})",
            description=f"{title.split(' — ', 1)[-1]}, à {commune}. {fr.DESCRIPTION_CLOSINGS[0]}",
            kind=kind,
            duration_minutes=minutes,
            expected_attendance=expected,
            audience="public",
            theme=theme,
            preferred_venues=[venue],
            speakers=[speaker] if speaker else None,
        )
        with unit_of_work() as session:
            proposal = create_proposal(session, partner_id=partner_id, data=data)
            proposal.allowed_venues = [venue]  # the lead keeps a town's session in that town
            made.append((proposal.id, decision))
            code = proposal.code
        send_now(ctx)
        ctx.facts.setdefault("new_proposals", []).append(code)  # type: ignore[union-attr]
    ctx.clock.move_to(DECISIONS)
    for number, (proposal_id, decision) in enumerate(made):
        message = _t("accepted_message") if decision == "accepted" else fr.REJECTION_MESSAGES[number % 2]
        with unit_of_work() as session:
            decide(session, proposal_id=proposal_id, status=decision, message=message)
        ctx.clock.advance(timedelta(minutes=20))
    send_now(ctx)
    accepted = sum(1 for _, d in made if d == "accepted")
    codes = ", ".join(ctx.facts.get("new_proposals", []))  # type: ignore[arg-type]
    return [_t("proposed", count=len(made), codes=codes, accepted=accepted, rejected=len(made) - accepted)]


def invite_speakers_and_collect(ctx: DemoContext) -> tuple[int, int]:
    """Speakers get their link the day after the decisions and state their availability over two weeks."""
    ctx.clock.advance(timedelta(days=1))
    with unit_of_work() as session:
        speakers = list(session.scalars(select(Speaker).where(Speaker.edition_id == ctx.edition_id)))
        for speaker in speakers:
            directory.invite(session, role="speaker", person=speaker)
        ids = [s.id for s in speakers]
    send_now(ctx)
    given = 0
    for number, speaker_id in enumerate(ids):
        if number % 10 == 0:
            ctx.clock.advance(timedelta(days=1))
        with unit_of_work() as session:
            speaker = session.get(Speaker, speaker_id)
            if speaker is None or not speaker.availability:
                continue
            ranges = [TimeRange(start=r.start, end=r.end) for r in speaker.availability]
            replace_availability(session, speaker_id=speaker_id, data=AvailabilityIn(ranges=ranges))
            given += 1
    return len(ids), given


def call_for_proposals(ctx: DemoContext) -> list[str]:
    ctx.clock.move_to(CALL_OPENS)
    partners = invite_partners(ctx)
    send_now(ctx)
    lines = propose_and_decide(ctx)
    speakers, given = invite_speakers_and_collect(ctx)
    return [_t("invited", partners=partners, speakers=speakers), *lines, _t("availability", count=given)]


def demo_steps() -> list[DemoStep]:
    """For ``services.demo.run.STEP_MODULES``: the first step after the data, at the call's opening."""
    from shared.demo_steps import DemoStep

    return [DemoStep(name=_t("step"), run=call_for_proposals)]
