"""A figure made of text framed by rules: a code listing, an algorithm or a box of words set
between two horizontal rules, its caption right outside one of them (as the Journal of
Statistical Software, Sweave and the listings package set them). Nothing but rules is drawn,
so no graphic grows from the caption; the frame gives the figure's box. Boxes are
``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..document import BBox
from .captions import Caption
from .growth import Side
from .layout import Block, Graphic
from .page_geometry import h_overlap, is_paragraph
from .spatial import GridIndex

RULE_THICKNESS = 3.0  # points: a rule is at most this tall
NEAR_GAP = 24.0       # points: the most a frame's near rule lies from its caption
ENDS = 6.0            # points: the two rules of one frame start and end this close
MIN_RULE = 72.0       # points: a shorter line is an underline or a fraction bar, not a frame
MAX_SHARE = 0.8       # of the page height: a taller frame is the page's, not a figure's
STOP_ROLES = ("caption", "table-caption", "heading", "title")


def _rules(graphics: Iterable[Graphic], cap: BBox) -> list[BBox]:
    """Horizontal rules at least as long as half the caption (and MIN_RULE), under its middle."""
    mid = (cap[0] + cap[2]) / 2
    out = []
    for g in graphics:
        x0, y0, x1, y1 = g.bbox
        if g.kind == "vector" and y1 - y0 < RULE_THICKNESS and x1 - x0 >= max(MIN_RULE, 0.5 * (cap[2] - cap[0])) \
                and x0 <= mid <= x1:
            out.append(g.bbox)
    return out


def _between(blocks: GridIndex[Block], x0: float, x1: float, y0: float, y1: float, own: set[int]) -> list[Block]:
    """Blocks lying (by their middle) between the heights ``y0`` and ``y1``, within ``x0``..``x1``."""
    return [b for b in blocks.near((x0, y0, x1, y1)) if id(b) not in own and y0 < (b.bbox[1] + b.bbox[3]) / 2 < y1
            and h_overlap(b.bbox, x0, x1) > 0]


def ruled_frame(cap: Caption, graphics: Iterable[Graphic], blocks: GridIndex[Block], page_height: float,
                sides: tuple[Side, Side]) -> BBox | None:
    """The box of the text framed by rules next to ``cap``, looked for on ``sides`` in turn: the
    rule nearest the caption (no text between them), then the rules beyond it that start and end
    where it does, up to the first with text between; rules that follow with no paragraph,
    caption or heading between them belong to the frame too (a rule under a listing's header, a
    table's middle rule). The box runs from rule to rule, across the rules' width."""
    own = {id(b) for b in cap.blocks}
    rules = _rules(graphics, cap.bbox)
    for side in sides:
        if side is Side.ABOVE:
            on_side = sorted((r for r in rules if r[3] <= cap.bbox[1] + 1), key=lambda r: -r[1])
            gap = [cap.bbox[1] - r[3] for r in on_side]
        else:
            on_side = sorted((r for r in rules if r[1] >= cap.bbox[3] - 1), key=lambda r: r[1])
            gap = [r[1] - cap.bbox[3] for r in on_side]
        if not on_side or gap[0] > NEAR_GAP:
            continue
        near = on_side[0]
        lo, hi = sorted((near[1], cap.bbox[1] if side is Side.ABOVE else cap.bbox[3]))
        if _between(blocks, near[0], near[2], lo, hi, own):
            continue  # text between the caption and the rule: the rule is not its frame's
        far = None
        for r in on_side[1:]:
            if abs(r[0] - near[0]) > ENDS or abs(r[2] - near[2]) > ENDS:
                continue
            lo, hi = sorted((r[1], (far or near)[1]))
            inner = _between(blocks, near[0], near[2], lo, hi, own)
            if any(b.role in STOP_ROLES for b in inner):
                break
            if far is None:
                if inner:
                    far = r
                continue
            if any(is_paragraph(b, []) for b in inner):
                break
            far = r
        if far is None:
            continue
        y0, y1 = sorted((near[1], far[3]) if side is Side.BELOW else (far[1], near[3]))
        if y1 - y0 > MAX_SHARE * page_height:
            continue
        return min(near[0], far[0]), y0, max(near[2], far[2]), y1
    return None
