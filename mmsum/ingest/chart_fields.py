"""A field drawn in a chart's axes: an embedded image (or a mesh of filled cells) over most of
the plot area of a chart whose axes were read, not mostly white: a heat map of a continuous
field (matplotlib ``imshow``, IDL's ``tv``), whose data are pixels, not series.

The plot area is the rectangle the axes' ticks span (:func:`plot_area`). A raster line chart
set in vector axes is an image over its plot area too, but a mostly white one. Boxes are PDF
points, origin top-left.
"""
from __future__ import annotations

import numpy as np
import pymupdf

from ..document import BBox
from .chart_series import Mark
from .charts import Chart, Panel
from .images import image_placements

FIELD_COVER = 0.8    # share of the plot area (at least) under images or cells
FIELD_WHITE = 0.5    # share of white pixels (at most) in the plot area
FIELD_CELLS = 16     # filled cells (at least) that make a mesh
CELL_SHARE = 0.25    # a cell covers at most this share of the plot area (more: a backdrop)
MIN_SIDE = 10.0      # points: a plot area narrower or lower than this is not judged
GRID = 40            # the plot area is judged on a GRID x GRID lattice of points
WHITE_DPI = 36       # the plot area's pixels are judged at this resolution


def plot_area(panel: Panel) -> BBox | None:
    """The rectangle a panel's axes span: from its first to its last tick each way (its area's
    width where it has no numeric x axis); None where it is too small to judge."""
    ylo, yhi = panel.y.span()
    if panel.x is not None:
        x0, x1 = panel.x.span()
    else:
        x0, x1 = panel.area[0], panel.area[2]
    if x1 - x0 < MIN_SIDE or yhi - ylo < MIN_SIDE:
        return None
    return (x0, ylo, x1, yhi)


def _covered(rect: BBox, boxes: list[BBox]) -> float:
    """The share of ``rect`` under the union of ``boxes`` (on a lattice of points)."""
    if not boxes:
        return 0.0
    xs = np.linspace(rect[0], rect[2], GRID)
    ys = np.linspace(rect[1], rect[3], GRID)
    gx, gy = np.meshgrid(xs, ys)
    under = np.zeros(gx.shape, bool)
    for b in boxes:
        under |= (gx >= b[0] - 0.5) & (gx <= b[2] + 0.5) & (gy >= b[1] - 0.5) & (gy <= b[3] + 0.5)
    return float(under.mean())


def _cells(marks: list[Mark], rect: BBox) -> list[BBox]:
    """The filled rectangles inside ``rect`` that may be a mesh's cells: each a small share of
    it (a panel's backdrop is one large rectangle)."""
    area = (rect[2] - rect[0]) * (rect[3] - rect[1])
    out = []
    for m in marks:
        if m.kind != "bar" or m.fill is None:
            continue
        b = m.bbox
        if b[2] < rect[0] or b[0] > rect[2] or b[3] < rect[1] or b[1] > rect[3]:
            continue
        if (b[2] - b[0]) * (b[3] - b[1]) <= CELL_SHARE * area:
            out.append(b)
    return out


def is_mesh(cells: list[BBox]) -> bool:
    """Whether ``cells`` lie on a grid: at least three columns and three rows (their left and
    top edges, to a point), at least half the grid's places taken. The bars of a dense bar
    chart or histogram, standing on one baseline to tops of every height, are none."""
    xs = {round(b[0]) for b in cells}
    ys = {round(b[1]) for b in cells}
    return len(xs) >= 3 and len(ys) >= 3 and len(cells) >= 0.5 * len(xs) * len(ys)


def white_share(page: pymupdf.Page, rect: BBox) -> float:
    """The share of white pixels (each channel above 235) in ``rect`` as rendered."""
    pix = page.get_pixmap(clip=pymupdf.Rect(rect), dpi=WHITE_DPI, alpha=False)
    if pix.width == 0 or pix.height == 0:
        return 1.0
    px = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]
    return float((px.min(axis=2) > 235).mean())


def field_panel(page: pymupdf.Page, panel: Panel, images: list[BBox], marks: list[Mark]) -> bool:
    """Whether ``panel``'s plot area is mostly (``FIELD_COVER``) under ``images`` (their boxes
    on the page) or a mesh of at least ``FIELD_CELLS`` filled cells among ``marks`` (on a grid:
    :func:`is_mesh`), and not
    mostly white (``FIELD_WHITE``)."""
    rect = plot_area(panel)
    if rect is None:
        return False
    cover = _covered(rect, images)
    if cover < FIELD_COVER:
        cells = _cells(marks, rect)
        if len(cells) < FIELD_CELLS or not is_mesh(cells) or _covered(rect, cells + images) < FIELD_COVER:
            return False
    return white_share(page, rect) <= FIELD_WHITE


def image_boxes(page: pymupdf.Page, box: BBox) -> list[BBox]:
    """The boxes of the images placed on ``page`` that meet ``box`` (:func:`.images.image_placements`:
    a huge image is placed from the drawing log, not decoded)."""
    try:
        infos = image_placements(page)
    except Exception:  # an image MuPDF cannot place is no field
        return []
    boxes = (tuple(info.get("bbox") or ()) for info in infos)
    return [b for b in boxes if len(b) == 4 and b[0] < box[2] and b[2] > box[0] and b[1] < box[3] and b[3] > box[1]]


def is_field(page: pymupdf.Page, chart: Chart, box: BBox) -> bool:
    """Whether the chart read in ``box`` on ``page`` is a field drawn in its axes (a heat map):
    its first panel's plot area is (:func:`field_panel`)."""
    if not chart.panels:
        return False
    return field_panel(page, chart.panels[0], image_boxes(page, box), chart.marks)
