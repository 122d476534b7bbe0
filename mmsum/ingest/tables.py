"""Captioned tables: found next to their "Table N" / "表 3-1" captions and read into cells.

For each table caption (found with the figure captions, :mod:`.captions`) the table's region
is found next to it (:mod:`.table_region`), then its structure is read:

* a ruled grid (vertical and horizontal rules) by PyMuPDF's own ``Page.find_tables``
  ("lines" strategy), which gives each cell's box, spanning cells included;
* a booktabs or borderless table, whose columns only whitespace tells, by
  :func:`~.table_grid.aligned_grid` (PyMuPDF's "text" strategy splits spanning headers and
  multirow cells; see that module);
* a table set as an image by the same alignment over the lines the OCR engine reads in its
  crop, where the engine is installed.

Cell text is always taken from the page's words by where they stand, not from
``Table.extract()``: with the small glyph heights ``find_tables`` asks of MuPDF, a decimal
point set lower than its digits makes a line of its own ("81.2" came back as "812\\n.").

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
from .accents import with_accents
from .captions import Caption
from .layout import Block, PageLayout, Role, join_lines, union
from .page_geometry import column_window, is_paragraph, is_two_column
from .table_grid import Grid, Piece, aligned_grid
from .table_region import PageItems, content, grow, page_items, turn_box

log = logging.getLogger(__name__)

OCR_DPI = 200            # a table set as an image is read at this resolution
MIN_RULED_SHARE = 0.9    # a ruled grid must hold this share of the region's words to be the table
CONTINUED_LINES = 4.0    # a table ends this close (in lines) to the last text of its page: it may go on


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
    for pno in sorted({c.page for c in table_caps}):
        try:
            page = load_page(pno)
            pending += [(c, *_place(page, layouts[pno], c, captions, figures)) for c in table_caps if c.page == pno]
        except Exception as err:  # one damaged page loses its tables' cells, not the document
            log.debug("page %d: tables not read", pno, exc_info=True)
            warnings.append(f"page {pno + 1}: its tables could not be read ({' '.join(str(err).split())[:120]})")
    below = sum(1 for _, _, sides in pending if sides.get("below") and not sides.get("above"))
    above = sum(1 for _, _, sides in pending if sides.get("above") and not sides.get("below"))
    for cap, table, sides in pending:
        # both sides could hold the table: the side the document puts its tables on decides
        side = "below" if sides.get("below") and (not sides.get("above") or below >= above) else "above"
        chosen = sides.get(side)
        if chosen is not None:
            try:
                _read(load_page(cap.page), layouts[cap.page], table, chosen, ocr)
            except Exception as err:
                log.debug("table %s not read", table.id, exc_info=True)
                table.unread = f"its cells could not be read ({' '.join(str(err).split())[:120]})"
        tables.append(table)
    for table in tables:
        try:
            _continue(table, load_page, layouts, captions)
        except Exception:  # the part on the first page stands
            log.debug("table %s: continuation not read", table.id, exc_info=True)
    _unique_ids(tables)
    return tables, warnings


def _place(page: pymupdf.Page, pl: PageLayout, cap: Caption, captions: list[Caption],
           figures: list[Figure]) -> tuple[Table, dict]:
    """The table of ``cap`` (box unknown yet) and its candidate regions on either side."""
    table = Table(id=f"tab-{(cap.key or str(cap.page + 1)).lower()}", page=cap.page, bbox=cap.bbox, label=cap.label,
                  number=cap.number, caption=cap.text, caption_bbox=cap.bbox, pages=[cap.page],
                  unread="no table was found next to its caption")
    direction = _caption_direction(page, cap.bbox)
    items = page_items(page, direction)
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
        box = grow(items.items, cap_f, window, below, line, width, stops)
        if box is None:
            continue
        texts, rules, images = content(items.items, box)
        if texts >= 2 or images:
            sides[name] = (box, items)
    return table, sides


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
    from .table_region import Item

    for b in pl.blocks:
        for ln in b.lines:
            box = turn_box(ln.bbox, items.turn)
            items.items.append(Item(box, "text", ln.text, len(ln.text.split())))
            items.words.append((box, ln.text))


def _read(page: pymupdf.Page, pl: PageLayout, table: Table, chosen: tuple[BBox, PageItems], ocr: bool,
          mark: bool = True) -> None:
    """Fill ``table`` from its region: box, cells (or why not), and mark its blocks."""
    box_f, items = chosen
    table.bbox = turn_box(box_f, items.back)
    table.unread = None
    inside = with_accents([(b, t) for b, t in items.words if _centre_in(b, box_f)])
    hrules = [it.bbox for it in items.items if it.kind == "hrule" and _centre_in(it.bbox, box_f, 2.0)]
    vrules = [it for it in items.items if it.kind == "vrule" and _centre_in(it.bbox, box_f, 2.0)]
    grid: Grid | None = None
    if inside:
        upright = items.turn.a > 0.5 and not page.rotation
        if len(vrules) >= 2 and upright:
            grid = _ruled_grid(page, table.bbox, inside)
        if grid is None:
            grid = aligned_grid([Piece(b, t) for b, t in inside], hrules)
        table.kind = grid.method if grid else "aligned"
    else:
        table.kind = "image"
        grid, table.unread = _image_grid(page, table.bbox, ocr)
    if grid is not None and min(grid.shape) >= 2:
        table.header, table.rows = grid.header, grid.rows
    elif table.unread is None:
        table.unread = "its text does not form rows and columns"
    if mark:
        _mark_blocks(pl, table.bbox)


def _continue(table: Table, load_page: Callable[[int], pymupdf.Page], layouts: list[PageLayout],
              captions: list[Caption]) -> None:
    """Rows of ``table`` that go on at the top of the next pages (a long table broken by the page,
    its head repeated or not): a table region there without a caption of its own, as wide in
    columns as the table. Rows equal to the header are the repeated head and are left out."""
    while table.rows and table.kind in ("aligned", "lines"):
        pno = table.pages[-1]
        if pno + 1 >= len(layouts) or not _ends_page(layouts[pno], table.bbox if pno == table.page else None):
            return
        pl = layouts[pno + 1]
        if any(c.page == pno + 1 and c.kind == "table" and _first_on_page(pl, c.bbox) for c in captions):
            return  # the next page opens with a table of its own
        body = [b for b in pl.blocks if b.role not in (Role.HEADER, Role.FOOTER, Role.MARGIN)]
        if not body:
            return
        page = load_page(pno + 1)
        items = page_items(page, (1.0, 0.0))
        top = min(b.bbox[1] for b in body)
        line = max(min(b.lines[0].bbox[3] - b.lines[0].bbox[1] for b in body), 6.0)
        start = (0.0, top - 2.0, items.width, top - 1.0)
        stops = [turn_box(c.bbox, items.turn) for c in captions if c.page == pno + 1]
        box = grow(items.items, start, (0.0, items.width), True, line, items.width, stops)
        if box is None:
            return
        more = Table(id=table.id, page=pno + 1, bbox=box)
        _read(page, pl, more, (box, items), ocr=False, mark=False)
        width = len((table.header or table.rows)[0])
        if not more.rows or len((more.header + more.rows)[0]) != width:
            return
        rows = [r for r in more.header + more.rows if r not in table.header]
        table.rows.extend(rows)
        table.pages.append(pno + 1)
        _mark_blocks(pl, box)


def _ends_page(pl: PageLayout, box: BBox | None) -> bool:
    """The table reaches the end of the page's text (``box`` None: it fills the page)."""
    if box is None:
        return True
    below = [b for b in pl.blocks if b.bbox[1] > box[3] and b.role not in (Role.FOOTER, Role.MARGIN)]
    return not below


