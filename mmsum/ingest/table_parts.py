"""A table that goes on past its column or page: its parts joined into one table, header once.

A table reaches the end of its column (nothing but the running footer under it) and goes on

* at the top of the next column: the right column of the same page (a two-column paper's
  ``supertabular``, or a table its author broke by hand), or the first column of the next
  page (``longtable``, ``supertabular``), with its head repeated there or not;
* under a caption of its own that says so ("Table 3: (continued)", "Table 3 (cont.)"),
  read as a table of its own first and then joined to the table of that label.

and a table captioned only under its last part (longtable's ``\\endlastfoot``) began in the
column before its caption's: an uncaptioned part ending that column is put before it
(:func:`precede_table`).

A part found at the top of the next column is the table's when it is as many columns wide and
repeats the header, or else holds numbers in the same columns as the table and sets its
columns where the table does, or holds numbers in some column (a part on the next page needs
only the width, as a long table's pages are set alike). Rows equal to a header
row are the repeated head and are left out. Boxes are PDF points, origin top-left; pages
0-based. The table's ``bbox`` is its first part's; ``pages`` lists every page it lies on.
"""
from __future__ import annotations

import re
from typing import Callable

import pymupdf

from ..document import BBox, Table
from .captions import Caption
from .layout import PageLayout, Role, union
from .page_geometry import column_window, is_two_column
from .table_grid import Grid, is_number
from .table_read import mark_blocks, read_region
from .table_region import grow, page_items, turn_box

CONTINUED_RE = re.compile(r"\b(?:continued|cont(?:'d|d|\.))(?!\w)|续", re.I)
MIN_PART_ROWS = 3    # a part without the header's words or columns holds this many rows at least
COLUMN_SLACK = 1.0   # line heights: a part's column borders may lie this far from the table's
LEAVE_OUT = (Role.HEADER, Role.FOOTER, Role.MARGIN)


def continue_table(table: Table, grid: Grid | None, load_page: Callable[[int], pymupdf.Page],
                   layouts: list[PageLayout], captions: list[Caption]) -> None:
    """Append to ``table`` the rows of its parts at the top of the next columns and pages
    (see the module docstring); ``grid`` is the grid its first part was read into."""
    if grid is None or not table.rows or table.kind not in ("aligned", "lines"):
        return
    width = len((table.header + table.rows)[0])
    pno, box = table.page, table.bbox
    window = column_window(layouts[pno], box, is_two_column(layouts[pno]))
    while True:
        if not _ends_column(layouts[pno], box, window):
            return
        nxt = _next_column(layouts, pno, box)
        if nxt is None:
            return
        same_page = nxt[0] == pno
        pno, window = nxt
        pl = layouts[pno]
        if any(c.page == pno and c.kind == "table" and _first_in(pl, c.bbox, window) for c in captions):
            return  # the column opens with a captioned table: its own, or a continuation joined later
        found = _part(load_page(pno), pl, window, captions)
        if found is None:
            return
        part, more, box = found
        cells = more.header + (more.rows or [])
        if not cells or len(cells[0]) != width:
            return
        if same_page and cells[0] not in table.header and not _alike(table, grid, more, part, _line(pl, window)):
            return
        table.rows.extend(r for r in cells if r not in table.header)
        if pno not in table.pages:
            table.pages.append(pno)
        mark_blocks(pl, box)


