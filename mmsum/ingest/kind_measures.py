"""What is measured of a figure to judge its kind: statistics of its drawings and text layout
(:func:`drawing_measures`, taken while its content is read) and of its rendered crop's pixels
(:func:`pixel_measures`). The learned kind model (:mod:`.kind_model`) reads both, in the order
of ``MEASURES``; training (``python -m mmsum.train.kinds``) uses these same functions.
"""
from __future__ import annotations

import math

import numpy as np

from ..document import Figure
from .chart_axes import TextLine
from .chart_series import Mark

DRAWING_MEASURES = (
    "raster", "marks", "line_share", "marker_share", "bar_share", "rule_share", "shape_share",
    "curved_share", "long_line_share", "fills", "styles", "text_lines", "numeric_share",
    "turned_share", "words", "chars_per_line", "chart", "panels", "series", "line_series",
    "scatter_series", "bar_series", "touching_bars", "pie_rule", "heatmap_rule", "aspect", "wedges",
    "box_glyphs",
)
PIXEL_MEASURES = (
    "white", "dark", "grey", "colours", "saturation", "saturated", "edges", "edge_axis",
    "long_rows", "long_cols", "flat", "entropy", "ink_rows",
)
MEASURES = DRAWING_MEASURES + PIXEL_MEASURES
THUMB_SIDE = 160  # pixels: the crop is judged at most this wide and high


WEDGE_SPREAD = 0.1  # a wedge's arc ends lie this close to one distance (a share of it) from its centre


def is_wedge(mark: Mark) -> bool:
    """Whether a mark is shaped like a pie's wedge (or a ring's segment): a filled shape with an
    arc (curved, or a polygon of 8 vertices or more) whose vertices are not all on its box's
    edges (a rounded box's and a circle's are: their arcs bulge to the box), or all at one
    distance from one of them (its centre: a wedge of a quarter turn or less, whose arc ends are
    on its box's edges too). Boxes: PDF points."""
    if mark.kind != "shape" or mark.fill is None or not (mark.curved or len(mark.points) >= 8):
        return False
    x0, y0, x1, y1 = mark.bbox
    pts = {(round(float(p[0]), 1), round(float(p[1]), 1)) for p in mark.points}
    if any(min(abs(x - x0), abs(x - x1), abs(y - y0), abs(y - y1)) > 0.5 for x, y in pts):
        return True
    for c in pts:
        d = [math.dist(c, p) for p in pts if math.dist(c, p) > 0.5]
        if len(d) >= 2 and max(d) > 3 and max(d) - min(d) <= WEDGE_SPREAD * max(d):
            return True
    return False


def _share(n: int, total: int) -> float:
    return n / total if total else 0.0


def drawing_measures(figure: Figure, marks: list[Mark], lines: list[TextLine], chart=None,
                     pie: bool = False, heatmap: bool = False, boxes: int = 0) -> list[float]:
    """The figure's drawing and text statistics, in the order of ``DRAWING_MEASURES``.

    ``marks``: its paths' marks (:func:`.charts.figure_marks`); ``lines``: its text lines
    (:func:`.charts.figure_lines`); ``chart``: what :func:`.charts.read_chart` read, or None;
    ``pie``/``heatmap``: the rules' verdicts on the marks; ``boxes``: its box-and-whisker
    glyphs (:func:`.box_plots.box_glyphs`). Counts are log(1 + n)."""
    kinds = [m.kind for m in marks]
    n = len(marks)
    long_lines = sum(1 for m in marks if m.kind == "line" and len(m.points) > 20)
    numeric = sum(t.value is not None for t in lines)
    turned = sum(t.turned for t in lines)
    words = len((figure.text or "").split())
    chars = sum(len(t.text) for t in lines)
    series = chart.series if chart is not None else []
    skinds = [s.kind for s in series]
    bars = sorted((b for s in series if s.kind == "bar" for b in s.bars), key=lambda b: b[0])
    touching = sum(abs(b[0] - a[2]) < 0.6 for a, b in zip(bars, bars[1:]))
    w = max(figure.bbox[2] - figure.bbox[0], 1.0)
    h = max(figure.bbox[3] - figure.bbox[1], 1.0)
    return [
        float(figure.kind == "raster"), math.log1p(n),
        *(_share(kinds.count(k), n) for k in ("line", "marker", "bar", "rule", "shape")),
        _share(sum(m.curved for m in marks), n), _share(long_lines, n),
        math.log1p(len({m.fill for m in marks if m.fill is not None})), math.log1p(len({m.style for m in marks})),
        math.log1p(len(lines)), _share(numeric, len(lines)), _share(turned, len(lines)), math.log1p(words),
        math.log1p(chars / len(lines)) if lines else 0.0,
        float(chart is not None), float(len(chart.panels)) if chart is not None else 0.0, math.log1p(len(series)),
        *(_share(skinds.count(k), len(skinds)) for k in ("line", "scatter", "bar")),
        _share(touching, len(bars) - 1), float(pie), float(heatmap), math.log(w / h),
        math.log1p(sum(is_wedge(m) for m in marks)), math.log1p(boxes),
    ]


def pixel_measures(rgb: np.ndarray) -> list[float]:
    """The crop's pixel statistics, in the order of ``PIXEL_MEASURES``. ``rgb``: h x w x 3,
    uint8, any size (judged on a thumbnail of at most ``THUMB_SIDE`` pixels a side). Shares are
    of all pixels, or of the non-white ones where named so."""
    h, w = rgb.shape[:2]
    if h == 0 or w == 0:
        return [0.0] * len(PIXEL_MEASURES)
    step = max(1, math.ceil(max(h, w) / THUMB_SIDE))
    px = rgb[::step, ::step, :3].astype(np.int32)
    hi, lo = px.max(axis=2), px.min(axis=2)
    white = lo > 235
    ink = ~white
    inks = max(int(ink.sum()), 1)
    spread = hi - lo
    sat = np.where(hi > 0, spread / np.maximum(hi, 1), 0.0)
    q = (px[..., 0] >> 4) * 256 + (px[..., 1] >> 4) * 16 + (px[..., 2] >> 4)
    grey = px.mean(axis=2)
    gx = np.abs(np.diff(grey, axis=1))[:-1, :]
    gy = np.abs(np.diff(grey, axis=0))[:, :-1]
    edge = (gx > 40) | (gy > 40)
    axis_edge = ((gx > 40) & (gy < 10)) | ((gy > 40) & (gx < 10))
    # a flat region: the same colour (to 4 bits) as the right neighbour, among inked pixels
    same = (q[:, 1:] == q[:, :-1]) & ink[:, 1:]
    hist = np.bincount((grey[ink] // 16).astype(int), minlength=16)[:16] if ink.any() else np.zeros(16)
    p = hist / max(hist.sum(), 1)
    entropy = float(-(p[p > 0] * np.log2(p[p > 0])).sum())
    return [
        float(white.mean()), float((hi < 60).mean()), _share(int((ink & (spread < 12)).sum()), inks),
        math.log1p(len(np.unique(q[ink]))), float(sat[ink].mean()) if ink.any() else 0.0,
        _share(int((ink & (sat > 0.3)).sum()), inks), float(edge.mean()),
        _share(int(axis_edge.sum()), max(int(edge.sum()), 1)),
        float((ink.mean(axis=1) > 0.6).mean()), float((ink.mean(axis=0) > 0.6).mean()),
        _share(int(same.sum()), max(int(ink[:, 1:].sum()), 1)), entropy, float(ink.any(axis=1).mean()),
    ]
