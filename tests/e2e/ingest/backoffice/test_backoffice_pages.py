"""Every back-office page, rendered for the known small edition, says what it must (French first, then ?lang=en)."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import Notification, OptimisationRun
from tests.e2e.ingest.backoffice.conftest import csrf_of
from tests.factories.backoffice import SUBMITTED_TITLE, Backoffice


def _main(html: str) -> str:
    """The page's main landmark, tags removed and spaces collapsed, for content checks."""
    body = html[html.index("<main") : html.index("</main>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _page(client: TestClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.text[-2000:])
    assert answer.headers["cache-control"] == "no-store"
    assert answer.text.count("<h1") == 1, path
    return answer.text


def test_dashboard_shows_the_edition_at_a_glance(lead: TestClient) -> None:
    html = _page(lead, "/gestion/")
    text = _main(html)
    assert "Tableau de bord — Culture et numérique 2023" in text
    assert "4 acceptée" in text
    assert "1 à examiner" in text
    assert "1 refusée" in text
    assert "1 retirée" in text
    assert "Aucune version publiée pour l'instant." in text
    assert "0 territoire(s) sur 3 accueillent au moins une session." in text
    assert "Ambert Livradois-Forez : sans session" in text
    assert "Hall René-Cassin 150 0 0.0 0 %" in text  # room, seats, sessions, hours, occupancy before any run
    assert "Aucune optimisation lancée." in text
    assert 'href="/api/v1/programme.xml"' in html  # the programme's exports are one click away
    assert 'href="/gestion/" aria-current="page"' in html


def test_dashboard_in_english(lead: TestClient) -> None:
    html = _page(lead, "/gestion/?lang=en")
    assert '<html lang="en">' in html
    assert "Dashboard — Culture et numérique 2023" in _main(html)
    assert "0 of 3 territories host at least one session." in _main(html)
    # the choice sticks for the next pages (cookie)
    assert '<html lang="en">' in lead.get("/gestion/propositions").text


def test_proposals_list_and_every_filter(lead: TestClient, bo: Backoffice) -> None:
    text = _main(_page(lead, "/gestion/propositions"))
    assert "7 proposition(s)" in text
    assert "se-005 " + SUBMITTED_TITLE in text
    assert "1 proposition(s)" in _main(_page(lead, "/gestion/propositions?statut=submitted"))
    by_partner = _main(_page(lead, f"/gestion/propositions?partenaire={bo.partners['pa-clic']}"))
    assert "3 proposition(s)" in by_partner
    assert "Atelier FALC numérique" in by_partner
    assert "Apéro numérique" not in by_partner
    assert "1 proposition(s)" in _main(_page(lead, "/gestion/propositions?format=conference"))
    assert "1 proposition(s)" in _main(_page(lead, "/gestion/propositions?public=professional"))
    riom = _main(_page(lead, "/gestion/propositions?territoire=Riom+Limagne+et+Volcans"))
    assert "4 proposition(s)" in riom  # se-001 and the three extra ones prefer the Riom venue
    assert "0 proposition(s)" in _main(_page(lead, "/gestion/propositions?territoire=Ambert+Livradois-Forez"))


def test_a_proposal_page_shows_every_field(lead: TestClient, bo: Backoffice) -> None:
    html = _page(lead, f"/gestion/propositions/{bo.proposals['se-006']}")
    text = _main(html)
    for expected in (
        "Concours de memes",
        "se-006",
        "refusée",
        "Association Clic'63",
        "Atelier",
        "Familles",
        "radio",
        "Une heure pour créer une émission.",
        "Bruno Diallo",
        "Médiathèque de Riom",
        "Hors sujet pour cette édition.",
        "pas au programme publié",
    ):
        assert expected in text, expected
    assert 'name="csrf"' in html
    assert 'name="decision"' in html


def test_withdrawn_proposal_offers_no_decision(lead: TestClient, bo: Backoffice) -> None:
    html = _page(lead, f"/gestion/propositions/{bo.proposals['se-007']}")
    assert "Le partenaire a retiré cette proposition" in html
    assert 'name="decision"' not in html


def test_proposal_edit_form_is_filled(lead: TestClient, bo: Backoffice) -> None:
    html = _page(lead, f"/gestion/propositions/{bo.proposals['se-001']}/modifier")
    assert 'value="Les écrans et les tout-petits"' in html
    assert re.search(r'value="sp-alice" id="speakers[^"]*" checked', html)
    assert re.search(r'value="riom" id="preferred_venues[^"]*" checked', html)


def test_venues_rooms_speakers_partners_pages(lead: TestClient, bo: Backoffice) -> None:
    venues = _main(_page(lead, "/gestion/lieux"))
    assert "Hôtel du Département Clermont-Ferrand Clermont Auvergne Métropole" in venues
    assert "Salle Vercingétorix (40 places" in venues
    speakers = _main(_page(lead, "/gestion/intervenants"))
    assert "sp-alice Alice Martin alice@example.org 2 oui" in speakers
    assert "sp-bruno Bruno Diallo bruno@example.org — non" in speakers
    partners = _main(_page(lead, "/gestion/partenaires"))
    assert "pa-clic Association Clic'63 Contact Association Clic'63 clic63@example.org 3" in partners
    partner = _main(_page(lead, f"/gestion/partenaires/{bo.partners['pa-media']}"))
    assert "se-007 — Balade sonore (retirée)" in partner
    with unit_of_work() as session:
        from shared.models import Room

        room_id = session.scalar(select(Room.id).where(Room.code == "riom-audito"))
    room = _page(lead, f"/gestion/salles/{room_id}")
    assert 'value="80"' in room
    assert 'value="wheelchair"' in room


def test_speaker_availability_grid(lead: TestClient, bo: Backoffice) -> None:
    html = _page(lead, f"/gestion/intervenants/{bo.speakers['sp-alice']}")
    grid = html[html.index('<table class="availability">') :]
    grid = grid[: grid.index("</table>")]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", grid, re.S)
    assert len(rows) == 5  # Monday 16 to Friday 20 October
    cells = {day: re.findall(r"<td[^>]*>(.*?)</td>", body, re.S) for day, body in rows}
    assert cells["lundi 16 octobre 2023"] == ["en partie (9h–12h)", "non", "non"]
    assert cells["mardi 17 octobre 2023"] == ["disponible", "disponible", "disponible"]
    assert cells["mercredi 18 octobre 2023"] == ["non", "non", "non"]
    bruno = _page(lead, f"/gestion/intervenants/{bo.speakers['sp-bruno']}")
    assert "Pas encore indiquées : considéré·e comme toujours disponible." in bruno


def test_runs_versions_mail_and_template_pages(lead: TestClient) -> None:
    runs = _main(_page(lead, "/gestion/optimisations"))
    assert "Lancer une optimisation" in runs
    assert "Aucune optimisation lancée." in runs
    assert "Aucune version publiée." in _main(_page(lead, "/gestion/versions"))
    mail = _main(_page(lead, "/gestion/courriels"))
    assert "Aucun courriel retenu." in mail
    assert "Aucun courriel en échec." in mail
    templates = _main(_page(lead, "/gestion/courriels/modeles"))
    assert "speaker.schedule_change" in templates
    preview = _page(lead, "/gestion/courriels/modeles/partner.decision")
    assert "Votre proposition « Atelier « Fake news »" in _main(preview)
    assert "Your proposal “Atelier « Fake news »" in _main(preview)
    assert preview.count("<iframe") == 2
    assert 'sandbox=""' in preview
    assert "participant.session_changed" in templates
    changed = _main(_page(lead, "/gestion/courriels/modeles/participant.session_changed"))
    assert "Changement de programme pour vos inscriptions (2)" in changed
    assert "Programme change for your registrations (2)" in changed


def test_run_page_diff_and_versions_after_a_run(lead: TestClient, bo: Backoffice) -> None:
    token = csrf_of(lead, "/gestion/optimisations")
    started = lead.post("/gestion/optimisations", data={"csrf": token, "time_limit": "5"})
    assert started.status_code == 303
    run_path = started.headers["location"].split("?")[0]
    html = _page(lead, run_path)  # eager Celery: the solve ran when the request committed
    text = _main(html)
    assert "terminée" in text
    assert "Toutes les sessions acceptées sont placées." in text
    assert "1 territoire(s) sans aucune session (Ambert Livradois-Forez) — 200 point(s)" in text
    assert text.count("Épingler") == 4
    assert 'http-equiv="refresh"' not in html  # finished: no more refreshing
    grid = html[html.index('<table class="grid">') : html.index("</table>", html.index('<table class="grid">'))]
    assert grid.count('<th scope="col">') == 6  # the room column and five days
    for code in ("se-001", "se-002", "se-003", "se-004"):
        assert f'href="#s-{code}"' in grid
    state = lead.get(run_path + "/etat.json").json()
    assert state["finished"] is True
    assert state["unplaced_weight"] == 0
    diff = _main(_page(lead, run_path + "/comparaison"))
    assert "Nouvelles sessions (4)" in diff
    assert "Alice Martin : se-001, se-003" in diff
    assert "Association Clic'63 : se-002" in diff
    with unit_of_work() as session:
        assert (
            session.scalar(select(OptimisationRun.triggered_by))
            == "Camille Chabrier <cheffe.projet@puy-de-dome.example>"
        )
        assert session.scalar(select(Notification.id)) is None


def test_run_page_refreshes_while_the_solver_works(lead: TestClient, bo: Backoffice) -> None:
    with unit_of_work() as session:
        run = OptimisationRun(
            edition_id=bo.edition_id,
            status="running",
            parameters={"time_limit": 60},
            progress={
                "elapsed": 12.5,
                "solutions": 3,
                "unplaced_weight": 0,
                "soft_penalty": 240,
                "bound_unplaced_weight": 0,
                "bound_soft_penalty": 180,
            },
        )
        session.add(run)
        session.flush()
        run_id = run.id
    answer = lead.get(f"/gestion/optimisations/{run_id}")
    html = answer.text
    nonce = re.search(r'<script nonce="([^"]+)">', html)
    assert nonce is not None
    assert f"'nonce-{nonce.group(1)}'" in answer.headers["content-security-policy"]
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    text = _main(html)
    assert "12.5 s sur 60 s" in text
    assert "poids non placé 0, pénalité 240" in text
    assert "poids non placé 0, pénalité 180" in text
    assert "Arrêter l'actualisation automatique" in text
    assert '<progress id="run-progress" max="100" value="21">' in html
    assert "etat.json" in html
    stopped = _page(lead, f"/gestion/optimisations/{run_id}?actualiser=non")
    assert 'http-equiv="refresh"' not in stopped
    assert lead.get(f"/gestion/optimisations/{run_id}/etat.json").json() == {
        "status": "running",
        "finished": False,
        "elapsed": 12.5,
        "time_limit": 60.0,
        "percent": 21,
        "unplaced_weight": 0,
        "soft_penalty": 240,
        "bound_unplaced_weight": 0,
        "bound_soft_penalty": 180,
        "solutions": 3,
    }


def test_unknown_rows_are_404_pages(lead: TestClient) -> None:
    for path in (
        "/gestion/propositions/999",
        "/gestion/lieux/999",
        "/gestion/salles/999",
        "/gestion/intervenants/999",
        "/gestion/partenaires/999",
        "/gestion/optimisations/999",
        "/gestion/courriels/999",
        "/gestion/courriels/versions/999",
        "/gestion/courriels/modeles/nope",
    ):
        answer = lead.get(path)
        assert answer.status_code == 404, path
        assert "Cette page n'existe pas." in unescape(answer.text), path


def test_the_page_of_one_email_hands_out_no_personal_link(lead: TestClient) -> None:
    """A sent email shows where its link was (redacted, not an error); one still to send does not show its link."""
    from shared.mail_secrets import REDACTED
    from shared.outbox import record

    with unit_of_work() as session:
        sent = record(
            session,
            kind="lead.signin_link",
            recipient_email="autre.lead@example.org",
            recipient_name="Dominique",
            locale="fr",
            payload={"link": "http://testserver/gestion/connexion/sent-secret-token-0123456789", "user_id": 1},
            idempotency_key="page:sent",
        )
        waiting = record(
            session,
            kind="participant.survey",
            recipient_email="ines@example.org",
            recipient_name="Inès",
            locale="fr",
            payload={"link": "http://testserver/surveys/held-secret-token-0123456789", "deadline": "2023-11-10"},
            idempotency_key="page:held",
            category="bulk",
            held=True,
        )
        assert sent is not None
        assert waiting is not None
        ids = (sent.id, waiting.id)
    with unit_of_work() as session:
        assert [session.get(Notification, i).status for i in ids] == ["sent", "held"]
    for notification_id in ids:
        page = _page(lead, f"/gestion/courriels/{notification_id}")
        assert REDACTED in page
        assert "secret-token" not in page
        assert "/notifications/unsubscribe/" not in page
