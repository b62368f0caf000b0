"""Sections other services add to the evaluation report, as plain data, so evaluation imports none of them.

A provider ``provider(session, *, edition_id, locale) -> ReportSection | None`` is installed by the
composition root with :func:`provide`; the evaluation loads the sections with the rest of its facts and
draws them with its own charts and tables. The budget's figures (cost per participant, per session kind,
per territory, accessibility share, planned against paid) come this way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SectionChart:
    """Horizontal bars: one group per row, one bar per series (values in the unit the title says)."""

    chart_id: str
    title: str
    desc: str
    rows: tuple[tuple[str, tuple[float | None, ...]], ...]
    series: tuple[str, ...] = ("",)
    percent: bool = False


@dataclass(frozen=True, slots=True)
class SectionTable:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class ReportSection:
    section_id: str
    title: str
    facts: tuple[tuple[str, str], ...] = ()
    charts: tuple[SectionChart, ...] = ()
    tables: tuple[SectionTable, ...] = field(default=())


Provider = Callable[..., ReportSection | None]
_providers: list[Provider] = []


def provide(provider: Provider) -> None:
    """Install a provider; installing the same function twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)


def sections_for(session: object, *, edition_id: int, locale: str) -> tuple[ReportSection, ...]:
    """Every installed provider's section for the edition (those with nothing to say are left out).

    ``session`` is the caller's database session, handed to each provider as is: this module stays free of
    the database library, so the evaluation's pure figures can use its dataclasses."""
    found = (provider(session, edition_id=edition_id, locale=locale) for provider in _providers)
    return tuple(section for section in found if section is not None)
