"""Vector charts read exactly: axes, series and their data in data units, from the PDF itself.

For a figure's box on its page (PDF points, origin top-left), the paths of
``Page.get_drawings()`` and the text lines of ``Page.get_text("dict")`` inside it give the
axes (:mod:`.chart_axes`; the text lines: :mod:`.chart_text`), the marks grouped into series and named from the legend
(:mod:`.chart_series`), and so each series' points in data units. A figure with several panels
gives the panels' series one after the other; the first panel's axes are the figure's.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pymupdf

from ..document import BBox, ChartAxis, ChartSeries
from .chart_axes import Axis, TextLine, find_axes, split_unit
from .chart_series import LegendEntry, Mark, Series, classify, find_legend, group_series, name_series
from .chart_strokes import stroked_markers
from .chart_text import PAD, figure_lines

log = logging.getLogger(__name__)

TITLE_REACH = 30.0   # points: an axis title stands this close to its tick labels
MAX_POINTS = 1000    # points kept per series (a dense curve is thinned evenly)


@dataclass
class Panel:
    """One plot area: its y axis, its x axis (None for categories), the page box of its data."""

    y: Axis
    x: Axis | None
    area: BBox
    series: list[Series] = field(default_factory=list)


@dataclass
class Chart:
    """What was read of one vector chart, in page coordinates and data units."""

    panels: list[Panel]
    marks: list[Mark]
    lines: list[TextLine]
    legend: list[LegendEntry]

    @property
    def series(self) -> list[Series]:
        return [s for p in self.panels for s in p.series]


def figure_marks(drawings: list[dict], box: BBox) -> list[Mark]:
    """The marks of the paths inside ``box`` (paths reaching out of it are not the figure's)."""
    x0, y0, x1, y1 = box[0] - PAD, box[1] - PAD, box[2] + PAD, box[3] + PAD
    out = []
    for p in drawings:
        r = p.get("rect")
        if r is None or p.get("type") not in ("f", "s", "fs"):
            continue
        if not (x0 <= r[0] and y0 <= r[1] and r[2] <= x1 and r[3] <= y1):
            continue
        out += classify(p)
    return stroked_markers(out)


def reaching_rules(drawings: list[dict], box: BBox) -> list[tuple[float, float, float, float]]:
    """The straight axis-parallel strokes ``(x0, y0, x1, y1)`` of the paths that cross the edge of
    ``box``: a chart's frame with its ticks, where the figure's box cuts it. They are no mark of
    the figure's, but its tick marks may be among them."""
    x0, y0, x1, y1 = box[0] - PAD, box[1] - PAD, box[2] + PAD, box[3] + PAD
    out = []
    for p in drawings:
        r = p.get("rect")
        if r is None or p.get("type") not in ("s", "fs") or (x0 <= r[0] and y0 <= r[1] and r[2] <= x1 and r[3] <= y1):
            continue
        if r[0] < x1 and r[2] > x0 and r[1] < y1 and r[3] > y0:
            out += [s for m in classify(p) if m.kind == "rule" for s in m.segments]
    return out


def _panels(xs: list[Axis], ys: list[Axis], box: BBox) -> list[Panel]:
    """Each y axis with the x axis beneath it (or none: categories); the area between them."""
    panels = []
    for y in ys:
        ylo, yhi = y.span()
        col_x0 = min(t.bbox[0] for t in y.labels)
        col_x1 = max(t.bbox[2] for t in y.labels)
        # the x axis just below: one to the right of this column (a left axis) first, else one
        # to its left (a right-hand, twin axis)
        best, best_key = None, None
        for x in xs:
            xlo, xhi = x.span()
            row_top = min(t.bbox[1] for t in x.labels)
            left = col_x1 <= xlo + 4 and xlo - col_x1 < 3 * x.step() + 20
            right = col_x0 >= xhi - 4 and col_x0 - xhi < 3 * x.step() + 20
            below = row_top >= yhi - 4 and row_top - yhi < 2.5 * y.step() + 20
            if (left or right) and below:
                key = (0 if left else 1, row_top, abs(xlo - col_x1) if left else abs(col_x0 - xhi))
                if best_key is None or key < best_key:
                    best, best_key = x, key
        right_side = best is not None and col_x0 >= best.span()[1] - 4
        if best is not None:
            xlo, xhi = best.span()
            x0 = xlo - best.step() if right_side else col_x1
            x1 = col_x0 if right_side else xhi + best.step()
            y1 = min(t.bbox[1] for t in best.labels)
        else:
            x0, x1 = col_x1, box[2]
            y1 = yhi + 0.5 * y.step()
        y0 = ylo - y.step()
        panels.append(Panel(y, best, (x0, max(y0, box[1] - PAD), min(x1, box[2] + PAD), y1)))
    # neighbours bound each other: the area of one panel ends where another's labels begin
    for p in panels:
        for q in panels:
            if q is p:
                continue
            qx0 = min(t.bbox[0] for t in q.y.labels)
            if p.area[0] < qx0 < p.area[2] and q.y.span()[0] < p.area[3] and q.y.span()[1] > p.area[1]:
                p.area = (p.area[0], p.area[1], qx0, p.area[3])
    return panels


def _categories(panel: Panel, lines: list[TextLine]) -> list[tuple[str, float]]:
    """Category labels of a panel without a numeric x axis: the top text row below its lowest
    y tick, across its area."""
    x0, _, x1, _ = panel.area
    low = panel.y.span()[1]
    ticks = {id(t) for t in panel.y.labels}  # the lowest y tick label sits on this row's edge
    row = [t for t in lines if id(t) not in ticks and not t.turned and x0 - 5 <= t.cx <= x1 and t.bbox[1] >= low - 4
           and t.cy <= low + panel.y.step() + 20 and any(ch.isalnum() for ch in t.text)]
    if not row:
        return []
    top = min(t.cy for t in row)
    return [(t.text.strip(), t.cx) for t in sorted(row, key=lambda t: t.cx) if t.cy <= top + 3]


def _inside(m: Mark, area: BBox) -> bool:
    x0, y0, x1, y1 = area
    if m.kind == "line":
        pts = np.asarray(m.points, dtype=float).reshape(-1, 2)
        inside = ((pts[:, 0] >= x0 - PAD) & (pts[:, 0] <= x1 + PAD) & (pts[:, 1] >= y0 - PAD) & (pts[:, 1] <= y1 + PAD))
        return bool(inside.sum() >= 0.8 * len(pts))
    cx, cy = m.centre
    return x0 - PAD <= cx <= x1 + PAD and y0 - PAD <= cy <= y1 + PAD


_PANEL_LABEL_RE = re.compile(r"^\(?(?:[a-z]|[ivx]{1,4})\)\s")


def _backdrop(m: Mark, data: list[Mark]) -> bool:
    """``m`` is a light panel behind the data (ggplot2's grey plot area), not a bar: a pale
    filled rectangle with three or more other marks drawn inside it."""
    if m.kind != "bar" or m.fill is None or min(m.fill) < 0.85:
        return False
    inside = sum(m.holds(o) and o.kind != "rule" for o in data)
    return inside >= 3


def _title_like(t: TextLine) -> bool:
    """Text that may be an axis title: two letters or more, not a panel's caption ("(a) ...")."""
    return sum(ch.isalpha() for ch in t.text) >= 2 and not _PANEL_LABEL_RE.match(t.text.strip())


def _titles(panel: Panel, lines: list[TextLine], taken: set[int]) -> None:
    """The axis titles: below the x tick labels; turned, beside the y tick labels."""
    y = panel.y
    col_x0 = min(t.bbox[0] for t in y.labels)
    col_x1 = max(t.bbox[2] for t in y.labels)
    ylo, yhi = y.span()
    right = panel.area[0] >= col_x1 - 1 and panel.area[2] <= col_x0 + 1 and panel.area[0] < col_x0 and \
        panel.area[2] <= col_x0
    best = None
    for t in lines:
        if id(t) in taken or t.value is not None or not t.turned or not _title_like(t):
            continue
        if not (t.bbox[1] < yhi and t.bbox[3] > ylo):
            continue
        gap = (t.bbox[0] - col_x1) if right else (col_x0 - t.bbox[2])
        if -2 <= gap <= TITLE_REACH and (best is None or gap < best[0]):
            best = (gap, t)
    if best:
        taken.add(id(best[1]))
        y.title, y.unit = split_unit(best[1].text)
    x = panel.x
    if x is None:
        return
    row_cy = max(t.cy for t in x.labels)
    xlo, xhi = x.span()
    best = None
    for t in lines:
        if id(t) in taken or t.value is not None or t.turned or not _title_like(t):
            continue
        gap = t.cy - row_cy
        if 2 <= gap <= TITLE_REACH and t.bbox[0] < xhi and t.bbox[2] > xlo and \
                (best is None or gap < best[0]):
            best = (gap, t)
    if best:
        taken.add(id(best[1]))
        x.title, x.unit = split_unit(best[1].text)


def _segments(marks: list[Mark], edges: list | None) -> list[tuple[float, float, float, float]]:
    return [s for m in marks if m.kind == "rule" for s in m.segments] + list(edges or [])


def axes_count(lines: list[TextLine], marks: list[Mark], edges: list | None = None, strokes: bool = True) -> int:
    """How many numeric axes, x and y, the figure's tick labels and tick marks make (as
    :func:`read_chart` finds them; it reads a chart only where a y axis is among them)."""
    xs, ys = find_axes(lines, _segments(marks, edges) if strokes else None)
    return len(xs) + len(ys)


def read_chart(page: pymupdf.Page, box: BBox, marks: list[Mark] | None = None,
               lines: list[TextLine] | None = None, edges: list | None = None, strokes: bool = True) -> Chart | None:
    """The chart in ``box`` on ``page``, or None when no numeric axis is found there.
    ``marks``, ``lines``, ``edges``: the figure's marks (:func:`figure_marks`), text lines
    (:func:`figure_lines`) and the strokes of paths reaching out of its box
    (:func:`reaching_rules`), when the caller has them already; ``strokes``: False where the
    page's drawings were not read (too many), so that no tick mark can be asked of an axis."""
    if lines is None:
        lines = figure_lines(page, box)
    if sum(t.value is not None for t in lines) < 2:
        return None
    if marks is None:
        drawings = page.get_cdrawings()
        marks, edges = figure_marks(drawings, box), reaching_rules(drawings, box)
    xs, ys = find_axes(lines, _segments(marks, edges) if strokes else None)
    if not ys:
        return None
    panels = _panels(xs, ys, box)
    legend = find_legend(lines, marks)
    in_legend = {id(m) for e in legend for m in e.marks}
    # the legend's frame: a box around its entries
    in_legend |= {id(m) for m in marks if m.kind in ("bar", "shape") and (m.fill is None or min(m.fill) >= 0.85)
                  and any(
        m.bbox[0] <= e.line.bbox[0] and m.bbox[2] >= e.line.bbox[2] - 1 and m.bbox[1] <= e.line.cy <= m.bbox[3]
        for e in legend)}
    # a key's background behind its sample (ggplot2's grey squares)
    samples = [sm for e in legend for sm in e.marks]
    in_legend |= {id(m) for m in marks if m.kind == "bar" and id(m) not in in_legend and m.bbox[2] - m.bbox[0] <= 40
                  and any(m.holds(sm) and sm.bbox[2] - sm.bbox[0] < m.bbox[2] - m.bbox[0] for sm in samples)}
    taken = {id(e.line) for e in legend}
    for p in panels:
        if p.x is None:
            p.y.categories = _categories(p, lines)
        data = [m for m in marks if id(m) not in in_legend and _inside(m, p.area)]
        area_w, area_h = p.area[2] - p.area[0], p.area[3] - p.area[1]
        # a filled rectangle over most of the area is its background, not a bar
        data = [m for m in data if not (m.kind == "bar" and (m.bbox[2] - m.bbox[0]) > 0.8 * area_w
                                        and (m.bbox[3] - m.bbox[1]) > 0.6 * area_h) and not _backdrop(m, data)]
        p.series = group_series(data)
        _titles(p, lines, taken)
    name_series([s for p in panels for s in p.series], legend)
    # one legend for several panels drawn alike: its entries name each panel's series of their
    # very style (an inset's open points of a legend's colour are not its filled ones)
    for p in panels:
        named = {s.name for s in p.series}
        if None in named:
            name_series(p.series, legend, {k for k, e in enumerate(legend) if e.name in named}, colour=False)
    return Chart(panels, marks, lines, legend)


def _axis_record(ax: Axis | None) -> ChartAxis:
    if ax is None:
        return ChartAxis()
    lo, hi = ax.data_range()
    return ChartAxis(ax.title, ax.unit, ax.scale, (lo, hi))


def _rounder(ax: Axis):
    """Rounding of values on ``ax``: to a ten-thousandth of its range (four significant digits
    on a log axis); -0 becomes 0."""
    lo, hi = ax.data_range()
    if ax.scale == "log" or hi <= lo:
        return lambda v: float(f"{v:.4g}") + 0.0
    digits = max(0, 4 - int(math.floor(math.log10(hi - lo))))
    return lambda v: round(v, digits) + 0.0


def series_data(panel: Panel, s: Series) -> list[tuple[float | str, float]]:
    """The points of ``s`` in data units (x a category label for bars on categories)."""
    y, x = panel.y, panel.x
    ry = _rounder(y)
    rx = _rounder(x) if x is not None else None
    out: list[tuple[float | str, float]] = []
    if s.kind == "bar":
        zero = (0 - y.b) / y.a if y.scale == "linear" else None
        for b in s.bars:
            top, bottom = y.value(b[1]), y.value(b[3])
            if zero is not None and abs(b[1] - zero) < 0.5:      # hangs down from 0: a negative bar
                val = bottom
            elif zero is not None and abs(b[3] - zero) < 0.5:
                val = top
            else:
                val = top - bottom if y.scale == "linear" else top
            cx = (b[0] + b[2]) / 2
            if rx is not None:
                out.append((rx(x.value(cx)), ry(val)))
            elif y.categories:
                name = min(y.categories, key=lambda c: abs(c[1] - cx))[0]
                out.append((name, ry(val)))
        return _parted_categories(out, [(b[0] + b[2]) / 2 for b in s.bars]) if rx is None else out
    pts = np.asarray(s.points, dtype=float).reshape(-1, 2)
    if len(pts) > MAX_POINTS:
        pts = pts[np.linspace(0, len(pts) - 1, MAX_POINTS).round().astype(int)]
    if x is None:
        return []
    return [(rx(px), ry(py)) for px, py in zip(x.value(pts[:, 0]).tolist(), y.value(pts[:, 1]).tolist())]


def _parted_categories(points: list[tuple[float | str, float]], xs: list[float]) -> list[tuple[float | str, float]]:
    """Bars of one series (``points``, their centres ``xs``) that claim one category label
    between them, as many as its words: MuPDF set the labels of neighbouring bars as one line
    ("gamma delta"); each bar takes its word, left to right."""
    out = list(points)
    for name in {p[0] for p in points}:
        mine = sorted((x, i) for i, (p, x) in enumerate(zip(points, xs)) if p[0] == name)
        words = str(name).split()
        if len(mine) >= 2 and len(words) == len(mine):
            for (_, i), word in zip(mine, words):
                out[i] = (word, points[i][1])
    return out


def chart_facts(chart: Chart) -> tuple[dict[str, ChartAxis], list[ChartSeries], list[str]]:
    """The figure's axes (the first panel's), all series in data units, and what was read."""
    first = chart.panels[0]
    axes = {"x": _axis_record(first.x), "y": _axis_record(first.y)}
    if first.x is None and first.y.categories:
        axes["x"] = ChartAxis(None, None, "linear", None)
    series = [ChartSeries(s.name, series_data(p, s) or None) for p in chart.panels for s in p.series]
    read = ["axes"] + (["series"] if series else []) + (["legend"] if chart.legend else [])
    return axes, series, read
