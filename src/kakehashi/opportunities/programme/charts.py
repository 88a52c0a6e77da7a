"""Server-rendered charts of the programme view: matplotlib's object API (no pyplot state,
safe in threads) with the Agg backend, written as SVG with text kept as text, so Japanese
and Hindi labels are drawn by the browser's fonts."""

import datetime as dt
import io
import threading
import unicodedata
import warnings
from collections.abc import Sequence
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from django.http import HttpResponse
from matplotlib import font_manager
from matplotlib.figure import Figure

PALETTE = ["#b3261e", "#e08a00", "#1f7a70", "#3e4c59", "#7b5ea7", "#2f6fb0"]
# Tried in order for each glyph (matplotlib's font fallback); only installed ones are used.
FAMILIES = ["DejaVu Sans", "IPAGothic", "IPAPGothic", "Noto Sans CJK JP", "Lohit Devanagari", "Noto Sans Devanagari"]


# Bar charts are drawn at about the size they are shown (half the page's width, ~420 px):
# a narrow figure, and long labels (ISIC section names) wrapped on two lines at most, so the
# SVG is not scaled down until its text is unreadable.
BAR_WIDTH_INCHES = 3.6
BAR_FONT_SIZE = 11
LABEL_WIDTH = 24  # in narrow characters; a Japanese character counts two
LABEL_LINES = 2


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_label(label: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """`label` on at most `lines` lines of about `width` narrow characters, broken at spaces
    (inside a word only when the word is longer than a line, as in Japanese), the rest cut at
    a space where there is one, with "…"."""
    out: list[str] = []
    line = ""
    for word in label.split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate) <= width:
            line = candidate
            continue
        if _width(word) <= width:
            out.append(line)
            line = word
            continue
        line = f"{line} " if line else ""
        for char in word:  # a word longer than a line is cut where the line is full
            if _width(line + char) > width:
                out.append(line)
                line = ""
            line += char
    out.append(line)
    if len(out) <= lines:
        return "\n".join(out)
    last = out[lines - 1]
    while last and _width(last + "…") > width:
        last = last[:-1]
    cut_in_a_word = len(last) < len(out[lines - 1]) and out[lines - 1][len(last)] != " "
    if cut_in_a_word and " " in last and last.rfind(" ") > len(last) // 2:
        last = last[: last.rfind(" ")]  # not in the middle of a word
    return "\n".join([*out[: lines - 1], last.rstrip(" ,;") + "…"])


@lru_cache(maxsize=1)
def _families() -> list[str]:
    installed = []
    for family in FAMILIES:
        try:
            font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        installed.append(family)
    return installed or ["sans-serif"]


def _style() -> dict:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "kakehashi",  # stable ids: the same data gives the same file
        "font.family": _families(),
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#9aa5b1",
    }


def _svg(figure: Figure) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    return out.getvalue()


# matplotlib is not thread-safe (rc_context swaps the process-wide rcParams), so a threaded
# server (`kakehashi run`, the browser tests' live server) draws one chart at a time. The chart
# views hold `drawing` over reading their figures too: the live server's request threads share
# one in-memory SQLite connection, and two threads in it at once, one inside a Python SQL
# function (TruncMonth), can deadlock. Reentrant: the views hold it and the charts take it again.
drawing = threading.RLock()


def bar_chart(rows: Sequence[tuple[str, int]], title: str) -> bytes:
    """Horizontal bars, first row on top; an empty chart says so through its title only."""
    with drawing, matplotlib.rc_context({**_style(), "font.size": BAR_FONT_SIZE}):
        height = max(1.6, 0.5 * len(rows) + 0.9)
        figure = Figure(figsize=(BAR_WIDTH_INCHES, height))
        axes = figure.add_subplot()
        labels = [wrap_label(label) for label, _n in rows][::-1]
        values = [n for _label, n in rows][::-1]
        bars = axes.barh(range(len(rows)), values, color=PALETTE[0], height=0.65)
        axes.set_yticks(range(len(rows)), labels)
        axes.bar_label(bars, padding=3, fontsize=BAR_FONT_SIZE - 1)
        axes.set_title(title, loc="left")
        axes.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]  # the default MaxNLocator takes it
        axes.set_xlim(0, max([*values, 1]) * 1.15)
        return _svg(figure)


def monthly_chart(months: Sequence[dt.date], panels: Sequence[tuple[str, Sequence[tuple[str, Sequence[int]]]]]) -> bytes:
    """Stacked panels sharing the month axis, each with one line per series, so small
    counts (introductions) are not flattened by large ones (opportunities published)."""
    with drawing, matplotlib.rc_context(_style()):
        figure = Figure(figsize=(8.5, 2.6 * max(1, len(panels))))
        axes_list = figure.subplots(max(1, len(panels)), 1, sharex=True, squeeze=False)[:, 0]
        positions = list(range(len(months)))
        colour = 0
        for axes, (title, series) in zip(axes_list, panels, strict=False):
            for label, values in series:
                axes.plot(positions, values, marker="o", markersize=3.5, linewidth=1.8, label=label,
                          color=PALETTE[colour % len(PALETTE)])
                colour += 1
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.set_ylim(bottom=0)
            axes.set_title(title, loc="left")
            if series:
                axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
        step = max(1, len(months) // 12)
        axes_list[-1].set_xticks(positions[::step], [m.strftime("%Y-%m") for m in months][::step])
        figure.subplots_adjust(hspace=0.35)
        return _svg(figure)


def svg_response(svg: bytes) -> HttpResponse:
    """A chart as its own response: private to the staff member, cached for five minutes, and
    unable to load or run anything (an SVG opened directly is a document)."""
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
