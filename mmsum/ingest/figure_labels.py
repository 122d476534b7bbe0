"""The text around a figure's graphics that belongs to the figure: axis titles, tick labels,
legends, column headers, panel titles and panel captions.

Such text often sits outside the plot frame: tick labels a few points off the axis, an axis
title (often turned) a line or two further, a legend beside the frame. How far it may lie
is measured in its own font size: typographic spacing between a label and what it labels is
a matter of an em or two, whatever the size. Text set like running text reaches only as far
as a stroke's width (``TEXT_TOUCH``). Boxes are ``(x0, y0, x1, y1)`` in PDF points, origin
top-left.
"""
from __future__ import annotations

from ..document import BBox
from .layout import Block, Graphic
from .page_geometry import is_panel_caption, is_paragraph, short_lines
from .spatial import GridIndex

TEXT_TOUCH = 6.0         # points: short text this close to a figure's graphics belongs to it
LABEL_REACH_EM = 2.5     # label-like text lies within this many of its own font sizes of the figure
LABEL_REACH_MAX = 24.0   # points: even large label text is no further away than this
LABEL_SIZE_SLACK = 0.3  # points: text within this of a label's size is set in the label's type
LABEL_MAX_WORDS = 12     # a label is short; a longer text is a sentence of its own
LABEL_MARGIN_MAX = 48.0  # points: labels frame the graphics in a margin at most this wide ...
LABEL_MARGIN_SHARE = 0.5  # ... or half the graphics' own width (height), if that is more
SHARED_EXTENT = 0.5      # a label beside the figure lies at least half within its rows (or columns)
TITLE_MAX_WORDS = 6      # a panel's title is a few words on one line ("Rytov Approximation", "Ours")
TITLE_GAP_LINES = 1.5    # it lies at most this many of its line heights above its panel
TITLE_CENTRE_SHARE = 0.15  # its centre lies within this share of the panel's width of the panel's centre
LABEL_ROLES = ("body", "figure-text", "margin")


def is_legend(b: Block, body_size: float) -> bool:
    """A legend read as one block: several lines of a few words each, set smaller than the
    body text ("Paxos much easier", "Paxos somewhat easier", ...): however many words in all,
    not a sentence."""
    return body_size > 0 and b.size < body_size - 0.5 and short_lines(b)


def is_label_like(b: Block, body_size: float) -> bool:
    """Text set like a figure's label: turned, smaller than the body text, or mostly numbers
    (tick labels)."""
    if b.role == "margin":
        return True  # turned text: an axis title (the arXiv stamp is kept out by its extent)
    if (body_size > 0 and b.size < body_size - 0.5) or is_panel_caption(b):
        return True
    text = b.text
    letters = sum(ch.isalpha() for ch in text)
    return letters < 0.5 * max(len(text.replace(" ", "")), 1)


def _in_label_type(b: Block, label_sizes: set[float]) -> bool:
    """``b`` is set like the figure's own labels already found (a legend or category names in
    the tick labels' size, which may be the body's: R sets all of a chart's text in one size),
    in short lines, one or more (a legend of one series is one short line)."""
    return any(abs(b.size - s) <= LABEL_SIZE_SLACK for s in label_sizes) and short_lines(b, least=1)


def _gaps(a: BBox, b: BBox) -> tuple[float, float]:
    """Horizontal and vertical gaps between two boxes (0 where they overlap on that axis)."""
    dx = max(b[0] - a[2], a[0] - b[2], 0.0)
    dy = max(b[1] - a[3], a[1] - b[3], 0.0)
    return dx, dy


def _shares_extent(box: BBox, b: BBox, dx: float, dy: float) -> bool:
    """A label beside the figure lies mostly within the figure's rows; one above or below it,
    mostly within its columns. A page-tall margin stamp or a page-wide heading does not."""
    if dx > 0 and dy == 0:
        return min(b[3], box[3]) - max(b[1], box[1]) >= SHARED_EXTENT * (b[3] - b[1])
    if dy > 0 and dx == 0:
        return min(b[2], box[2]) - max(b[0], box[0]) >= SHARED_EXTENT * (b[2] - b[0])
    return dx == 0 and dy == 0


def _within(b: BBox, region: BBox) -> bool:
    return b[0] >= region[0] - 1 and b[1] >= region[1] - 1 and b[2] <= region[2] + 1 and b[3] <= region[3] + 1


def _reaches_into(b: BBox, stop: BBox) -> bool:
    return b[3] > stop[1] + 1 and b[1] < stop[3] - 1 and b[2] > stop[0] and b[0] < stop[2]


def _between(box: BBox, b: BBox, cap: BBox) -> bool:
    """``b`` lies in the gap between the figure's box and its caption, under the figure: a
    panel caption or axis title, whatever its size."""
    over = min(b[2], box[2]) - max(b[0], box[0])
    if over < SHARED_EXTENT * (b[2] - b[0]):
        return False
    return (b[1] >= box[3] - 1 and b[3] <= cap[1] + 1) or (b[1] >= cap[3] - 1 and b[3] <= box[1] + 1)


