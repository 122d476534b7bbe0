"""Figures that are not worth showing as key figures: tables set as images, page decoration
(covers' bands, banners, logos in the margins), crops that failed.

A table set as an image looks like type between rules: three or more horizontal rules across
the whole crop (top, head and bottom rules of a booktabs table) with lines of text between
them, separated by blank rows, each line mostly white and broken into many strokes; or a
grid of ruled cells of like height in black and white (panels under strip labels alternate
short and tall). A plot has at most its frame (two rules), and the rows
inside a frame are never blank (the frame's sides cross them), so stacked panels with their
frames do not read as a table; the tiles of a mosaic plot or a bar chart are filled, with few
edges in a row, and do not read as type. Read from the crop (``Figure.image_png``, a
PNG at the reader's resolution) and from the caption ("Table 2: ..." or "Tab. 2").
"""
from __future__ import annotations

import re

import numpy as np

from ..document import Figure

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
BLEED = 3.0         # points: a figure this close to both edges of the sheet runs off them
MARGIN_BAND = 0.09  # share of the page height: the top and bottom margins, where logos and banners go

_TABLE_CAPTION = re.compile(r"^\s*(?:table|tab\.|表)\s*[A-Z]?[\dIVXL]", re.I)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D mask (end exclusive)."""
    padded = np.r_[False, mask, False].astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2], edges[1::2]))


def _pixels(png: bytes) -> np.ndarray | None:
    """The crop as an (h, w, 3) uint8 array, None when it cannot be decoded."""
    import pymupdf

    try:
        pix = pymupdf.Pixmap(png)
        if pix.alpha or pix.n != 3:
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix, 0)
        return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)
    except Exception:  # noqa: BLE001 - a crop that cannot be read is judged by its caption alone
        return None


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


def is_table(fig: Figure) -> bool:
    """A table set as an image (its caption says "Table", or its crop is ruled rows of text)."""
    if _TABLE_CAPTION.match(fig.label or "") or _TABLE_CAPTION.match(fig.caption or ""):
        return True
    if not fig.image_png:
        return False
    rgb = _pixels(fig.image_png)
    return rgb is not None and ruled_text(rgb)


def page_decoration(fig: Figure, page_width: float, page_height: float) -> bool:
    """An uncaptioned, unmentioned figure that is part of the page's dress, not its content: it
    runs off both sides (or the top and bottom) of the sheet, as a cover's bands and banners
    do, or it lies wholly in the top or bottom margin, as a logo or a running banner does.
    Boxes in PDF points, origin top-left."""
    if fig.caption.strip() or fig.mentions or fig.label:
        return False
    x0, y0, x1, y1 = fig.bbox
    bleeds = (x0 <= BLEED and x1 >= page_width - BLEED) or (y0 <= BLEED and y1 >= page_height - BLEED)
    in_margin = y1 <= MARGIN_BAND * page_height or y0 >= (1 - MARGIN_BAND) * page_height
    return bleeds or in_margin


def crop_failed(fig: Figure) -> bool:
    """No usable crop: it was not rendered, or it cannot be decoded."""
    return not fig.image_png