def precede_table(table: Table, grid: Grid | None, tables: list[Table], load_page: Callable[[int], pymupdf.Page],
                  layouts: list[PageLayout], captions: list[Caption]) -> None:
    """Put before ``table`` the rows of an uncaptioned part that ends the column before it: a
    table captioned under its last part only (longtable's ``\\endlastfoot``, a caption below
    a table that began on the page before), or whose first part lost its caption. The table
    must open its column, its caption under it or saying it is continued, and the part be as wide and repeat its header,
    or hold numbers in the same columns (see :func:`_alike`); ``tables``: every table read
    (a part inside one of them is that table's)."""
    if grid is None or not table.rows or table.kind not in ("aligned", "lines"):
        return
    text = table.caption[len(table.label or ""):]
    below = table.caption_bbox is not None and table.caption_bbox[1] >= table.bbox[3] - 1
    if not (below or CONTINUED_RE.search(text)):
        return  # a caption above its table opens it: nothing of it comes before
    pno = table.page
    top = union([table.bbox, table.caption_bbox]) if table.caption_bbox else table.bbox
    if not _first_in(layouts[pno], top, column_window(layouts[pno], table.bbox, is_two_column(layouts[pno]))):
        return
    prev = _previous_column(layouts, pno, table.bbox)
    if prev is None:
        return
    ppno, window = prev
    pl = layouts[ppno]
    found = _part(load_page(ppno), pl, window, captions, at_end=True)
    if found is None:
        return
    part, more, box = found
    if any(t is not table and ppno in (t.pages or [t.page]) and _meets(t.bbox, box) for t in tables):
        return
    cells = more.header + (more.rows or [])
    width = len((table.header + table.rows)[0])
    if not cells or len(cells[0]) != width:
        return
    before = len(table.rows)
    if more.header == table.header:
        table.rows[:0] = more.rows or []
    elif _alike(table, grid, more, part, _line(pl, window)):
        # the later part's first row was read as its header: it is a row of the body
        table.rows[:0] = (more.rows or []) + [r for r in table.header if r not in more.header]
        table.header = more.header
    else:
        return
    table.bold = [(r + len(table.rows) - before, c) for r, c in table.bold]  # rows put before them
    table.page, table.bbox = ppno, box
    table.pages[:0] = [p for p in range(ppno, pno) if p not in table.pages]
    mark_blocks(pl, box)


def _previous_column(layouts: list[PageLayout], pno: int, box: BBox) -> tuple[int, tuple[float, float]] | None:
    """The page and horizontal range of the column before the one ``box`` lies in."""
    pl = layouts[pno]
    mid = pl.width / 2
    if is_two_column(pl) and box[0] >= mid - 8:
        return pno, (0.0, mid)
    if pno == 0:
        return None
    prev = layouts[pno - 1]
    return pno - 1, ((prev.width / 2, prev.width) if is_two_column(prev) else (0.0, prev.width))


def _meets(a: BBox, b: BBox) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def join_continued(tables: list[Table]) -> list[Table]:
    """``tables`` with each table whose caption says it continues one before it ("Table 3:
    (continued)") joined to that table (same label, as wide), header rows left out."""
    out: list[Table] = []
    for t in tables:
        text = t.caption[len(t.label or ""):] if t.label and t.caption.startswith(t.label) else t.caption
        first = next((u for u in reversed(out) if u.label and u.label == t.label), None)
        if first is None or not CONTINUED_RE.search(text) or not first.rows or not t.rows:
            out.append(t)
            continue
        cells = t.header + t.rows
        if len(cells[0]) != len((first.header + first.rows)[0]):
            out.append(t)
            continue
        first.rows.extend(r for r in cells if r not in first.header)
        first.pages.extend(p for p in t.pages if p not in first.pages)
    return out


def _ends_column(pl: PageLayout, box: BBox, window: tuple[float, float]) -> bool:
    """Nothing but running headers, footers and margin notes lies under ``box`` in its column."""
    return not any(b.bbox[1] > box[3] - 1 and _centre_x_in(b.bbox, window) and b.role not in LEAVE_OUT
                   for b in pl.blocks)


def _next_column(layouts: list[PageLayout], pno: int, box: BBox) -> tuple[int, tuple[float, float]] | None:
    """The page and horizontal range of the column after the one ``box`` lies in."""
    pl = layouts[pno]
    mid = pl.width / 2
    if is_two_column(pl) and box[2] <= mid + 8:
        return pno, (mid, pl.width)
    if pno + 1 >= len(layouts):
        return None
    nl = layouts[pno + 1]
    return pno + 1, ((0.0, nl.width / 2) if is_two_column(nl) else (0.0, nl.width))


