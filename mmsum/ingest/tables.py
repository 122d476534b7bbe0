"""Captioned tables: found next to their "Table N" / "表 3-1" captions and read into cells.

For each table caption (found with the figure captions, :mod:`.captions`) the table's region
is found next to it (:mod:`.table_region`), its cells are read (:mod:`.table_read`: ruled
grids by PyMuPDF's ``find_tables``, booktabs and borderless tables by column alignment,
tables set as images by OCR), and a table that goes on in the next column or page, or under
a "(continued)" caption, is joined into one (:mod:`.table_parts`). Notes set under a table
or between it and its caption are kept apart as its notes (:mod:`.table_notes`); of two
captions with one label, the one farther from the table, or that found none, is a paragraph
that starts with the label (:func:`_real_captions`).

A table whose structure cannot be read keeps its caption and box, with ``rows`` None and the
reason in ``unread``. The text blocks inside a table's box become :attr:`Role.TABLE`, so
that the cells stay out of the body sentences. Boxes are PDF points, origin top-left of the
unrotated page; pages are 0-based.
"""
from __future__ import annotations

import logging
from typing import Callable

import pymupdf

from ..document import BBox, Figure, Table
from .captions import Caption
from .layout import PageLayout, Role, join_lines, union
from .page_geometry import column_window, is_two_column
from .table_grid import Grid
from .table_parts import CONTINUED_RE, continue_table, join_continued, precede_table
from .table_notes import note_texts
from .table_read import mark_blocks, read_region
from .table_region import Item, PageItems, content, grow, page_items, turn_box

log = logging.getLogger(__name__)
NOT_FOUND = "no table was found next to its caption"


def locate_tables(load_page: Callable[[int], pymupdf.Page], layouts: list[PageLayout], captions: list[Caption],
                  figures: list[Figure], ocr: bool = True) -> tuple[list[Table], list[str]]:
    """The tables of the captioned "Table N" captions, in caption order, and warnings.

    ``load_page`` loads a page by its 0-based number (each page with a table caption is loaded
    once); ``figures`` are the figures already found (a table never reaches into one).
    Marks the text blocks inside each table as :attr:`Role.TABLE`."""
    table_caps = [c for c in captions if c.kind == "table"]
    tables: list[Table] = []
    warnings: list[str] = []
    pending: list[tuple[Caption, Table, dict]] = []
    grids: dict[int, Grid | None] = {}
    for pno in sorted({c.page for c in table_caps}):
        try:
            page = load_page(pno)
            pending += [(c, *_place(page, layouts[pno], c, captions, figures)) for c in table_caps if c.page == pno]
        except Exception as err:  # one damaged page loses its tables' cells, not the document
            log.debug("page %d: tables not read", pno, exc_info=True)
            warnings.append(f"page {pno + 1}: its tables could not be read ({' '.join(str(err).split())[:120]})")
    below = sum(1 for _, _, sides in pending if sides.get("below") and not sides.get("above"))
    above = sum(1 for _, _, sides in pending if sides.get("above") and not sides.get("below"))
    caption_of: dict[int, Caption] = {}
    for cap, table, sides in pending:
        caption_of[id(table)] = cap
        # both sides could hold the table: the side the document puts its tables on decides
        side = "below" if sides.get("below") and (not sides.get("above") or below >= above) else "above"
        chosen = sides.get(side)
        if chosen is not None:
            try:
                grids[id(table)] = read_region(load_page(cap.page), layouts[cap.page], table, chosen[:2], ocr)
                _keep_notes(layouts[cap.page], table, *chosen[1:])
            except Exception as err:
                log.debug("table %s not read", table.id, exc_info=True)
                table.unread = f"its cells could not be read ({' '.join(str(err).split())[:120]})"
        tables.append(table)
    tables = _real_captions(tables, caption_of)
    for table in tables:
        try:
            continue_table(table, grids.get(id(table)), load_page, layouts, captions)
            precede_table(table, grids.get(id(table)), tables, load_page, layouts, captions)
        except Exception:  # the part next to the caption stands
            log.debug("table %s: continuation not read", table.id, exc_info=True)
    tables = join_continued(tables)
    _unique_ids(tables)
    return tables, warnings


