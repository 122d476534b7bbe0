"""A table as the app shows it in a grid: column headings, rows in the order the reader sorted
them, the cells a query matches, and the table copied as Markdown or CSV in that order.

Qt-free (the grid view adapts it): the sorting and matching rules are tested without a
display. Markdown, CSV and the column headings are the core's (:mod:`mmsum.export.tables`);
this module only orders the rows.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from mmsum.document import BBox, Table

_NUMBER = re.compile(r"^[(\[]?\s*([+\-−–]?)\s*(\d[\d,  ]*(?:\.\d+)?|\.\d+)\s*(?:%|[)\]])?")


def cell_number(text: str) -> float | None:
    """The number a cell reads as ("81.2", "−3", "1,234", "12.5 %", "(0.4)", "88.4 ± 0.3"),
    or None for words; used to sort numbers by value, not as text."""
    m = _NUMBER.match(text.strip())
    if not m:
        return None
    digits = re.sub(r"[,  ]", "", m.group(2))
    try:
        value = float(digits)
    except ValueError:
        return None
    return -value if m.group(1) else value


def _sort_key(text: str) -> tuple:
    """Numbers first by value, then words alphabetically, empty cells last."""
    number = cell_number(text)
    if number is not None:
        return (0, number, "")
    return (1 if text.strip() else 2, 0.0, text.casefold())


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


class TableGrid:
    """``table``'s body as rows and columns; ``readable`` is False when its structure could
    not be read (``table.rows`` is None: the view shows its crop and ``table.unread``).

    Rows are addressed in view order (0 is the top row as sorted); :meth:`source_row` gives
    the row's index in ``table.rows``.
    """

    def __init__(self, table: Table) -> None:
        # mmsum.export loads PyMuPDF: imported when a table is shown, not at the app's start
        from mmsum.export.tables import column_heads

        self.table = table
        self.columns: list[str] = column_heads(table)
        self._rows: list[list[str]] = [list(r) + [""] * (len(self.columns) - len(r)) for r in table.rows or []]
        self._order: list[int] = list(range(len(self._rows)))
        self.sorted_by: tuple[int, bool] | None = None  # (column, descending)

    @property
    def readable(self) -> bool:
        return self.table.rows is not None and bool(self.columns)

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def column_count(self) -> int:
        return len(self.columns)

    def cell(self, row: int, column: int) -> str:
        """The text of the cell at ``row`` (view order) and ``column``."""
        return self._rows[self._order[row]][column]

    def source_row(self, row: int) -> int:
        return self._order[row]

    def sort(self, column: int, descending: bool = False) -> None:
        """Order the rows by ``column``: numbers by value, then words, empty cells last either
        way; rows that tie keep their order in the document."""
        def key(i: int) -> tuple:
            return _sort_key(self._rows[i][column])

        filled = [i for i in range(len(self._rows)) if key(i)[0] < 2]
        empty = [i for i in range(len(self._rows)) if key(i)[0] == 2]
        filled.sort(key=key, reverse=descending)  # Python's sort is stable in both directions
        self._order = filled + empty
        self.sorted_by = (column, descending)

    def unsort(self) -> None:
        """Back to the document's order."""
        self._order = list(range(len(self._rows)))
        self.sorted_by = None

    def matches(self, query: str) -> list[tuple[int, int]]:
        """The cells (view row, column) whose text holds ``query`` (case and spacing
        ignored), top to bottom, left to right; [] for an empty query."""
        q = _folded(query)
        if not q:
            return []
        return [(r, c) for r in range(self.row_count) for c in range(self.column_count)
                if q in _folded(self.cell(r, c))]

    def header_matches(self, query: str) -> list[int]:
        """The columns whose heading holds ``query``."""
        q = _folded(query)
        return [c for c, head in enumerate(self.columns) if q and q in _folded(head)]

    def _as_shown(self) -> Table:
        rows = None if self.table.rows is None else [list(self.table.rows[i]) for i in self._order]
        return dataclasses.replace(self.table, rows=rows)

    def markdown(self) -> str:
        """The table as Markdown, rows in the order shown ("" when it was not read)."""
        from mmsum.export.tables import table_markdown

        return table_markdown(self._as_shown())

    def csv(self) -> str:
        """The table as CSV, rows in the order shown ("" when it was not read)."""
        from mmsum.export.tables import table_csv

        return table_csv(self._as_shown())


def table_at(tables: Sequence[Table], page: int, boxes: Sequence[BBox]) -> int | None:
    """The index of the table in ``tables`` whose box holds the middle of the first of
    ``boxes`` on ``page`` (0-based; boxes in PDF points, origin top-left), or None: which
    table a hit of Find lies in."""
    if not boxes:
        return None
    x0, y0, x1, y1 = boxes[0]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    for k, t in enumerate(tables):
        if page == t.page:  # a table continued on later pages has its box on the first
            bx0, by0, bx1, by1 = t.bbox
            if bx0 - 1 <= cx <= bx1 + 1 and by0 - 1 <= cy <= by1 + 1:
                return k
    return None


PICTURE_KINDS = ("ocr", "image")  # tables set as pictures: their words are not in the page's text


def picture_table_hits(tables: Sequence[Table], query: str) -> dict[int, list[tuple[BBox, ...]]]:
    """Find's hits in tables set as pictures, whose cells were read by OCR: the page's text
    layer does not hold their words, so each such table with a cell (or heading) holding
    ``query`` is one hit at its box. {page (0-based): [(bbox,), ...]}, boxes in PDF points."""
    hits: dict[int, list[tuple[BBox, ...]]] = {}
    for t in tables:
        if t.kind not in PICTURE_KINDS or t.rows is None:
            continue
        grid = TableGrid(t)
        if grid.matches(query) or grid.header_matches(query):
            hits.setdefault(t.page, []).append((tuple(t.bbox),))
    return hits
