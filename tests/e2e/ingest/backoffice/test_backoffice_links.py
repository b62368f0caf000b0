"""The exports and the evaluation report are one click away from the dashboard, and those clicks work."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_dashboard_links_to_exports_and_evaluation_report(lead: TestClient) -> None:
    html = lead.get("/gestion/").text
    section = html[html.index('id="h-more"') :]
    links = re.findall(r'<li><a href="([^"]+)">', section[: section.index("</section>")])
    assert "/api/v1/programme.xml" in links
    assert "/gestion/evaluation/rapport" in links
    report = lead.get("/gestion/evaluation/rapport")
    assert report.status_code == 200
    assert "<html" in report.text
