"""Where a captioned table lies: the text lines, rules and images next to its "Table N" caption.

A page is read into :class:`PageItems` in the caption's own reading frame: a landscape table
(a page turned by ``/Rotate``, or a ``sidewaystable`` set turned on an upright page) has its
text running up or down the page, and is turned upright here so that rows run across and
columns down, as on any other page. From the caption the region grows away from it, item by
item, while the next item is close (a line's height; the first one within a few lines of the
caption) and is no running text (a line of prose as wide as the column), no other caption and
no figure. Which side of the caption holds the table is told by what lies there: running
text on one side leaves the other; when both sides could hold a table, the side most of the
document's captions have their table on decides.

Boxes are ``(x0, y0, x1, y1)`` in PDF points, origin top-left of the unrotated page (as
PyMuPDF's text extraction gives them); "frame" boxes are the same turned upright.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pymupdf

from ..document import BBox
from .page_geometry import WORD_RE
from .table_notes import NOTE_RE, goes_on, is_note, size_of

FIRST_GAP_LINES = 3.0   # the table starts within this many caption line heights of its caption
NEXT_GAP_LINES = 1.3    # and each item lies within this many line heights of the one before
PROSE_WORDS = 6         # a line of at least these words ...
PROSE_WIDTH = 0.7       # ... as wide as this share of the column is running text
PROSE_BLOCK_WORDS = 12  # lines stacked in one block with this many words are a paragraph ...
PROSE_ROWS = 0.6        # ... when this share of its lines or more stand alone in their row
CELL_GAP_LINES = 1.5    # two lines of one block this many line heights apart in a row are cells
RULE_THICKNESS = 2.0    # points: a drawing thinner than this is a rule
CENTRED_SLACK = 0.6     # line heights: a cell centred on a paragraph cell lies this near its middle


@dataclass
class Item:
    """A text line, a rule or an image, in the frame; ``kind`` is "text", "hrule", "vrule"
    or "image"."""

    bbox: BBox
    kind: str
    text: str = ""
    words: int = 0       # words of letters: numbers and formulae are no prose
    prose: bool = False  # a line of a paragraph (see :func:`_prose_block`)
    block: int = -1      # the text block MuPDF put the line in
    size: float = 0.0    # points: the font size most of the line's characters are set in


def _prose_block(boxes: list[BBox], texts: list[str]) -> bool:
    """A block of running text: several lines stacked one under another (a table's block has
    cells side by side) holding many words."""
    if len(boxes) < 2 or sum(len(WORD_RE.findall(t)) for t in texts) < PROSE_BLOCK_WORDS:
        return False
    # MuPDF breaks a justified line at a wide space now and then: most rows are still one line
    return len(text_rows(boxes)) >= PROSE_ROWS * len(boxes)


def text_rows(boxes: list[BBox]) -> list[list[BBox]]:
    """Boxes grouped into rows (boxes that overlap vertically by half the smaller height)."""
    rows: list[list[BBox]] = []
    for b in sorted(boxes, key=lambda b: (b[1] + b[3]) / 2):
        last = rows[-1][-1] if rows else None
        if last is not None and min(last[3], b[3]) - max(last[1], b[1]) > 0.5 * min(last[3] - last[1], b[3] - b[1]):
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows


@dataclass
class PageItems:
    """A page's lines, rules and images turned into one reading frame (``turn``: the matrix
    from page to frame; ``back``: its inverse), and the frame's width."""

    items: list[Item]
    turn: pymupdf.Matrix
    back: pymupdf.Matrix
    width: float
    height: float
    words: list[tuple[BBox, str]] = field(default_factory=list)  # every word, in the frame


def frame_matrix(direction: tuple[float, float], page: pymupdf.Page) -> pymupdf.Matrix:
    """The matrix that turns text running along ``direction`` (a line's ``dir``) upright."""
    dx, dy = direction
    if abs(dx) >= abs(dy):
        return pymupdf.Matrix(1, 0, 0, 1, 0, 0) if dx >= 0 else pymupdf.Matrix(-1, 0, 0, -1, 0, 0)
    # text running up the page (dy < 0) turns clockwise; running down, counter-clockwise
    return pymupdf.Matrix(0, 1, -1, 0, 0, 0) if dy < 0 else pymupdf.Matrix(0, -1, 1, 0, 0, 0)


def turn_box(box, m: pymupdf.Matrix) -> BBox:
    r = pymupdf.Rect(box) * m
    r.normalize()
    return (r.x0, r.y0, r.x1, r.y1)


