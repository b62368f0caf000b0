"""Inline SVG charts for the evaluation report: bar charts and a map of the venues (pure, no plotting library).

Each chart is a self-contained ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` read by screen
readers; the figures are also printed beside the bars and in the report's tables, so nothing is
conveyed by colour alone. Every text is escaped here, as the charts are inserted into the page as is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

PALETTE = ("#1d4ed8", "#b45309", "#047857", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#a16207")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    color: str


def _number(value: float, *, percent: bool, locale: str) -> str:
    text = f"{value * 100:.0f} %" if percent else (f"{value:.1f}" if value % 1 else f"{value:.0f}")
    return text.replace(".", ",") if locale == "fr" else text.replace(" %", "%")


def bar_chart(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    *,
    chart_id: str,
    title: str,
    desc: str,
    series: Sequence[Series] = (Series("", PALETTE[0]),),
    percent: bool = False,
    max_value: float | None = None,
    locale: str = "fr",
    width: int = 680,
) -> Markup:
    """Horizontal bars, one group per row and one bar per series; a missing value is drawn as « – »."""
    label_w, value_w, bar_h, gap = 220, 60, 16, 10
    group_h = bar_h * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    height = legend_h + group_h * max(len(rows), 1) + 8
    top = max((v for _l, values in rows for v in values if v is not None), default=0.0)
    scale_max = max_value if max_value is not None else (top or 1.0)
    scale_max = max(scale_max, top) or 1.0
    area = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" {FONT}>',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    if len(series) > 1:
        x = label_w
        for item in series:
            parts.append(
                f'<rect x="{x}" y="4" width="12" height="12" fill="{item.color}"/>'
                f'<text x="{x + 16}" y="14">{escape(item.name)}</text>'
            )
            x += 24 + 7 * len(item.name)
    for index, (name, values) in enumerate(rows):
        y0 = legend_h + index * group_h
        shown = name if len(name) <= 34 else name[:33] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y0 + group_h / 2}" text-anchor="end" '
            f'dominant-baseline="middle"><title>{escape(name)}</title>{escape(shown)}</text>'
        )
        for k, (item, value) in enumerate(zip(series, values, strict=True)):
            y = y0 + k * bar_h
            if value is None:
                parts.append(f'<text x="{label_w + 4}" y="{y + bar_h - 4}">–</text>')
                continue
            w = max(area * value / scale_max, 1.0 if value > 0 else 0.0)
            parts.append(
                f'<rect x="{label_w}" y="{y + 1}" width="{w:.1f}" height="{bar_h - 3}" fill="{item.color}"/>'
                f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}">'
                f"{escape(_number(value, percent=percent, locale=locale))}</text>"
            )
    if percent and scale_max >= 1.0:  # the 100 % line: above it a room was over capacity
        full = label_w + area / scale_max
        parts.append(
            f'<line x1="{full:.1f}" y1="{legend_h}" x2="{full:.1f}" y2="{height - 4}" stroke="#444" '
            'stroke-dasharray="4 3"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    group: str
    size: float
    caption: str


def venue_map(
    places: Sequence[Place], *, chart_id: str, title: str, desc: str, width: int = 680, height: int = 460
) -> Markup:
    """The venues at their coordinates (equirectangular, scaled to their extent), one colour per territory.

    Circle areas follow ``size`` (attendance); each circle has a visible caption and a tooltip.
    """
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'viewBox="0 0 {width} {height}" width="{width}" {FONT}>',
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#f7f7f2" stroke="#999"/>',
    ]
    if not places:
        parts.append("</svg>")
        return Markup("".join(parts))
    groups = sorted({p.group for p in places})
    colors = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(groups)}
    legend_w = 230
    margin = 40
    lats, lons = [p.lat for p in places], [p.lon for p in places]
    mid = math.radians((min(lats) + max(lats)) / 2)
    xs = [lon * math.cos(mid) for lon in lons]
    span_x = (max(xs) - min(xs)) or 0.1
    span_y = (max(lats) - min(lats)) or 0.1
    k = min((width - legend_w - 2 * margin) / span_x, (height - 2 * margin) / span_y)
    top_size = max((p.size for p in places), default=1.0) or 1.0
    for place in sorted(places, key=lambda p: -p.size):
        x = margin + (place.lon * math.cos(mid) - min(xs)) * k
        y = height - margin - (place.lat - min(lats)) * k
        r = 4 + 18 * math.sqrt(place.size / top_size)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colors[place.group]}" fill-opacity="0.55" '
            f'stroke="{colors[place.group]}"><title>{escape(place.name)} — {escape(place.caption)}</title>'
            f'</circle><text x="{x + r + 3:.1f}" y="{y + 4:.1f}">{escape(place.name)}</text>'
        )
    x0 = width - legend_w + 10
    for i, group in enumerate(groups):
        y = 20 + i * 18
        parts.append(
            f'<rect x="{x0}" y="{y - 10}" width="12" height="12" fill="{colors[group]}"/>'
            f'<text x="{x0 + 16}" y="{y}">{escape(group if len(group) <= 30 else group[:29] + "…")}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
