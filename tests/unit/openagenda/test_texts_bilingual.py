"""Every user-facing word of the three new services exists in French and in English, with the same placeholders."""

from __future__ import annotations

import pytest

from services.editions.texts import TEXTS as EDITION_TEXTS
from services.network.demo import MESSAGES as NETWORK_DEMO
from services.network.texts import TEXTS as NETWORK_TEXTS
from services.openagenda.demo import MESSAGES as OPENAGENDA_DEMO
from services.openagenda.texts import TEXTS as OPENAGENDA_TEXTS
from shared.i18n import check_catalog


@pytest.mark.parametrize(
    "catalog",
    [OPENAGENDA_TEXTS, OPENAGENDA_DEMO, NETWORK_TEXTS, NETWORK_DEMO, EDITION_TEXTS],
    ids=lambda c: str(len(c)),
)
def test_catalog_is_bilingual(catalog):
    assert check_catalog(catalog) == []
