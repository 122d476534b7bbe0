"""A table's cells read from its region: a ruled grid, aligned columns, or OCR of an image.

:func:`read_region` fills a :class:`~mmsum.document.Table` from the region found next to its
caption (:mod:`.table_region`): a ruled grid (vertical and horizontal rules) by PyMuPDF's own
``Page.find_tables`` ("lines" strategy), which gives each cell's box, spanning cells included;
a booktabs or borderless table, whose columns only whitespace tells, by
:func:`~.table_grid.aligned_grid`; a table set as an image by the same alignment over the
lines the OCR engine reads in its crop, where the engine is installed.

Cell text is always taken from the page's words by where they stand, not from
``Table.extract()``: with the small glyph heights ``find_tables`` asks of MuPDF, a decimal
point set lower than its digits makes a line of its own ("81.2" came back as "812\\n.").
Boxes are PDF points, origin top-left of the unrotated page.
"""
from __future__ import annotations

import pymupdf

from ..document import BBox, Table
from .accents import with_accents
from .layout import Block, PageLayout, Role
from .page_geometry import is_paragraph
from .table_bold import bold_cells
from .table_grid import Grid, Piece, aligned_grid
from .table_region import PageItems, turn_box

OCR_DPI = 200            # a table set as an image is read at this resolution
MIN_RULED_SHARE = 0.9    # a ruled grid must hold this share of the region's words to be the table
STACKED_SLACK = 3.0      # points: lines of one row of text lie this close in height across its cells


def read_region(page: pymupdf.Page, pl: PageLayout, table: Table, chosen: tuple[BBox, PageItems], ocr: bool,
                mark: bool = True) -> Grid | None:
    """Fill ``table`` from its region (``chosen``: the region's frame box and the page's items):
    box, cells (or why not), and mark its blocks as the table's (``mark``). Returns the grid
    read (its columns tell a part of the table continued elsewhere), or None."""
    box_f, items = chosen
    table.bbox = turn_box(box_f, items.back)
    table.unread = None
    inside = with_accents([(b, t) for b, t in items.words if centre_in(b, box_f)])
    hrules = [it.bbox for it in items.items if it.kind == "hrule" and centre_in(it.bbox, box_f, 2.0)]
    vrules = [it for it in items.items if it.kind == "vrule" and centre_in(it.bbox, box_f, 2.0)]
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
        if grid.method != "ocr":
            table.bold = bold_cells(page, items, box_f, grid.rows, grid.columns)
    elif table.unread is None:
        table.unread = "its text does not form rows and columns"
    if mark:
        mark_blocks(pl, table.bbox)
    return grid if table.rows is not None else None


def centre_in(b: BBox, box: BBox, pad: float = 1.0) -> bool:
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
    held = sum(1 for b, _ in words if any(centre_in(b, c, 0.5) for c in cells))
    if held < MIN_RULED_SHARE * len(words):
        return None
    xs = sorted({round(v, 1) for c in cells for v in (c[0], c[2])})
    ys = sorted({round(v, 1) for c in cells for v in (c[1], c[3])})
    xs, ys = _distinct(xs), _distinct(ys)
    lines = {tuple(c): _cell_lines(c, words) for c in cells}
    grid: list[list[str]] = []
    for y0, y1 in zip(ys, ys[1:]):
        row: list[tuple | None] = []
        for x0, x1 in zip(xs, xs[1:]):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            row.append(next((tuple(c) for c in cells if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]), None))
        stacked = _stacked_rows(row, lines, y0, y1) if grid else None
        grid += stacked or [[" ".join(t for _, t in lines[c]) if c is not None else "" for c in row]]
    return Grid(header=grid[:1], rows=grid[1:], method="lines", columns=list(zip(xs, xs[1:])))


def _stacked_rows(row: list[tuple | None], lines: dict, y0: float, y1: float) -> list[list[str]] | None:
    """A ruled row that holds several rows of text: rules between the columns but none between
    the rows, so the line finder sees one cell per column with a line of text for each row.
    Its rows, when every cell of the row holds as many lines (two or more) at the same
    heights; else None (a paragraph in one cell stays one cell)."""
    mine = [c for c in dict.fromkeys(row) if c is not None and lines[c]]
    if len(mine) < 2 or any(c[1] < y0 - 2 or c[3] > y1 + 2 for c in mine):
        return None  # a cell spanning rows
    counts = {len(lines[c]) for c in mine}
    if len(counts) != 1 or counts == {1}:
        return None
    for i in range(counts.pop()):
        mids = [lines[c][i][0] for c in mine]
        if max(mids) - min(mids) > STACKED_SLACK:
            return None
    n = len(lines[mine[0]])
    return [[lines[c][i][1] if c is not None and lines[c] else "" for c in row] for i in range(n)]


def _distinct(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _cell_lines(cell, words: list[tuple[BBox, str]]) -> list[tuple[float, str]]:
    """The words whose centres lie in ``cell``, as lines top to bottom: (the line's vertical
    centre, its text in reading order)."""
    mine = sorted((w for w in words if centre_in(w[0], cell, 0.5)), key=lambda w: (w[0][1] + w[0][3]) / 2)
    out: list[list] = []
    for b, t in mine:
        mid = (b[1] + b[3]) / 2
        if out and abs(mid - out[-1][0]) <= 0.5 * (b[3] - b[1]):
            out[-1][1].append((b[0], t))
        else:
            out.append([mid, [(b[0], t)]])
    return [(mid, " ".join(t for _, t in sorted(ws))) for mid, ws in out]


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


def mark_blocks(pl: PageLayout, box: BBox) -> None:
    """The text blocks inside the table's box are its cells, not body text."""
    for b in pl.blocks:
        if b.role in (Role.BODY, Role.FIGURE_TEXT, Role.MARGIN) and centre_in(b.bbox, box, 2.0) \
                and not is_paragraph(b, []):
            b.role = Role.TABLE
        elif b.role == Role.BODY and _mostly_inside(b, box):
            b.role = Role.TABLE


def _mostly_inside(b: Block, box: BBox) -> bool:
    """Most of the block's lines lie in the box (MuPDF may join a table's last row to the
    paragraph after it, or a row to the caption's block)."""
    n = sum(1 for ln in b.lines if centre_in(ln.bbox, box, 1.0))
    return n >= max(2, 0.8 * len(b.lines))