def _near(blocks: GridIndex[Block], box: BBox, stop: BBox, region: BBox) -> list[Block]:
    """Blocks within label reach of ``box``, and those in the gap between it and its caption
    ``stop`` (panel captions and tags set under the panels lie there, however far), within
    ``region``."""
    near = blocks.near(box, LABEL_REACH_MAX)
    if stop[2] <= stop[0]:  # no caption
        return near
    if stop[1] >= box[3]:
        gap = (box[0], box[3], box[2], min(stop[1], region[3]))
    elif stop[3] <= box[1]:
        gap = (box[0], max(stop[3], region[1]), box[2], box[1])
    else:
        return near
    seen = {id(b) for b in near}
    return near + [b for b in blocks.near(gap) if id(b) not in seen]


def titles_a_panel(b: Block, box: BBox, graphics: GridIndex[Graphic] | None) -> bool:
    """``b`` is the title of one of the figure's panels: a few words on one line, centred over a
    graphic inside the figure's ``box``, a line or so above it. Such titles are set in the body's
    size and often further from the panel than a tick label; they say which panel is which."""
    if graphics is None or len(b.lines) != 1 or b.words > TITLE_MAX_WORDS or "=" in b.text:
        return False
    bb = b.bbox
    height = bb[3] - bb[1]
    for g in graphics.near(bb, TITLE_GAP_LINES * height):
        gb = g.bbox
        if not (gb[0] >= box[0] - 1 and gb[1] >= box[1] - 1 and gb[2] <= box[2] + 1 and gb[3] <= box[3] + 1):
            continue  # not a part of this figure
        gap = gb[1] - bb[3]
        width = gb[2] - gb[0]
        if not -1.0 <= gap <= TITLE_GAP_LINES * height or bb[0] < gb[0] - 1 or bb[2] > gb[2] + 1:
            continue
        if abs((bb[0] + bb[2]) / 2 - (gb[0] + gb[2]) / 2) <= TITLE_CENTRE_SHARE * width:
            return True
    return False


def with_labels(box: BBox, blocks: GridIndex[Block], *, own: set[int] = frozenset(),
                stop: BBox = (0.0, -1e9, 0.0, -1e9), region: BBox = (-1e9, -1e9, 1e9, 1e9),
                body_size: float = 0.0, graphics: GridIndex[Graphic] | None = None) -> BBox:
    """``box`` grown by the text that belongs to the figure, until no more joins.

    ``own`` holds ids of blocks to skip (the caption's); labels never reach into ``stop`` (the
    caption) and lie within ``region`` (the figure's column between the nearest paragraphs).
    ``body_size`` is the body text's font size in points; ``graphics`` lets paragraphs that lie
    on a graphic count as figure text.
    """
    x0, y0, x1, y1 = box
    # labels frame the graphics in a margin: one wider than this is text of its own
    ax = max(LABEL_MARGIN_MAX, LABEL_MARGIN_SHARE * (box[2] - box[0]))
    ay = max(LABEL_MARGIN_MAX, LABEL_MARGIN_SHARE * (box[3] - box[1]))
    outer = (box[0] - ax, box[1] - ay, box[2] + ax, box[3] + ay)
    taken: set[int] = set()
    label_sizes: set[float] = set()  # font sizes of the labels taken (tick labels, axis titles)
    changed = True
    while changed:
        changed = False
        for b in _near(blocks, (x0, y0, x1, y1), stop, region):
            if id(b) in own or id(b) in taken or b.role not in LABEL_ROLES \
                    or (b.words > LABEL_MAX_WORDS and not is_panel_caption(b) and not is_legend(b, body_size)):
                continue
            bb = b.bbox
            if bb[0] >= x0 and bb[1] >= y0 and bb[2] <= x1 and bb[3] <= y1:
                taken.add(id(b))
                continue
            if not _within(bb, region) or _reaches_into(bb, stop):
                continue
            if not _within(bb, outer) and not _between(box, bb, stop):
                continue
            dx, dy = _gaps((x0, y0, x1, y1), bb)
            if max(dx, dy) <= TEXT_TOUCH or _between((x0, y0, x1, y1), bb, stop):
                pass  # touching the graphics, or between them and the caption: the figure's
            elif not ((is_label_like(b, body_size) or _in_label_type(b, label_sizes))
                      and max(dx, dy) <= min(LABEL_REACH_EM * b.size, LABEL_REACH_MAX)
                      and _shares_extent((x0, y0, x1, y1), bb, dx, dy)):
                continue
            if is_paragraph(b, graphics.near(bb) if graphics is not None else []):
                continue
            x0, y0, x1, y1 = min(x0, bb[0]), min(y0, bb[1]), max(x1, bb[2]), max(y1, bb[3])
            taken.add(id(b))
            if is_label_like(b, body_size):
                label_sizes.add(b.size)
            changed = True
    # panel titles last: they end the figure at the top, and reach for no further labels
    grown = (x0, y0, x1, y1)
    for b in blocks.near(grown, LABEL_REACH_MAX):
        if (id(b) not in own and id(b) not in taken and b.role in LABEL_ROLES and _within(b.bbox, region)
                and not _reaches_into(b.bbox, stop) and titles_a_panel(b, grown, graphics)):
            x0, y0, x1, y1 = min(x0, b.bbox[0]), min(y0, b.bbox[1]), max(x1, b.bbox[2]), max(y1, b.bbox[3])
    return (x0, y0, x1, y1)
