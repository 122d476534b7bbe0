"""What kind of figure it is: by rules over what was measured (the chart read from its
drawings, its marks, its pixels), and once its crop is rendered by the learned kind model
(:mod:`.kind_model`) where that did better (:func:`judged_kind`).

Kinds: line, scatter, bar, histogram, pie, heatmap, box, diagram, photo, map, table-image,
equation, other (``KINDS``). Boxes are PDF points, origin top-left.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..document import FigureContent
from .chart_axes import TextLine
from .chart_series import Mark
from .charts import Chart
from .kind_measures import MEASURES, pixel_measures
from .kind_model import KindModel, bundled_model

KINDS = ("line", "scatter", "bar", "histogram", "pie", "heatmap", "box", "diagram", "photo", "map",
         "table-image", "equation", "other")
HEATMAP_CELLS = 16   # at least this many filled cells in a grid
HEATMAP_FILLS = 4    # of at least this many colours
THUMB_STEP = 4       # the pixel rule judges every 4th pixel of the crop, each way
LEARNED_MIN_P = 0.5  # the learned model's kind is taken when at least this probable
LEARNED_OVER_CHARTS = ("box", "heatmap", "histogram", "pie")  # kinds it may give a chart read as lines or bars
ON_AXES = ("line", "scatter", "bar", "histogram", "box")  # kinds drawn on axes with numbered ticks
BOX_GLYPHS = 2       # box-and-whisker glyphs (at least) that make a box plot
NAMED_CELLS = 0.25   # the share of a heat map's cells (at most) that hold a word
_BAR_SERIES = MEASURES.index("bar_series")
_RASTER, _CHART, _AXES, _TEXT_LINES, _RULES, _PIE, _WEDGES, _BOXES = (MEASURES.index(m) for m in (
    "raster", "chart", "axes", "text_lines", "rule_share", "pie_rule", "wedges", "box_glyphs"))


def axes_unseen(kind: str, measures: list[float]) -> bool:
    """Whether a drawing with these ``measures`` cannot be a chart of ``kind`` for want of axes:
    a vector figure (drawn, not an image alone) on which no axis was read (no chart, nor an x
    axis alone, as bars lying along it have), and either text (a
    kind of ``ON_AXES`` has tick labels at its ticks, which the chart reader would have read:
    numbers in a grid's cells, a matrix or beside a network's layers are none) or neither text
    nor any axis-parallel stroke (no tick labels, no ticks, no axis lines: a map, a drawing;
    then no heat map either). A raster figure's pixels are all there is: it is never ruled out."""
    if measures[_RASTER] > 0 or measures[_CHART] > 0 or measures[_AXES] > 0:
        return False
    if measures[_TEXT_LINES] > 0:
        return kind in ON_AXES
    return measures[_RULES] == 0 and kind in (*ON_AXES, "heatmap")


def shapes_unseen(kind: str, measures: list[float]) -> bool:
    """Whether a drawing with these ``measures`` cannot be a pie or a box plot for want of their
    shapes: a vector figure with no wedge-shaped filled path (:func:`.kind_measures.is_wedge`)
    that the rules did not call a pie (boxes drawn in perspective, rounded boxes had been named
    pies), or with no box-and-whisker glyph (:func:`.box_plots.box_glyphs`; line charts had
    been named box plots)."""
    if measures[_RASTER] > 0:
        return False
    if kind == "pie":
        return measures[_WEDGES] == 0 and measures[_PIE] == 0
    return kind == "box" and measures[_BOXES] == 0


def model_may_overrule(kind: str, measures: list[float], chart_read: bool) -> bool:
    """Whether the learned model's ``kind`` may replace the rules' for a figure with these
    ``measures``: never a pie or box plot without their shapes (:func:`shapes_unseen`), nor
    another kind where the rules found a box plot's glyphs; where no chart was read
    from the drawings, any kind its drawing does not rule out (:func:`axes_unseen`); for a
    chart read, one of ``LEARNED_OVER_CHARTS``, and a histogram only when bars were read (its
    bins are bars: a chart read as lines alone, a current trace or a voltage curve, is none)."""
    if shapes_unseen(kind, measures) or (kind != "box" and measures[_BOXES] >= math.log1p(BOX_GLYPHS)):
        return False
    if not chart_read:
        return not axes_unseen(kind, measures)
    return kind in LEARNED_OVER_CHARTS and (kind != "histogram" or measures[_BAR_SERIES] > 0)


def looks_like_heatmap(marks: list[Mark], lines: Sequence[TextLine] = ()) -> bool:
    """Many filled rectangles on a grid (few distinct columns and rows) in several colours, at
    most ``NAMED_CELLS`` of them holding a word among ``lines`` (the figure's text: a heat map's
    cells hold numbers if anything; a network's layer boxes, coloured by stage, name their
    layers)."""
    cells = [m for m in marks if m.kind == "bar"]
    if len(cells) < HEATMAP_CELLS or len({m.fill for m in cells}) < HEATMAP_FILLS:
        return False
    xs = {round(m.bbox[0], 0) for m in cells}
    ys = {round(m.bbox[1], 0) for m in cells}
    if not (len(xs) >= 3 and len(ys) >= 3 and len(xs) * len(ys) <= 2 * len(cells) + 4):
        return False
    words = [(t.cx, t.cy) for t in lines if sum(ch.isalpha() for ch in t.text) >= 2]
    named = sum(any(m.bbox[0] <= x <= m.bbox[2] and m.bbox[1] <= y <= m.bbox[3] for x, y in words) for m in cells)
    return named <= NAMED_CELLS * len(cells)


