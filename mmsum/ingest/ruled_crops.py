"""A crop that shows a table set as an image: lines of type between rules across it, or a grid
of ruled cells in black and white. Judged on the crop's pixels (an h x w x 3 uint8 array, RGB)
when the crop is rendered (``Figure.ruled``), so that ranking need not decode it again.

A table set as an image looks like type between rules: three or more horizontal rules across
the whole crop (top, head and bottom rules of a booktabs table) with lines of text between
them, separated by blank rows, each line mostly white and broken into many strokes; or a
grid of ruled cells of like height in black and white (panels under strip labels alternate
short and tall). A plot has at most its frame (two rules), and the rows
inside a frame are never blank (the frame's sides cross them), so stacked panels with their
frames do not read as a table; the tiles of a mosaic plot or a bar chart are filled, with few
edges in a row, and do not read as type.
"""
from __future__ import annotations

import numpy as np

DARK = 110          # grey level (0..255) below which a pixel is ink
RULE_SPAN = 0.85    # a horizontal rule runs across this share of the crop's width
VLINE_SPAN = 0.85   # a cell border runs down this share of the ruled height
BLANK_SHARE = 0.2   # share of blank rows between the rules: line spacing of text rows
TEXT_BAND = 0.12    # a line of text is at most this share of the crop's height
GREY = 24           # most saturated pixel's spread (max - min of R, G, B) of black-on-white type
ROW_SPREAD = 2.5    # a ruled table's rows differ in height by at most this factor
WHITE = 230         # grey level below which a pixel is not paper
TYPE_INK = 0.35     # lines of type leave most of their rows' pixels white
TYPE_STROKES = 6    # and cross at least this many strokes in a row (a word has several)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D mask (end exclusive)."""
    padded = np.r_[False, mask, False].astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2], edges[1::2]))


def _reads_as_type(band_rows: np.ndarray) -> bool:
    """Whether rows of pixels (grey levels) are lines of type: little ink on white, broken into
    many strokes; the tiles of a mosaic plot or a bar chart are filled, with few edges."""
    if band_rows.size == 0:
        return False
    inked = band_rows < WHITE
    strokes = np.abs(np.diff(inked.astype(np.int8), axis=1)).sum(axis=1) / 2
    return float(inked.mean()) <= TYPE_INK and float(np.median(strokes)) >= TYPE_STROKES


def ruled_text(rgb: np.ndarray) -> bool:
    """Whether an RGB image shows a table: text rows between full-width rules, or ruled cells."""
    h, w = rgb.shape[:2]
    if h < 24 or w < 24:
        return False
    # the grey level (mean of R, G and B) is below DARK where their sum is below 3 * DARK:
    # integers, added plane by plane, spare the floating-point image that most crops (with no
    # rules) never need
    total = rgb[:, :, 0].astype(np.uint16)
    total += rgb[:, :, 1]
    total += rgb[:, :, 2]
    ink = total < 3 * DARK
    rules = _runs(np.count_nonzero(ink, axis=1) / w >= RULE_SPAN)
    if len(rules) < 3:
        return False
    grey = rgb.mean(axis=2)
    top, bottom = rules[0][0], rules[-1][1]
    inner = ink[top:bottom]
    is_rule = np.zeros(bottom - top, dtype=bool)
    for a, b in rules:
        is_rule[a - top:b - top] = True
    rows = inner.any(axis=1) & ~is_rule
    band_runs = _runs(rows)
    bands = [b - a for a, b in band_runs]
    blank = float((~inner.any(axis=1)).mean())
    if (len(bands) >= 2 and blank >= BLANK_SHARE and float(np.median(bands)) <= TEXT_BAND * h
            and _reads_as_type(grey[top:bottom][rows])):
        return True  # lines of type between rules, with line spacing between them
    # a grid: rules down the whole ruled height as well, in black and white
    vlines = _runs(inner.mean(axis=0) >= VLINE_SPAN)
    gaps = np.diff([a for a, _ in rules])
    if len(rules) < 4 or len(vlines) < 3 or gaps.max() > ROW_SPREAD * gaps.min():
        return False  # panels under strip labels alternate short and tall: a table's rows are alike
    spread = rgb.max(axis=2).astype(np.int16) - rgb.min(axis=2)
    cells = grey[top:bottom].copy()
    for a, b in vlines:
        cells[:, max(a - 2, 0):b + 2] = 255  # the cell borders are not type
    cell_rows = cells[~is_rule]
    return float(np.percentile(spread, 99)) <= GREY and _reads_as_type(cell_rows[(cell_rows < DARK).any(axis=1)])
