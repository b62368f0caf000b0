"""Ejection chains for the repair: move a lifted session by lifting, in turn, the sessions in its way.

A single ejection (:mod:`repair`) leaves a session out when every spot it could take is held by a session that
has no free spot of its own. At 600 sessions the repaired greedy stopped at 597 placed where 599 is the proven
maximum, and CP-SAT then spent phase 1 finding the last two. Moving the blocker by ejecting ITS blocker (a chain
of bounded depth, no session moved twice in one chain) finds those placements; lifting up to three blockers at
once (instead of two) placed the last placeable session of another 600-session edition (seed 7, 598 → 599).
Every step goes through the :class:`Board`, and a failed chain restores the board exactly, so the result still
breaks no hard rule.
"""

from __future__ import annotations

from time import perf_counter

from services.scheduler.domain.candidates import SessionOptions
from services.scheduler.domain.solve.greedy import Board, Spot, cheapest_fit
from shared.scenario.model import Scenario

#: Levels a chain may go beyond the first blockers (each level lifts at most ``repair.MAX_LIFTED``).
CHAIN_DEPTH = 2
#: Spots tried per session at each level of a chain (cheapest rooms first), so that a chain stays cheap.
CHAIN_SPOTS = 400


def snapshot(board: Board) -> dict[int, Spot]:
    return dict(board.spots)


def restore(board: Board, saved: dict[int, Spot]) -> None:
    """Put the board back to ``saved`` (only the sessions whose spot changed move)."""
    sessions = board.candidates.sessions
    for index in [i for i, spot in board.spots.items() if saved.get(i) != spot]:
        board.remove(sessions[index])
    for index, spot in saved.items():
        if index not in board.spots:
            board.place(sessions[index], spot)


def relocate(
    board: Board,
    options: SessionOptions,
    *,
    scenario: Scenario,
    depth: int,
    frozen: frozenset[int],
    deadline: float,
) -> bool:
    """Place ``options`` (off the board) at a free spot, or at one whose blockers can themselves be relocated
    (``depth`` more levels, never moving a ``frozen`` session); False with the board unchanged when not."""
    from services.scheduler.domain.solve.repair import candidate_spots, lift_blockers

    spot = cheapest_fit(board, options, scenario)
    if spot is not None:
        board.place(options, spot)
        return True
    if depth <= 0:
        return False
    frozen = frozen | {options.index}
    for number, spot in enumerate(candidate_spots(options)):
        if number >= CHAIN_SPOTS or (number % 32 == 0 and perf_counter() >= deadline):
            return False
        saved = snapshot(board)
        lifted = lift_blockers(board, options, spot, frozen=frozen)
        if lifted is None:
            continue
        board.place(options, spot)
        moving = frozen | {o.index for o, _ in lifted}
        if all(
            relocate(board, other, scenario=scenario, depth=depth - 1, frozen=moving, deadline=deadline)
            for other, _ in lifted
        ):
            return True
        board.remove(options)
        restore(board, saved)
    return False
