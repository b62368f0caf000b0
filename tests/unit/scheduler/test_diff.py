"""The diff between a run and the published version: changes, people affected, non-blocking warnings."""

from __future__ import annotations

from datetime import date, datetime

from services.scheduler.domain.diff import (
    ChangeKind,
    RoomFacts,
    SessionFacts,
    Slot,
    WarningKind,
    diff_run,
    what_changed,
)
from services.scheduler.texts import CATALOG, changelog, describe_diff
from shared.i18n import check_catalog


def slot(room: str, start: str, end: str, venue: str = "hd") -> Slot:
    return Slot(room=room, venue=venue, start=datetime.fromisoformat(start), end=datetime.fromisoformat(end))


SESSIONS = {
    "se-1": SessionFacts(code="se-1", title="Un", speakers=("sp-a",), partner="pa-1", expected_attendance=50),
    "se-2": SessionFacts(code="se-2", title="Deux", speakers=("sp-b",), partner="pa-2", expected_attendance=95),
    "se-3": SessionFacts(code="se-3", title="Trois", speakers=("sp-a", "sp-c"), partner="pa-1"),
    "se-4": SessionFacts(code="se-4", title="Quatre", speakers=("sp-d",), partner=None),
}
ROOMS = {"r1": RoomFacts(code="r1", capacity=100), "r2": RoomFacts(code="r2", capacity=200)}
A = slot("r1", "2023-10-18T10:00", "2023-10-18T11:00")
B = slot("r1", "2023-10-18T14:00", "2023-10-18T15:00")
C = slot("r2", "2023-10-19T10:00", "2023-10-19T11:30")


def run_diff(published, proposed, *, unplaced=None, limits=None):
    return diff_run(
        published=published,
        proposed=proposed,
        unplaced=unplaced or {},
        sessions=SESSIONS,
        rooms=ROOMS,
        speaker_limits=limits or {},
    )


def test_first_publication_makes_every_placed_session_new_and_everyone_affected() -> None:
    diff = run_diff(None, {"se-1": A, "se-3": C, "se-4": B})

    assert diff.first_publication
    assert [c.session for c in diff.new] == ["se-1", "se-4", "se-3"]  # programme order
    assert diff.moved == []
    assert diff.removed == []
    assert diff.affected_speakers == {"sp-a": ["se-1", "se-3"], "sp-c": ["se-3"], "sp-d": ["se-4"]}
    assert diff.affected_partners == {"pa-1": ["se-1", "se-3"]}


def test_moved_new_and_removed_sessions_are_told_apart_and_unchanged_ones_counted() -> None:
    published = {"se-1": A, "se-2": B, "se-3": C}
    proposed = {"se-1": A, "se-2": C, "se-4": B}

    diff = run_diff(published, proposed)

    assert not diff.first_publication
    assert diff.unchanged == 1
    assert [(c.session, c.kind) for c in diff.changes] == [
        ("se-4", ChangeKind.new),
        ("se-2", ChangeKind.moved),
        ("se-3", ChangeKind.removed),
    ]
    moved = diff.moved[0]
    assert (moved.old, moved.new, moved.what) == (B, C, ("date", "time", "room"))
    assert diff.removed[0].old == C
    assert diff.removed[0].new is None
    # se-1 did not change, so sp-a hears only of se-3 (removed); pa-1 likewise.
    assert diff.affected_speakers == {"sp-a": ["se-3"], "sp-b": ["se-2"], "sp-c": ["se-3"], "sp-d": ["se-4"]}
    assert diff.affected_partners == {"pa-1": ["se-3"], "pa-2": ["se-2"]}


def test_an_identical_schedule_changes_nothing_and_affects_nobody() -> None:
    diff = run_diff({"se-1": A, "se-2": B}, {"se-1": A, "se-2": B})

    assert diff.is_empty
    assert diff.unchanged == 2
    assert diff.affected_speakers == {}
    assert diff.affected_partners == {}


def test_what_changed_names_date_time_and_room_separately() -> None:
    assert what_changed(A, slot("r2", "2023-10-18T10:00", "2023-10-18T11:00")) == ("room",)
    assert what_changed(A, B) == ("time",)
    assert what_changed(A, slot("r1", "2023-10-20T10:00", "2023-10-20T11:00")) == ("date",)
    assert what_changed(A, slot("r1", "2023-10-18T10:00", "2023-10-18T11:30")) == ("time",)


def test_warnings_list_unplaced_sessions_full_days_and_rooms_above_ninety_percent() -> None:
    proposed = {"se-1": A, "se-2": B, "se-3": C}
    diff = run_diff(
        None, proposed, unplaced={"se-4": ["aucune salle assez grande"]}, limits={"sp-a": 1, "sp-b": 2, "sp-c": None}
    )

    kinds = [(w.kind, w.subject) for w in diff.warnings]
    assert (WarningKind.unplaced, "se-4") in kinds
    # sp-a has one session on the 18th and one on the 19th: each day is at its limit of 1.
    assert [(w.subject, w.facts["day"]) for w in diff.warnings if w.kind is WarningKind.speaker_at_limit] == [
        ("sp-a", date(2023, 10, 18)),
        ("sp-a", date(2023, 10, 19)),
    ]
    full = [w for w in diff.warnings if w.kind is WarningKind.room_nearly_full]
    assert [(w.subject, w.facts["session"], w.facts["percent"]) for w in full] == [("r1", "se-2", 95)]


def test_exactly_ninety_percent_is_not_flagged() -> None:
    sessions = {"se-9": SessionFacts(code="se-9", title="Neuf", expected_attendance=90)}
    diff = diff_run(
        published=None, proposed={"se-9": A}, unplaced={}, sessions=sessions, rooms=ROOMS, speaker_limits={}
    )
    assert diff.warnings == []


def test_the_diff_reads_in_french_and_the_catalog_is_complete() -> None:
    diff = run_diff({"se-1": A, "se-2": B}, {"se-1": B, "se-4": C}, unplaced={"se-2": ["plus de salle"]})

    lines = describe_diff(diff, "fr")

    assert lines[0] == "1 nouvelle(s), 1 déplacée(s), 1 retirée(s), 0 inchangée(s)."
    assert "~ se-1 : 18/10 10h–11h, r1 → 18/10 14h–15h, r1" in lines
    assert "- se-2 : retirée (était 18/10 14h–15h, r1)" in lines
    assert "! se-2 n'est pas placée : plus de salle" in lines
    assert changelog(diff, "en") == "1 new, 1 moved, 1 removed, 0 unchanged"
    assert check_catalog(CATALOG) == []
