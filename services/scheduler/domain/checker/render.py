"""How ``festplan check`` shows a :class:`CheckReport`: lines for a person, or one JSON object for a program."""

from __future__ import annotations

from typing import Any

from services.scheduler.domain.checker.check import CheckReport
from shared.scenario.model import Score

_WORDS = {
    "fr": {
        "valid": "valide",
        "yes": "oui",
        "no": "non",
        "violations": "violations",
        "weight": "poids non placé",
        "soft": "pénalité douce",
        "rule": "règle",
        "sessions": "sessions placées : {placed} · non placées : {unplaced}",
        "declared": "score annoncé par le fichier : violations {h} · poids non placé {w} · pénalité douce {s} "
        "— différent du score recalculé",
        "term": "  {term} : annoncé {declared}, recalculé {actual}",
        "edition": "attention : programme de l'édition « {schedule} » pour le scénario de « {scenario} »",
    },
    "en": {
        "valid": "valid",
        "yes": "yes",
        "no": "no",
        "violations": "violations",
        "weight": "unplaced weight",
        "soft": "soft penalty",
        "rule": "rule",
        "sessions": "sessions placed: {placed} · unplaced: {unplaced}",
        "declared": "score declared in the file: violations {h} · unplaced weight {w} · soft penalty {s} "
        "— differs from the recomputed score",
        "term": "  {term}: declared {declared}, recomputed {actual}",
        "edition": 'warning: schedule of edition "{schedule}" for the scenario of "{scenario}"',
    },
}


def _colon(locale: str) -> str:
    """French puts a space before the colon."""
    return " : " if locale == "fr" else ": "


def score_line(report: CheckReport, locale: str) -> str:
    """``valide : oui · violations : 0 · poids non placé : 2000 · pénalité douce : 245 (travel 30, …)``."""
    w, c = _WORDS[locale], _colon(locale)
    terms = ", ".join(f"{name} {points}" for name, points in report.soft_terms.items())
    return (
        f"{w['valid']}{c}{w['yes'] if report.valid else w['no']} · {w['violations']}{c}{report.hard_violations}"
        f" · {w['weight']}{c}{report.unplaced_weight} · {w['soft']}{c}{report.soft_penalty} ({terms})"
    )


def declared_lines(report: CheckReport, declared: Score | None, locale: str) -> list[str]:
    """Lines naming where the schedule's own score disagrees with the recomputed one (none when it agrees)."""
    if declared is None:
        return []
    w, out = _WORDS[locale], []
    if report.differs_from(declared):
        out.append(
            w["declared"].format(h=declared.hard_violations, w=declared.unplaced_weight, s=declared.soft_penalty)
        )
    for term, points in sorted((declared.soft_terms or {}).items()):
        actual = report.soft_terms.get(term)
        if actual != points:
            out.append(w["term"].format(term=term, declared=points, actual="—" if actual is None else actual))
    return out


def render_text(
    report: CheckReport, *, declared: Score | None, locale: str, editions: tuple[str, str] | None = None
) -> list[str]:
    """Every hard violation in words, the placement count, the score line, then any disagreement."""
    w = _WORDS[locale]
    lines = []
    if editions is not None and editions[0] != editions[1]:
        lines.append(w["edition"].format(schedule=editions[0], scenario=editions[1]))
    lines += [f"- [{w['rule']} {v.rule}] {v.message(locale)}" for v in report.violations]
    lines.append(w["sessions"].format(placed=report.placed, unplaced=report.unplaced))
    lines.append(score_line(report, locale))
    return lines + declared_lines(report, declared, locale)


def render_json(report: CheckReport, *, declared: Score | None, locale: str) -> dict[str, Any]:
    """The one JSON object of ``festplan check --json``."""
    return {
        "valid": report.valid,
        "hard_violations": report.hard_violations,
        "violations": [v.message(locale) for v in report.violations],
        "violation_details": [
            {"rule": v.rule, "code": v.code, "sessions": list(v.sessions)} for v in report.violations
        ],
        "unplaced_weight": report.unplaced_weight,
        "soft_penalty": report.soft_penalty,
        "soft_terms": dict(report.soft_terms),
        "placed": report.placed,
        "unplaced": report.unplaced,
        "score": {
            "hard_violations": report.hard_violations,
            "unplaced_weight": report.unplaced_weight,
            "soft_penalty": report.soft_penalty,
        },
        "declared_score": None
        if declared is None
        else {
            "hard_violations": declared.hard_violations,
            "unplaced_weight": declared.unplaced_weight,
            "soft_penalty": declared.soft_penalty,
        },
        "score_matches": None if declared is None else not declared_lines(report, declared, locale),
    }
