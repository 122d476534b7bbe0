"""A table's notes: the footnote-size lines set right under a table, or between it and a
caption set below it ("Note: …", "* p < 0.05 …", "a: …", "Source: …", "注：…").

They are neither rows of the table nor sentences of the body: the region grown from the
caption (:func:`~.table_region.grow`) stops at them, or steps over them when they lie between
the caption and the table, and keeps them apart as the table's notes. A line is a note when it
stands alone in its row (no cell beside it) and starts with a note's mark, or is set at least
``SMALLER`` points smaller than the lines it is measured against (the table's cells, or the
caption before any cell is met) and holds a few words. A line of the same text block as the
note above it goes on that note. Boxes are frame boxes, as :mod:`.table_region` gives them.
"""
from __future__ import annotations

import re
from statistics import median
from typing import TYPE_CHECKING

from .layout import join_lines

if TYPE_CHECKING:
    from .table_region import Item

# "Note:", "Notes.", "Source:", a footnote mark, a letter mark ("a:", "a)", "(a)"), "p < 0.05", 注：
NOTE_RE = re.compile(r"^\s*(?:(?:Notes?|NOTES?|Sources?|SOURCES?|Abbreviations?)\s*[:.]|[*†‡§¶]"
                     r"|\(?[a-z]\)\s|[a-z]\s*:\s|p\s*[<>≤=]\s*0?\.\d|注\s*[:：])")
SMALLER = 0.8     # points: a note is set this much smaller than what it is measured against
NOTE_WORDS = 3    # words a line without a note's mark needs to be a note by its size alone


def size_of(items: list["Item"]) -> float:
    """The median font size of the text ``items`` (points; 0 when none)."""
    sizes = [it.size for it in items if it.kind == "text" and it.size > 0]
    return median(sizes) if sizes else 0.0


def is_note(it: "Item", side: list["Item"], against: float) -> bool:
    """``it`` is a line of a table's note (see the module docstring); ``side``: the items it
    may share a row with; ``against``: the font size it is measured against (points)."""
    if it.kind != "text" or not alone(it, side):
        return False
    if NOTE_RE.match(it.text):
        return True
    return against > 0 and 0 < it.size <= against - SMALLER and it.words >= NOTE_WORDS


def goes_on(it: "Item", last: "Item", side: list["Item"]) -> bool:
    """``it`` goes on the note whose last line is ``last``: the same text block, alone in its row."""
    return it.kind == "text" and it.block >= 0 and it.block == last.block and alone(it, side)


def alone(it: "Item", side: list["Item"]) -> bool:
    """No other text shares the line's row (a row of cells has several)."""
    h = it.bbox[3] - it.bbox[1]
    for o in side:
        if o is it or o.kind != "text" or min(o.bbox[3], it.bbox[3]) - max(o.bbox[1], it.bbox[1]) <= 0.5 * min(
                h, o.bbox[3] - o.bbox[1]):
            continue
        if o.bbox[0] >= it.bbox[2] - 1 or o.bbox[2] <= it.bbox[0] + 1:
            return False
    return True


def note_texts(lines: list["Item"]) -> list[str]:
    """The notes of a table from their lines (any order): one note from each line that starts
    with a note's mark, with the lines after it that carry none."""
    notes: list[list[str]] = []
    for it in sorted(lines, key=lambda it: (it.bbox[1], it.bbox[0])):
        if notes and not NOTE_RE.match(it.text):
            notes[-1].append(it.text)
        else:
            notes.append([it.text])
    return [" ".join(join_lines(n).split()) for n in notes]
