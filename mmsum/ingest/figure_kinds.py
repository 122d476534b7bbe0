"""What kind of figure it is, by rules over what was measured: the chart read from its
drawings, its marks, its pixels.

Kinds: line, scatter, bar, histogram, pie, heatmap, box, diagram, photo, map, table-image,
equation, other (``KINDS``). Boxes are PDF points, origin top-left.
"""
from __future__ import annotations

import numpy as np

from .chart_series import Mark
from .charts import Chart

KINDS = ("line", "scatter", "bar", "histogram", "pie", "heatmap", "box", "diagram", "photo", "map",
         "table-image", "equation", "other")
HEATMAP_CELLS = 16   # at least this many filled cells in a grid
HEATMAP_FILLS = 4    # of at least this many colours


def _heatmap(marks: list[Mark]) -> bool:
    """Many filled rectangles on a grid (few distinct columns and rows) in several colours."""
    cells = [m for m in marks if m.kind == "bar"]
    if len(cells) < HEATMAP_CELLS or len({m.fill for m in cells}) < HEATMAP_FILLS:
        return False
    xs = {round(m.bbox[0], 0) for m in cells}
    ys = {round(m.bbox[1], 0) for m in cells}
    return len(xs) >= 3 and len(ys) >= 3 and len(xs) * len(ys) <= 2 * len(cells) + 4


def _pie(marks: list[Mark]) -> bool:
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


def chart_kind(chart: Chart) -> str:
    """The kind of a figure with numeric axes, from the series read."""
    kinds = {s.kind for s in chart.series}
    if _heatmap([m for m in chart.marks]):
        return "heatmap"
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


def drawing_kind(marks: list[Mark], words: int) -> str | None:
    """The kind of a vector figure without numeric axes, or None when its marks say nothing."""
    if _pie(marks):
        return "pie"
    if _heatmap(marks):
        return "heatmap"
    # a diagram names its parts; a drawing without words may be a chart with outlined labels
    if len(marks) >= 3 and words >= 2:
        return "diagram"
    return None


def pixel_kind(rgb: np.ndarray) -> str:
    """The kind of a raster figure from its pixels (``rgb``: h x w x 3, uint8): a photograph
    has few white pixels and many colours; anything else is left as "other"."""
    if rgb.size == 0:
        return "other"
    px = rgb.reshape(-1, 3).astype(np.int32)
    white = float((px.min(axis=1) > 235).mean())
    colours = len(np.unique((px[:, 0] >> 4) * 256 + (px[:, 1] >> 4) * 16 + (px[:, 2] >> 4)))
    return "photo" if white < 0.2 and colours > 300 else "other"
