"""One name cleaner at every entry: the API's schemas, the registration form, the spreadsheet columns."""

from __future__ import annotations

import pytest

from services.ingest.directory.schemas import PartnerCreate, SpeakerContactUpdate
from services.ingest.imports.kinds import PARTNERS, SPEAKERS
from services.ingest.imports.kinds_sessions import PARTICIPANTS
from services.scheduler.programme.booking import validate
from shared.addresses import is_email
from shared.names import clean_name
from shared.web.ids import INT32, parse_db_id

DIRTY = "Zoé\x07\t\x1b[31mMartin\u2028\ud800 "


def test_clean_name_drops_controls_and_folds_spaces() -> None:
    assert clean_name(DIRTY) == "Zoé [31mMartin"
    assert clean_name("  Anne   Roux ") == "Anne Roux"
    assert clean_name("\x00\x01") == ""
    assert clean_name("Åsa Ólafsdóttir — 李") == "Åsa Ólafsdóttir — 李"


def test_every_entry_uses_it() -> None:
    assert SpeakerContactUpdate.model_validate({"name": DIRTY}).name == "Zoé [31mMartin"
    partner = PartnerCreate.model_validate({"edition_id": 1, "code": "pa", "name": "X", "contact_name": DIRTY})
    assert partner.contact_name == "Zoé [31mMartin"
    request, errors = validate(name=DIRTY, email="zoe@example.org", seats="1", needs="", waitlist=False, max_seats=3)
    assert errors == {}
    assert request is not None
    assert request.name == "Zoé [31mMartin"
    for kind in (SPEAKERS, PARTNERS, PARTICIPANTS):
        assert kind.column("name").parse(DIRTY) == "Zoé [31mMartin", kind


@pytest.mark.parametrize(
    ("address", "ok"),
    [("anne.roux+cn@example.org", True), ("josé@exemple.fr", False), ("a\x01@x.org", False), ("a@b@c.org", False)],
)
def test_one_email_rule(address: str, ok: bool) -> None:
    assert is_email(address) is ok


def test_parse_db_id_takes_only_what_can_name_a_row() -> None:
    assert parse_db_id("42") == 42
    assert parse_db_id(str(INT32)) == INT32
    for odd in (str(INT32 + 1), "²", "١٢", "-1", "0", "", None, "9" * 5000):
        assert parse_db_id(odd) is None, odd
