"""Figure regions, found from their captions and the page's own graphics geometry.

For each "Figure N" caption, the graphic is the group of images and vector-drawing clusters
adjacent to it, above or below, within its column, up to the nearest paragraph of body text
or other caption. Which side a document puts its captions on is learnt from the captions
whose graphic lies on one side only. Graphics no caption claims become unlabeled figures when
they are large enough and not table rules. Logos repeated on many pages, tiny icons and page
backgrounds are left out (logged at debug level). Boxes are PDF points, origin top-left.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from ..document import BBox, Figure
from .captions import Caption
from .decoration import decorative_graphics
from .layout import Block, Graphic, PageLayout, union
from .order import reading_order
from .page_geometry import (WORD_RE, clip_to_page, column_window, h_overlap, inside, is_figure_label,
                            is_paragraph, is_two_column, line_like, with_labels)
from .unlabeled import unlabeled_figures

log = logging.getLogger(__name__)

FIRST_GAP = 60.0   # points: the most a graphic may lie from its caption
PANEL_GAP = 40.0   # points: the most panels of one figure lie apart vertically (beyond their labels)


@dataclass
class _Side:
    box: BBox
    gap: float
    parts: list[Graphic]


def _grow(cap: BBox, window: tuple[float, float], items: list[Graphic], above: bool,
          limit: float, labels: list[BBox] = ()) -> _Side | None:
    """Group the graphics on one side of a caption, nearest first, up to ``limit``.

    Each next graphic must lie within PANEL_GAP of what is already taken (the first within
    FIRST_GAP of the caption). ``labels`` are boxes of figure text (axis labels, panel captions
    "(a) Run time"): they carry the reach across the gaps they fill, but only graphics make up
    the box.
    """
    x0, x1 = window
    cand: list[tuple[float, Graphic | None, BBox]] = []
    for g in items:
        b = g.bbox
        w = b[2] - b[0]
        if h_overlap(b, x0, x1) < 0.5 * min(max(w, 1.0), x1 - x0):
            continue
        h = max(b[3] - b[1], 0.1)
        if above and b[1] >= limit - 2:
            if b[3] <= cap[1] + 3:
                cand.append((cap[1] - b[3], g, b))
            elif cap[1] - b[1] >= 0.6 * h:
                # an image whose (white) margin runs under the caption: keep the part above it
                clipped = replace(g, bbox=(b[0], b[1], b[2], cap[1]))
                cand.append((0.0, clipped, clipped.bbox))
        elif not above and b[3] <= limit + 2:
            if b[1] >= cap[3] - 3:
                cand.append((b[1] - cap[3], g, b))
            elif b[3] - cap[3] >= 0.6 * h:
                clipped = replace(g, bbox=(b[0], cap[3], b[2], b[3]))
                cand.append((0.0, clipped, clipped.bbox))
    if not cand:
        return None
    for t in labels:
        if above and t[3] <= cap[1] + 1 and t[1] >= limit - 2:
            cand.append((cap[1] - t[3], None, t))
        elif not above and t[1] >= cap[3] - 1 and t[3] <= limit + 2:
            cand.append((t[1] - cap[3], None, t))
    cand.sort(key=lambda c: c[0])
    reach = cap[1] if above else cap[3]
    box: list[float] | None = None
    parts: list[Graphic] = []
    gap0 = 0.0
    for dist, g, b in cand:
        step = (reach - b[3]) if above else (b[1] - reach)
        if step > (FIRST_GAP if box is None else PANEL_GAP):
            break
        if g is not None and line_like(b):
            continue  # a rule (fraction bar, table line, underline) neither starts nor extends a figure
        if g is None:
            reach = min(reach, b[1]) if above else max(reach, b[3])
            continue
        if box is None:
            box, gap0 = list(b), max(dist, 0.0)
        else:
            box = [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
        parts.append(g)
        reach = min(reach, b[1]) if above else max(reach, b[3])
    if box is None:
        return None
    return _Side(box=tuple(box), gap=gap0, parts=parts)


def _limits(cap: Caption, pl: PageLayout, window: tuple[float, float], graphics: list[Graphic]) -> tuple[float, float]:
    """The nearest paragraph or caption above and below the caption, within the window."""
    top, bottom = 0.0, pl.height
    x0, x1 = window
    own = {id(b) for b in cap.blocks}
    for b in pl.blocks:
        if id(b) in own or not is_paragraph(b, graphics):
            continue
        if h_overlap(b.bbox, x0, x1) < 0.3 * (b.bbox[2] - b.bbox[0]):
            continue
        if b.bbox[3] <= cap.bbox[1] + 1:
            top = max(top, b.bbox[3])
        elif b.bbox[1] >= cap.bbox[3] - 1:
            bottom = min(bottom, b.bbox[1])
    return top, bottom


def locate_figures(pages: list[PageLayout], captions: list[Caption], body_size: float = 0.0) -> list[Figure]:
    """Figures in document order: one per figure caption, then unlabeled large graphics.

    ``body_size`` is the body text's font size (points); text set smaller is taken as figure
    text (axis labels) when it lies next to graphics.
    """
    decorative = decorative_graphics(pages)
    usable = {pl.number: [g for i, g in enumerate(pl.graphics) if (pl.number, i) not in decorative]
              for pl in pages}
    by_page = {pl.number: pl for pl in pages}
    two_col = {pl.number: is_two_column(pl) for pl in pages}
    for pl in pages:
        tables = _table_rules(pl, usable[pl.number], [c for c in captions if c.page == pl.number],
                              two_col[pl.number])
        usable[pl.number] = [g for g in usable[pl.number] if id(g) not in tables]

    sides: list[tuple[Caption, _Side | None, _Side | None, tuple[float, float]]] = []
    votes = {"above": 0, "below": 0}
    for cap in captions:
        if cap.kind != "figure":
            continue
        pl = by_page[cap.page]
        items = usable[cap.page]
        win = column_window(pl, cap.bbox, two_col[cap.page])
        top, bottom = _limits(cap, pl, win, items)
        subs = [b.bbox for b in pl.blocks if is_figure_label(b, items, body_size) and h_overlap(b.bbox, *win) > 0]
        up = _grow(cap.bbox, win, items, True, top, subs)
        down = _grow(cap.bbox, win, items, False, bottom, subs)
        if up and not down:
            votes["above"] += 1
        elif down and not up:
            votes["below"] += 1
        sides.append((cap, up, down, (top, bottom)))
    # most documents put captions below figures; a document that puts them above says so
    # through the captions whose graphic lies on one side only
    prefer_above = votes["above"] >= votes["below"]

    figures: list[Figure] = []
    claimed: dict[int, list[BBox]] = {}
    for cap, up, down, (top, bottom) in sides:
        side = _choose(up, down, prefer_above)
        pl = by_page[cap.page]
        if side is None:
            # keep the caption's figure (label, mentions) even when its graphic is not found
            box = (_fallback_box(cap, pl, two_col[cap.page], top, bottom, prefer_above)
                   or _fallback_box(cap, pl, two_col[cap.page], top, bottom, not prefer_above))
            kind = "vector"
            if box is None:
                log.debug("page %d: no graphic found for %r; using the free space", cap.page, cap.text[:40])
                box = _free_space(cap, pl, two_col[cap.page], top, bottom, prefer_above)
        else:
            box = with_labels(side.box, pl, {id(b) for b in cap.blocks}, cap.bbox)
            kinds = {g.kind for g in side.parts}
            kind = kinds.pop() if len(kinds) == 1 else "mixed"
        figures.append(Figure(id=f"fig-{cap.number}{cap.letter or ''}", page=cap.page, bbox=clip_to_page(box, pl),
                              label=cap.label, number=cap.number,
                              caption=cap.text, caption_bbox=cap.bbox, kind=kind))
        claimed.setdefault(cap.page, []).append(box)
    figures += unlabeled_figures(pages, usable, claimed, captions)
    figures = _in_reading_order(figures, by_page, two_col)
    _assign_ids(figures)
    return figures


def _table_rules(pl: PageLayout, graphics: list[Graphic], captions: list[Caption], two_col: bool) -> set[int]:
    """ids of the graphics that draw tables: rules around table cells (many words inside), and
    the rules right next to a "Table N" caption. They must not be taken for figure parts."""
    out = {id(g) for g in graphics if g.ruled and _words_inside(pl, g.bbox) >= 12}
    ruled = [g for g in graphics if g.ruled]
    for cap in captions:
        if cap.kind != "table":
            continue
        win = column_window(pl, cap.bbox, two_col)
        top, bottom = _limits(cap, pl, win, graphics)
        for above in (False, True):
            side = _grow(cap.bbox, win, ruled, above, top if above else bottom)
            if side:
                out.update(id(g) for g in side.parts)
                break
    return out


def _words_inside(pl: PageLayout, box: BBox) -> int:
    return sum(len(WORD_RE.findall(b.text)) for b in pl.blocks if inside(b.bbox, box, 0.6))


def _in_reading_order(figures: list[Figure], by_page: dict[int, PageLayout],
                      two_col: dict[int, bool]) -> list[Figure]:
    """Figures page by page, in the order a reader meets them (left column before right)."""
    out: list[Figure] = []
    for pno in sorted({f.page for f in figures}):
        on_page = [f for f in figures if f.page == pno]
        proxies = [Block(page=pno, bbox=f.bbox, lines=[]) for f in on_page]
        order = reading_order(by_page[pno], proxies, two_col[pno])
        out += [on_page[next(i for i, p in enumerate(proxies) if p is b)] for b in order]
    return out


def _choose(up: _Side | None, down: _Side | None, prefer_above: bool) -> _Side | None:
    if up and down:
        near, far = (up, down) if prefer_above else (down, up)
        # a clearly tighter graphic on the other side wins over the document's habit
        if near.gap > 3 * far.gap + 12:
            return far
        return near
    return up or down


def _fallback_box(cap: Caption, pl: PageLayout, two_col: bool, top: float, bottom: float,
                  prefer_above: bool) -> BBox | None:
    """No graphics found (a figure drawn as text, or an unusual PDF): the free space between
    the caption and the nearest paragraph on the document's caption side, if there is room."""
    x0, x1 = column_window(pl, cap.bbox, two_col)
    if prefer_above:
        y0, y1 = top, cap.bbox[1]
    else:
        y0, y1 = cap.bbox[3], bottom
    inner = [b.bbox for b in pl.blocks if b.role in ("body", "figure-text")
             and b.bbox[1] >= y0 - 1 and b.bbox[3] <= y1 + 1 and h_overlap(b.bbox, x0, x1) > 0]
    if inner:
        ux0, uy0, ux1, uy1 = union(inner)
        return (max(ux0, x0), uy0, min(ux1, x1), uy1) if uy1 - uy0 >= 30 else None
    return None


