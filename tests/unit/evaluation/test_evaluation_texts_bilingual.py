"""Everything the evaluation says exists in French first and in English."""

from __future__ import annotations

from services.evaluation import demo
from services.evaluation.domain.report import LABELS
from services.evaluation.report.render import TEXTS
from services.evaluation.texts import CATALOG
from shared.i18n import check_catalog


def test_every_catalog_is_complete_in_both_languages() -> None:
    for catalog in (CATALOG, TEXTS, LABELS, demo.MESSAGES):
        assert check_catalog(catalog) == []
