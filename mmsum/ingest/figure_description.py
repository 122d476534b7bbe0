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


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _num(v: float) -> str:
    """A value as a reader writes it: four significant digits, written out in full where they
    would take an exponent ("27,850", "0.00001234"; "2.785e+04" reads oddly, and a number
    check reads it as 2.785), a power of ten only beyond 10¹⁵ and 10⁻⁹ ("5.001×10⁻¹¹"), a minus
    sign, and no negative zero."""
    a = abs(v)
    if not math.isfinite(v):
        return str(v)
    text = f"{a:.4g}"
    if "e" in text and 1 <= a < 1e15:
        text = f"{round(a, 3 - math.floor(math.log10(a))):,.0f}"
    elif "e" in text and 1e-9 <= a < 1:
        text = f"{a:.{3 - math.floor(math.log10(a))}f}".rstrip("0")
    elif "e" in text:  # beyond those: 5.001×10⁻¹¹
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"
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


SNAP = 1e-4  # a value within this share of the axis' span (or of the largest value told) of 0 is 0


def _snapped(values: list[float], ax: ChartAxis) -> list[float]:
    """``values`` with those that differ from 0 by less than SNAP of the axis' span (or of the
    largest of them, for an axis without a range or a log axis) made 0: a curve read as
    −5.001e-11 where it meets the axis lies on it."""
    span = ax.range[1] - ax.range[0] if ax.range and ax.scale != "log" else 0.0
    scale = max(span, max((abs(v) for v in values), default=0.0))
    return [0.0 if abs(v) < SNAP * scale else v for v in values]


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
        vals = _snapped([v for s in read for _, v in s.points], y)
        pts = [(s.name, x) for s in read for x, _ in s.points]
        hi = max(range(len(vals)), key=vals.__getitem__)
        lo = min(range(len(vals)), key=vals.__getitem__)
        if _num(vals[hi]) == _num(vals[lo]):
            return f"Every bar is {_with_unit(vals[hi], y)}."
        named = len(read) > 1
        if all(isinstance(x, str) for _, x in pts):
            where = lambda k: f"{pts[k][0]} at {pts[k][1]}" if pts[k][0] and named else pts[k][1]
            return (f"The largest is {where(hi)} ({_with_unit(vals[hi], y)}); "
                    f"the smallest {where(lo)} ({_with_unit(vals[lo], y)}).")
        # bars on a numeric x: the value first, then where it stands
        at = lambda k: f"{_with_unit(vals[k], y)} at {_num(float(pts[k][1]))}" + \
            (f" ({pts[k][0]})" if pts[k][0] and named else "")
        return f"The largest is {at(hi)}; the smallest {at(lo)}."
    if kind == "line" and len(read) >= 2 and all(s.name for s in read):
        lasts = _snapped([s.points[-1][1] for s in read], y)
        top = max(range(len(read)), key=lasts.__getitem__)
        bottom = min(range(len(read)), key=lasts.__getitem__)
        if read[top].name != read[bottom].name and _num(lasts[top]) != _num(lasts[bottom]):
            return (f"{read[top].name} ends highest, near {_with_unit(lasts[top], y)}; "
                    f"{read[bottom].name} ends lowest, near {_with_unit(lasts[bottom], y)}.")
    s = max(read, key=lambda s: len(s.points))
    ys = _snapped([p[1] for p in s.points], y)
    who = f"{s.name} " if s.name else ("It " if len(read) == 1 else "The longest series ")
    if kind == "line":
        return _line_sentence(who, ys, y)
    if _num(min(ys)) == _num(max(ys)):
        return f"{who}lies at {_with_unit(ys[0], y)} over {len(ys)} points."
    return f"{who}spans {_num(min(ys))} to {_with_unit(max(ys), y)} over {len(ys)} points."


def _coloured_bars(kind: str, series: list[ChartSeries]) -> bool:
    """Bars over categories, one to a category, in as many colours as bars and without a legend:
    one series drawn bar by bar in its own colour (each colour had been read as a series)."""
    cats = [p[0] for s in series for p in (s.points or [])]
    return kind == "bar" and not _names(series) and bool(cats) and all(isinstance(c, str) for c in cats) \
        and len(cats) == len(set(cats))


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
    if kind in _SERIES_KINDS and len(series) > 1 and not _coloured_bars(kind, series):
        head += f" for {len(series)} series" + (f": {', '.join(names[:8])}" if names else "")
    elif kind in _SERIES_KINDS and names:
        head += f" for {names[0]}"
    return f"{head.rstrip('.')}. {_series_sentence(kind, axes, series)}".strip()


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
