"""The public pages of a known published programme: content, filters, languages, a moved session everywhere."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime

import icalendar
import pytest
from fastapi.testclient import TestClient
from lxml import etree

from shared.db import unit_of_work
from shared.settings import Settings
from tests.factories.programme import PublishedProgramme, build_programme, move_session


@pytest.fixture
def published(festplan_env: Settings) -> PublishedProgramme:
    with unit_of_work() as session:
        return build_programme(session)


@pytest.fixture
def client(published: PublishedProgramme) -> Iterator[TestClient]:
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def titles(html: str) -> set[str]:
    """Session titles listed on a page (the links to session pages)."""
    return set(re.findall(r'<a href="/programme/sessions/[^"]+">([^<]+)</a>', html))


def test_root_redirects_to_the_programme(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/programme"


def test_programme_lists_every_session_by_day_in_french(client: TestClient) -> None:
    response = client.get("/programme")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="fr">' in html
    assert titles(html) == {
        "Les écrans et les tout-petits",
        "Atelier FALC numérique",
        "Intelligence artificielle et bibliothèques",
        "Apéro numérique",
    }
    days = re.findall(r'<h2 id="jour-([0-9-]+)">([^<]+)</h2>', html)
    assert days == [
        ("2023-10-17", "mardi 17 octobre 2023"),
        ("2023-10-18", "mercredi 18 octobre 2023"),
        ("2023-10-19", "jeudi 19 octobre 2023"),
    ]
    assert html.index("Les écrans et les tout-petits") < html.index("Apéro numérique")  # 14h before 18h
    assert "Version n° 1, publiée le" in html
    assert "4 séance(s)" in html


def test_programme_in_english_with_lang_parameter(client: TestClient) -> None:
    html = client.get("/programme?lang=en").text
    assert '<html lang="en">' in html
    assert "Tuesday 17 October 2023" in html
    assert "Version 1, published on" in html
    assert 'href="/programme/sessions/se-001?lang=en"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("commune=Riom", {"Intelligence artificielle et bibliothèques"}),
        ("interco=Ambert+Livradois-Forez", {"Atelier FALC numérique"}),
        ("lieu=hd", {"Les écrans et les tout-petits", "Apéro numérique"}),
        ("public=professional", {"Intelligence artificielle et bibliothèques"}),
        ("type=social", {"Apéro numérique"}),
        ("acces=hearing_loop", {"Les écrans et les tout-petits"}),
        ("acces=wheelchair&acces=sign_language", {"Intelligence artificielle et bibliothèques"}),
        ("jour=2023-10-17", {"Les écrans et les tout-petits", "Apéro numérique"}),
        ("lieu=hd&type=workshop", set()),
    ],
)
def test_filters_really_filter(client: TestClient, query: str, expected: set[str]) -> None:
    html = client.get(f"/programme?{query}").text
    assert titles(html) == expected
    assert f"{len(expected)} séance(s)" in html
    if not expected:
        assert "Aucune séance ne correspond" in html


def test_session_page_has_facts_registration_form_and_json_ld(client: TestClient) -> None:
    html = client.get("/programme/sessions/se-003").text
    assert '<h1 id="titre-seance">Intelligence artificielle et bibliothèques</h1>' in html
    assert "jeudi 19 octobre 2023" in html
    assert "de 9h30 à 11h" in html
    assert "Médiathèque de Riom" in html
    assert "2 rue du Commerce" in html
    assert "63200" in html
    assert "openstreetmap.org/?mlat=45.89360&amp;mlon=3.11260" in html
    assert "Alice Martin" in html
    assert "Bruno Diallo" in html
    assert "Langue des signes (LSF)" in html
    assert "Interprète LSF sur demande" in html
    assert "Places restantes : 60 sur 60" in html
    assert '<label for="r-nom">' in html
    assert 'name="courriel"' in html
    assert 'name="besoins"' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2023-10-19T09:30:00+02:00"
    assert data["location"]["address"]["postalCode"] == "63200"
    assert data["location"]["geo"]["latitude"] == pytest.approx(45.8936)
    assert [p["name"] for p in data["performer"]] == ["Alice Martin", "Bruno Diallo"]
    assert data["isAccessibleForFree"] is True
    assert data["audience"]["audienceType"] == "Professionnels"
    assert "signLanguage" in data["accessibilityFeature"]
    assert data["organizer"]["name"]


def test_venue_and_speaker_pages(client: TestClient) -> None:
    venue = client.get("/programme/lieux/hd").text
    assert "Hôtel du Département" in venue
    assert "Hall René-Cassin" in venue
    assert titles(venue) == {"Les écrans et les tout-petits", "Apéro numérique"}
    speaker = client.get("/programme/intervenants/sp-002").text
    assert "<h1>Bruno Diallo</h1>" in speaker
    assert titles(speaker) == {
        "Atelier FALC numérique",
        "Intelligence artificielle et bibliothèques",
        "Apéro numérique",
    }
    assert "06 55 66 77 88" not in speaker  # phones are for the staff's running sheet only
    assert client.get("/programme/lieux/nowhere").status_code == 404
    assert client.get("/programme/sessions/se-999").status_code == 404


def test_a_moved_session_shows_its_new_time_everywhere(client: TestClient, published: PublishedProgramme) -> None:
    before_ics = icalendar.Calendar.from_ical(client.get("/api/v1/programme.ics").content)
    sequence_before = {str(e["UID"]): int(e["SEQUENCE"]) for e in before_ics.walk("VEVENT")}
    old_etag = client.get("/api/v1/programme.json").headers["etag"]
    with unit_of_work() as session:
        move_session(
            session,
            published,
            code="se-001",
            room="hd-salle2",
            start=datetime(2023, 10, 18, 16, 0),
            end=datetime(2023, 10, 18, 17, 30),
        )
    page = client.get("/programme/sessions/se-001").text
    assert "mercredi 18 octobre 2023" in page
    assert "de 16h à 17h30" in page
    assert "Salle 2" in page
    assert "Version n° 2" in page
    listing = client.get("/programme?jour=2023-10-18").text
    assert "Les écrans et les tout-petits" in titles(listing)

    calendar = icalendar.Calendar.from_ical(client.get("/api/v1/programme.ics").content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    moved = events["session-se-001@festplan"]
    assert moved.decoded("DTSTART") == datetime(2023, 10, 18, 16, 0, tzinfo=moved.decoded("DTSTART").tzinfo)
    assert str(moved["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert int(moved["SEQUENCE"]) == sequence_before["session-se-001@festplan"] + 1 == 1
    assert int(events["session-se-002@festplan"]["SEQUENCE"]) == 0

    response = client.get("/api/v1/programme.json", headers={"If-None-Match": old_etag})
    assert response.status_code == 200
    assert response.headers["etag"] != old_etag
    doc = response.json()
    day = next(d for d in doc["schedule"]["conference"]["days"] if d["date"] == "2023-10-18")
    event = next(e for room in day["rooms"].values() for e in room if e["title"] == "Les écrans et les tout-petits")
    assert event["date"] == "2023-10-18T16:00:00+02:00"
    assert event["duration"] == "01:30"
    assert doc["schedule"]["version"] == "v2"

    xml = etree.fromstring(client.get("/api/v1/programme.xml").content)
    (node,) = xml.xpath("//event[title='Les écrans et les tout-petits']")
    assert node.findtext("date") == "2023-10-18T16:00:00+02:00"
    assert node.getparent().get("name") == "Hôtel du Département — Salle 2"


def test_exchange_documents_answer_304_to_their_etag(client: TestClient) -> None:
    for path in ("/api/v1/programme.xml", "/api/v1/programme.json", "/api/v1/programme.ics"):
        first = client.get(path)
        assert first.status_code == 200
        assert first.headers["cache-control"].startswith("public, max-age=")
        etag = first.headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_venue_and_partner_feeds(client: TestClient) -> None:
    venue = icalendar.Calendar.from_ical(client.get("/api/v1/programme/lieux/riom.ics").content)
    assert [str(e["UID"]) for e in venue.walk("VEVENT")] == ["session-se-003@festplan"]
    partner = icalendar.Calendar.from_ical(client.get("/api/v1/programme/partenaires/pa-001.ics").content)
    assert {str(e["UID"]) for e in partner.walk("VEVENT")} == {"session-se-001@festplan", "session-se-003@festplan"}
    assert client.get("/api/v1/programme/lieux/nowhere.ics").status_code == 404


def test_speaker_feed_needs_their_personal_link(client: TestClient, published: PublishedProgramme) -> None:
    from shared.web.auth import issue_personal_link_token

    with unit_of_work() as session:
        _, token = issue_personal_link_token(session, role="speaker", subject_id=published.speakers["sp-001"])
    response = client.get(f"/api/v1/programme/intervenants/{token}.ics")
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("private")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert {str(e["UID"]) for e in calendar.walk("VEVENT")} == {"session-se-001@festplan", "session-se-003@festplan"}
    assert client.get("/api/v1/programme/intervenants/sp-001.ics").status_code == 404
    assert client.get(f"/api/v1/programme/intervenants/{token[:-2]}xx.ics").status_code == 404


def test_nothing_published_yet(festplan_env: Settings) -> None:
    from services.web import create_app

    with TestClient(create_app()) as test_client:
        page = test_client.get("/programme")
        assert page.status_code == 200
        assert "pas encore publié" in page.text
        assert test_client.get("/api/v1/programme.json").status_code == 404