def _first_on_page(pl: PageLayout, box: BBox) -> bool:
    return not any(b.bbox[3] < box[1] and b.role not in (Role.HEADER, Role.MARGIN) for b in pl.blocks)


def _centre_in(b: BBox, box: BBox, pad: float = 1.0) -> bool:
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def _ruled_grid(page: pymupdf.Page, box: BBox, words: list[tuple[BBox, str]]) -> Grid | None:
    """The grid PyMuPDF's line finder sees in ``box``, its cells filled with the words whose
    centres they hold; a cell it merged (None) takes the text of the cell that covers it.
    None when the grid does not hold nearly all of the box's words."""
    clip = pymupdf.Rect(box) + (-2, -2, 2, 2)
    found = page.find_tables(clip=clip, strategy="lines", use_layout=False)
    if not found.tables:
        return None
    t = max(found.tables, key=lambda t: t.row_count * t.col_count)
    cells = [c for row in t.rows for c in row.cells if c is not None]
    if t.row_count < 2 or t.col_count < 2 or not cells:
        return None
    held = sum(1 for b, _ in words if any(_centre_in(b, c, 0.5) for c in cells))
    if held < MIN_RULED_SHARE * len(words):
        return None
    xs = sorted({round(v, 1) for c in cells for v in (c[0], c[2])})
    ys = sorted({round(v, 1) for c in cells for v in (c[1], c[3])})
    xs, ys = _distinct(xs), _distinct(ys)
    texts = {tuple(c): _cell_text(c, words) for c in cells}
    grid: list[list[str]] = []
    for y0, y1 in zip(ys, ys[1:]):
        row = []
        for x0, x1 in zip(xs, xs[1:]):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            cell = next((c for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]), None)
            row.append(texts[tuple(cell)] if cell is not None else "")
        grid.append(row)
    return Grid(header=grid[:1], rows=grid[1:], method="lines", columns=list(zip(xs, xs[1:])))


