"""``/reseau`` in a real browser: axe-core finds no serious WCAG 2.1 AA violation, no script is shipped, the skip
link comes first and the filter form works from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.network import repository as repo
from services.network import service
from services.network.seeding import add_partners_of
from shared.db import unit_of_work
from shared.settings import Settings
from tests.factories.programme import build_programme
from tests.served import BLOCKING, CHROMIUM, CHROMIUM_ARGS, festplan_serve, require_chromium


@pytest.fixture
def server(festplan_env: Settings, tmp_path: Path) -> Iterator[str]:
    with unit_of_work() as session:
        build_programme(session)
        add_partners_of(session, edition_code="cn2023")
        for code in ("pa-001", "pa-002"):
            org = repo.organisation_by_code(session, code)
            service.record_consent(session, organisation=org, purpose="listed", granted=True, source="test")
    with festplan_serve(tmp_path) as url:
        yield url


def test_network_page_is_accessible_and_filters_from_the_keyboard(server: str) -> None:
    require_chromium()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            for path in ("/reseau", "/reseau?lang=en&type=association"):
                response = page.goto(server + path)
                assert response is not None
                assert response.status == 200
                assert page.locator("main h1").count() == 1
                assert page.locator("script").count() == 0
                violations = [
                    f"{v['id']} ({v['impact']}): {v['help']}"
                    for v in axe.run(page).response["violations"]
                    if v["impact"] in BLOCKING
                ]
                assert violations == [], path
            page.goto(server + "/reseau")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip"
            page.get_by_label("Type d'acteur").select_option("association")
            page.get_by_role("button", name="Afficher").press("Enter")
            page.wait_for_url("**/reseau?**type=association**")
            assert page.get_by_role("heading", level=3).count() == 1
        finally:
            browser.close()
