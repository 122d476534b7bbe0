"""A figure's description in words, made from the facts read and the figure's own words (no
language model): the alt text of its image."""
from __future__ import annotations

import math
import re

from ..document import ChartAxis, ChartSeries, Figure

_NOUN = {"line": "Line chart", "scatter": "Scatter plot", "bar": "Bar chart", "histogram": "Histogram",
         "pie": "Pie chart", "heatmap": "Heat map", "box": "Box plot", "diagram": "Diagram",
         "photo": "Photograph", "map": "Map", "table-image": "Table (as an image)", "equation": "Equation",
         "other": "Figure"}
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_LABEL_RE = re.compile(r"^\s*(?:fig(?:ure)?\.?|图)\s*[\w.\-]+[.:]?\s*", re.I)


def kind_noun(kind: str) -> str:
    """"Line chart", "Diagram", ... for a kind."""
    return _NOUN.get(kind, "Figure")


def _num(v: float) -> str:
    """A value as a reader writes it: four significant digits, written out in full where they
    would take an exponent ("27,850", "0.00001234"; "2.785e+04" reads oddly, and a number
    check reads it as 2.785), a minus sign, and no negative zero."""
    a = abs(v)
    if not math.isfinite(v):
        return str(v)
    text = f"{a:.4g}"
    if "e" in text and 1 <= a < 1e15:
        text = f"{round(a, 3 - math.floor(math.log10(a))):,.0f}"
    elif "e" in text and 1e-9 <= a < 1:
        text = f"{a:.{3 - math.floor(math.log10(a))}f}".rstrip("0")
    if text.strip("0.,") == "":
        return "0"
    return f"−{text}" if v < 0 else text


def _axis_words(ax: ChartAxis | None) -> str | None:
    if ax is None or not ax.title:
        return None
    return f"{ax.title} ({ax.unit})" if ax.unit else ax.title


def _with_unit(v: float, ax: ChartAxis) -> str:
    """``v`` with the axis' unit ("41.2%", "3.6 V")."""
    if not ax.unit:
        return _num(v)
    return f"{_num(v)}{'' if ax.unit == '%' else ' '}{ax.unit}"


def _span(a: float, b: float, ax: ChartAxis) -> str:
    """"from 3.6 to 4.1 V": the unit once, after the second value."""
    return f"from {_num(a)} to {_with_unit(b, ax)}"


def _names(series: list[ChartSeries]) -> list[str]:
    """The series' legend names, each once (panels of one figure repeat their legend)."""
    return list(dict.fromkeys(s.name for s in series if s.name))


_SERIES_KINDS = ("line", "scatter", "bar", "histogram")  # kinds whose series are told in words


def _line_sentence(who: str, ys: list[float], y: ChartAxis) -> str:
    """Where one line goes: up, down or level, from its first to its last value, and its peak
    where that lies between its ends (or its trough, for a line that ends where it starts)."""
    first, last = _num(ys[0]), _num(ys[-1])
    hi, lo = max(ys), min(ys)
    peak = ys.index(hi)
    if first == last:
        if _num(hi) == _num(lo):
            return f"{who}stays at {_with_unit(ys[0], y)}."
        if _num(hi) != first:
            return f"{who}starts and ends at {_with_unit(ys[0], y)}, peaking at {_with_unit(hi, y)}."
        return f"{who}starts and ends at {_with_unit(ys[0], y)}, dipping to {_with_unit(lo, y)}."
    trend = "rises" if ys[-1] > ys[0] else "falls"
    out = f"{who}{trend} {_span(ys[0], ys[-1], y)}"
    if 0 < peak < len(ys) - 1 and _num(hi) not in (first, last):
        out += f", peaking at {_with_unit(hi, y)}"
    return out + "."


