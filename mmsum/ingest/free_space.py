"""Where a captioned figure lies when no graphic was found beside its caption: a figure drawn
as text, the free space it was printed in, or the space beside a turned caption. Boxes are
``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

from ..document import BBox
from .captions import Caption
from .growth import Side
from .layout import Block, PageLayout, union
from .page_geometry import column_window, h_overlap
from .spatial import GridIndex

MIN_FREE_SPACE = 30.0     # points: the least height of free space taken for a figure drawn as text
MAX_FREE_SHARE = 0.6      # of the page height: more free space than this is no figure's
TURNED_RATIO = 3.0        # a caption this many times taller than wide runs up or down the page


def text_between(cap: Caption, pl: PageLayout, blocks: GridIndex[Block], two_col: bool, top: float, bottom: float,
                 prefer_above: bool) -> BBox | None:
    """No graphics found (a figure drawn as text, or an unusual PDF): the text between the
    caption and the nearest paragraph on the given side (``top``/``bottom``: the nearest
    paragraphs' edges), if it is tall enough to be a figure."""
    x0, x1 = column_window(pl, cap.bbox, two_col)
    y0, y1 = (top, cap.bbox[1]) if prefer_above else (cap.bbox[3], bottom)
    # turned text there is an axis title (a page-tall margin stamp does not fit between)
    inner = [b.bbox for b in blocks.near((x0, y0, x1, y1)) if b.role in ("body", "figure-text", "margin")
             and b.bbox[1] >= y0 - 1 and b.bbox[3] <= y1 + 1 and h_overlap(b.bbox, x0, x1) > 0]
    if inner:
        ux0, uy0, ux1, uy1 = union(inner)
        return (max(ux0, x0), uy0, min(ux1, x1), uy1) if uy1 - uy0 >= MIN_FREE_SPACE else None
    return None


def turned(cap: Caption) -> bool:
    """The caption runs up or down the page (turned with a landscape figure)."""
    w, h = cap.bbox[2] - cap.bbox[0], cap.bbox[3] - cap.bbox[1]
    return h > TURNED_RATIO * w


def free_space_beside(cap: Caption, pl: PageLayout, limits: dict[Side, float]) -> BBox:
    """A turned caption with no graphic found: the space beside it, towards the page's middle,
    up to the nearest paragraph (``limits``: distances to it on the left and right), as tall
    as the caption."""
    if (cap.bbox[0] + cap.bbox[2]) / 2 > pl.width / 2:
        return max(cap.bbox[0] - limits[Side.LEFT], 0.0), cap.bbox[1], cap.bbox[0], cap.bbox[3]
    return cap.bbox[2], cap.bbox[1], min(cap.bbox[2] + limits[Side.RIGHT], pl.width), cap.bbox[3]


def free_space(cap: Caption, pl: PageLayout, two_col: bool, top: float, bottom: float, prefer_above: bool) -> BBox:
    """The empty band between the caption and the nearest paragraph (the caption's own box
    when there is no room on either side)."""
    x0, x1 = column_window(pl, cap.bbox, two_col)
    above = (x0, top, x1, cap.bbox[1])
    below = (x0, cap.bbox[3], x1, bottom)
    first, second = (above, below) if prefer_above else (below, above)
    for box in (first, second):
        if MIN_FREE_SPACE <= box[3] - box[1] <= MAX_FREE_SHARE * pl.height:
            return box
    return cap.bbox


def between_neighbours(box: BBox, cap: Caption, blocks: GridIndex[Block]) -> BBox:
    """``box`` (free space above or below ``cap``) kept clear of the page's running header and
    footer and of other captions: what lies beyond them belongs to the page or to another figure."""
    x0, y0, x1, y1 = box
    own = {id(b) for b in cap.blocks}
    for b in blocks.near(box):
        if id(b) in own or h_overlap(b.bbox, x0, x1) <= 0:
            continue
        if b.role in ("header", "caption", "table-caption") and b.bbox[3] <= cap.bbox[1] + 1:
            y0 = max(y0, b.bbox[3])
        elif b.role in ("footer", "caption", "table-caption") and b.bbox[1] >= cap.bbox[3] - 1:
            y1 = min(y1, b.bbox[1])
    return x0, y0, x1, max(y0, y1)
