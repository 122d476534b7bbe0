"""Figures inside a scanned page: the regions of a page image that are not text.

A scanned paper is one image per page (or page-wide strips), often under an invisible OCR
text layer. Taken whole, every figure would be the page. Here the image is rendered small
and grey; the ink that the text layer's lines cover is text and is wiped out; what ink is
left, grouped by proximity, are the page's figures (side-by-side figures, separated by
paper, stay apart). Without a text layer, text is told from figures by its shape: a text
line is a short, flat run of ink, a figure is taller than a few text lines. Flat fills (a
cover's colour band, a shaded rule), ink that runs off both sides of the sheet (a cover's
band with its lettering) and blank strips hold no figure. Boxes are
``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

import numpy as np

from ..document import BBox

DPI = 50                 # render resolution: a text line is still several pixels high
INK_CONTRAST = 48        # grey levels darker than the paper that count as ink
PAPER_PERCENTILE = 90    # the paper's grey: most of a page is paper
WORD_SMEAR = 8.0         # points: ink this close along a line joins (letters into words and lines)
GROUP_GAP = 10.0         # points: regions of ink this close form one figure
TEXT_MARGIN = 1.5        # points around a text line's box that its ink may spill over
FIGURE_LINES = 3.0       # without a text layer: a run of ink taller than this many text lines is a figure
MIN_SIDE = 24.0          # points: a smaller region is a speck, a bullet or a stray mark
BLEED = 3.0              # points: a region this close to both sides of the sheet runs off them
FLAT_COVER = 0.9         # a region this much covered with ink ...
FLAT_STD = 10.0          # ... with grey levels this even is a flat fill (a band, a box), not a figure


def scan_regions(gray: np.ndarray, rect: BBox, text_boxes: list[BBox], text_layer: bool | None = None) -> list[BBox]:
    """Figure regions of an image rendered from ``rect`` of the page (``gray``: 2-D uint8, paper
    light). ``text_boxes`` are the text layer's line boxes on the image; ``text_layer`` says
    whether the page has one at all (default: whether any box is given); without one, text is
    told from figures by its shape."""
    from scipy import ndimage  # on first use: its import takes a third of a second of every start
    if text_layer is None:
        text_layer = bool(text_boxes)
    h, w = gray.shape
    if h < 2 or w < 2:
        return []
    sx, sy = (rect[2] - rect[0]) / w, (rect[3] - rect[1]) / h  # points per pixel
    paper = float(np.percentile(gray, PAPER_PERCENTILE))
    ink = gray < paper - INK_CONTRAST
    if not ink.any():
        return []  # a blank strip
    if text_layer:
        for t in text_boxes:
            x0, x1 = _px(t[0] - TEXT_MARGIN - rect[0], sx, w), _px(t[2] + TEXT_MARGIN - rect[0], sx, w)
            y0, y1 = _px(t[1] - TEXT_MARGIN - rect[1], sy, h), _px(t[3] + TEXT_MARGIN - rect[1], sy, h)
            ink[y0:y1 + 1, x0:x1 + 1] = False
    else:
        ink = _without_text_lines(ink, sx, sy)
    if not ink.any():
        return []
    gap_x, gap_y = max(int(round(GROUP_GAP / 2 / sx)), 1), max(int(round(GROUP_GAP / 2 / sy)), 1)
    grouped = ndimage.binary_dilation(ink, structure=np.ones((2 * gap_y + 1, 2 * gap_x + 1), bool))
    labels, _ = ndimage.label(grouped)
    out: list[BBox] = []
    for i, sl in enumerate(ndimage.find_objects(labels), start=1):
        if sl is None:
            continue
        part = (labels[sl] == i) & ink[sl]
        ys, xs = np.nonzero(part)
        if not len(ys):
            continue
        y0, y1 = sl[0].start + ys.min(), sl[0].start + ys.max() + 1
        x0, x1 = sl[1].start + xs.min(), sl[1].start + xs.max() + 1
        box = (rect[0] + x0 * sx, rect[1] + y0 * sy, rect[0] + x1 * sx, rect[1] + y1 * sy)
        if box[2] - box[0] < MIN_SIDE or box[3] - box[1] < MIN_SIDE:
            continue
        if box[0] - rect[0] <= BLEED and rect[2] - box[2] <= BLEED:
            continue  # ink off both sides of the sheet: a printed band (a cover's), not a figure
        if _flat(gray[y0:y1, x0:x1], ink[y0:y1, x0:x1]):
            continue
        out.append(box)
    return out


def _px(v: float, scale: float, n: int) -> int:
    return min(max(int(v / scale), 0), n - 1)


def _flat(gray: np.ndarray, ink: np.ndarray) -> bool:
    """A flat fill: almost all ink, of one even grey (a band of colour, a shaded box)."""
    if ink.mean() < FLAT_COVER:
        return False
    return float(gray[ink].std()) < FLAT_STD


def _without_text_lines(ink: np.ndarray, sx: float, sy: float) -> np.ndarray:
    """Ink with the text lines wiped out, told by shape: letters smeared along the line make
    flat runs of about one height (the commonest); a run more than FIGURE_LINES of them tall
    is a figure and stays, with the small runs right next to it (its labels)."""
    from scipy import ndimage  # on first use: its import takes a third of a second of every start
    smear = max(int(round(WORD_SMEAR / sx)), 1)
    runs = ndimage.binary_dilation(ink, structure=np.ones((1, 2 * smear + 1), bool))
    labels, n = ndimage.label(runs)
    if n == 0:
        return ink
    slices = ndimage.find_objects(labels)
    heights = np.array([s[0].stop - s[0].start for s in slices])
    line = float(np.median(heights))
    tall = [i + 1 for i, hgt in enumerate(heights) if hgt > FIGURE_LINES * line]
    if not tall:
        return np.zeros_like(ink)
    figure = np.isin(labels, tall)
    # a figure's own labels (tick numbers, axis titles) lie within a line or so of it
    reach_y = max(int(round(line)), 1)
    reach_x = max(int(round(line * sy / sx)), 1)
    near = ndimage.binary_dilation(figure, structure=np.ones((2 * reach_y + 1, 2 * reach_x + 1), bool))
    keep_labels = np.unique(labels[near & runs])
    return ink & np.isin(labels, keep_labels[keep_labels > 0]) & (figure | near)