def _place(page: pymupdf.Page, pl: PageLayout, cap: Caption, captions: list[Caption],
           figures: list[Figure]) -> tuple[Table, dict]:
    """The table of ``cap`` (box unknown yet) and its candidate regions on either side."""
    table = Table(id=f"tab-{(cap.key or str(cap.page + 1)).lower()}", page=cap.page, bbox=cap.bbox, label=cap.label,
                  number=cap.number, caption=cap.text, caption_bbox=cap.bbox, pages=[cap.page],
                  unread=NOT_FOUND)
    direction = _caption_direction(page, cap.bbox)
    items = page_items(page, direction, pl.paths)
    if pl.ocr:  # a scan: its text is the OCR engine's lines, not the (empty) text layer
        _add_ocr_lines(items, pl)
    m = items.turn
    lines, rules = _caption_lines(cap, items)
    cap_f = turn_box(union(ln.bbox for ln in lines), m)
    text = join_lines([ln.text for ln in lines])
    upright = direction[0] > 0.5
    window = _text_window(pl, cap.bbox) if upright else (0.0, items.width)
    title = _title_under_label(cap_f, items, window) if len(text.split()) <= 3 else []
    if title:  # "TABLE IV" over "WORDLENGTH ANALYSIS" (IEEE): the title line is the caption's
        cap_f = union([cap_f, *(it.bbox for it in title)])
        text = join_lines([text, *(it.text for it in title)])
    table.caption_bbox = turn_box(cap_f, items.back)
    table.caption = " ".join(text.split())
    first = turn_box(lines[0].bbox, m)
    line = max(first[3] - first[1], 6.0)  # the caption's line height: the unit of the gaps
    stops = [turn_box(c.bbox, m) for c in captions if c.page == cap.page and c is not cap]
    # running headers and footers end a table too
    stops += [turn_box(b.bbox, m) for b in pl.blocks if b.role in (Role.HEADER, Role.FOOTER)]
    # a captioned figure ends a table; an uncaptioned "figure" may be the table's own rules
    stops += [turn_box(f.bbox, m) for f in figures if f.page == cap.page and (f.label or f.caption.strip())]
    width = window[1] - window[0]
    sides = {}
    for name, below in (("below", True), ("above", False)):
        notes: list[Item] = []
        box = grow(items.items, cap_f, window, below, line, width, stops, notes)
        if box is None:
            continue
        texts, rules, images = content(items.items, box)
        if texts >= 2 or images:
            sides[name] = (box, items, notes)
    return table, sides


def _keep_notes(pl: PageLayout, table: Table, items: PageItems, notes: list[Item]) -> None:
    """The table's notes (:mod:`.table_notes`) in ``table.notes``; their blocks are the table's,
    not the body's."""
    if notes:
        table.notes = note_texts(notes)
        mark_blocks(pl, turn_box(union(it.bbox for it in notes), items.back))


def _text_window(pl: PageLayout, cap: BBox) -> tuple[float, float]:
    """The horizontal range a table may take: the caption's column, as far as the page's body
    text reaches (so that a line of prose is measured against the text's width, not the
    page's)."""
    lo, hi = column_window(pl, cap, is_two_column(pl))
    body = [b.bbox for b in pl.blocks if b.role == Role.BODY and b.bbox[0] >= lo - 1 and b.bbox[2] <= hi + 1
            and len(b.lines) >= 2]
    if body:
        lo, hi = max(lo, min(b[0] for b in body) - 1), min(hi, max(b[2] for b in body) + 1)
    return min(lo, cap[0]), max(hi, cap[2])


def _caption_lines(cap: Caption, items: PageItems) -> tuple[list, list[BBox]]:
    """The caption's own lines: MuPDF may put a table's first rows in the caption's block. The
    caption ends at a line set beside another (a row of cells) or across a rule from the line
    before it. Also the horizontal rules of the page, in the frame."""
    rules = [it.bbox for it in items.items if it.kind == "hrule"]
    every = [ln for b in cap.blocks for ln in b.lines]
    kept = [every[0]]
    for ln in every[1:]:
        prev = turn_box(kept[-1].bbox, items.turn)
        box = turn_box(ln.bbox, items.turn)
        if box[1] < prev[3] - 0.5 * (prev[3] - prev[1]):
            kept.append(ln)  # the rest of a line MuPDF broke at a wide space
            continue
        row = [turn_box(o.bbox, items.turn) for o in every if _rows_overlap(turn_box(o.bbox, items.turn), box)]
        ruled = any(prev[3] - 1 <= r[1] <= box[1] + 1 and min(r[2], box[2]) > max(r[0], box[0]) for r in rules)
        if _cells(row) or ruled:
            break
        kept.append(ln)
    return kept, rules


