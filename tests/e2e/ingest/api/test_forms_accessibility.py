"""WCAG 2.1 AA in a real browser: axe-core on the partner's proposal form, blank and with a time-window error.

The form is driven as a person would, with the keyboard and no JavaScript of ours: the emailed link, then
the form filled in and sent. A screenshot is saved as ``var/screenshots/proposal_form.png``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_world import World, make_world

from shared.settings import Settings
from tests.served import BLOCKING, CHROMIUM, CHROMIUM_ARGS, festplan_serve, require_chromium, watch_csp

ROOT = Path(__file__).resolve().parents[4]


@pytest.fixture
def served(festplan_env: Settings, tmp_path: Path) -> Iterator[tuple[str, World]]:
    world = make_world()
    with festplan_serve(tmp_path) as url:
        yield url, world


def _blocking(axe, page) -> list[str]:
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s)"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_the_proposal_form_is_accessible_and_its_window_error_reaches_the_row(served: tuple[str, World]) -> None:
    require_chromium()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    url, world = served
    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            csp_violations = watch_csp(page)
            page.goto(f"{url}/formulaires/acces/{world.tokens['partner_a']}")
            page.goto(f"{url}/formulaires/partenaire/propositions/nouvelle")
            assert page.evaluate("document.documentElement.lang") == "fr"
            assert page.locator("script").count() == 0
            assert _blocking(axe, page) == []
            shots = ROOT / "var" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "proposal_form.png"), full_page=True)

            page.get_by_label("Titre").fill("Atelier radio")
            page.get_by_label("Durée (minutes)").fill("90")
            row = page.get_by_role("group", name="Plage 2")
            row.get_by_label("Jour").select_option("2023-10-18")
            row.get_by_label("De (heure de début)").fill("16:00")
            row.get_by_label("À (heure de fin)").fill("15:00")
            page.get_by_role("button", name="Envoyer la proposition").press("Enter")
            page.wait_for_load_state()
            assert page.get_by_role("alert").count() == 1
            end = page.get_by_role("group", name="Plage 2").get_by_label("À (heure de fin)")
            assert end.get_attribute("aria-invalid") == "true"
            assert end.get_attribute("aria-describedby") == "windows-erreur"
            message = page.locator("#windows-erreur").inner_text()
            assert message == "Plage 2 : l'heure de fin doit suivre l'heure de début."
            assert end.input_value() == "15:00"
            assert _blocking(axe, page) == []
            assert csp_violations == []
        finally:
            browser.close()
