"""Ejection chains: they place what a single ejection cannot, and a failed chain leaves the board exactly as it was."""

from __future__ import annotations

from time import perf_counter

import pytest

from services.scheduler.domain.candidates import compute_candidates
from services.scheduler.domain.checker.check import check
from services.scheduler.domain.model.output import schedule_of
from services.scheduler.domain.solve.greedy import Board, greedy_spots
from services.scheduler.domain.solve.repair import relocate, repair
from shared.scenario.generate import generate_scenario


@pytest.mark.parametrize(
    ("seed", "least_unplaced"),
    [
        (2023, 1000),  # first-fit 590, single ejections of two 597; 599 is the maximum CP-SAT proves
        (7, 1000),  # first-fit 586, chains lifting two 598; one session is never placeable (pruned)
    ],
)
def test_chains_reach_the_proven_maximum_of_600_session_editions(seed: int, least_unplaced: int) -> None:
    scenario = generate_scenario(sessions=600, seed=seed)
    candidates = compute_candidates(scenario)
    repaired = repair(scenario, candidates, greedy_spots(scenario, candidates, best_fit=True), seconds=60.0)
    report = check(scenario, schedule_of(scenario, candidates, repaired, status="feasible", reasons={}))
    assert report.valid, [v.message_fr for v in report.violations]
    assert report.unplaced_weight == least_unplaced


def board_of(scenario, candidates, spots) -> Board:  # type: ignore[no-untyped-def]
    board = Board(candidates=candidates, travel=scenario.travel_minutes)
    for index, spot in spots.items():
        board.place(candidates.sessions[index], spot)
    return board


@pytest.mark.parametrize("seed", [1, 5, 11])
def test_a_failed_chain_restores_the_board_and_a_successful_one_breaks_no_rule(seed: int) -> None:
    scenario = generate_scenario(sessions=70, seed=seed, days=3)
    candidates = compute_candidates(scenario)
    board = board_of(scenario, candidates, greedy_spots(scenario, candidates))
    waiting = [o for o in candidates.placeable() if o.index not in board.spots]
    assert waiting  # first-fit leaves sessions out on these editions
    for options in waiting:
        before = dict(board.spots)
        rooms = {k: list(v) for k, v in board.rooms.items() if v}
        speakers = {k: list(v) for k, v in board.speakers.items() if v}
        placed = relocate(
            board, options, scenario=scenario, depth=2, frozen=frozenset(), deadline=perf_counter() + 10.0
        )
        if placed:
            assert options.index in board.spots
            assert set(before) <= set(board.spots)  # moved, never dropped
        else:
            assert board.spots == before
            assert {k: v for k, v in board.rooms.items() if v} == rooms
            assert {k: v for k, v in board.speakers.items() if v} == speakers
        report = check(scenario, schedule_of(scenario, candidates, dict(board.spots), status="feasible", reasons={}))
        assert report.valid, [v.message_fr for v in report.violations]
