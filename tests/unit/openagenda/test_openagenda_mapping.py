"""The pure mapping to OpenAgenda's v2 fields, and the change plan between two syncs."""

from __future__ import annotations

from datetime import datetime

from services.openagenda.domain.changes import Action, Known, plan_events, plan_locations
from services.openagenda.domain.mapping import (
    CANCELLED,
    DESCRIPTION_MAX,
    FULL,
    RESCHEDULED,
    SCHEDULED,
    TITLE_MAX,
    SessionFacts,
    VenueFacts,
    accessibility,
    cut,
    event_external_id,
    event_payload,
    fingerprint,
    location_payload,
    timing,
)


def facts(code: str = "se-1", *, start: datetime | None = None, room: str = "r1", full: bool = False, **kw):
    start = start or datetime(2023, 10, 17, 14, 0)
    values = dict(
        code=code,
        title="Atelier « éducation aux médias »",
        description="Décrypter l'information en ligne.",
        start=start,
        end=start.replace(hour=start.hour + 1),
        timezone="Europe/Paris",
        venue_code="hd",
        room_code=room,
        room_features=("wheelchair", "hearing_loop", "projector"),
        registration_url=f"https://festplan.example/programme/sessions/{code}",
        full=full,
    )
    values.update(kw)
    return SessionFacts(**values)


def test_long_texts_are_cut_at_a_word_within_the_limits():
    title = "mot " * 60
    payload = event_payload(facts(title=title, description="x " * 400), edition_code="cn2023", location_uid=7)
    assert len(payload["title"]["fr"]) <= TITLE_MAX
    assert payload["title"]["fr"].endswith("…")
    assert not payload["title"]["fr"].endswith(" …")
    assert len(payload["description"]["fr"]) <= DESCRIPTION_MAX
    assert "longDescription" in payload
    assert cut("court", 140) == "court"


def test_english_is_sent_only_where_present():
    assert set(event_payload(facts(), edition_code="e", location_uid=1)["title"]) == {"fr"}
    both = event_payload(facts(title_en="Media literacy workshop"), edition_code="e", location_uid=1)
    assert both["title"] == {"fr": "Atelier « éducation aux médias »", "en": "Media literacy workshop"}


def test_timings_carry_their_own_offset_across_the_autumn_clock_change():
    before = timing(datetime(2023, 10, 28, 10, 0), datetime(2023, 10, 28, 11, 0), "Europe/Paris")
    after = timing(datetime(2023, 10, 30, 10, 0), datetime(2023, 10, 30, 11, 0), "Europe/Paris")
    assert before == {"begin": "2023-10-28T10:00:00+02:00", "end": "2023-10-28T11:00:00+02:00"}
    assert after["begin"].endswith("+01:00")


def test_room_features_become_the_five_accessibility_flags():
    assert accessibility(("wheelchair", "hearing_loop", "projector")) == {
        "hi": True,
        "vi": False,
        "pi": False,
        "mi": True,
        "ii": False,
    }
    assert accessibility(("easy_read",))["ii"] is True


def test_event_links_to_its_location_and_festplan_registration_page():
    payload = event_payload(facts(), edition_code="cn2023", location_uid=42)
    assert payload["locationUid"] == 42
    assert payload["registration"] == [{"type": "link", "value": "https://festplan.example/programme/sessions/se-1"}]
    assert payload["extIds"] == [{"key": "festplan", "value": "cn2023:se-1"}]
    assert len(event_external_id("e" * 80, "s" * 80)) <= 100


def test_location_has_required_fields_and_coordinates():
    venue = VenueFacts(
        "hd", "Hôtel du Département", "24 rue Saint-Esprit", "63000", "Clermont-Ferrand", "CAM", 45.77, 3.08
    )
    payload = location_payload(venue)
    assert payload["address"] == "24 rue Saint-Esprit, 63000 Clermont-Ferrand"
    assert payload["countryCode"] == "FR"
    assert (payload["latitude"], payload["longitude"]) == (45.77, 3.08)
    assert location_payload(VenueFacts("x", "Salle", None, None, None, None, None, None))["address"] == "Salle"


def _known_from(planned) -> dict[str, Known]:
    return {
        p.code: Known(
            state="synced",
            oa_uid=100 + i,
            fingerprint=p.fingerprint,
            slot=p.slot,
            oa_status=p.status,
            payload=p.payload,
        )
        for i, p in enumerate(planned)
    }


def test_second_sync_of_the_same_programme_sends_nothing():
    sessions = [facts("se-1"), facts("se-2", start=datetime(2023, 10, 18, 9, 0))]
    first = plan_events(sessions, edition_code="e", location_uids={"hd": 1}, known={})
    assert [p.action for p in first] == [Action.create, Action.create]
    second = plan_events(sessions, edition_code="e", location_uids={"hd": 1}, known=_known_from(first))
    assert [p.action for p in second] == [Action.unchanged, Action.unchanged]


def test_moved_session_is_rescheduled_removed_cancelled_full_marked_full():
    sessions = [facts("se-1"), facts("se-2", start=datetime(2023, 10, 18, 9, 0)), facts("se-3", room="r2")]
    known = _known_from(plan_events(sessions, edition_code="e", location_uids={"hd": 1}, known={}))
    later = [facts("se-1", room="r9"), facts("se-3", room="r2", full=True)]
    planned = {p.code: p for p in plan_events(later, edition_code="e", location_uids={"hd": 1}, known=known)}
    assert (planned["se-1"].action, planned["se-1"].status) == (Action.update, RESCHEDULED)
    assert (planned["se-2"].action, planned["se-2"].status) == (Action.cancel, CANCELLED)
    assert planned["se-2"].payload["status"] == CANCELLED
    assert planned["se-2"].payload["title"] == known["se-2"].payload["title"]
    assert (planned["se-3"].action, planned["se-3"].status) == (Action.update, FULL)


def test_rescheduled_stays_rescheduled_and_a_failed_item_is_sent_again():
    first = plan_events([facts("se-1")], edition_code="e", location_uids={"hd": 1}, known={})
    moved = plan_events([facts("se-1", room="r9")], edition_code="e", location_uids={"hd": 1}, known=_known_from(first))
    again = plan_events([facts("se-1", room="r9")], edition_code="e", location_uids={"hd": 1}, known=_known_from(moved))
    assert again[0].status == RESCHEDULED
    assert again[0].action is Action.unchanged
    failed = {"se-1": Known("failed", 5, first[0].fingerprint, first[0].slot, SCHEDULED, first[0].payload)}
    assert (
        plan_events([facts("se-1")], edition_code="e", location_uids={"hd": 1}, known=failed)[0].action is Action.update
    )


def test_event_whose_location_is_missing_is_blocked_not_sent():
    planned = plan_events([facts("se-1")], edition_code="e", location_uids={}, known={})
    assert planned[0].action is Action.blocked
    assert planned[0].payload is None


def test_locations_are_planned_once_and_unchanged_after():
    venue = VenueFacts("hd", "Hôtel", "1 rue", "63000", "Clermont", None, None, None)
    first = plan_locations([venue], {})
    known = {"hd": Known("synced", 9, first[0].fingerprint, None, None, first[0].payload)}
    assert plan_locations([venue], known)[0].action is Action.unchanged
    assert fingerprint({"a": 1, "b": 2}) == fingerprint({"b": 2, "a": 1})