def _distinct(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _cell_text(cell, words: list[tuple[BBox, str]]) -> str:
    """The words whose centres lie in ``cell``, in reading order (lines top to bottom)."""
    mine = sorted((b for b in words if _centre_in(b[0], cell, 0.5)),
                  key=lambda w: (round((w[0][1] + w[0][3]) / 2 / 3), w[0][0]))
    return " ".join(t for _, t in mine)


def _image_grid(page: pymupdf.Page, box: BBox, ocr: bool) -> tuple[Grid | None, str | None]:
    """A table set as an image, read from the lines the OCR engine finds in its crop."""
    if not ocr:
        return None, "the table is an image and OCR is turned off"
    from ..errors import ModelError
    from .ocr import recognise_image

    clip = pymupdf.Rect(box) & page.rect
    if clip.is_empty:
        return None, "the table is an image outside the page"
    pix = page.get_pixmap(dpi=OCR_DPI, clip=clip, colorspace=pymupdf.csGRAY, alpha=False)
    try:
        lines = recognise_image(pix, scale=OCR_DPI / 72.0)
    except ModelError as err:
        return None, f"the table is an image and could not be read by OCR: {err}"
    pieces = [Piece((ln.bbox[0] + clip.x0, ln.bbox[1] + clip.y0, ln.bbox[2] + clip.x0, ln.bbox[3] + clip.y0), ln.text)
              for ln in lines]
    grid = aligned_grid(pieces, [], method="ocr")
    if grid is None:
        return None, "the table is an image whose text the OCR engine did not read as rows and columns"
    return grid, None


def _mark_blocks(pl: PageLayout, box: BBox) -> None:
    """The text blocks inside the table's box are its cells, not body text."""
    for b in pl.blocks:
        if b.role in (Role.BODY, Role.FIGURE_TEXT, Role.MARGIN) and _centre_in(b.bbox, box, 2.0) \
                and not is_paragraph(b, []):
            b.role = Role.TABLE
        elif b.role == Role.BODY and _mostly_inside(b, box):
            b.role = Role.TABLE


def _mostly_inside(b: Block, box: BBox) -> bool:
    """Most of the block's lines lie in the box (MuPDF may join a table's last row to the
    paragraph after it, or a row to the caption's block)."""
    n = sum(1 for ln in b.lines if _centre_in(ln.bbox, box, 1.0))
    return n >= max(2, 0.8 * len(b.lines))


def _unique_ids(tables: list[Table]) -> None:
    used: set[str] = set()
    for t in tables:
        tid, k = t.id, 2
        while tid in used:
            tid, k = f"{t.id}-{k}", k + 1
        used.add(tid)
        t.id = tid
