"""Ejection repair of a greedy placement: place a session left out by moving the one session in its way.

First-fit leaves a few sessions out when the rooms or speakers they need were taken by sessions that could have
gone elsewhere. For each session left out (heaviest first), every candidate spot blocked by exactly one movable
session is tried: that session is lifted, the newcomer takes the spot, and the lifted one goes to its cheapest
free spot; when it finds none the move is kept only if the lifted session weighs less (and is not mandatory).
Every step goes through the :class:`Board`, so the result breaks no hard rule. It gives CP-SAT a hint that
places (nearly) everything, which the solver's own search is slow to find on large editions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from time import perf_counter

from services.scheduler.domain.candidates import Candidates, SessionOptions
from services.scheduler.domain.solve.greedy import Board, Spot, cheapest_fit
from shared.scenario.model import Scenario, Speaker

#: Most sessions lifted at once to free one spot.
MAX_LIFTED = 3
#: Most equal-weight swaps one repair makes (each may unlock a placement in the next round).
PLATEAU_MOVES = 100


@dataclass(slots=True)
class Plateau:
    """The budget of neutral (equal-weight) swaps, and the sessions such a swap put in (not to be swapped out)."""

    moves_left: int
    protected: set[int] = field(default_factory=set)

    def allows(self, dropped: list[SessionOptions]) -> bool:
        return self.moves_left > 0 and not any(o.index in self.protected for o in dropped)

    def take(self, newcomer: SessionOptions) -> None:
        self.moves_left -= 1
        self.protected.add(newcomer.index)


def candidate_spots(options: SessionOptions) -> Iterator[Spot]:
    """Every (room, start) the session may take, cheapest rooms first."""
    for option in sorted(options.rooms, key=lambda o: o.room.capacity):
        for lo, hi in option.starts:
            for start in range(lo, hi + 1):
                yield Spot(option, start)


def repair(scenario: Scenario, candidates: Candidates, spots: dict[int, Spot], *, seconds: float) -> dict[int, Spot]:
    """``spots`` with as much more unplaced weight placed as single ejections find within ``seconds``."""
    deadline = perf_counter() + seconds
    board = Board(candidates=candidates, travel=scenario.travel_minutes)
    for index, spot in spots.items():
        board.place(candidates.sessions[index], spot)
    plateau = Plateau(moves_left=PLATEAU_MOVES)
    improved = True
    while improved and perf_counter() < deadline:
        improved = False
        waiting = [o for o in candidates.placeable() if o.index not in board.spots]
        waiting.sort(key=lambda o: (not o.must_place, -o.session.weight, o.start_count(), o.index))
        for options in waiting:
            if perf_counter() >= deadline:
                break
            if options.index in board.spots:
                continue
            spot = cheapest_fit(board, options, scenario)
            if spot is not None:
                board.place(options, spot)
                improved = True
            elif eject_for(board, options, scenario=scenario, deadline=deadline, plateau=plateau):
                improved = True
    return dict(board.spots)


def eject_for(board: Board, newcomer: SessionOptions, *, scenario: Scenario, deadline: float, plateau: Plateau) -> bool:
    """Place ``newcomer`` by moving (or dropping lighter) sessions in its way; False when no such move does."""
    per_day = board.candidates.axis.per_day
    failed: set[tuple[tuple[int, ...], int, int]] = set()
    for number, spot in enumerate(candidate_spots(newcomer)):
        if number % 64 == 0 and perf_counter() >= deadline:
            return False
        conflict = board.conflict(newcomer, spot)
        if conflict is None:
            board.place(newcomer, spot)
            return True
        lifted = lift_blockers(board, newcomer, spot)
        if lifted is None:
            continue
        key = (tuple(sorted(o.index for o, _ in lifted)), spot.option.room_index, spot.start // per_day)
        if key in failed:
            for options, former in lifted:
                board.place(options, former)
            continue
        if try_move(
            board, newcomer=newcomer, lifted=lifted, spot=spot, scenario=scenario, plateau=plateau, deadline=deadline
        ):
            return True
        failed.add(key)
    return False


def lift_blockers(
    board: Board, newcomer: SessionOptions, spot: Spot, *, frozen: frozenset[int] = frozenset()
) -> list[tuple[SessionOptions, Spot]] | None:
    """Lift up to ``MAX_LIFTED`` sessions (none ``frozen``) until ``spot`` is free for ``newcomer``; None (board
    unchanged) if not."""
    sessions = board.candidates.sessions
    lifted: list[tuple[SessionOptions, Spot]] = []
    conflict = board.conflict(newcomer, spot)
    while conflict is not None:
        other = conflict.other if conflict.other is not None else limit_victim(board, conflict.speaker, spot)
        if other is None or len(lifted) == MAX_LIFTED or sessions[other].session.fixed is not None or other in frozen:
            for options, former in reversed(lifted):
                board.place(options, former)
            return None
        lifted.append((sessions[other], board.remove(sessions[other])))
        conflict = board.conflict(newcomer, spot)
    return lifted


def limit_victim(board: Board, speaker: Speaker | None, spot: Spot) -> int | None:
    """A session of ``speaker`` on the day of ``spot`` (the daily maximum is reached), the last one that day."""
    if speaker is None:
        return None
    day = spot.start // board.candidates.axis.per_day
    todays = [
        entry[3] for entry in board.speakers.get(speaker.id, []) if entry[0] // board.candidates.axis.per_day == day
    ]
    return todays[-1] if todays else None


def try_move(
    board: Board,
    *,
    newcomer: SessionOptions,
    lifted: list[tuple[SessionOptions, Spot]],
    spot: Spot,
    scenario: Scenario,
    plateau: Plateau,
    deadline: float,
) -> bool:
    """With ``lifted`` off the board, put ``newcomer`` at ``spot`` and re-place them (by ejection chains when
    they have no free spot); undo when that is no gain.

    Dropping sessions of exactly the newcomer's weight is a neutral move (the dropped one may find a place in the
    next round); it is allowed a bounded number of times, never twice against the same dropped session.
    """
    saved = snapshot(board)
    board.place(newcomer, spot)
    frozen = frozenset({newcomer.index, *(o.index for o, _ in lifted)})
    dropped = [
        options
        for options, _ in lifted
        if not relocate(board, options, scenario=scenario, depth=CHAIN_DEPTH, frozen=frozen, deadline=deadline)
    ]
    lost = sum(o.session.weight for o in dropped)
    if not dropped:
        return True
    if not any(o.must_place for o in dropped):
        if lost < newcomer.session.weight:
            return True
        if lost == newcomer.session.weight and plateau.allows(dropped):
            plateau.take(newcomer)
            return True
    restore(board, saved)
    for options, former in lifted:
        board.place(options, former)
    return False


# --- ejection chains ---------------------------------------------------------------------------------------
# Ejection chains for the repair: move a lifted session by lifting, in turn, the sessions in its way.
#
# A single ejection (:mod:`repair`) leaves a session out when every spot it could take is held by a session that
# has no free spot of its own. At 600 sessions the repaired greedy stopped at 597 placed where 599 is the proven
# maximum, and CP-SAT then spent phase 1 finding the last two. Moving the blocker by ejecting ITS blocker (a chain
# of bounded depth, no session moved twice in one chain) finds those placements; lifting up to three blockers at
# once (instead of two) placed the last placeable session of another 600-session edition (seed 7, 598 → 599).
# Every step goes through the :class:`Board`, and a failed chain restores the board exactly, so the result still
# breaks no hard rule.

#: Levels a chain may go beyond the first blockers (each level lifts at most ``MAX_LIFTED``).
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