def _series_sentence(kind: str, axes: dict[str, ChartAxis], series: list[ChartSeries]) -> str:
    """What the data do: the highest and lowest series at the end (lines), the largest and
    smallest bars, or where a single series goes."""
    y = axes.get("y") or ChartAxis()
    read = [s for s in series if s.points]
    if not read or kind not in _SERIES_KINDS:
        return ""
    if kind in ("bar", "histogram"):
        pts = [(s.name, x, v) for s in read for x, v in s.points]
        hi = max(pts, key=lambda p: p[2])
        lo = min(pts, key=lambda p: p[2])
        where = lambda p: (f"{p[0]} at {p[1] if isinstance(p[1], str) else _num(p[1])}" if p[0] and len(read) > 1
                           else (p[1] if isinstance(p[1], str) else _num(p[1])))
        if _num(hi[2]) == _num(lo[2]):
            return f"Every bar is {_with_unit(hi[2], y)}."
        return f"The largest is {where(hi)} ({_with_unit(hi[2], y)}); the smallest {where(lo)} ({_with_unit(lo[2], y)})."
    if kind == "line" and len(read) >= 2 and all(s.name for s in read):
        ends = sorted(read, key=lambda s: s.points[-1][1])
        if ends[-1].name != ends[0].name and _num(ends[-1].points[-1][1]) != _num(ends[0].points[-1][1]):
            return (f"{ends[-1].name} ends highest, near {_with_unit(ends[-1].points[-1][1], y)}; "
                    f"{ends[0].name} ends lowest, near {_with_unit(ends[0].points[-1][1], y)}.")
    s = max(read, key=lambda s: len(s.points))
    ys = [p[1] for p in s.points]
    who = f"{s.name} " if s.name else ("It " if len(read) == 1 else "The longest series ")
    if kind == "line":
        return _line_sentence(who, ys, y)
    if _num(min(ys)) == _num(max(ys)):
        return f"{who}lies at {_with_unit(ys[0], y)} over {len(ys)} points."
    return f"{who}spans {_num(min(ys))} to {_with_unit(max(ys), y)} over {len(ys)} points."


def chart_description(kind: str, axes: dict[str, ChartAxis], series: list[ChartSeries]) -> str:
    """"Line chart of Voltage (V) against Day of trial (0–40) for 2 series: a, b. ..." from the
    facts read."""
    x, y = axes.get("x"), axes.get("y")
    head = kind_noun(kind)
    ywords = _axis_words(y)
    if ywords:
        head += f" of {ywords}"
    xwords = _axis_words(x)
    if xwords and x is not None:
        rng = f" ({_num(x.range[0])}–{_num(x.range[1])}{', log scale' if x.scale == 'log' else ''})" \
            if x.range and _num(x.range[0]) != _num(x.range[1]) else ""
        head += f" {'by' if kind == 'bar' else 'against'} {xwords}{rng}"
    elif kind == "bar" and series and series[0].points and isinstance(series[0].points[0][0], str):
        cats = list(dict.fromkeys(p[0] for s in series for p in (s.points or [])))
        head += f" over {len(cats)} categories ({', '.join(cats[:6])}{', …' if len(cats) > 6 else ''})"
    names = _names(series)
    if kind in _SERIES_KINDS and len(series) > 1:
        head += f" for {len(series)} series" + (f": {', '.join(names[:8])}" if names else "")
    elif kind in _SERIES_KINDS and names:
        head += f" for {names[0]}"
    return f"{head}. {_series_sentence(kind, axes, series)}".strip()


def caption_sentence(caption: str) -> str:
    """The caption's first sentence, without its label ("Figure 3:")."""
    text = _LABEL_RE.sub("", caption or "").strip()
    return _SENTENCE_RE.split(text, maxsplit=1)[0].strip() if text else ""


def fallback_description(figure: Figure, kind: str) -> str:
    """For a figure whose content was not read: its kind and its caption's first sentence (or,
    without a caption, a few of its own words)."""
    noun = kind_noun(kind)
    first = caption_sentence(figure.caption)
    if first:
        return f"{noun}: {first.rstrip('.')}."
    words = " ".join((figure.text or "").split()[:12])
    return f"{noun} with the words: {words}." if words else f"{noun} without a caption."