def _centre_x_in(b: BBox, window: tuple[float, float]) -> bool:
    return window[0] - 1 <= (b[0] + b[2]) / 2 <= window[1] + 1


def _first_in(pl: PageLayout, box: BBox, window: tuple[float, float]) -> bool:
    """Nothing but running headers and margins lies above ``box`` in its column."""
    return _centre_x_in(box, window) and not any(
        b.bbox[3] < box[1] and _centre_x_in(b.bbox, window) and b.role not in LEAVE_OUT for b in pl.blocks)


def _line(pl: PageLayout, window: tuple[float, float]) -> float:
    lines = [ln.bbox[3] - ln.bbox[1] for b in pl.blocks if _centre_x_in(b.bbox, window) for ln in b.lines]
    return max(sorted(lines)[len(lines) // 2], 6.0) if lines else 10.0


def _part(page: pymupdf.Page, pl: PageLayout, window: tuple[float, float], captions: list[Caption],
          at_end: bool = False):
    """The table region at the top of the column ``window`` (its foot with ``at_end``): (its
    grid, the table read from it, its box), or None."""
    body = [b for b in pl.blocks if b.role not in LEAVE_OUT and _centre_x_in(b.bbox, window)]
    if not body:
        return None
    items = page_items(page, (1.0, 0.0), pl.paths)
    line = _line(pl, window)
    if at_end:
        bottom = max(b.bbox[3] for b in body)
        start = (window[0], bottom + 1.0, window[1], bottom + 2.0)
    else:
        top = min(b.bbox[1] for b in body)
        start = (window[0], top - 2.0, window[1], top - 1.0)
    stops = [turn_box(c.bbox, items.turn) for c in captions if c.page == pl.number]
    box = grow(items.items, start, window, not at_end, line, window[1] - window[0], stops)
    if box is None:
        return None
    more = Table(id="part", page=pl.number, bbox=box)
    grid = read_region(page, pl, more, (box, items), ocr=False, mark=False)
    if grid is None:
        return None
    return grid, more, more.bbox


def _alike(table: Table, grid: Grid, more: Table, part: Grid, line: float) -> bool:
    """A part under no header of its own is the table's when each of its columns holds numbers
    where the table's does, and either its columns stand where the table's do or some column
    holds numbers over three rows or more (a tabular set again, narrower without its header)."""
    cells = more.header + (more.rows or [])
    kinds_a, kinds_b = _column_kinds(table.rows or []), _column_kinds(cells)
    if kinds_a != kinds_b:
        return False
    # three rows at least: a numbered equation of two lines opening the column is no part
    return any(kinds_a) and len(cells) >= MIN_PART_ROWS or _same_columns(grid, part, line)


def _column_kinds(rows: list[list[str]]) -> list[bool]:
    """For each column: do most of its non-empty cells hold numbers?"""
    out = []
    for c in range(len(rows[0]) if rows else 0):
        cells = [r[c] for r in rows if c < len(r) and r[c].strip()]
        out.append(bool(cells) and sum(map(is_number, cells)) >= 0.5 * len(cells))
    return out


def _same_columns(a: Grid, b: Grid, line: float) -> bool:
    """The two parts set their column borders at the same places, from their left edges."""
    if len(a.columns) != len(b.columns) or len(a.columns) < 2:
        return False

    def borders(g: Grid) -> list[float]:
        x0 = g.columns[0][0]
        return [(l1 + r0) / 2 - x0 for (_, l1), (r0, _) in zip(g.columns, g.columns[1:])]

    return all(abs(p - q) <= COLUMN_SLACK * line for p, q in zip(borders(a), borders(b)))