def page_items(page: pymupdf.Page, direction: tuple[float, float], paths: list[dict] | None = None) -> PageItems:
    """The page's text lines (those running along ``direction``), rules and images, in the
    frame where that direction runs left to right. ``paths``: the page's drawings as
    ``Page.get_cdrawings()`` gives them, when at hand (``PageLayout.paths``)."""
    m = frame_matrix(direction, page)
    # the frame's origin at its top-left corner
    r = pymupdf.Rect(0, 0, *_unrotated_size(page)) * m
    r.normalize()
    m = m * pymupdf.Matrix(1, 0, 0, 1, -r.x0, -r.y0)
    items: list[Item] = []
    d = page.get_text("dict", flags=pymupdf.TEXT_MEDIABOX_CLIP)
    for b in d["blocks"]:
        lines = [ln for ln in b.get("lines", []) if "".join(s["text"] for s in ln["spans"]).strip()
                 and abs(ln["dir"][0] - direction[0]) <= 0.2 and abs(ln["dir"][1] - direction[1]) <= 0.2]
        boxes = [turn_box(ln["bbox"], m) for ln in lines]
        texts = ["".join(s["text"] for s in ln["spans"]).strip() for ln in lines]
        prose = _prose_block(boxes, texts)
        for ln, box, text in zip(lines, boxes, texts):
            size = max(ln["spans"], key=lambda s: len(s["text"].strip()))["size"]
            items.append(Item(box, "text", text, len(WORD_RE.findall(text)), prose, b["number"], size))
    for info in page.get_image_info():
        items.append(Item(turn_box(info["bbox"], m), "image"))
    for dr in page.get_cdrawings() if paths is None else paths:  # boxes and points as tuples serve alike
        box = turn_box(dr["rect"], m)
        w, h = box[2] - box[0], box[3] - box[1]
        if h <= RULE_THICKNESS and w > 4:
            items.append(Item(box, "hrule"))
        elif w <= RULE_THICKNESS and h > 4:
            items.append(Item(box, "vrule"))
        elif dr.get("items") and all(it[0] == "l" for it in dr["items"]):
            for it in dr["items"]:  # a path of several strokes: each stroke is a rule
                seg = turn_box(pymupdf.Rect(it[1], it[2]), m)
                kind = "hrule" if seg[3] - seg[1] <= RULE_THICKNESS else "vrule" if seg[2] - seg[0] <= RULE_THICKNESS else ""
                if kind:
                    items.append(Item(seg, kind))
    words = [(turn_box(w[:4], m), w[4]) for w in page.get_text("words", flags=pymupdf.TEXT_MEDIABOX_CLIP)]
    return PageItems(items=items, turn=m, back=~m, width=r.width, height=r.height, words=words)


def _unrotated_size(page: pymupdf.Page) -> tuple[float, float]:
    r = page.rect * page.derotation_matrix if page.rotation else page.rect
    r.normalize()
    return r.width, r.height


def _overlaps_x(a: BBox, x0: float, x1: float) -> bool:
    return min(a[2], x1) - max(a[0], x0) > 0


def _inside(a: BBox, b: BBox, pad: float = 1.0) -> bool:
    cx, cy = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    return b[0] - pad <= cx <= b[2] + pad and b[1] - pad <= cy <= b[3] + pad


