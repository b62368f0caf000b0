"""The back-office's template gallery shows each kind with the edition's own latest email, else the example."""

from __future__ import annotations

from services.notifier.gallery import gallery_previews
from shared.db import unit_of_work
from shared.outbox import KINDS, record


def test_gallery_renders_every_kind_with_the_example_on_an_empty_outbox(festplan_env):
    with unit_of_work() as session:
        for kind in KINDS:
            previews, real = gallery_previews(session, kind, settings=festplan_env)
            assert not real
            assert [locale for locale, _ in previews] == ["fr", "en"]
            for _, email in previews:
                assert email.subject
                assert email.text.strip()
                assert "<html" in email.html


def test_gallery_shows_the_latest_email_that_left(festplan_env):
    with unit_of_work() as session:
        record(
            session,
            kind="lead.signin_link",
            recipient_email="cheffe@example.org",
            recipient_name="Élise Gallery",
            locale="fr",
            payload={"link": "https://festplan.example/gestion/connexion/tok-gallery"},
            idempotency_key="gallery:1",
        )
    with unit_of_work() as session:  # eager: the commit sent it to the file outbox
        previews, real = gallery_previews(session, "lead.signin_link", settings=festplan_env)
    assert real
    for _, email in previews:
        assert "Élise Gallery" in email.text
        assert "tok-gallery" in email.text
