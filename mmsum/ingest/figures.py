"""Figure regions, found from their captions and the page's own graphics geometry.

For each "Figure N" caption, the graphic is the group of images and vector-drawing clusters
adjacent to it, above or below (or beside it, for captions set next to their figure or
turned with a landscape figure), within its column, up to the nearest paragraph of body text
or other caption. Which side a document puts its captions on is learnt from the captions
whose graphic lies on one side only. The text that belongs to the figure (axis titles, tick
labels, legends, panel captions) is added to its box. Graphics no caption claims become
unlabeled figures when they are large enough and not table rules. Logos repeated on many
pages, tiny icons and page backgrounds are left out (logged at debug level). Boxes are PDF
points, origin top-left.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from ..document import BBox, Figure
from .captions import Caption
from .decoration import decorative_graphics
from .figure_labels import with_labels
from .figure_order import assign_ids, in_reading_order
from .free_space import figure_without_graphic, free_space_beside, turned
from .growth import Grown, Side, grow
from .layout import Block, Graphic, PageLayout
from .page_geometry import (CROP_PAD, WORD_RE, clear_of, clip_to_page, column_window, graphics_kind, h_overlap, inside,
                            is_figure_label, is_paragraph, is_two_column, paragraph_extent)
from .spatial import GridIndex
from .unlabeled import unlabeled_figures

log = logging.getLogger(__name__)

# a graphic on the far side of the document's caption habit wins when it lies this much closer
OTHER_SIDE_RATIO = 3.0
OTHER_SIDE_MARGIN = 12.0  # points
LIMIT_BAND = 96.0         # points: the nearest paragraph is looked for in bands this tall
TABLE_IMAGE_GAP = 12.0    # points: an image this close to a "Table N" caption (and no rules) is the table


@dataclass
class _PageContext:
    """One page as figure location sees it, with indexes for "what lies near"."""

    layout: PageLayout
    graphics: list[Graphic]
    two_col: bool
    blocks: GridIndex[Block]
    graphic_index: GridIndex[Graphic]
    _paragraphs: GridIndex[tuple[Block, BBox]] | None = None

    @classmethod
    def build(cls, pl: PageLayout, graphics: list[Graphic]) -> "_PageContext":
        return cls(layout=pl, graphics=graphics, two_col=is_two_column(pl),
                   blocks=GridIndex(pl.blocks, lambda b: b.bbox), graphic_index=GridIndex(graphics, lambda g: g.bbox))

    def set_graphics(self, graphics: list[Graphic]) -> None:
        """Use ``graphics`` from now on; what counts as a paragraph depends on them."""
        self.graphics = graphics
        self.graphic_index = GridIndex(graphics, lambda g: g.bbox)
        self._paragraphs = None

    @property
    def paragraphs(self) -> GridIndex[tuple[Block, BBox]]:
        """Paragraphs and captions with their running extent (built when first asked for)."""
        if self._paragraphs is None:
            found = []
            for b in self.layout.blocks:
                near = self.graphic_index.near(b.bbox)
                if is_paragraph(b, near):
                    found.append((b, paragraph_extent(b, near)))
            self._paragraphs = GridIndex(found, lambda p: p[1])
        return self._paragraphs


@dataclass
class _Found:
    """A caption with what lies on each of its sides and the limits of its region."""

    cap: Caption
    sides: dict[Side, Grown]
    top: float
    bottom: float


def locate_figures(pages: list[PageLayout], captions: list[Caption], body_size: float = 0.0) -> list[Figure]:
    """Figures in document order: one per figure caption, then unlabeled large graphics.

    ``body_size`` is the body text's font size (points); text set smaller is taken as figure
    text (axis labels) when it lies next to graphics.
    """
    contexts = _page_contexts(pages, captions)
    found = [_find_sides(c, contexts[c.page], body_size) for c in captions if c.kind == "figure"]
    found = _without_false_captions(found)
    prefer_above = _caption_habit(found)

    figures: list[Figure] = []
    claimed: dict[int, list[BBox]] = {}
    claimed_parts: set[int] = set()
    choices = _resolve_shared(found, {id(f): _choose(f.sides, prefer_above) for f in found}, prefer_above)
    for f in found:
        ctx = contexts[f.cap.page]
        side = choices[id(f)]
        fig = _figure(f, side, ctx, prefer_above, body_size)
        if side is not None:
            claimed_parts.update(id(g) for g in side.parts)
        figures.append(fig)
        claimed.setdefault(f.cap.page, []).append(fig.bbox)
    usable = {n: [g for g in ctx.graphics if id(g) not in claimed_parts] for n, ctx in contexts.items()}
    figures += unlabeled_figures(pages, usable, claimed, captions, figures, body_size)
    figures = in_reading_order(figures, {n: (c.layout, c.two_col) for n, c in contexts.items()})
    assign_ids(figures)
    return figures


def _page_contexts(pages: list[PageLayout], captions: list[Caption]) -> dict[int, _PageContext]:
    """Usable graphics of each page: no decoration, no table rules or table images."""
    decorative = decorative_graphics(pages)
    contexts: dict[int, _PageContext] = {}
    for pl in pages:
        graphics = [g for i, g in enumerate(pl.graphics) if (pl.number, i) not in decorative]
        ctx = _PageContext.build(pl, graphics)
        on_page = [c for c in captions if c.page == pl.number]
        tables = _table_graphics(ctx, on_page)
        if tables:
            ctx.set_graphics([g for g in ctx.graphics if id(g) not in tables])
        contexts[pl.number] = ctx
    return contexts


def _find_sides(cap: Caption, ctx: _PageContext, body_size: float) -> _Found:
    """What lies above and below a caption within its window (and, where neither holds a
    graphic, beside it)."""
    pl = ctx.layout
    win = _caption_window(cap, ctx)
    top, bottom = _limits(cap, ctx, win)
    region = (win[0], top, win[1], bottom)
    nearby = ctx.graphic_index.near(region)
    labels = [b.bbox for b in ctx.blocks.near(region)
              if h_overlap(b.bbox, *win) > 0 and is_figure_label(b, ctx.graphic_index.near(b.bbox), body_size)]
    sides: dict[Side, Grown] = {}
    for side, limit in ((Side.ABOVE, cap.bbox[1] - top), (Side.BELOW, bottom - cap.bbox[3])):
        grown = grow(cap.bbox, side, win, nearby, limit, labels)
        if grown:
            sides[side] = grown
    if not sides:
        # a caption set beside its figure, or turned with a landscape figure
        for side, limit in _side_limits(cap, ctx):
            rows = (cap.bbox[1], cap.bbox[3])
            band = (0.0, cap.bbox[1], pl.width, cap.bbox[3])
            grown = grow(cap.bbox, side, rows, ctx.graphic_index.near(band), limit)
            if grown:
                sides[side] = grown
    return _Found(cap=cap, sides=sides, top=top, bottom=bottom)


def _caption_window(cap: Caption, ctx: _PageContext) -> tuple[float, float]:
    """The horizontal range a caption's graphic may occupy: its column, narrowed to its own
    part of the row when other captions stand beside it (side-by-side figures)."""
    x0, x1 = column_window(ctx.layout, cap.bbox, ctx.two_col)
    own = {id(b) for b in cap.blocks}
    for b in ctx.blocks.near((x0, cap.bbox[1], x1, cap.bbox[3])):
        if b.role != "caption" or id(b) in own:
            continue
        rows_overlap = min(b.bbox[3], cap.bbox[3]) - max(b.bbox[1], cap.bbox[1])
        if rows_overlap <= 0:
            continue
        if b.bbox[0] >= cap.bbox[2]:
            x1 = min(x1, (cap.bbox[2] + b.bbox[0]) / 2)
        elif b.bbox[2] <= cap.bbox[0]:
            x0 = max(x0, (b.bbox[2] + cap.bbox[0]) / 2)
    return x0, x1


def _limits(cap: Caption, ctx: _PageContext, window: tuple[float, float]) -> tuple[float, float]:
    """The nearest paragraph or caption above and below the caption, within the window. A
    paragraph's extent is its running lines: figure text that MuPDF joined to the end of the
    paragraph above does not count. Looks outwards band by band, so that a page with many
    captions costs what lies near each."""
    pl = ctx.layout
    x0, x1 = window
    own = {id(b) for b in cap.blocks}

    def nearest(y_from: float, upwards: bool) -> float | None:
        y = y_from
        while 0.0 <= y <= pl.height:
            y_next = y - LIMIT_BAND if upwards else y + LIMIT_BAND
            band = (x0, min(y, y_next), x1, max(y, y_next))
            edges = []
            for b, ext in ctx.paragraphs.near(band):
                if id(b) in own or h_overlap(b.bbox, x0, x1) < 0.3 * (b.bbox[2] - b.bbox[0]):
                    continue
                if upwards and ext[3] <= cap.bbox[1] + 1:
                    edges.append(ext[3])
                elif not upwards and ext[1] >= cap.bbox[3] - 1:
                    edges.append(ext[1])
            if edges:
                return max(edges) if upwards else min(edges)
            y = y_next
        return None

    top = nearest(cap.bbox[1] + 1, True)
    bottom = nearest(cap.bbox[3] - 1, False)
    return (0.0 if top is None else top), (pl.height if bottom is None else bottom)


def _side_limits(cap: Caption, ctx: _PageContext) -> list[tuple[Side, float]]:
    """Distances from the caption to the nearest paragraph on its left and on its right."""
    pl = ctx.layout
    left, right = cap.bbox[0], pl.width - cap.bbox[2]
    own = {id(b) for b in cap.blocks}
    for b in ctx.blocks.near((0.0, cap.bbox[1], pl.width, cap.bbox[3])):
        if id(b) in own or not is_paragraph(b, ctx.graphic_index.near(b.bbox)):
            continue
        if b.bbox[2] <= cap.bbox[0]:
            left = min(left, cap.bbox[0] - b.bbox[2])
        elif b.bbox[0] >= cap.bbox[2]:
            right = min(right, b.bbox[0] - cap.bbox[2])
    return [(Side.LEFT, left), (Side.RIGHT, right)]


def _without_false_captions(found: list[_Found]) -> list[_Found]:
    """A label that starts two blocks on a page ("Figure 3." at the start of a body line after
    a line break, beside the real caption): the one with graphics is the caption; the other
    is body text again, and no figure is made for it."""
    by_label: dict[tuple, list[_Found]] = {}
    for f in found:
        by_label.setdefault((f.cap.page, f.cap.number, f.cap.letter), []).append(f)
    drop: set[int] = set()
    for group in by_label.values():
        if len(group) < 2 or group[0].cap.number is None:
            continue
        with_graphics = [f for f in group if f.sides]
        if not with_graphics:
            continue
        for f in group:
            if not f.sides:
                drop.add(id(f))
                for b in f.cap.blocks:
                    b.role = "body"
                log.debug("page %d: %r is body text, not a second caption", f.cap.page, f.cap.text[:40])
    return [f for f in found if id(f) not in drop]


def _caption_habit(found: list[_Found]) -> bool:
    """True if the document puts captions above its figures: most documents put them below;
    one that puts them above says so through the captions whose graphic lies on one side only."""
    above = sum(1 for f in found if Side.ABOVE in f.sides and Side.BELOW not in f.sides)
    below = sum(1 for f in found if Side.BELOW in f.sides and Side.ABOVE not in f.sides)
    return above >= below


def _choose(sides: dict[Side, Grown], prefer_above: bool) -> Grown | None:
    up, down = sides.get(Side.ABOVE), sides.get(Side.BELOW)
    if up and down:
        near, far = (up, down) if prefer_above else (down, up)
        # a clearly tighter graphic on the other side wins over the document's habit
        if near.gap > OTHER_SIDE_RATIO * far.gap + OTHER_SIDE_MARGIN:
            return far
        return near
    if up or down:
        return up or down
    beside = [g for s, g in sides.items() if not s.vertical]
    return min(beside, key=lambda g: g.gap) if beside else None


def _resolve_shared(found: list[_Found], choices: dict[int, Grown | None], prefer_above: bool) -> dict[int, Grown | None]:
    """Two captions that chose the same graphics: the one for which they lie on the document's
    caption side keeps them; the other takes what lies on its other side, or none."""
    habit = Side.ABOVE if prefer_above else Side.BELOW
    owner: dict[int, int] = {}
    for f in found:
        side = choices[id(f)]
        if side is not None and side.side is habit:
            for g in side.parts:
                owner.setdefault(id(g), id(f))
    for f in found:
        side = choices[id(f)]
        if side is None or side.side is habit:
            continue
        if any(owner.get(id(g), id(f)) != id(f) for g in side.parts):
            other = f.sides.get(habit)
            free = other is not None and all(owner.get(id(g), id(f)) == id(f) for g in other.parts)
            log.debug("page %d: %r shares its graphic with another caption; %s", f.cap.page, f.cap.text[:30],
                      "taking the other side" if free else "looking further on its own side")
            # with nothing free beside it, the caption's figure is looked for as when no graphic
            # is found (what is drawn further off on its side), never a copy of the other's
            choices[id(f)] = other if free else None
    return choices


def _figure(f: _Found, side: Grown | None, ctx: _PageContext, prefer_above: bool, body_size: float) -> Figure:
    """The figure of one caption: its graphics with their labels, or, with none found, the free
    space next to the caption (the figure keeps its label and mentions)."""
    cap, pl = f.cap, ctx.layout
    own = {id(b) for b in cap.blocks}
    if side is None and turned(cap):
        box = free_space_beside(cap, ctx.layout, dict(_side_limits(cap, ctx)))
        kind = "vector"
    elif side is None:
        box, kind = figure_without_graphic(cap, pl, ctx.blocks, ctx.graphic_index, ctx.two_col, (f.top, f.bottom),
                                           prefer_above, body_size)
    else:
        region = _label_region(cap, side, ctx, f.top, f.bottom)
        box = _with_extents(side, cap, ctx, region)
        box = with_labels(box, ctx.blocks, own=own, stop=cap.bbox,
                          region=region, body_size=body_size, graphics=ctx.graphic_index)
        kind = graphics_kind(side.parts)
    box = clear_of(box, cap.bbox)
    for b in ctx.blocks.near(box, CROP_PAD):  # the crop, padded, shows no line of another caption
        if b.role in ("caption", "table-caption") and id(b) not in own:
            box = clear_of(box, (b.bbox[0], b.bbox[1] - CROP_PAD, b.bbox[2], b.bbox[3] + CROP_PAD))
    return Figure(id=f"fig-{cap.number}{cap.letter or ''}", page=cap.page, bbox=clip_to_page(box, pl),
                  label=cap.label, number=cap.number, caption=cap.text, caption_bbox=cap.bbox, kind=kind)


def _with_extents(side: Grown, cap: Caption, ctx: _PageContext, region: BBox) -> BBox:
    """The figure's box grown to its parts' own frames: an included figure file is clipped to
    its bounding box, which holds its labels and margins as its author set them. A frame that
    holds running text, the caption, or reaches out of the figure's region is no figure's."""
    x0, y0, x1, y1 = side.box
    for g in side.parts:
        e = g.extent
        if e is None or not (region[0] - 1 <= e[0] and region[1] - 1 <= e[1] and e[2] <= region[2] + 1
                             and e[3] <= region[3] + 1):
            continue
        if inside(cap.bbox, e, 0.1) or any(inside(p[1], e, 0.5) for p in ctx.paragraphs.near(e)):
            continue
        x0, y0, x1, y1 = min(x0, e[0]), min(y0, e[1]), max(x1, e[2]), max(y1, e[3])
    return x0, y0, x1, y1


def _label_region(cap: Caption, side: Grown, ctx: _PageContext, top: float, bottom: float) -> BBox:
    """Where a figure's labels may lie: its column, between the nearest paragraphs, and not
    on the far side of its caption."""
    pl = ctx.layout
    if side.side.vertical:
        x0, x1 = _caption_window(cap, ctx)
        if side.side is Side.ABOVE:
            return x0, top, x1, cap.bbox[3]
        return x0, cap.bbox[1], x1, bottom
    if side.side is Side.LEFT:
        return 0.0, 0.0, cap.bbox[2], pl.height
    return cap.bbox[0], 0.0, pl.width, pl.height


def _table_graphics(ctx: _PageContext, captions: list[Caption]) -> set[int]:
    """ids of the graphics that draw tables: rules around table cells (many words inside), the
    rules right next to a "Table N" caption, or, where it has none, the one image right next to
    it (a table set as an image). They must not be taken for figure parts."""
    pl = ctx.layout
    out = {id(g) for g in ctx.graphics if g.ruled and _words_inside(ctx, g.bbox) >= 12}
    for cap in captions:
        if cap.kind != "table":
            continue
        win = column_window(pl, cap.bbox, ctx.two_col)
        top, bottom = _limits(cap, ctx, win)
        near = ctx.graphic_index.near((win[0], top, win[1], bottom))
        ruled = [g for g in near if g.ruled]
        images = [g for g in near if g.kind == "raster"]
        sides = ((Side.BELOW, bottom - cap.bbox[3]), (Side.ABOVE, cap.bbox[1] - top))
        grown = next((g for side, limit in sides if (g := grow(cap.bbox, side, win, ruled, limit))), None)
        if grown:
            out.update(id(g) for g in grown.parts)
            continue
        as_image = [g for side, limit in sides if (g := grow(cap.bbox, side, win, images, limit))
                    and g.gap <= TABLE_IMAGE_GAP]
        if as_image:
            nearest = min(as_image, key=lambda g: g.gap)
            out.add(id(nearest.parts[0]))  # one image: a figure may follow the table closely
    return out


def _words_inside(ctx: _PageContext, box: BBox) -> int:
    return sum(len(WORD_RE.findall(b.text)) for b in ctx.blocks.near(box) if inside(b.bbox, box, 0.6))
