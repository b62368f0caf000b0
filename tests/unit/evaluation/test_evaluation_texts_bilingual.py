"""Everything the evaluation says exists in French first and in English."""

from __future__ import annotations

from services.ingest.evaluation import demo
from services.ingest.evaluation.messages import CATALOG
from services.ingest.evaluation.report import LABELS
from services.ingest.evaluation.report_render import TEXTS
from shared.i18n import check_catalog


def test_every_catalog_is_complete_in_both_languages() -> None:
    for catalog in (CATALOG, TEXTS, LABELS, demo.MESSAGES):
        assert check_catalog(catalog) == []
