"""The back-office's template gallery shows each kind with the edition's own latest email, else the example."""

from __future__ import annotations

from services.notifier.gallery import gallery_previews
from shared.db import unit_of_work
from shared.mail_secrets import REDACTED
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
        assert REDACTED in email.text  # the link it carried is gone from the row once sent: shown redacted
        assert "tok-gallery" not in email.text + email.html


def test_the_gallery_hands_out_no_usable_link_of_a_real_survey_email(festplan_env):
    with unit_of_work() as session:
        record(
            session,
            kind="participant.survey",
            recipient_email="ines@example.org",
            recipient_name="Inès Gallery",
            locale="fr",
            payload={"link": "https://festplan.example/surveys/tok-survey", "deadline": "2023-11-10"},
            idempotency_key="gallery:survey",
            category="bulk",
        )
    with unit_of_work() as session:
        previews, real = gallery_previews(session, "participant.survey", settings=festplan_env)
    assert real
    for _, email in previews:
        assert "Inès Gallery" in email.text
        assert "tok-survey" not in email.text + email.html
        assert "/notifications/unsubscribe/" not in email.text + email.html  # nor the person's unsubscribe link
        assert REDACTED in email.html
