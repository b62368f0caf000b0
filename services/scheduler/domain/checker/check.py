"""The independent checker: scores any schedule file against its scenario exactly as the spec says.

Written apart from the CP-SAT model on purpose — its job is to catch the model's mistakes. ``check`` is
pure: it takes the two parsed documents and returns a :class:`CheckReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from services.scheduler.domain.checker.hard import hard_violations
from services.scheduler.domain.checker.placement import Violation, effective_placement
from services.scheduler.domain.checker.soft import SOFT_TERMS, soft_terms, unplaced_weight
from services.scheduler.domain.checker.texts import of_session, violation
from shared.scenario.model import Scenario, Schedule, Score, Session

__all__ = ["SOFT_TERMS", "CheckReport", "Violation", "check"]


@dataclass(slots=True)
class CheckReport:
    """The verdict on one schedule: validity, every hard violation in words, and the exact score."""

    valid: bool
    hard_violations: int
    violations: list[Violation]
    unplaced_weight: int
    soft_penalty: int
    soft_terms: dict[str, int] = field(default_factory=dict)
    placed: int = 0
    unplaced: int = 0

    @property
    def score(self) -> Score:
        return Score(
            hard_violations=self.hard_violations,
            unplaced_weight=self.unplaced_weight,
            soft_penalty=self.soft_penalty,
            soft_terms=dict(self.soft_terms),
        )

    def differs_from(self, declared: Score | None) -> bool:
        """Whether a score written in the schedule file disagrees with the one recomputed here."""
        return declared is not None and (declared.hard_violations, declared.unplaced_weight, declared.soft_penalty) != (
            self.hard_violations,
            self.unplaced_weight,
            self.soft_penalty,
        )


def _structural(code: str, values: dict[str, object]) -> Violation:
    """Words for a mistake in the file itself (duplicate, unknown id, forgotten session)."""
    session = values.get("session")
    if isinstance(session, Session):
        return violation(code, (session.id,), **{**values, "session": of_session(session)})
    return violation(code, (str(values["session_id"]),), **values)


def check(scenario: Scenario, schedule: Schedule) -> CheckReport:
    """Every hard violation and the exact score of ``schedule`` for ``scenario``."""
    effective = effective_placement(scenario, schedule)
    found = [_structural(code, values) for code, values in effective.structural]
    found += hard_violations(scenario, effective.placed, effective.unplaced)
    violations = sorted(found, key=lambda v: v.rule)
    terms = soft_terms(scenario, effective.placed)
    return CheckReport(
        valid=not violations,
        hard_violations=len(violations),
        violations=violations,
        unplaced_weight=unplaced_weight(effective.unplaced),
        soft_penalty=sum(terms.values()),
        soft_terms=terms,
        placed=len(effective.placed),
        unplaced=len(effective.unplaced),
    )
