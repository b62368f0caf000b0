"""The people's forms: reached by the emailed link, French or English, errors tied to fields, input escaped."""

from __future__ import annotations

import re

HOSTILE = '<script>alert("x")</script>'


def _open(client, world, who: str, lang: str = "fr"):
    response = client.get(f"/formulaires/acces/{world.tokens[who]}?lang={lang}", follow_redirects=False)
    assert response.status_code == 303
    assert "httponly" in response.headers["set-cookie"].lower()
    return client.get(response.headers["location"])


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_partner_form_renders_in_french_and_english(client, world):
    home = _open(client, world, "partner_a")
    assert home.status_code == 200
    assert '<html lang="fr">' in home.text
    assert "Médiathèque de Riom" in home.text
    form = client.get("/formulaires/partenaire/propositions/nouvelle")
    assert '<label for="title">Titre' in form.text
    assert "<legend>Lieux et dates souhaités</legend>" in form.text
    assert "Besoins d&#39;accessibilité" in form.text
    assert 'aria-describedby="title-aide"' in form.text
    assert "<script" not in form.text
    english = client.get("/formulaires/partenaire/propositions/nouvelle", headers={"Accept-Language": "en-GB,fr;q=0.5"})
    assert '<html lang="en">' in english.text
    assert "Accessibility needs" in english.text
    assert client.get("/formulaires/partenaire?lang=en").text.count('lang="en"') >= 1


def test_partner_submits_a_proposal_and_errors_are_tied_to_their_fields(client, world):
    form = _open(client, world, "partner_a")
    csrf = _csrf(client.get("/formulaires/partenaire/propositions/nouvelle").text)
    bad = client.post(
        "/formulaires/partenaire/propositions",
        data={"csrf": csrf, "title": "", "duration_minutes": "abc", "description": HOSTILE},
    )
    assert bad.status_code == 422
    assert 'id="title-erreur"' in bad.text
    assert re.search(r'id="title"[^>]*aria-describedby="title-aide title-erreur"[^>]*aria-invalid="true"', bad.text)
    assert "Ce champ est obligatoire." in bad.text
    assert "Entrez un nombre entier." in bad.text
    assert HOSTILE not in bad.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in bad.text
    good = client.post(
        "/formulaires/partenaire/propositions",
        follow_redirects=False,
        data={
            "csrf": csrf,
            "title": HOSTILE,
            "duration_minutes": "90",
            "kind": "workshop",
            "audience": "family",
            "preferred_venues": "hd",
            "preferred_dates": ["2023-10-21", "2023-10-22"],
            "speakers": "sp-002",
            "required_features": ["wheelchair", "projector"],
            "accessibility": "Boucle magnétique",
        },
    )
    assert good.status_code == 303, good.text
    home = client.get(good.headers["location"])
    assert "C&#39;est enregistré." in home.text or "C'est enregistré." in home.text
    assert HOSTILE not in home.text
    assert "&lt;script&gt;" in home.text
    proposals = client.get("/api/v1/partner/proposals").json()
    assert [(p["title"], p["preferred_dates"], p["speakers"], p["required_features"]) for p in proposals] == [
        (HOSTILE, ["2023-10-21", "2023-10-22"], ["sp-002"], ["wheelchair", "projector"])
    ]
    assert form.status_code == 200


def test_form_posts_need_the_csrf_field_and_the_right_person(client, world):
    _open(client, world, "partner_a")
    refused = client.post("/formulaires/partenaire/propositions", data={"title": "x", "duration_minutes": "60"})
    assert refused.status_code == 403
    client.cookies.clear()
    assert client.get("/formulaires/partenaire").status_code == 401
    assert client.get("/formulaires/acces/not-a-real-token").status_code == 401
    _open(client, world, "speaker_a")
    assert client.get("/formulaires/partenaire").status_code == 403


def test_a_partner_cannot_open_another_partners_proposal_form(client, world):
    from api_world import PROPOSAL

    pid = client.post("/api/v1/partner/proposals", json=PROPOSAL, headers=world.h("partner_b")).json()["id"]
    _open(client, world, "partner_a")
    assert client.get(f"/formulaires/partenaire/propositions/{pid}").status_code == 404


def test_speaker_grid_saves_half_days_as_ranges(client, world):
    page = _open(client, world, "speaker_a", "en")
    assert '<html lang="en">' in page.text
    assert "Morning (08:00–13:00)" in page.text
    assert '<label class="visually-hidden" for="slot-2023-10-16-am">Monday 16 October 2023, Morning' in page.text
    french = client.get("/formulaires/intervenant")
    assert "lundi 16 octobre 2023, Matin (8h–13h)" in french.text
    csrf = _csrf(french.text)
    saved = client.post(
        "/formulaires/intervenant",
        follow_redirects=False,
        data={
            "csrf": csrf,
            "name": "Camille Martin",
            "email": "camille@example.org",
            "phone": "",
            "locale": "fr",
            "slot": ["2023-10-16|am", "2023-10-16|pm", "2023-10-18|eve"],
        },
    )
    assert saved.status_code == 303
    ranges = client.get(f"/api/v1/speakers/{world.speaker_a}/availability").json()["ranges"]
    assert ranges == [
        {"start": "2023-10-16T08:00:00", "end": "2023-10-16T18:00:00"},
        {"start": "2023-10-18T18:00:00", "end": "2023-10-18T22:00:00"},
    ]
    again = client.get("/formulaires/intervenant").text
    assert re.search(r'id="slot-2023-10-16-pm" checked', again)
    assert not re.search(r'id="slot-2023-10-17-am" checked', again)
    bad = client.post(
        "/formulaires/intervenant",
        data={"csrf": csrf, "name": "", "email": "pas-une-adresse", "locale": "fr", "slot": ["2023-10-17|am"]},
    )
    assert bad.status_code == 422
    assert 'id="name-erreur"' in bad.text
    assert 'id="email-erreur"' in bad.text
    assert re.search(r'id="slot-2023-10-17-am" checked', bad.text)
    assert client.get(f"/api/v1/speakers/{world.speaker_a}/availability").json()["ranges"] == ranges


