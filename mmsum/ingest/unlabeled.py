"""Figures without a caption: large graphics that no caption claimed and that are no table.

What is left after the captions claimed their figures is looked at as groups of touching
graphics. A group that holds a captioned figure is that figure's frame or background; a group
right next to a captioned figure, with no text between them, is a part of it (another row of
panels); a group with text running over it is a text box (a shaded listing, a sidebar). The
rest, when large enough, are figures of their own. Boxes are PDF points, origin top-left.
"""
from __future__ import annotations

import logging

from ..document import BBox, Figure
from .captions import Caption
from .figure_labels import with_labels
from .growth import FIRST_GAP
from .layout import Block, Graphic, PageLayout
from .page_geometry import WORD_RE, clip_to_page, graphics_kind, h_overlap, inside, is_paragraph
from .spatial import GridIndex

log = logging.getLogger(__name__)

GROUP_GAP = 12.0         # points: graphics this close form one group
MIN_WIDTH_SHARE = 0.2    # of the page width: a narrower group is no figure of its own
MIN_HEIGHT_SHARE = 0.07  # of the page height
TABLE_GAP = 30.0         # points: a graphic this close to a "Table N" caption is that table's
FRAME_SHARE = 0.9        # a group holding this much of a figure's box is its frame or background
STACKED_LINES = 5        # lines of words starting flush left, one under another ...
STACK_SHARE = 0.5        # ... down this much of a group's height make it a text box
FLUSH_LEFT = 3.0         # points: lines starting this close start flush
COLUMN_SHARE = 0.5       # a leftover row overlaps its figure by half the narrower width
DISPLAY_SIZE = 1.4       # times the body size: type this large is a title or heading, no label


def unlabeled_figures(pages: list[PageLayout], usable: dict[int, list[Graphic]], claimed: dict[int, list[BBox]],
                      captions: list[Caption], figures: list[Figure] = (), body_size: float = 0.0) -> list[Figure]:
    """Large graphics that no caption claimed and that are not tables.

    ``usable`` holds each page's graphics that no caption took; ``claimed`` the boxes of the
    captioned figures (``figures``, whose boxes grow by the leftover rows found here)."""
    out: list[Figure] = []
    for pl in pages:
        on_page = [f for f in figures if f.page == pl.number]
        boxes = claimed.get(pl.number, [])
        free = [g for g in usable.get(pl.number, [])
                if not g.ruled and not any(inside(g.bbox, c, 0.5) for c in boxes)]
        if not free:
            continue
        blocks = GridIndex(pl.blocks, lambda b: b.bbox)
        graphics = GridIndex(usable.get(pl.number, []), lambda g: g.bbox)
        tables = [c.bbox for c in captions if c.page == pl.number and c.kind == "table"]
        for box, parts in _group(free):
            owner = _frame_of(box, on_page)
            if owner is not None:
                log.debug("page %d: graphic at %s is the frame or background of %s", pl.number, _r(box),
                          owner.label)
                if not inside(owner.caption_bbox or box, box, 0.5):
                    # a frame around the figure alone (not its caption) is drawn with the figure
                    b = owner.bbox
                    owner.bbox = clip_to_page((min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]),
                                               max(b[3], box[3])), pl)
                continue
            owner = None if _holds_display_type(box, blocks, body_size) else _row_of(box, on_page, blocks, graphics)
            if owner is not None:
                log.debug("page %d: graphic at %s is another row of %s", pl.number, _r(box), owner.label)
                b = owner.bbox
                owner.bbox = clip_to_page((min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]),
                                           max(b[3], box[3])), pl)
                kinds = {owner.kind, *(g.kind for g in parts)}
                owner.kind = kinds.pop() if len(kinds) == 1 else "mixed"
                continue
            w, h = box[2] - box[0], box[3] - box[1]
            if w < MIN_WIDTH_SHARE * pl.width or h < MIN_HEIGHT_SHARE * pl.height:
                continue
            # a graphic right under or over a "Table N" caption is that table's decoration
            if any(h_overlap(box, t[0], t[2]) > 0 and min(abs(box[1] - t[3]), abs(t[1] - box[3])) < TABLE_GAP
                   for t in tables):
                log.debug("page %d: graphic at %s left out: next to a table caption", pl.number, _r(box))
                continue
            if _is_text_box(box, blocks, graphics):
                log.debug("page %d: graphic at %s left out: text runs over it (a shaded box or "
                          "background)", pl.number, _r(box))
                continue
            box = with_labels(box, blocks, body_size=body_size, graphics=graphics)
            out.append(Figure(id="", page=pl.number, bbox=clip_to_page(box, pl), kind=graphics_kind(parts)))
    return out


