"""Server-rendered SVG charts, put inline in the page: their labels are text the browser sets
in the page's fonts, so Japanese and Hindi read as well as English (no font inside the
server is needed), and they scale, print and can be copied. Values come with a <title> for
screen readers and a table next to every chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAND_COLOURS = {"high": "#b3261e", "moderate": "#c77700", "unconcentrated": "#2e7d32", "": "#5b6b7f"}


def bars(rows: Sequence[tuple[str, float, str]], *, title: str, unit: str = "%", width: int = 640, maximum: float | None = None) -> SafeString:
    """Horizontal bars: (label, value, band) per row, largest first as given."""
    bar_height, gap, label_width = 22, 6, 220
    height = len(rows) * (bar_height + gap) + 10
    top = maximum if maximum is not None else max((value for _label, value, _band in rows), default=0) or 1
    plot = width - label_width - 70
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for n, (label, value, band) in enumerate(rows):
        y = 5 + n * (bar_height + gap)
        length = max(plot * value / top, 1 if value > 0 else 0)
        shown = escape(label if len(label) <= 28 else label[:27] + "…")
        parts.append(
            f'<g><title>{escape(label)}: {value:,.1f}{escape(unit)}</title>'
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="13">{shown}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{BAND_COLOURS.get(band, BAND_COLOURS[""])}"></rect>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" font-size="12">{value:,.1f}{escape(unit)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label and value above is escaped
