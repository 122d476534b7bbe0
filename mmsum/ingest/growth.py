"""Grow a figure from its caption: the graphics on one side of it, nearest first.

Each side of a caption (above, below, left, right) is measured as distances away from the
caption, so one procedure serves all four: the graphics on that side within the caption's
window are the candidates, text that belongs to figures (panel captions, axis labels) bridges
gaps, and graphics are taken nearest first while each lies close to what is already taken.
Boxes are ``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..document import BBox
from .layout import Graphic
from .page_geometry import line_like

FIRST_GAP = 60.0     # points: the most a figure's graphic may lie from its caption
PANEL_GAP = 40.0     # points: the most panels of one figure lie apart (beyond their labels)
WINDOW_SHARE = 0.5   # a candidate overlaps the caption's window by half of the narrower of the two
LIMIT_SLACK = 2.0    # points a graphic may reach past the nearest paragraph (rounding, strokes)
CAPTION_SLACK = 3.0  # points a graphic may reach under the caption's edge and still lie beside it
STRADDLE_SHARE = 0.6  # an image this much on one side of the caption, running under it, is clipped
LABEL_SLACK = 1.0    # points a bridging label may reach past the caption's edge


class Side(Enum):
    """Where a figure lies as seen from its caption."""

    ABOVE = "above"
    BELOW = "below"
    LEFT = "left"
    RIGHT = "right"

    @property
    def vertical(self) -> bool:
        return self in (Side.ABOVE, Side.BELOW)

    def span(self, cap: BBox, b: BBox) -> tuple[float, float]:
        """(near, far): distances from the caption's edge on this side to ``b``'s near and far
        edges, positive away from the caption."""
        if self is Side.ABOVE:
            return cap[1] - b[3], cap[1] - b[1]
        if self is Side.BELOW:
            return b[1] - cap[3], b[3] - cap[3]
        if self is Side.LEFT:
            return cap[0] - b[2], cap[0] - b[0]
        return b[0] - cap[2], b[2] - cap[2]

    def across(self, b: BBox) -> tuple[float, float]:
        """``b``'s extent along the caption's edge (x for above/below, y for left/right)."""
        return (b[0], b[2]) if self.vertical else (b[1], b[3])

    def cut(self, cap: BBox, b: BBox) -> BBox:
        """The part of ``b`` on this side of the caption's edge."""
        if self is Side.ABOVE:
            return b[0], b[1], b[2], min(b[3], cap[1])
        if self is Side.BELOW:
            return b[0], max(b[1], cap[3]), b[2], b[3]
        if self is Side.LEFT:
            return b[0], b[1], min(b[2], cap[0]), b[3]
        return max(b[0], cap[2]), b[1], b[2], b[3]


@dataclass
class Candidate:
    """A graphic (or, with ``graphic`` None, a bridging label) on one side of a caption;
    ``box`` is the part of it on that side."""

    near: float
    far: float
    box: BBox
    graphic: Graphic | None = None


@dataclass
class Grown:
    """What one side of a caption holds: the graphics' box, the first gap and the parts."""

    side: Side
    box: BBox
    gap: float
    parts: list[Graphic]  # as found on the page (an image cut at the caption's edge is whole here)


def candidates(cap: BBox, side: Side, window: tuple[float, float], graphics: list[Graphic],
               limit: float) -> list[Candidate]:
    """Graphics on ``side`` of the caption, overlapping ``window`` (the caption's column, or
    its rows for left/right), not reaching past ``limit`` (a distance from the caption)."""
    out: list[Candidate] = []
    w0, w1 = window
    for g in graphics:
        a0, a1 = side.across(g.bbox)
        overlap = min(a1, w1) - max(a0, w0)
        if overlap < WINDOW_SHARE * min(max(a1 - a0, 1.0), w1 - w0):
            continue
        near, far = side.span(cap, g.bbox)
        if far > limit + LIMIT_SLACK:
            continue
        if near >= -CAPTION_SLACK:
            out.append(Candidate(near, far, g.bbox, g))
        elif g.kind == "vector" and _encloses(g.bbox, cap):
            continue  # a frame or shading around the figure and its caption: not a part of the figure
        elif far >= STRADDLE_SHARE * (far - near) and _runs_under(cap, side, g.bbox):
            # an image whose (white) margin runs under the caption: keep the part on this side
            out.append(Candidate(0.0, far, side.cut(cap, g.bbox), g))
    return out


def _encloses(b: BBox, cap: BBox) -> bool:
    return b[0] <= cap[0] + CAPTION_SLACK and b[1] <= cap[1] + CAPTION_SLACK \
        and b[2] >= cap[2] - CAPTION_SLACK and b[3] >= cap[3] - CAPTION_SLACK


def _runs_under(cap: BBox, side: Side, b: BBox) -> bool:
    """``b`` overlaps the caption along the caption's edge (it runs under the caption, rather
    than lying beside it)."""
    c0, c1 = side.across(cap)
    a0, a1 = side.across(b)
    return min(a1, c1) > max(a0, c0)


def bridges(cap: BBox, side: Side, labels: list[BBox], limit: float) -> list[Candidate]:
    """Figure text on ``side`` (axis labels, panel captions): it carries the reach across the
    gaps it fills, but never makes up the figure's box."""
    out = []
    for t in labels:
        near, far = side.span(cap, t)
        if near >= -LABEL_SLACK and far <= limit + LIMIT_SLACK:
            out.append(Candidate(near, far, t))
    return out


def take_nearest(side: Side, cands: list[Candidate]) -> Grown | None:
    """Walk the candidates nearest first; each next one must start within PANEL_GAP of the reach
    so far (the first within FIRST_GAP of the caption). Rules (table lines, underlines,
    fraction bars) neither start nor extend a figure."""
    reach = 0.0
    box: list[float] | None = None
    gap0 = 0.0
    parts: list[Graphic] = []
    for c in sorted(cands, key=lambda c: c.near):
        step = c.near - reach
        if step > (FIRST_GAP if box is None else PANEL_GAP):
            break
        if c.graphic is None:
            reach = max(reach, c.far)
            continue
        if line_like(c.box):
            continue
        if box is None:
            box, gap0 = list(c.box), max(c.near, 0.0)
        else:
            box = [min(box[0], c.box[0]), min(box[1], c.box[1]), max(box[2], c.box[2]), max(box[3], c.box[3])]
        parts.append(c.graphic)
        reach = max(reach, c.far)
    if box is None:
        return None
    return Grown(side=side, box=tuple(box), gap=gap0, parts=parts)


def grow(cap: BBox, side: Side, window: tuple[float, float], graphics: list[Graphic], limit: float,
         labels: list[BBox] = ()) -> Grown | None:
    """The figure on ``side`` of a caption: graphics within ``window`` up to ``limit`` (the
    distance to the nearest paragraph on that side), bridged by ``labels``."""
    cands = candidates(cap, side, window, graphics, limit)
    if not cands:
        return None
    return take_nearest(side, cands + bridges(cap, side, list(labels), limit))
