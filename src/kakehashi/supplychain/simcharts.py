"""Server-rendered SVG charts of the country scores and the disruption simulation (charts.py
holds the concentration charts).

Plain SVG written here (no plotting library): text stays text, so the browser draws
Japanese and Hindi labels with its own fonts, and every label is HTML-escaped. The charts
scale to their container (viewBox) and print as they look on screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BEFORE, AFTER = "#3e4c59", "#1f7a70"
BAR = "#2f6fb0"
LABEL_WIDTH = 190
WIDTH = 640


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}">{escape(text)}</text>'


def _svg(height: float, body: list[str], title: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def bars(rows: Sequence[tuple[str, float | None, str]], title: str, maximum: float) -> SafeString:
    """Horizontal bars: (label, value or None for missing, value as shown)."""
    step, plot = 26, WIDTH - LABEL_WIDTH - 70
    body = []
    for n, (label, value, shown) in enumerate(rows):
        y = 10 + n * step
        body.append(_text(LABEL_WIDTH - 8, y + 15, label, "end"))
        length = 0.0 if value is None or maximum <= 0 else plot * max(0.0, value) / maximum
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="16" fill="{BAR}"/>')
        body.append(_text(LABEL_WIDTH + length + 6, y + 15, shown))
    return _svg(20 + step * len(rows), body, title)


def paired_bars(
    rows: Sequence[tuple[str, float, float, str, str]], title: str, legend: tuple[str, str],
) -> SafeString:
    """Two bars per row, before and after: (label, before, after, before shown, after shown)."""
    step, plot = 40, WIDTH - LABEL_WIDTH - 90
    maximum = max([max(b, a) for _l, b, a, _s, _t in rows] + [0.0]) or 1.0
    body = [
        f'<rect x="{LABEL_WIDTH}" y="4" width="12" height="12" fill="{BEFORE}"/>', _text(LABEL_WIDTH + 18, 15, legend[0]),
        f'<rect x="{LABEL_WIDTH + 180}" y="4" width="12" height="12" fill="{AFTER}"/>', _text(LABEL_WIDTH + 198, 15, legend[1]),
    ]
    for n, (label, before, after, before_shown, after_shown) in enumerate(rows):
        y = 26 + n * step
        body.append(_text(LABEL_WIDTH - 8, y + 20, label, "end"))
        for k, (value, shown, colour) in enumerate(((before, before_shown, BEFORE), (after, after_shown, AFTER))):
            length = plot * max(0.0, value) / maximum
            top = y + 2 + k * 17
            body.append(f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length:.1f}" height="15" fill="{colour}"/>')
            body.append(_text(LABEL_WIDTH + length + 6, top + 12, shown, size=11))
    return _svg(34 + step * len(rows), body, title)


def histogram(
    edges: Sequence[float], before: Sequence[float], after: Sequence[float], title: str, legend: tuple[str, str],
    axis: tuple[str, str],
) -> SafeString:
    """Share of draws per shortfall band, before and after, side by side in each band."""
    left, top, plot_w, plot_h = 50, 24, WIDTH - 70, 200
    highest = max([*before, *after, 0.0]) or 1.0
    band = plot_w / max(len(before), 1)
    body = [
        f'<rect x="{left}" y="4" width="12" height="12" fill="{BEFORE}"/>', _text(left + 18, 15, legend[0]),
        f'<rect x="{left + 180}" y="4" width="12" height="12" fill="{AFTER}"/>', _text(left + 198, 15, legend[1]),
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9aa5b1"/>',
        _text(left - 6, top + 10, f"{highest:.0%}", "end", 11), _text(left - 6, top + plot_h, "0%", "end", 11),
    ]
    for n, (b, a) in enumerate(zip(before, after, strict=True)):
        for k, (value, colour) in enumerate(((b, BEFORE), (a, AFTER))):
            height = plot_h * value / highest
            x = left + n * band + k * band / 2
            body.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - height:.1f}" width="{band / 2 - 2:.1f}" '
                        f'height="{height:.1f}" fill="{colour}"/>')
    body.append(_text(left, top + plot_h + 18, axis[0], size=11))
    body.append(_text(left + plot_w, top + plot_h + 18, axis[1], "end", 11))
    return _svg(top + plot_h + 28, body, title)
