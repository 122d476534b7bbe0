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
    "box_glyphs", "mono_share", "axes",
)
PIXEL_MEASURES = (
    "white", "dark", "grey", "colours", "saturation", "saturated", "edges", "edge_axis",
    "long_rows", "long_cols", "flat", "entropy", "ink_rows",
)
MEASURES = DRAWING_MEASURES + PIXEL_MEASURES
THUMB_SIDE = 160  # pixels: the crop is judged at most this wide and high


WEDGE_TOL = 0.03    # an arc's vertices lie this close to one distance (a share of it) from its centre
WEDGE_VERTICES = 256  # a path with more vertices is no wedge (a map's coast, an area's outline)
WEDGE_PATHS = 100   # filled paths judged per figure, at most
WEDGE_CENTRES = 8   # vertices tried as a wedge's centre, those with the most vertices farthest from them


def _vertices(mark: Mark) -> np.ndarray:
    """A path's vertices in order, repeats and the closing vertex dropped (PDF points)."""
    pts = np.round(np.asarray(mark.points, dtype=float).reshape(-1, 2), 1)
    keep = np.ones(len(pts), bool)
    keep[1:] = np.any(pts[1:] != pts[:-1], axis=1)
    pts = pts[keep]
    return pts[:-1] if len(pts) > 1 and np.all(pts[0] == pts[-1]) else pts


def _on_segments(p: np.ndarray, c: np.ndarray, ends: np.ndarray, slack: float = 0.6) -> np.ndarray:
    """For each point of ``p``, whether it lies on a segment from ``c`` to one of ``ends``."""
    d = ends - c
    length2 = np.maximum((d ** 2).sum(axis=1), 1e-9)
    v = p[:, None, :] - c
    t = (v * d).sum(axis=2) / length2
    cross = np.abs(v[..., 0] * d[:, 1] - v[..., 1] * d[:, 0]) / np.sqrt(length2)
    return np.any((cross <= slack) & (t >= -0.01) & (t <= 1.01), axis=1)


def _circumcentre(a, b, c) -> np.ndarray | None:
    d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]))
    if abs(d) < 1e-9:
        return None
    na, nb, nc = a @ a, b @ b, c @ c
    return np.array([(na * (b[1] - c[1]) + nb * (c[1] - a[1]) + nc * (a[1] - b[1])) / d,
                     (na * (c[0] - b[0]) + nb * (a[0] - c[0]) + nc * (b[0] - a[0])) / d])


def is_wedge(mark: Mark) -> bool:
    """Whether a mark is shaped like a pie's wedge or a ring's segment (PDF points): a filled
    shape with an arc (curved, or a polygon of 8 vertices or more), at least 3 points high and
    wide, and either a vertex (its centre) from which the arc's vertices lie at one distance,
    spanning a turn, every other vertex on a radius to them (ggplot2 draws its radii as many
    vertices), or, curved, its vertices on two arcs around one centre joined by radii. A rounded
    box, a circle, a band or an area's outline is none."""
    if mark.kind != "shape" or mark.fill is None or not (mark.curved or len(mark.points) >= 8):
        return False
    x0, y0, x1, y1 = mark.bbox
    pts = _vertices(mark)
    uniq = np.unique(pts, axis=0)
    if not 3 <= len(uniq) <= WEDGE_VERTICES or min(x1 - x0, y1 - y0) < 3:
        return False
    dist = np.hypot(*(uniq[:, None, :] - uniq[None, :, :]).transpose(2, 0, 1))
    reach = dist.max(axis=1)
    at_arc = dist >= reach[:, None] * (1 - 2 * WEDGE_TOL)
    count = at_arc.sum(axis=1)
    near_count = ((dist > 0.5) & ~at_arc).sum(axis=1)
    # each vertex as the centre: its farthest vertices are the arc's, three or more (two with
    # nothing else: a narrow wedge drawn as one curve)
    centres = np.nonzero((reach > 3) & ((count >= 3) | ((count == 2) & (near_count == 0))))[0]
    for k in centres[np.argsort(-count[centres], kind="stable")][:WEDGE_CENTRES]:
        c, far = uniq[k], uniq[at_arc[k]]
        near = uniq[(dist[k] > 0.5) & ~at_arc[k]]
        angles = np.arctan2(far[:, 1] - c[1], far[:, 0] - c[0])
        apart = np.abs(np.remainder(angles[:, None] - angles[None, :] + np.pi, 2 * np.pi) - np.pi)
        i, j = np.unravel_index(apart.argmax(), apart.shape)
        # the radii run to the arc's ends: every nearer vertex lies on one of them
        if apart[i, j] > 0.2 and (not len(near) or _on_segments(near, c, far[[i, j]]).all()):
            return True
    return mark.curved and _ring_segment(pts, uniq)


def _ring_segment(pts: np.ndarray, uniq: np.ndarray) -> bool:
    """Whether the vertices (``pts`` in order, ``uniq`` once each) lie on two arcs around one
    centre (found through three consecutive vertices), joined by lines through that centre."""
    n = len(pts)
    for i in range(0, n, max(1, n // 16)):
        c = _circumcentre(pts[i], pts[(i + 1) % n], pts[(i + 2) % n])
        if c is None:
            continue
        rho = float(np.hypot(*(pts[i] - c)))
        if not 3 < rho < 1e4:
            continue
        radii = np.hypot(*(uniq - c).T)
        outer = np.abs(radii - rho) <= WEDGE_TOL * rho
        inner = radii[~outer]
        if outer.sum() < 3 or len(inner) < 2 or not 0.2 * rho < inner[0] < 0.9 * rho \
                or np.any(np.abs(inner - inner[0]) > WEDGE_TOL * inner[0]):
            continue
        on_outer = np.abs(np.hypot(*(pts - c).T) - rho) <= WEDGE_TOL * rho
        turns = np.nonzero(on_outer != np.roll(on_outer, -1))[0]
        a, b = pts[turns], pts[(turns + 1) % n]
        length = np.maximum(np.hypot(*(b - a).T), 1e-9)
        off = np.abs((b[:, 0] - a[:, 0]) * (c[1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[0] - a[:, 0])) / length
        if len(turns) and np.all(off <= WEDGE_TOL * rho):
            return True
    return False


def wedges(marks: list[Mark]) -> int:
    """How many of the marks are wedges (:func:`is_wedge`), judging at most ``WEDGE_PATHS``
    filled paths with an arc."""
    shapes = [m for m in marks if m.kind == "shape" and m.fill is not None and (m.curved or len(m.points) >= 8)]
    return sum(is_wedge(m) for m in shapes[:WEDGE_PATHS])


def _share(n: int, total: int) -> float:
    return n / total if total else 0.0


def drawing_measures(figure: Figure, marks: list[Mark], lines: list[TextLine], chart=None,
                     pie: bool = False, heatmap: bool = False, boxes: int = 0, axes: int = 0) -> list[float]:
    """The figure's drawing and text statistics, in the order of ``DRAWING_MEASURES``.

    ``marks``: its paths' marks (:func:`.charts.figure_marks`); ``lines``: its text lines
    (:func:`.charts.figure_lines`); ``chart``: what :func:`.charts.read_chart` read, or None;
    ``pie``/``heatmap``: the rules' verdicts on the marks; ``boxes``: its box-and-whisker
    glyphs (:func:`.box_plots.box_glyphs`); ``axes``: the numeric axes read where no chart was
    (:func:`.charts.axes_count`). Counts are log(1 + n)."""
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
        math.log1p(wedges(marks)), math.log1p(boxes),
        _share(round(sum(len(t.text) * t.mono for t in lines)), chars), math.log1p(axes),
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
