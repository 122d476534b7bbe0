"""Where a captioned figure lies when no graphic was found beside its caption: text framed by
rules (:mod:`.ruled_frames`), a drawing set further off than a figure's usually is, a figure
drawn as text (a code listing, up to the nearest running prose), the free space it was printed
in (within the page's content, never its blank margins), or the space beside a turned caption.
Boxes are ``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

import logging

from ..document import BBox
from .captions import Caption
from .figure_labels import with_labels
from .growth import Side
from .layout import Block, Graphic, PageLayout, union
from .page_geometry import column_window, graphics_kind, h_overlap, inside, is_paragraph, line_like
from .ruled_frames import ruled_frame
from .spatial import GridIndex

log = logging.getLogger(__name__)

MIN_FREE_SPACE = 30.0     # points: the least height of free space taken for a figure drawn as text
MAX_FREE_SHARE = 0.6      # of the page height: more free space than this is no figure's
TURNED_RATIO = 3.0        # a caption this many times taller than wide runs up or down the page


def text_between(cap: Caption, pl: PageLayout, blocks: GridIndex[Block], graphics: GridIndex[Graphic], two_col: bool,
                 above: bool) -> list[Block]:
    """No graphics found (a figure drawn as text: a code listing, an algorithm, a diagram of
    words): the text blocks on one side of the caption (``above`` or below it), in its column,
    up to the nearest running prose, heading or other caption. A listing's lines read as a paragraph of many words all the same, but they do not
    run the column's width as prose does."""
    x0, x1 = column_window(pl, cap.bbox, two_col)
    measure = _measure(pl, blocks, graphics, x0, x1)
    y0, y1 = (0.0, cap.bbox[1]) if above else (cap.bbox[3], pl.height)
    own = {id(b) for b in cap.blocks}
    near = sorted((b for b in blocks.near((x0, y0, x1, y1)) if id(b) not in own and h_overlap(b.bbox, x0, x1) > 0
                   and (b.bbox[3] <= y1 + 1 if above else b.bbox[1] >= y0 - 1)),
                  key=lambda b: -b.bbox[3] if above else b.bbox[1])
    inner: list[Block] = []
    for b in near:
        if b.role in STOP_ROLES or (b.role == "body" and _prose(b, graphics.near(b.bbox), measure)):
            break
        # turned text there is an axis title (a page-tall margin stamp does not fit between)
        if b.role in ("body", "figure-text", "margin") and not (b.role == "margin" and b.bbox[3] - b.bbox[1] > 0.5 * pl.height):
            inner.append(b)
    return inner


STOP_ROLES = ("caption", "table-caption", "heading", "title", "header", "footer", "footnote")
PROSE_SHARE = 0.7   # of the column's measure: running prose spans at least this much ...
FULL_LINES = 0.6    # ... and this share of its lines (the last aside) reach its right edge
LINE_END = 0.15     # of the measure: a line ending this close to the right edge reaches it (ragged prose too)


def _measure(pl: PageLayout, blocks: GridIndex[Block], graphics: GridIndex[Graphic], x0: float,
             x1: float) -> tuple[float, float]:
    """The left and right edges of the running text in the window ``x0``..``x1`` (points)."""
    paragraphs = [b.bbox for b in blocks.near((x0, 0.0, x1, pl.height))
                  if h_overlap(b.bbox, x0, x1) > 0.5 * (b.bbox[2] - b.bbox[0]) and is_paragraph(b, graphics.near(b.bbox))]
    if not paragraphs:
        return x0, x1
    return min(b[0] for b in paragraphs), max(b[2] for b in paragraphs)


def _prose(b: Block, graphics: list[Graphic], measure: tuple[float, float]) -> bool:
    """A paragraph of running prose: many words across most of the column's measure, its lines
    (the last aside) reaching the right edge. A listing's ragged lines do not."""
    if not is_paragraph(b, graphics):
        return False
    width = measure[1] - measure[0]
    if b.bbox[2] - b.bbox[0] < PROSE_SHARE * width:
        return False
    lines = b.lines[:-1]
    if not lines:
        return True
    return sum(1 for ln in lines if ln.bbox[2] >= b.bbox[2] - LINE_END * width) >= FULL_LINES * len(lines)


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
    cx0, cy0, cx1, cy1 = _content(pl, x0, x1)
    x0, x1 = max(x0, cx0), min(x1, cx1)
    above = (x0, max(top, cy0), x1, cap.bbox[1])
    below = (x0, cap.bbox[3], x1, min(bottom, cy1))
    first, second = (above, below) if prefer_above else (below, above)
    for box in (first, second):
        if MIN_FREE_SPACE <= box[3] - box[1] <= MAX_FREE_SHARE * pl.height:
            return box
    return cap.bbox