def grow(items: list[Item], caption: BBox, window: tuple[float, float], below: bool, line: float,
         column_width: float, stops: list[BBox], notes: list[Item] | None = None) -> BBox | None:
    """The region on one side of ``caption`` (frame boxes): items grown from it while they
    follow closely and are no running text, no other caption and no figure (``stops``).
    ``window`` is the horizontal range the table may take (its column, or the page). With
    ``notes``, the table's notes (:mod:`.table_notes`) between the caption and the table, or
    after the table, are kept out of the region and added to ``notes``."""
    def ahead(it: Item) -> float:
        return it.bbox[1] - edge if below else edge - it.bbox[3]

    side = [it for it in items if _overlaps_x(it.bbox, *window) and not _inside(it.bbox, caption)
            and ((it.bbox[1] >= caption[3] - 1) if below else (it.bbox[3] <= caption[1] + 1))]
    side.sort(key=lambda it: it.bbox[1] if below else -it.bbox[3])
    edge = caption[3] if below else caption[1]
    lo, hi = -1e9, 1e9  # narrowed by running text met beside the table
    region: list[float] | None = None
    cells: set[int] = set()  # blocks of paragraph cells (lines of prose set beside other cells)
    against = size_of([it for it in items if _inside(it.bbox, caption)])
    inside: list[Item] = []  # the region's lines
    for k, it in enumerate(side):
        gap = ahead(it)
        if gap > (FIRST_GAP_LINES if region is None else NEXT_GAP_LINES) * line:
            break
        if any(_inside(it.bbox, s) for s in stops):
            break
        if notes is not None and region is None and is_note(it, side, against) \
                or notes is not None and notes and region is None and goes_on(it, notes[-1], side):
            notes.append(it)  # a note set between the table and its caption below it
            edge = it.bbox[3] if below else it.bbox[1]
            continue
        if notes is not None and region is not None and is_note(it, side, size_of(inside)):
            if below:  # a caption above: the notes under the table end it
                notes += _notes_after(side[k:], it, side, line, size_of(inside))
            break
        if notes and region is None and not any(NOTE_RE.match(n.text) for n in notes):
            break  # lines in a smaller type, but none opens a note: no table's notes
        if it.kind == "text" and (it.prose or it.words >= PROSE_WORDS
                                  and (it.bbox[2] - it.bbox[0]) >= PROSE_WIDTH * column_width):
            span = region or caption
            within = span[0] - line <= it.bbox[0] and it.bbox[2] <= span[2] + line
            if within and (it.block in cells or it.block >= 0
                           and _beside_cells(it, side, (max(lo, span[0]), min(hi, span[2])))):
                # a cell holding a paragraph (p{} or tabularx column), within the table's width
                cells.add(it.block)
            elif _overlaps_x(it.bbox, span[0], span[2]):
                break
            else:
                # running text of the other column, where the page's columns were not told apart:
                # the table keeps to its own side of it
                lo, hi = (lo, min(hi, it.bbox[0])) if it.bbox[0] >= span[2] else (max(lo, it.bbox[2]), hi)
                continue
        if it.bbox[0] < lo - 1 or it.bbox[2] > hi + 1:
            continue
        if it.kind == "vrule" and region is None:
            continue
        b = it.bbox
        if it.kind == "text":
            inside.append(it)
        region = list(b) if region is None else [min(region[0], b[0]), min(region[1], b[1]),
                                                max(region[2], b[2]), max(region[3], b[3])]
        edge = max(edge, b[3]) if below else min(edge, b[1])
    if region is None:
        return None
    box = tuple(region)
    # vertical rules of a ruled table reach over its first and last lines
    for it in items:
        if it.kind == "vrule" and _overlaps_x(it.bbox, box[0] - 1, box[2] + 1) \
                and it.bbox[1] <= box[3] and it.bbox[3] >= box[1]:
            box = (min(box[0], it.bbox[0]), min(box[1], it.bbox[1]), max(box[2], it.bbox[2]), max(box[3], it.bbox[3]))
    return box


def _notes_after(rest: list[Item], first: Item, side: list[Item], line: float, cells: float) -> list[Item]:
    """The lines of the notes that ``first`` opens, from ``rest`` (items in reading order);
    ``cells``: the font size of the table's cells (points)."""
    out = [first]
    for it in rest[1:]:
        if it.bbox[1] - out[-1].bbox[3] > NEXT_GAP_LINES * line:
            break
        if not (is_note(it, side, cells) or goes_on(it, out[-1], side)):
            break
        out.append(it)
    return out


def _beside_cells(it: Item, items: list[Item], span: tuple[float, float]) -> bool:
    """A line of prose that is a table's cell: a line of its block has, in its row, short text
    within the table's ``span`` that is no running text (the cells beside a paragraph cell):
    of another block, or of its own block set a column gap apart (MuPDF may put a table's
    cells in one block); or short text of another block stands beside the block, level with
    its middle (an m{} column's row)."""
    mine = [o for o in items if o.block == it.block and o.kind == "text"]
    top, bottom = min(o.bbox[1] for o in mine), max(o.bbox[3] for o in mine)
    left, right = min(o.bbox[0] for o in mine), max(o.bbox[2] for o in mine)
    for o in items:
        # a cell of another block level with the paragraph's middle, not with one of its lines
        # (an m{} column centres the row's other cells on its paragraph)
        if o.kind == "text" and o.block != it.block and o.words < PROSE_WORDS and not o.prose \
                and _overlaps_x(o.bbox, *span) and not _overlaps_x(o.bbox, left, right) \
                and abs((o.bbox[1] + o.bbox[3]) / 2 - (top + bottom) / 2) <= CENTRED_SLACK * (o.bbox[3] - o.bbox[1]) \
                and len(mine) >= 2:
            return True
    for ln in mine:
        height = ln.bbox[3] - ln.bbox[1]
        for o in items:
            if o.kind != "text" or o.words >= PROSE_WORDS or not _overlaps_x(o.bbox, *span):
                continue
            if o.block == it.block:
                if max(o.bbox[0] - ln.bbox[2], ln.bbox[0] - o.bbox[2]) < CELL_GAP_LINES * height:
                    continue
            elif o.prose or _overlaps_x(o.bbox, ln.bbox[0], ln.bbox[2]):
                continue
            if min(o.bbox[3], ln.bbox[3]) - max(o.bbox[1], ln.bbox[1]) > 0.5 * min(o.bbox[3] - o.bbox[1], height):
                return True
    return False


def content(items: list[Item], box: BBox) -> tuple[int, int, int]:
    """(text lines, rules, images) inside ``box``."""
    inside = [it for it in items if _inside(it.bbox, box)]
    return (sum(it.kind == "text" for it in inside), sum(it.kind in ("hrule", "vrule") for it in inside),
            sum(it.kind == "image" for it in inside))
