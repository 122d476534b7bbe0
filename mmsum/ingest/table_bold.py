"""The cells of a table set in bold: in a results table, the best result of a column.

A cell is bold when its number is set in a bold face (:func:`~.layout.is_bold`: the font's
flag or its name) and stands, in the column whose extent holds it, in one body row only (a
number found in several rows of the column is not told apart, and left out). Only cells that
hold numbers count, and a column set in bold on more than half its rows is the table's style,
not a mark. Boxes are frame boxes (:mod:`.table_region`), PDF points, origin top-left.
"""
from __future__ import annotations

import pymupdf

from ..document import BBox
from .layout import is_bold
from .table_grid import is_number
from .table_region import PageItems, turn_box


def bold_cells(page: pymupdf.Page, items: PageItems, box: BBox, rows: list[list[str]],
               columns: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """(row, column) of each bold number of the body ``rows`` of the table in ``box`` (a frame
    box), whose ``columns`` are the x extents the grid was read with (frame points)."""
    if not rows or not columns:
        return []
    clip = pymupdf.Rect(turn_box(box, items.back)) + (-1, -1, 1, 1)
    found: set[tuple[int, int]] = set()
    for b in page.get_text("dict", clip=clip)["blocks"]:
        for ln in b.get("lines", []):
            for span in ln["spans"]:
                text = span["text"].strip()
                if not text or not is_bold(span):
                    continue
                x0, _, x1, _ = turn_box(span["bbox"], items.turn)
                mid = (x0 + x1) / 2
                col = next((c for c, (a, z) in enumerate(columns) if a - 2 <= mid <= z + 2), None)
                if col is None:
                    continue
                hits = [r for r, row in enumerate(rows) if col < len(row) and is_number(row[col])
                        and text in row[col].split()]
                if len(hits) == 1:
                    found.add((hits[0], col))
    by_column: dict[int, int] = {}
    for _, c in found:
        by_column[c] = by_column.get(c, 0) + 1
    return sorted((r, c) for r, c in found if by_column[c] <= len(rows) / 2)