BACKGROUND = 0.9  # of the page's area: a graphic this large is the page's background, no content


def _content(pl: PageLayout, x0: float, x1: float) -> BBox:
    """The box of what the page shows (text and graphics, backgrounds aside) in the window
    ``x0``..``x1``: beyond it lie the page's blank margins, where no figure is."""
    page_area = pl.width * pl.height
    boxes = [b.bbox for b in pl.blocks if b.lines]
    boxes += [g.bbox for g in pl.graphics if (g.bbox[2] - g.bbox[0]) * (g.bbox[3] - g.bbox[1]) < BACKGROUND * page_area]
    inside = [b for b in boxes if x0 <= (b[0] + b[2]) / 2 <= x1]
    if not inside:
        return x0, 0.0, x1, pl.height
    return union(inside)


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


def figure_without_graphic(cap: Caption, pl: PageLayout, blocks: GridIndex[Block], graphics: GridIndex[Graphic],
                           two_col: bool, limits: tuple[float, float], prefer_above: bool,
                           body_size: float) -> tuple[BBox, str]:
    """The figure of a caption with no graphic next to it, and its kind: text framed by rules
    (a listing), else what is drawn in the free space or among the text up to the nearest
    running prose on either side (graphics set further off than a figure's usually are, an
    included file with a wide blank margin), with its labels; else that text (a figure made of
    text), else the free space itself. ``limits``: the nearest paragraphs' edges above and below."""
    sides = (Side.ABOVE, Side.BELOW) if prefer_above else (Side.BELOW, Side.ABOVE)
    framed = ruled_frame(cap, graphics, blocks, pl.height, sides)
    if framed:
        log.debug("page %d: %r has text framed by rules next to it", cap.page, cap.text[:40])
        return framed, "vector"
    space = between_neighbours(free_space(cap, pl, two_col, *limits, prefer_above), cap, blocks)
    x0, x1 = column_window(pl, cap.bbox, two_col)
    drawn = [g for g in graphics.near(space) if inside(g.bbox, space, 0.9) and not line_like(g.bbox)]
    if drawn:
        words = [b for b in blocks.near(space) if b.role in ("body", "figure-text", "margin") and inside(b.bbox, space, 0.9)]
        return _drawn(cap, drawn, words, space, blocks, graphics, body_size)
    texts = []
    for side in sides:
        words = text_between(cap, pl, blocks, graphics, two_col, side is Side.ABOVE)
        if not words:
            continue
        u = union(b.bbox for b in words)
        texts.append((max(u[0], x0), u[1], min(u[2], x1), u[3]))
        # what is drawn among that text may reach past it (a plot whose only text is a few labels)
        band = (x0, 0.0, x1, cap.bbox[1]) if side is Side.ABOVE else (x0, cap.bbox[3], x1, pl.height)
        drawn = [g for g in graphics.near(texts[-1]) if not line_like(g.bbox) and inside(g.bbox, band, 0.9)
                 and inside(g.bbox, texts[-1], 0.0)]  # overlapping the text
        if drawn:
            region = union([texts[-1], *(g.bbox for g in drawn)])
            return _drawn(cap, drawn, words, region, blocks, graphics, body_size)
    log.debug("page %d: no graphic found next to %r; taking the text or free space next to it", cap.page,
              cap.text[:40])
    return (texts[0] if texts else space), "vector"


def _drawn(cap: Caption, drawn: list[Graphic], words: list[Block], region: BBox, blocks: GridIndex[Block],
           graphics: GridIndex[Graphic], body_size: float) -> tuple[BBox, str]:
    """A figure drawn off its caption: the graphics with their labels within ``region``, and of
    ``words`` (the text up to the nearest prose) those beside the drawing or between it and the
    caption (an axis title of many words), and beyond it only those that are no paragraph (a
    title, not the R command that made it)."""
    log.debug("page %d: %r takes what is drawn off it", cap.page, cap.text[:40])
    box = union(g.bbox for g in drawn)
    mid, cap_mid = (box[1] + box[3]) / 2, (cap.bbox[1] + cap.bbox[3]) / 2
    box = union([box, *(w.bbox for w in words if min(w.bbox[3], box[3]) > max(w.bbox[1], box[1])  # beside it
                        or (h_overlap(w.bbox, box[0], box[2]) > 0
                            and (((w.bbox[1] + w.bbox[3]) / 2 - mid) * (cap_mid - mid) > 0
                                 or not is_paragraph(w, graphics.near(w.bbox)))))])
    return with_labels(box, blocks, own={id(b) for b in cap.blocks}, stop=cap.bbox, region=region,
                       body_size=body_size, graphics=graphics), graphics_kind(drawn)
