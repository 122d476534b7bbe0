"""Box-and-whisker glyphs among a vector figure's marks, whoever drew them.

Every producer draws a box plot's box its own way (a filled or stroked rectangle, a white
polygon with an outline, four strokes), its median as a stroke across it and its whiskers as
strokes from the middle of its ends outwards, with or without caps; none of them is a series
the chart reader reads, so a box plot had been read as bars or lines. A glyph is a rectangle
holding no words, with one stroke across it (a plot's frame has its grid lines across),
parallel to its ends and as long as it is wide (a notched box's, a closed polygon of up to 12
vertices, at least ``MEDIAN_SHARE`` of it), and a stroke leaving the middle of each of its ends
outwards and no other (an axis's tick at a bar's middle leaves one end only; a frame's ticks
leave it all along). Boxes and points are PDF points, origin top-left.
"""
from __future__ import annotations

import bisect

from .chart_series import Mark

Rect = tuple[float, float, float, float]
Segment = tuple[float, float, float, float]
MIN_SIDE = 2.0   # points: a box is at least this wide and high
PARALLEL = 0.05  # points: an axis-parallel stroke's ends differ by less across it
SLACK = 1.0      # points: a stroke meets a box's edge, or ends at its side, this closely
MEDIAN_SHARE = 0.4  # a median is at least this share of its box's width
NOTCHED_MAX = 12    # vertices of a notched box's polygon, at most


STROKE_POINTS = 5   # a polyline of more points is a curve's, no median's or whisker's


def _segments(marks: list[Mark]) -> list[Segment]:
    """Every straight axis-parallel stroke of the marks: rules' segments and the steps of short
    polylines (a data curve's many steps are none of a box plot's)."""
    out: list[Segment] = []
    for m in marks:
        if m.kind == "rule":
            out += m.segments
        elif m.kind == "line" and not m.curved and len(m.points) <= STROKE_POINTS:
            pts = [(float(x), float(y)) for x, y in m.points]
            out += [(a[0], a[1], b[0], b[1]) for a, b in zip(pts, pts[1:])]
    return [s for s in out if abs(s[0] - s[2]) < PARALLEL or abs(s[1] - s[3]) < PARALLEL]


def _is_box(points) -> Rect | None:
    """The box of a closed polygon of 4 to ``NOTCHED_MAX`` vertices (a rectangle, a notched
    box), else None."""
    if not 5 <= len(points) <= NOTCHED_MAX + 1:
        return None
    pts = [(round(float(x), 1), round(float(y), 1)) for x, y in points]
    if pts[0] != pts[-1]:
        return None
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _rects(marks: list[Mark]) -> list[Rect]:
    """Boxes drawn: filled bars, closed polylines and shapes of a few vertices, and rules of
    exactly the four sides of a rectangle."""
    out: list[Rect] = []
    for m in marks:
        r = None
        if m.kind == "bar":
            r = m.bbox
        elif m.kind in ("line", "shape") and not m.curved:
            r = _is_box(m.points)
        elif m.kind == "rule" and len(m.segments) == 4:
            x0, y0, x1, y1 = m.bbox
            sides = {(round(s[0], 1), round(s[1], 1), round(s[2], 1), round(s[3], 1)) for s in m.segments}
            ends = {round(v, 1) for s in sides for v in (s[0], s[2])} | {round(v, 1) for s in sides for v in (s[1], s[3])}
            r = m.bbox if {round(x0, 1), round(x1, 1), round(y0, 1), round(y1, 1)} >= ends else None
        if r is not None and r[2] - r[0] >= MIN_SIDE and r[3] - r[1] >= MIN_SIDE:
            out.append(tuple(float(v) for v in r))
    return out


def _glyph(r: Rect, across: list[Segment], across_at: list[float], along: list[Segment], along_at: list[float]) -> bool:
    """Whether box ``r`` (upright: its ends are its top and bottom) has one median among
    ``across`` (horizontal strokes, (x0, y, x1, y), sorted by y: ``across_at``) and a whisker
    from the middle of each end among ``along`` (vertical strokes, (x, y0, x, y1), sorted by
    x: ``along_at``), and no other stroke leaving an end (a plot's frame has its ticks there)."""
    x0, y0, x1, y1 = r
    w, cx = x1 - x0, (x0 + x1) / 2
    tol = 0.1 * w + 0.5
    inside = across[bisect.bisect_right(across_at, y0 + 0.5):bisect.bisect_left(across_at, y1 - 0.5)]
    medians = {round(s[1]) for s in inside if min(s[0], s[2]) >= x0 - tol and max(s[0], s[2]) <= x1 + tol
               and abs(s[2] - s[0]) >= MEDIAN_SHARE * w and abs((s[0] + s[2]) / 2 - cx) <= tol}
    if len(medians) != 1:  # none, or grid lines across a plot's frame
        return False
    up = down = False
    for s in along[bisect.bisect_left(along_at, x0 - SLACK):bisect.bisect_right(along_at, x1 + SLACK)]:
        lo, hi = min(s[1], s[3]), max(s[1], s[3])
        leaves = hi - lo > SLACK and (abs(hi - y0) <= SLACK or abs(lo - y1) <= SLACK)
        if leaves and abs(s[0] - cx) > tol:
            return False
        if leaves:
            up = up or abs(hi - y0) <= SLACK
            down = down or abs(lo - y1) <= SLACK
    return up and down


def box_glyphs(marks: list[Mark], words: list[tuple[float, float]] = ()) -> int:
    """How many box-and-whisker glyphs the marks draw, upright or lying; a box holding one of
    ``words`` (the centres of the figure's text lines) is none (a class in a UML diagram, a
    legend's frame)."""
    segs = _segments(marks)
    flip = lambda s: (s[1], s[0], s[3], s[2])
    horizontal = sorted((s for s in segs if abs(s[1] - s[3]) < PARALLEL and abs(s[0] - s[2]) >= PARALLEL),
                        key=lambda s: s[1])
    vertical = sorted((s for s in segs if abs(s[0] - s[2]) < PARALLEL and abs(s[1] - s[3]) >= PARALLEL),
                      key=lambda s: s[0])
    upright = (horizontal, [s[1] for s in horizontal], vertical, [s[0] for s in vertical])
    # lying boxes: the same test with x and y swapped
    h_flipped, v_flipped = [flip(s) for s in vertical], [flip(s) for s in horizontal]
    lying = (h_flipped, [s[1] for s in h_flipped], v_flipped, [s[0] for s in v_flipped])
    count = 0
    for r in set(_rects(marks)):
        if any(r[0] < x < r[2] and r[1] < y < r[3] for x, y in words):
            continue
        count += _glyph(r, *upright) or _glyph((r[1], r[0], r[3], r[2]), *lying)
    return count
