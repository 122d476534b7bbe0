"""A figure's description in words, made from the facts read and the figure's own words (no
language model): the alt text of its image."""
from __future__ import annotations

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
    if abs(v) >= 1e5 or (0 < abs(v) < 1e-3):
        return f"{v:.3g}"
    return f"{v:.4g}".replace("-", "−") if v < 0 else f"{v:.4g}"


def _axis_words(ax: ChartAxis | None) -> str | None:
    if ax is None or not ax.title:
        return None
    return f"{ax.title} ({ax.unit})" if ax.unit else ax.title


def _with_unit(v: float, ax: ChartAxis) -> str:
    return f"{_num(v)} {ax.unit}" if ax.unit else _num(v)


def _names(series: list[ChartSeries]) -> list[str]:
    return [s.name for s in series if s.name]


def _series_sentence(kind: str, axes: dict[str, ChartAxis], series: list[ChartSeries]) -> str:
    """What the data do: the highest and lowest series at the end (lines), the largest and
    smallest bars, or where a single series goes."""
    y = axes.get("y") or ChartAxis()
    read = [s for s in series if s.points]
    if not read:
        return ""
    if kind in ("bar", "histogram"):
        pts = [(s.name, x, v) for s in read for x, v in s.points]
        hi = max(pts, key=lambda p: p[2])
        lo = min(pts, key=lambda p: p[2])
        where = lambda p: (f"{p[0]} at {p[1] if isinstance(p[1], str) else _num(p[1])}" if p[0] and len(read) > 1
                           else (p[1] if isinstance(p[1], str) else _num(p[1])))
        return f"The largest is {where(hi)} ({_with_unit(hi[2], y)}); the smallest {where(lo)} ({_with_unit(lo[2], y)})."
    if kind == "line" and len(read) >= 2 and all(s.name for s in read):
        ends = sorted(read, key=lambda s: s.points[-1][1])
        return (f"{ends[-1].name} ends highest, near {_with_unit(ends[-1].points[-1][1], y)}; "
                f"{ends[0].name} ends lowest, near {_with_unit(ends[0].points[-1][1], y)}.")
    s = max(read, key=lambda s: len(s.points))
    ys = [p[1] for p in s.points]
    peak = max(range(len(ys)), key=ys.__getitem__)
    who = f"{s.name} " if s.name else ("It " if len(read) == 1 else "The longest series ")
    if kind == "line":
        trend = "rises" if ys[-1] > ys[0] else "falls" if ys[-1] < ys[0] else "stays"
        return (f"{who}{trend} from {_with_unit(ys[0], y)} to {_with_unit(ys[-1], y)}, peaking at "
                f"{_with_unit(ys[peak], y)}.")
    return f"{who}spans {_with_unit(min(ys), y)} to {_with_unit(max(ys), y)} over {len(ys)} points."


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
            if x.range else ""
        head += f" {'by' if kind == 'bar' else 'against'} {xwords}{rng}"
    elif kind == "bar" and series and series[0].points and isinstance(series[0].points[0][0], str):
        cats = list(dict.fromkeys(p[0] for s in series for p in (s.points or [])))
        head += f" over {len(cats)} categories ({', '.join(cats[:6])}{', …' if len(cats) > 6 else ''})"
    names = _names(series)
    if len(series) > 1:
        head += f" for {len(series)} series" + (f": {', '.join(names[:8])}" if names else "")
    elif names:
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
