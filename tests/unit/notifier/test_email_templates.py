"""Every email kind renders in French and English, accessibly, with hostile input escaped."""

from __future__ import annotations

import re
from datetime import date
from email import message_from_bytes, policy

import pytest

from services.notifier.domain.examples import example_context
from services.notifier.domain.message import OutgoingEmail, build_mime
from services.notifier.domain.rendering import SUBJECTS, render
from shared.i18n import check_catalog
from shared.models.types import utcnow
from shared.outbox import KINDS

HOSTILE = '<script>alert("x")</script> O\'Brien & "Zoé" ' + "Très-long-nom-" * 40


def test_every_kind_has_a_subject_in_both_languages():
    assert set(SUBJECTS) == set(KINDS)
    assert check_catalog(SUBJECTS) == []


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_template_renders_accessible_html_and_text(kind, locale):
    rendered = render(kind, locale, example_context(kind))
    assert f'<html lang="{locale}">' in rendered.html
    assert re.search(r"<h1[^>]*>", rendered.html)
    assert "<style" not in rendered.html  # styles are inlined, clients drop <style> blocks
    assert "Camille Martin" in rendered.text
    assert "<" not in rendered.text.replace("<-", "")
    assert rendered.subject
    assert "\n" not in rendered.subject


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_hostile_input_is_escaped_in_html(kind, locale):
    rendered = render(kind, locale, example_context(kind, text=HOSTILE))
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    assert HOSTILE.split(" ")[0] in rendered.text  # the text part says exactly what was typed
    mime = build_mime(
        OutgoingEmail(
            notification_id=1,
            message_id="<a@festplan>",
            sender="Festplan <f@example.org>",
            recipient_email="x@example.org",
            recipient_name=HOSTILE,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            locale=locale,
            date=utcnow(),
            kind=kind,
        )
    )
    parsed = message_from_bytes(mime.as_bytes(), policy=policy.default)
    assert parsed["To"].addresses[0].addr_spec == "x@example.org"
    assert "<script>" not in parsed.get_body(("html",)).get_content()


def test_french_uses_french_dates_and_english_english_ones():
    fr = render("partner.logistics", "fr", example_context("partner.logistics"))
    en = render("partner.logistics", "en", example_context("partner.logistics"))
    assert "mercredi 18 octobre 2023, 14h–15h30" in fr.text
    assert "Wednesday 18 October 2023, 14:00–15:30" in en.text
    assert "Quand :" in fr.text
    assert "When:" in en.text


def test_decision_says_declined_in_words_not_colour():
    ctx = {**example_context("partner.decision"), "decision": "rejected"}
    assert "non retenue" in render("partner.decision", "fr", ctx).html
    assert "declined" in render("partner.decision", "en", ctx).text.lower()


@pytest.mark.parametrize(("locale", "words"), [("fr", "Annuler mon inscription"), ("en", "Cancel my registration")])
def test_registration_confirmation_carries_the_cancellation_link(locale, words):
    link = "https://festplan.example/inscriptions/t/annuler"
    ctx = {**example_context("participant.registration_confirmed"), "link": link}
    rendered = render("participant.registration_confirmed", locale, ctx)
    assert f"{words} : https://festplan.example/inscriptions/t/annuler" in rendered.text.replace(
        f"{words}: ", f"{words} : "
    )
    assert 'href="https://festplan.example/inscriptions/t/annuler"' in rendered.html


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_invitations_give_the_edition_dates_from_the_edition_not_the_template(locale):
    dates = {"edition_start": date(2024, 10, 14), "edition_end": date(2024, 10, 25)}
    ctx = {**example_context("speaker.invitation"), **dates}
    for kind in ("speaker.invitation", "partner.invitation"):
        text = render(kind, locale, ctx).text
        assert ("14 octobre 2024" if locale == "fr" else "14 October 2024") in text
        assert ("25 octobre 2024" if locale == "fr" else "25 October 2024") in text


SURVEY_KINDS = (
    "participant.survey",
    "partner.survey_after",
    "partner.survey_before",
    "speaker.survey_after",
    "survey.reminder",
)


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("kind", SURVEY_KINDS)
def test_survey_emails_say_what_is_collected_and_why(kind, locale):
    rendered = render(kind, locale, example_context(kind))
    heading = "Vos données :" if locale == "fr" else "Your data:"
    assert heading in rendered.text
    assert "évaluer l'événement" in rendered.text
    assert "évaluer l&#39;événement" in rendered.html or "évaluer l'événement" in rendered.html
