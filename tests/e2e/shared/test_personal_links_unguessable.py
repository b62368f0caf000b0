"""Personal links cannot be made from sequential ids, even by someone who has seen many of them.

Two kinds of link name a guessable thing: the cancel link (a registration id) and the unsubscribe link (an
address). Both carry a full-length HMAC (160 bits) under ``FESTPLAN_SECRET_KEY``: what an observer can do
with a pile of them — move a signature to the next id, sign with the public development key — is refused.
Every other personal link (partner's and speaker's forms, venue attendance entry, sign-in) is random and
stored only as its SHA-256. What kept these links safe in production was the key, hence the start-up check
(tests/e2e/platform/test_secret_key_at_start.py).
"""

from __future__ import annotations

from itsdangerous import URLSafeSerializer
from sqlalchemy import select

from services.evaluation.attendance.service import issue_venue_link
from services.notifier.domain.unsubscribe import SALT as UNSUBSCRIBE_SALT
from services.notifier.domain.unsubscribe import make_token, read_token
from services.scheduler.programme import booking
from shared.db import unit_of_work
from shared.models import ApiToken, Venue
from shared.settings import DEV_SECRET_KEY, Settings
from shared.web.auth import hash_token, issue_personal_link_token
from shared.web.backoffice.session import create_signin_link, ensure_lead
from tests.factories.programme import build_programme


def test_cancel_links_of_consecutive_registrations_give_nothing_for_the_next(festplan_env: Settings) -> None:
    seen = {n: booking.cancel_token(n) for n in range(1, 201)}
    signatures = {token.rsplit(".", 1)[1] for token in seen.values()}
    assert len(signatures) == 200
    assert min(len(s) for s in signatures) >= 27  # 160 bits, never shortened
    payload_201 = booking.cancel_token(201).rsplit(".", 1)[0]
    assert all(booking.registration_from_token(f"{payload_201}.{s}") is None for s in signatures)
    public = URLSafeSerializer(DEV_SECRET_KEY, salt="festplan-registration-cancel").dumps({"r": 201})
    assert booking.registration_from_token(public) is None
    assert booking.registration_from_token(booking.cancel_token(201)) == 201


def test_unsubscribe_links_cannot_be_moved_to_another_address(festplan_env: Settings) -> None:
    key = festplan_env.secret_key
    mine = make_token("ana@example.org", secret_key=key)
    theirs_payload = make_token("bob@example.org", secret_key=key).rsplit(".", 1)[0]
    assert read_token(f"{theirs_payload}.{mine.rsplit('.', 1)[1]}", secret_key=key) is None
    public = URLSafeSerializer(DEV_SECRET_KEY, salt=UNSUBSCRIBE_SALT).dumps({"e": "bob@example.org"})
    assert read_token(public, secret_key=key) is None


def test_the_other_links_are_random_and_stored_only_hashed(festplan_env: Settings) -> None:
    with unit_of_work() as session:
        made = build_programme(session)
        speaker_id = next(iter(made.speakers.values()))
        venue = session.scalars(select(Venue).where(Venue.edition_id == made.edition_id)).first()
        assert venue is not None
        lead = ensure_lead(session)
        raws = [issue_personal_link_token(session, role="speaker", subject_id=speaker_id)[1] for _ in range(2)]
        raws += [issue_venue_link(session, venue=venue) for _ in range(2)]
        raws += [create_signin_link(session, user=lead).rsplit("/", 1)[1] for _ in range(2)]
        stored = set(session.scalars(select(ApiToken.token_hash)))
    assert len(set(raws)) == len(raws)  # the same subject twice: two unrelated links
    assert not stored & set(raws)
    assert {hash_token(raw) for raw in raws} <= stored
