"""WCAG 2.1 AA in a real browser: axe-core in Debian's headless Chromium on the programme, a session, a venue.

``festplan serve`` runs as a subprocess on a free port over a SQLite file under tmp_path holding the
known published programme; Python playwright drives ``/usr/bin/chromium`` (installed by ``make test``).
A screenshot of the programme page is saved as ``var/screenshots/programme.png`` for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shared.db import unit_of_work
from shared.settings import Settings
from tests.factories.programme import build_programme
from tests.served import BLOCKING, CHROMIUM, CHROMIUM_ARGS, festplan_serve, require_chromium, watch_csp

ROOT = Path(__file__).resolve().parents[4]
PAGES = [
    "/programme",
    "/programme/sessions/se-003",
    "/programme/lieux/hd",
    "/programme/intervenants/sp-001",
    "/programme?lang=en&public=public",
]


@pytest.fixture
def server(festplan_env: Settings, tmp_path: Path) -> Iterator[str]:
    """``festplan serve`` on a free port, over the test's SQLite database with the programme published."""
    with unit_of_work() as session:
        build_programme(session, hostile=True)
    with festplan_serve(tmp_path) as url:
        yield url


def test_programme_pages_have_no_serious_accessibility_violation(server: str) -> None:
    require_chromium()
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    problems: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            csp_violations = watch_csp(page)
            for path in PAGES:
                response = page.goto(server + path)
                assert response is not None, path
                assert response.status == 200, path
                assert page.locator("main h1").count() == 1, path
                assert page.evaluate("document.documentElement.lang") in ("fr", "en")
                results = axe.run(page)
                blocking = [
                    f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s)"
                    for v in results.response["violations"]
                    if v["impact"] in BLOCKING
                ]
                if blocking:
                    problems[path] = blocking
                if path == "/programme":
                    assert page.locator("script").count() == 0  # no JavaScript needed, none shipped
                    assert page.get_by_role("heading", name="mardi 17 octobre 2023").count() == 1
                    shots = ROOT / "var" / "screenshots"
                    shots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(shots / "programme.png"), full_page=True)
                    page.keyboard.press("Tab")
                    assert page.evaluate("document.activeElement.className") == "skip"  # skip link comes first
            assert csp_violations == []
        finally:
            browser.close()
    assert problems == {}
    assert (ROOT / "var" / "screenshots" / "programme.png").stat().st_size > 10_000


def test_hostile_title_is_inert_in_the_served_html(server: str) -> None:
    html = httpx.get(f"{server}/programme/sessions/se-666").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Evil &amp; &#34;Co&#34;&lt;/b&gt;" in html
