"""Geometry of a page's layout as figure detection sees it: columns, paragraphs, figure labels.

Boxes are ``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

import re

from ..document import BBox
from .layout import PANEL_RE, Block, Graphic, PageLayout

WORD_RE = re.compile(r"[^\W\d_]{2,}")
PARAGRAPH_LINE_GAP = 1.0  # line heights: a wider gap between two lines ends a paragraph


def h_overlap(a: BBox, x0: float, x1: float) -> float:
    return min(a[2], x1) - max(a[0], x0)


def column_window(pl: PageLayout, cap: BBox, two_col: bool) -> tuple[float, float]:
    """Horizontal range a caption's graphic may occupy: its column, or the page width."""
    mid = pl.width / 2
    if two_col and cap[2] <= mid + 8:
        return 0.0, mid
    if two_col and cap[0] >= mid - 8:
        return mid, pl.width
    return 0.0, pl.width


def is_two_column(pl: PageLayout) -> bool:
    """True if the page's body text runs in two columns."""
    mid = pl.width / 2
    left = right = cross = 0
    for b in pl.blocks:
        # only running text tells the layout: table rows and wide equations do not
        if b.role != "body" or len(WORD_RE.findall(b.text)) < 8 or len(b.text) / len(b.lines) < 25:
            continue
        if b.bbox[2] <= mid + 8:
            left += 1
        elif b.bbox[0] >= mid - 8:
            right += 1
        else:
            cross += 1
    if cross == 0 and left + right >= 2:
        return True  # text in one column only: the other holds figures or tables
    return left >= 1 and right >= 1 and left + right >= 2 * cross


def is_panel_caption(b: Block) -> bool:
    """A short caption of one panel, "(a) Run time on single pole-balancing"."""
    return b.role == "body" and len(b.lines) <= 3 and bool(PANEL_RE.match(b.text)) and b.words <= 30


def is_figure_label(b: Block, graphics: list[Graphic], body_size: float) -> bool:
    """Text that belongs to a figure: rotated (axis titles), a panel caption, or short text set
    smaller than the body (tick labels, legends). Equations are body-size and do not count."""
    if b.role == "margin":
        return True
    if b.role != "body" or b.words > 30 or is_paragraph(b, graphics):
        return False
    return is_panel_caption(b) or (body_size > 0 and b.size < body_size - 0.5)


LEGEND_LINE_WORDS = 4   # a legend's entries are a few words each, one a line ...
LEGEND_LINE_CHARS = 32  # ... and a few dozen characters at most


def short_lines(b: Block, least: int = 2) -> bool:
    """Several lines (at least ``least``) of a few words each: a legend or a list of labels, not
    running text (a line of running text whose words a broken font glued together is long all
    the same)."""
    return len(b.lines) >= least and all(len(ln.text.split()) <= LEGEND_LINE_WORDS and len(ln.text) <= LEGEND_LINE_CHARS
                                     for ln in b.lines)


def is_paragraph(b: Block, graphics: list[Graphic]) -> bool:
    """Body text that ends a figure's region: enough words, not lying on a graphic."""
    if b.role not in ("body", "caption", "table-caption"):
        return False
    if b.role != "body":
        return True
    if is_panel_caption(b):
        return False
    # tick labels and legends come as blocks of many short numeric lines: words are not enough
    words = len(WORD_RE.findall(b.text))
    per_line = len(b.text) / max(len(b.lines), 1)
    if not (words >= 15 or (words >= 6 and per_line >= 25)) or short_lines(b):
        return False
    return not any(inside(b.bbox, g.bbox, 0.5) for g in graphics)


def inside(a: BBox, b: BBox, frac: float) -> bool:
    """At least ``frac`` of box ``a``'s area lies in box ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = max(a[2] - a[0], 0.1) * max(a[3] - a[1], 0.1)
    return w > 0 and h > 0 and w * h >= frac * area


def graphics_kind(graphics: list[Graphic]) -> str:
    """"raster" or "vector" when all of a figure's graphics are of that kind, else "mixed"."""
    kinds = {g.kind for g in graphics}
    return kinds.pop() if len(kinds) == 1 else "mixed"


