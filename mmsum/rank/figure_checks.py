"""Figures that are not worth showing as key figures: tables set as images, page decoration
(covers' bands, banners, logos in the margins), crops that failed.

A table set as an image is told by its caption ("Table 2: ..." or "Tab. 2") or by its crop
(:mod:`mmsum.ingest.ruled_crops`: judged when the crop was rendered, else on the crop's PNG,
``Figure.image_png``, at the reader's resolution).
"""
from __future__ import annotations

import re

import numpy as np

from ..document import Figure
from ..ingest.ruled_crops import ruled_text

__all__ = ["crop_failed", "is_table", "page_decoration", "ruled_text"]

BLEED = 3.0         # points: a figure this close to both edges of the sheet runs off them
MARGIN_BAND = 0.09  # share of the page height: the top and bottom margins, where logos and banners go

_TABLE_CAPTION = re.compile(r"^\s*(?:table|tab\.|表)\s*[A-Z]?[\dIVXL]", re.I)


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


def is_table(fig: Figure) -> bool:
    """A table set as an image (its caption says "Table", or its crop is ruled rows of text)."""
    if _TABLE_CAPTION.match(fig.label or "") or _TABLE_CAPTION.match(fig.caption or ""):
        return True
    if not fig.image_png:
        return False
    if fig.ruled is not None:  # judged on the crop's pixels as it was rendered
        return fig.ruled
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