def test_partner_states_time_windows_row_by_row_and_gets_them_back(client, world):
    _open(client, world, "partner_a")
    blank = client.get("/formulaires/partenaire/propositions/nouvelle").text
    assert "<legend>Plages horaires possibles</legend>" in blank
    assert '<label for="windows">Jour</label>' in blank
    assert '<input type="time" id="windows-0-start" name="windows-0-start" value="" step="900"' in blank
    assert "<legend>Plage 3</legend>" in blank
    assert "<script" not in blank
    csrf = _csrf(blank)
    saved = client.post(
        "/formulaires/partenaire/propositions",
        follow_redirects=False,
        data={
            "csrf": csrf,
            "title": "Atelier robots",
            "duration_minutes": "90",
            "windows": "2023-10-18",
            "windows-0-start": "14:00",
            "windows-0-end": "18:00",
            "windows-1-day": "",
            "windows-1-start": "",
            "windows-1-end": "",
            "windows-2-day": "2023-10-16",
            "windows-2-start": "20:00",
            "windows-2-end": "00:00",
            "windows-3-day": "2023-10-17",
            "windows-3-start": "00:00",
            "windows-3-end": "10:00",
        },
    )
    assert saved.status_code == 303, saved.text
    (proposal,) = client.get("/api/v1/partner/proposals").json()
    assert proposal["windows"] == [
        {"start": "2023-10-16T20:00:00", "end": "2023-10-17T10:00:00"},
        {"start": "2023-10-18T14:00:00", "end": "2023-10-18T18:00:00"},
    ]
    again = client.get(f"/formulaires/partenaire/propositions/{proposal['id']}").text
    assert re.search(r'<option value="2023-10-16" selected>', again)
    assert 'id="windows-0-end" name="windows-0-end" value="00:00"' in again
    assert 'id="windows-1-start" name="windows-1-start" value="00:00"' in again
    assert 'id="windows-2-start" name="windows-2-start" value="14:00"' in again
    assert "<legend>Plage 5</legend>" in again  # two blank rows after the three filled ones

    english = client.get(f"/formulaires/partenaire/propositions/{proposal['id']}?lang=en").text
    assert "<legend>Possible time ranges</legend>" in english
    assert "<legend>Range 1</legend>" in english

    # Saving the form again without touching the rows keeps the windows (they used to be dropped).
    resaved = client.post(
        f"/formulaires/partenaire/propositions/{proposal['id']}",
        follow_redirects=False,
        data={
            "csrf": csrf,
            "title": "Atelier robots (v2)",
            "duration_minutes": "90",
            **{
                name: value
                for name, value in re.findall(r'name="(windows[^"]*)" value="([^"]*)"', again)
                if name.endswith(("start", "end"))
            },
            "windows": "2023-10-16",
            "windows-1-day": "2023-10-17",
            "windows-2-day": "2023-10-18",
        },
    )
    assert resaved.status_code == 303, resaved.text
    assert client.get("/api/v1/partner/proposals").json()[0]["windows"] == proposal["windows"]


def test_a_wrong_time_window_is_tied_to_its_row_and_nothing_is_saved(client, world):
    _open(client, world, "partner_a")
    csrf = _csrf(client.get("/formulaires/partenaire/propositions/nouvelle").text)
    base = {"csrf": csrf, "title": "Atelier", "duration_minutes": "60"}
    backwards = client.post(
        "/formulaires/partenaire/propositions",
        data=base
        | {"windows": "2023-10-18", "windows-0-start": "09:00", "windows-0-end": "10:00"}
        | {"windows-1-day": "2023-10-19", "windows-1-start": "12:00", "windows-1-end": "11:00"},
    )
    assert backwards.status_code == 422
    assert '<a href="#windows">Plages horaires possibles</a>' in backwards.text
    assert "Plage 2 : l&#39;heure de fin doit suivre l&#39;heure de début." in backwards.text
    assert 'id="windows-erreur"' in backwards.text
    assert re.search(r'id="windows-1-end"[^>]*aria-describedby="windows-erreur" aria-invalid="true"', backwards.text)
    assert not re.search(r'id="windows-0-end"[^>]*aria-invalid', backwards.text)
    assert 'id="windows-1-start" name="windows-1-start" value="12:00"' in backwards.text  # the input is kept

    incomplete = client.post(
        "/formulaires/partenaire/propositions", data=base | {"windows": "2023-10-18", "windows-0-start": "09:00"}
    )
    assert incomplete.status_code == 422
    assert "Plage 1 : indiquez le jour, l&#39;heure de début et l&#39;heure de fin." in incomplete.text

    outside = client.post(
        "/formulaires/partenaire/propositions",
        data=base | {"windows": "2023-11-02", "windows-0-start": "09:00", "windows-0-end": "10:00"},
        headers={"Accept-Language": "en"},
    )
    assert outside.status_code == 422
    assert "lies outside the edition" in outside.text
    assert '<option value="2023-11-02" selected>' in outside.text
    off_grid = client.post(
        "/formulaires/partenaire/propositions",
        data=base | {"windows": "2023-10-18", "windows-0-start": "09:07", "windows-0-end": "10:00"},
    )
    assert off_grid.status_code == 422
    assert "multiples de 15 minutes" in off_grid.text
    assert client.get("/api/v1/partner/proposals").json() == []