def looks_like_pie(marks: list[Mark]) -> bool:
    """Two or more filled curved wedges of different colours around one centre."""
    wedges = [m for m in marks if m.kind == "shape" and m.curved and m.fill is not None]
    if len(wedges) < 2 or len({m.fill for m in wedges}) < 2:
        return False
    x0 = min(m.bbox[0] for m in wedges)
    y0 = min(m.bbox[1] for m in wedges)
    x1 = max(m.bbox[2] for m in wedges)
    y1 = max(m.bbox[3] for m in wedges)
    w, h = x1 - x0, y1 - y0
    if w < 20 or h < 20 or not 0.75 < w / h < 1.33:
        return False
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    # every wedge has a vertex at the centre
    tol = 0.05 * w
    return all(any(abs(p[0] - cx) < tol and abs(p[1] - cy) < tol for p in m.points) for m in wedges)


def chart_kind(chart: Chart, boxes: int = 0) -> str:
    """The kind of a figure with numeric axes, from the series read and ``boxes``, the
    box-and-whisker glyphs among its marks (:func:`.box_plots.box_glyphs`)."""
    kinds = {s.kind for s in chart.series}
    if looks_like_heatmap(chart.marks, chart.lines):
        return "heatmap"
    if boxes >= BOX_GLYPHS:
        return "box"
    if "bar" in kinds:
        bars = sorted((b for p in chart.panels for s in p.series if s.kind == "bar" for b in s.bars),
                      key=lambda b: b[0])
        touching = sum(abs(b[0] - a[2]) < 0.6 for a, b in zip(bars, bars[1:]))
        numeric_x = any(p.x is not None for p in chart.panels)
        if numeric_x and len(bars) >= 4 and touching >= 0.7 * (len(bars) - 1):
            return "histogram"
        if "line" not in kinds or sum(s.kind == "bar" for s in chart.series) >= sum(s.kind == "line" for s in chart.series):
            return "bar"
    if "line" in kinds:
        return "line"
    if "scatter" in kinds:
        return "scatter"
    return "other"


def drawing_kind(marks: list[Mark], words: int, boxes: int = 0, lines: Sequence[TextLine] = ()) -> str | None:
    """The kind of a vector figure without numeric axes, or None when its marks say nothing;
    ``boxes``: its box-and-whisker glyphs; ``lines``: its text lines."""
    if looks_like_pie(marks):
        return "pie"
    if looks_like_heatmap(marks, lines):
        return "heatmap"
    if boxes >= BOX_GLYPHS:
        return "box"
    # a diagram names its parts; a drawing without words may be a chart with outlined labels
    if len(marks) >= 3 and words >= 2:
        return "diagram"
    return None


def rules_kind(content: FigureContent, rgb: np.ndarray) -> str:
    """The rules' kind for a figure with its crop's pixels ``rgb`` (h x w x 3, uint8): what
    was read from its drawings, else the pixel rule's verdict."""
    return content.kind if content.read else pixel_kind(rgb[::THUMB_STEP, ::THUMB_STEP])


def judged_kind(content: FigureContent, rgb: np.ndarray, model: KindModel | None = None) -> str:
    """The kind of a figure once its crop is rendered, from the rules and the learned model
    (``model``, by default the bundled one), each where it did better (``model/MODEL_CARD.md``):
    a chart read from its drawings keeps the rules' kind (exact on the charts they read) unless
    the model is at least ``LEARNED_MIN_P`` sure it is one of ``LEARNED_OVER_CHARTS``, whose
    boxes, bins and wedges the chart reader reads as lines or bars (:func:`model_may_overrule`);
    any other figure takes the model's kind where it is that sure, else the rules'."""
    rules = rules_kind(content, rgb)
    model = model or bundled_model()
    if model is None or content.measures is None:
        return rules
    measures = content.measures + pixel_measures(rgb)
    kind, p = model.predict(measures)
    if p < LEARNED_MIN_P or not model_may_overrule(kind, measures, "axes" in content.read):
        return rules
    return kind


def pixel_kind(rgb: np.ndarray) -> str:
    """The kind of a raster figure from its pixels (``rgb``: h x w x 3, uint8): a photograph
    has few white pixels and many colours; anything else is left as "other"."""
    if rgb.size == 0:
        return "other"
    px = rgb.reshape(-1, 3).astype(np.int32)
    white = float((px.min(axis=1) > 235).mean())
    colours = len(np.unique((px[:, 0] >> 4) * 256 + (px[:, 1] >> 4) * 16 + (px[:, 2] >> 4)))
    return "photo" if white < 0.2 and colours > 300 else "other"