def line_like(b: BBox) -> bool:
    return b[2] - b[0] < 3 or b[3] - b[1] < 3


def paragraph_extent(b: Block, graphics: list[Graphic]) -> BBox:
    """The box of a paragraph's running lines. MuPDF sometimes joins the first text of a figure
    below (a panel title, a legend) to the paragraph above it: lines after the paragraph's
    last running line (one on a graphic, or after a gap of more than a line) are left out."""
    if b.role != "body" or len(b.lines) < 2:
        return b.bbox
    kept = [b.lines[0]]
    for ln in b.lines[1:]:
        prev = kept[-1]
        height = max(prev.bbox[3] - prev.bbox[1], 1.0)
        on_graphic = any(inside(ln.bbox, g.bbox, 0.5) for g in graphics)
        if on_graphic or ln.bbox[1] - prev.bbox[3] > PARAGRAPH_LINE_GAP * height:
            break
        kept.append(ln)
    return (min(ln.bbox[0] for ln in kept), min(ln.bbox[1] for ln in kept),
            max(ln.bbox[2] for ln in kept), max(ln.bbox[3] for ln in kept))


CROP_PAD = 3.0  # points a crop reaches around its figure's box, so strokes on the edge are not cut


def clear_of(box: BBox, cap: BBox) -> BBox:
    """``box`` cut back to the near edge of ``cap`` where the two overlap: a figure's box (or
    the crop around it) never takes in its caption's first line. The caption lies below,
    above, left or right of the box as its centre does."""
    x0, y0, x1, y1 = box
    if min(x1, cap[2]) <= max(x0, cap[0]) or min(y1, cap[3]) <= max(y0, cap[1]):
        return box
    cx, cy = (cap[0] + cap[2]) / 2, (cap[1] + cap[3]) / 2
    rows = min(y1, cap[3]) - max(y0, cap[1]) >= 0.8 * (cap[3] - cap[1])
    if rows and cx >= x1:
        return x0, y0, min(x1, cap[0]), y1
    if rows and cx <= x0:
        return max(x0, cap[2]), y0, x1, y1
    if cy >= (y0 + y1) / 2:
        return x0, y0, x1, max(min(y1, cap[1]), y0)
    return x0, min(max(y0, cap[3]), y1), x1, y1


def clip_to_page(box: BBox, pl: PageLayout) -> BBox:
    return (max(box[0], 0.0), max(box[1], 0.0), min(box[2], pl.width), min(box[3], pl.height))


CHART_PATHS = 3  # the fewest paths that draw a chart (axes, ticks, marks), not a band or a box behind text


def in_a_drawing(b: Block, pl: PageLayout) -> bool:
    """``b`` is set inside a drawing of several parts, as a chart's category names and a legend
    over its plot's edge are: its centre lies in the clipping frame of an included drawing of at
    least CHART_PATHS paths (a frame that holds running text is no drawing's), or inside a
    cluster of that many paths that are not all table rules. Text lying on a box of one or two
    paths (a title set on a coloured band or in a frame) is not in a drawing."""
    vector = [g for g in pl.graphics if g.kind == "vector"]
    if any(g.paths < CHART_PATHS and not g.ruled and inside(b.bbox, g.bbox, 0.9) for g in vector):
        return False
    cx, cy = (b.bbox[0] + b.bbox[2]) / 2, (b.bbox[1] + b.bbox[3]) / 2

    def holds(box: BBox) -> bool:
        return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]

    frames: dict[BBox, int] = {}
    for g in vector:
        if g.extent is not None and holds(g.extent):
            frames[g.extent] = frames.get(g.extent, 0) + g.paths
    for frame, paths in frames.items():
        if paths >= CHART_PATHS and not any(o is not b and is_paragraph(o, pl.graphics) and inside(o.bbox, frame, 0.5)
                                            for o in pl.blocks):
            return True
    return any(g.paths >= CHART_PATHS and not g.ruled and holds(g.bbox) for g in vector)