def _r(box: BBox) -> tuple[int, ...]:
    return tuple(round(v) for v in box)


def _frame_of(box: BBox, figures: list[Figure]) -> Figure | None:
    """The captioned figure that this group encloses: the group is its frame or background."""
    for f in figures:
        if f.label and inside(f.bbox, box, FRAME_SHARE):
            return f
    return None


def _row_of(box: BBox, figures: list[Figure], blocks: GridIndex[Block],
            graphics: GridIndex[Graphic]) -> Figure | None:
    """The captioned figure this group continues: right above or below it, in its columns, on the
    side away from its caption, with no text between them but the figure's own labels."""
    for f in figures:
        if not f.label or not f.caption_bbox:
            continue
        fb, cb = f.bbox, f.caption_bbox
        narrower = min(box[2] - box[0], fb[2] - fb[0])
        if h_overlap(box, fb[0], fb[2]) < COLUMN_SHARE * narrower:
            continue
        caption_below = cb[1] >= fb[3] - 1
        if caption_below and box[3] <= fb[1] + 1:
            gap = (box[3], fb[1])
        elif not caption_below and box[1] >= fb[3] - 1:
            gap = (fb[3], box[1])
        else:
            continue
        if gap[1] - gap[0] > FIRST_GAP:
            continue
        band = (max(box[0], fb[0]), gap[0], min(box[2], fb[2]), gap[1])
        between = [b for b in blocks.near(band) if b.bbox[1] >= gap[0] - 1 and b.bbox[3] <= gap[1] + 1
                   and (b.role in ("caption", "table-caption", "heading", "title")
                        or is_paragraph(b, graphics.near(b.bbox)))]
        if not between:
            return f
    return None


def _holds_display_type(box: BBox, blocks: GridIndex[Block], body_size: float) -> bool:
    """Words set well larger than the body lie on the group: a title band or a heading box
    across the page, which is no row of the figure under it (a figure's own labels are set at
    or below the body size)."""
    if body_size <= 0:
        return False
    return any(b.role in ("body", "title", "heading") and inside(b.bbox, box, 0.5) and len(WORD_RE.findall(b.text)) >= 2
               and b.size >= DISPLAY_SIZE * body_size for b in blocks.near(box))


def _is_text_box(box: BBox, blocks: GridIndex[Block], graphics: GridIndex[Graphic]) -> bool:
    """Running text lies on the group: a shaded box, a code listing, a sidebar, a page band.
    Told by paragraphs on it, or by lines of words stacked flush left down most of its height
    (prose and code are set so; a plot's labels and a diagram's nodes are not)."""
    paragraph_words = 0
    starts: dict[int, list[BBox]] = {}
    for b in blocks.near(box):
        if b.role != "body" or not inside(b.bbox, box, 0.3):
            continue
        if is_paragraph(b, []):
            paragraph_words += b.words
        for ln in b.lines:
            if WORD_RE.search(ln.text):
                starts.setdefault(round(ln.bbox[0] / FLUSH_LEFT), []).append(ln.bbox)
    if paragraph_words > 20:
        return True
    for key in list(starts):
        stack = starts[key] + starts.get(key + 1, [])  # a line start rounded the other way
        rows = {round(b[1]) for b in stack}
        span = max(b[3] for b in stack) - min(b[1] for b in stack)
        if len(rows) >= STACKED_LINES and span >= STACK_SHARE * (box[3] - box[1]):
            return True
    return False


def _group(graphics: list[Graphic], gap: float = GROUP_GAP) -> list[tuple[BBox, list[Graphic]]]:
    """Graphics whose boxes lie within ``gap`` points of each other, as groups."""
    groups: list[tuple[list[float], list[Graphic]]] = []
    for g in sorted(graphics, key=lambda g: g.bbox[1]):
        b = g.bbox
        for box, parts in groups:
            if b[0] <= box[2] + gap and b[2] >= box[0] - gap and b[1] <= box[3] + gap and b[3] >= box[1] - gap:
                box[:] = [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
                parts.append(g)
                break
        else:
            groups.append((list(b), [g]))
    return [(tuple(b), p) for b, p in groups]
