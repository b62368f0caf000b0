"""The lead's whole loop in a real headless Chromium, with axe-core on every page of it.

``festplan serve`` runs as a subprocess on a free port over a SQLite file under tmp_path holding the
known small edition (eager Celery, file outbox). Python playwright drives Debian's ``/usr/bin/chromium``:
sign in with a one-time link, accept a proposal, start a run, wait for it, open the diff, publish,
and see the emails sent. Screenshots of the dashboard, the run grid and the diff go to ``var/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.db import unit_of_work
from shared.models import Notification, SessionProposal
from shared.settings import Settings
from tests.factories.backoffice import build_backoffice, signin_link
from tests.served import BLOCKING, CHROMIUM, CHROMIUM_ARGS, festplan_serve, free_port, require_chromium, watch_csp

ROOT = Path(__file__).resolve().parents[4]
SHOTS = ROOT / "var" / "screenshots"


@pytest.fixture
def server(festplan_env: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("FESTPLAN_BASE_URL", url)
    from shared.settings import reset_settings

    reset_settings()
    with unit_of_work() as session:
        build_backoffice(session)
    with festplan_serve(tmp_path, port=port) as served:
        yield served


def test_sign_in_review_optimise_compare_publish_and_mail(server: str) -> None:
    require_chromium()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect, sync_playwright

    with unit_of_work() as session:
        link = signin_link(session)
    axe = Axe()
    problems: dict[str, list[str]] = {}
    checked: list[str] = []

    def audit(page: object, name: str) -> None:
        assert page.locator("main h1").count() == 1, name  # type: ignore[attr-defined]
        results = axe.run(page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s)"
            for v in results.response["violations"]
            if v["impact"] in BLOCKING
        ]
        if blocking:
            problems[name] = blocking
        checked.append(name)

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            csp_violations = watch_csp(page)
            page.goto(server + "/gestion/", wait_until="load")
            assert page.url.startswith(server + "/gestion/connexion?next=")
            audit(page, "connexion")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip"  # the skip link comes first

            page.goto(link)
            audit(page, "lien")
            page.get_by_role("button", name="Se connecter").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord — Culture et numérique 2023")
            audit(page, "tableau de bord")
            page.screenshot(path=str(SHOTS / "gestion-tableau-de-bord.png"), full_page=True)

            page.get_by_role("navigation").get_by_role("link", name="Propositions").click()
            page.get_by_label("État").select_option("submitted")
            page.get_by_role("button", name="Appliquer les filtres").click()
            audit(page, "propositions")
            page.get_by_role("link", name="Fabriquer sa radio de quartier").click()
            audit(page, "proposition")
            page.get_by_label("Accepter").check()
            page.get_by_label("Message au partenaire").fill("Avec plaisir : prévoyez 15 places.")
            page.get_by_role("button", name="Enregistrer la décision et prévenir le partenaire").click()
            expect(page.get_by_role("status")).to_contain_text("Décision enregistrée")

            page.get_by_role("navigation").get_by_role("link", name="Optimisation").click()
            audit(page, "optimisations")
            page.get_by_label("Limite de temps (secondes)").fill("3")
            page.get_by_role("button", name="Lancer l'optimisation").click()
            expect(page.locator("#run-status")).to_have_text("terminée", timeout=60_000)
            expect(page.get_by_role("heading", name="Programme par jour et par salle")).to_be_visible()
            audit(page, "optimisation")
            page.locator("table.grid").screenshot(path=str(SHOTS / "gestion-grille.png"))
            page.screenshot(path=str(SHOTS / "gestion-optimisation.png"), full_page=True)
            assert page.locator("table.grid").get_by_text("Fabriquer sa radio de quartier").count() == 1

            page.get_by_role("link", name="Comparer avec la version publiée et publier").click()
            expect(page.get_by_role("heading", name=re.compile(r"Nouvelles sessions \(5\)"))).to_be_visible()
            audit(page, "comparaison")
            page.screenshot(path=str(SHOTS / "gestion-comparaison.png"), full_page=True)
            page.get_by_label("Message de la version (journal des modifications)").fill("Programme de la semaine")
            page.get_by_role("button", name="Publier la version").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Versions publiées")
            expect(page.get_by_role("cell", name="Programme de la semaine")).to_be_visible()
            audit(page, "versions")

            page.get_by_role("navigation").get_by_role("link", name="Courriels").click()
            audit(page, "courriels")
            sent = int(page.locator(".figures li", has_text="envoyé").locator("strong").inner_text())
            assert sent >= 5  # the decision, then each speaker's and partner's slots
            page.goto(server + "/gestion/?lang=en")
            expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard — Culture et numérique 2023")
            audit(page, "dashboard (en)")
            assert csp_violations == []
        finally:
            browser.close()
    assert problems == {}
    assert len(checked) == 11
    with unit_of_work() as session:
        assert session.scalar(select(SessionProposal.status).where(SessionProposal.code == "se-005")) == "accepted"
        kinds = set(session.scalars(select(Notification.kind).where(Notification.status == "sent")))
    assert {"partner.decision", "speaker.assignment", "partner.slots"} <= kinds
    for name in ("gestion-tableau-de-bord.png", "gestion-grille.png", "gestion-comparaison.png"):
        assert (SHOTS / name).stat().st_size > 5_000, name