def _title_under_label(cap: BBox, items: PageItems, window: tuple[float, float]) -> list:
    """The lines right under a caption that is only its label ("TABLE IV"): a title set as a
    line or two of its own, centred under it, before any rule or row of cells (in the
    caption's column ``window``)."""
    out = []
    last = cap
    height = cap[3] - cap[1]
    texts = [it for it in items.items if it.kind == "text" and min(it.bbox[2], window[1]) > max(it.bbox[0], window[0])]
    while len(out) < 3:
        below = [it for it in items.items if it.bbox[1] >= last[3] - 1 and it.bbox[1] - last[3] <= 0.8 * height
                 and min(it.bbox[2], window[1]) > max(it.bbox[0], window[0])]
        if not below:
            break
        first = min(below, key=lambda it: it.bbox[1])
        row = [o.bbox for o in texts if _rows_overlap(o.bbox, first.bbox)]
        centre, mid = (first.bbox[0] + first.bbox[2]) / 2, (cap[0] + cap[2]) / 2
        if first.kind != "text" or _cells(row) or abs(centre - mid) > 2 * height:
            break
        out.append(first)
        last = first.bbox
    return out


def _cells(row: list[BBox]) -> bool:
    """A row of table cells rather than a line of text: three parts or more, or two set far
    apart (MuPDF also breaks a justified line in two at a wide space)."""
    if len(row) >= 3:
        return True
    if len(row) == 2:
        a, b = sorted(row)
        return b[0] - a[2] > 1.5 * (a[3] - a[1])
    return False


def _rows_overlap(a: BBox, b: BBox) -> bool:
    return min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _caption_direction(page: pymupdf.Page, box: BBox) -> tuple[float, float]:
    """The direction the caption's text runs in ((1, 0) upright, (0, -1) up the page)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    best: tuple[float, float] = (1.0, 0.0)
    for b in page.get_text("dict", clip=pymupdf.Rect(box) + (-1, -1, 1, 1))["blocks"]:
        for ln in b.get("lines", []):
            r = ln["bbox"]
            if r[0] - 1 <= cx <= r[2] + 1 and r[1] - 1 <= cy <= r[3] + 1 or len(b["lines"]) == 1:
                return tuple(ln["dir"])
            best = tuple(ln["dir"])
    return best


def _add_ocr_lines(items: PageItems, pl: PageLayout) -> None:
    """A page read by OCR: its text is the engine's lines, in place of the text layer that
    could not be used."""
    items.items = [it for it in items.items if it.kind != "text"]
    items.words = []

    for b in pl.blocks:
        for ln in b.lines:
            box = turn_box(ln.bbox, items.turn)
            items.items.append(Item(box, "text", ln.text, len(ln.text.split())))
            items.words.append((box, ln.text))


def _real_captions(tables: list[Table], caption_of: dict[int, Caption]) -> list[Table]:
    """``tables`` without those whose "caption" is a paragraph that starts with the label of
    another table's caption ("Table 2. Next, we …": a paragraph continued in a new column
    after "… shown in"): of two captions with one label, the one that found no table while
    the other did, or the one farther from the table both found, is running text. Its blocks
    go back to the body."""
    out: list[Table] = []
    for t in tables:
        rivals = [o for o in tables if o is not t and o.label and o.label == t.label and o.rows is not None
                  and not CONTINUED_RE.search(o.caption) and not CONTINUED_RE.search(t.caption)]
        if rivals and t.rows is None and t.unread == NOT_FOUND \
                or any(o.page == t.page and _overlap(o.bbox, t.bbox) and _gap(o) < _gap(t) for o in rivals):
            for b in caption_of[id(t)].blocks:
                b.role = Role.BODY
            continue
        out.append(t)
    return out


def _gap(t: Table) -> float:
    """Points between a table's caption and its box, along the side they face each other."""
    a, b = t.caption_bbox or t.bbox, t.bbox
    return max(0.0, b[1] - a[3], a[1] - b[3], b[0] - a[2], a[0] - b[2])


def _overlap(a: BBox, b: BBox) -> bool:
    """The boxes share at least half of the smaller one's area (one table found twice)."""
    w, h = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w > 0 and h > 0 and w * h >= 0.5 * max(small, 1e-6)


def _unique_ids(tables: list[Table]) -> None:
    used: set[str] = set()
    for t in tables:
        tid, k = t.id, 2
        while tid in used:
            tid, k = f"{t.id}-{k}", k + 1
        used.add(tid)
        t.id = tid