def _free_space(cap: Caption, pl: PageLayout, two_col: bool, top: float, bottom: float,
                prefer_above: bool) -> BBox:
    """The empty band between the caption and the nearest paragraph (the caption's own box
    when there is no room on either side)."""
    x0, x1 = column_window(pl, cap.bbox, two_col)
    above = (x0, top, x1, cap.bbox[1])
    below = (x0, cap.bbox[3], x1, bottom)
    first, second = (above, below) if prefer_above else (below, above)
    for box in (first, second):
        if 30 <= box[3] - box[1] <= 0.6 * pl.height:
            return box
    return cap.bbox


def _assign_ids(figures: list[Figure]) -> None:
    """"fig-3" (label), "fig-3-2" for a repeated label, "p4-1" for unlabeled (1-based page)."""
    used: set[str] = set()
    per_page: dict[int, int] = {}
    for f in figures:
        if f.id:
            base = f.id
        else:
            per_page[f.page] = per_page.get(f.page, 0) + 1
            base = f"p{f.page + 1}-{per_page[f.page]}"
        fid, k = base, 2
        while fid in used:
            fid, k = f"{base}-{k}", k + 1
        used.add(fid)
        f.id = fid


def mark_figure_text(pages: list[PageLayout], figures: list[Figure]) -> None:
    """Set ``role`` "figure-text" on text lying in a figure's box (axis labels, legends) or
    between the figure and its caption (panel captions, axis titles)."""
    boxes: dict[int, list[BBox]] = {}
    for f in figures:
        boxes.setdefault(f.page, []).append(f.bbox)
        if f.caption_bbox:
            fb, cb = f.bbox, f.caption_bbox
            top, bottom = (fb[3], cb[1]) if fb[3] <= cb[1] else (cb[3], fb[1])
            if bottom > top:
                boxes[f.page].append((fb[0], top, fb[2], bottom))
    for pl in pages:
        for b in pl.blocks:
            if b.role in ("body", "margin") and any(inside(b.bbox, fb, 0.6) for fb in boxes.get(pl.number, [])):
                b.role = "figure-text"
