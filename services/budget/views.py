"""The budget's figures as plain data for ``budget show --json``, the API and the page (one shape for all three)."""

from __future__ import annotations

from typing import Any

from services.budget.domain.money import euros, format_euros
from services.budget.domain.summary import Summary, Totals
from services.budget.texts import say


def _totals(t: Totals) -> dict[str, str]:
    return {k: euros(v) for k, v in t.as_dict().items()}


def warnings_in_words(figures: Summary, locale: str) -> list[str]:
    out = []
    for w in figures.warnings:
        values = {k: (format_euros(v, locale) if k == "over" else v) for k, v in w.values.items()}
        out.append(say(f"warn_{w.code}", locale, **values))
    return out


def summary_json(figures: Summary, *, edition: str, locale: str = "fr") -> dict[str, Any]:
    """Every figure, amounts as exact decimal strings in euros TTC."""
    return {
        "edition": edition,
        "envelope_ttc": euros(figures.envelope_cents),
        "totals": _totals(figures.totals),
        "left_ttc": euros(figures.left_cents),
        "by_status": {k: euros(v) for k, v in figures.by_status.items()},
        "by_line": [
            {
                "code": line.code,
                "name": line.name,
                "category": line.category,
                "allotted": euros(line.allotted_cents),
                **_totals(figures.by_line[line.code]),
                "left": euros(line.allotted_cents - figures.by_line[line.code].planned),
            }
            for line in figures.lines
        ],
        "by_category": {k: _totals(v) for k, v in sorted(figures.by_category.items())},
        "by_partner": {k: _totals(v) for k, v in sorted(figures.by_partner.items())},
        "by_territory": {k: _totals(v) for k, v in sorted(figures.by_territory.items())},
        "warnings": warnings_in_words(figures, locale),
    }


def summary_lines(figures: Summary, *, edition: str, locale: str = "fr") -> list[str]:
    """``budget show``: the gauge, the lines, what is left and the warnings, one line each."""
    f = lambda cents: format_euros(cents, locale)  # noqa: E731
    t = figures.totals
    colon = " : " if locale == "fr" else ": "
    out = [
        say("show_title", locale, edition=edition),
        f"{say('envelope', locale)}{colon}{f(figures.envelope_cents)}",
        f"{say('planned', locale)} {f(t.planned)} · {say('committed', locale)} {f(t.committed)} · "
        f"{say('done', locale)} {f(t.done)} · {say('paid', locale)} {f(t.paid)}",
        f"{say('left', locale)}{colon}{f(figures.left_cents)}",
        "",
    ]
    for line in figures.lines:
        lt = figures.by_line[line.code]
        out.append(
            f"  {line.name:<28} {say('allotted', locale).lower()} {f(line.allotted_cents):>14}  "
            f"{say('planned', locale).lower()} {f(lt.planned):>14}  {say('paid', locale).lower()} {f(lt.paid):>14}"
        )
    out.append("")
    out.append(say("territory", locale) + colon.rstrip())
    for name, tt in sorted(figures.by_territory.items()):
        out.append(f"  {name:<36} {f(tt.planned):>14}")
    for warning in warnings_in_words(figures, locale):
        out.append(f"⚠ {warning}")
    return out
