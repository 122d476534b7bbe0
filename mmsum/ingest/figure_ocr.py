"""The figure-text channel of figures without a text layer: OCR of their crops.

A vector figure's text comes from the page's own text layer (:mod:`.figure_text`); a raster
figure (a plot pasted as a picture) has none, nor has a vector plot whose labels were set as
outlines, so their axis titles, legends and labels are read from the crop with the bundled OCR
engine (:mod:`.ocr`). Only figures whose text layer gave (almost) nothing are read (see
:func:`~.figure_text.needs_ocr`), and only those whose crop has been rendered: a summary renders
the figures it ranks, search those it searches. One to two seconds of CPU per figure.
"""
from __future__ import annotations

import logging
import time

from ..document import Figure
from ..errors import ModelError
from ..progress import CancelFn, check
from .figure_text import CJK_RE, fill_raster_text, needs_ocr

log = logging.getLogger(__name__)

# share of a crop's width, from its left edge, read once more turned a quarter: a plot's
# y-axis title runs bottom to top there, and the recogniser reads upright lines only
TURNED_SHARE = 0.25


def _crop_text(figure: Figure) -> str:
    """The lines OCR reads in ``figure``'s crop, then those of its left edge turned upright."""
    import numpy as np

    from .ocr import image_array, recognise_image

    arr = image_array(figure.image_png)  # decoded once for both passes
    lines = [line.text for line in recognise_image(arr)]
    strip = arr[:, : max(8, int(arr.shape[1] * TURNED_SHARE))]
    turned = np.ascontiguousarray(np.rot90(strip, k=-1))  # clockwise: bottom-to-top text reads left to right
    return " ".join(lines + [line.text for line in recognise_image(turned)])


def _cache_key(figures: list[Figure]) -> str:
    from ..cache import digest

    # the text layer's words are part of what is kept (OCR adds to them)
    return digest(["figure-ocr-3", *(f"{f.id}|{f.text}|{f.page}|{[round(v, 1) for v in f.bbox]}" for f in figures)])


def latin_only(text: str) -> str:
    """``text`` without the tokens that hold Chinese, Japanese or Korean characters: what the
    recogniser (trained on Chinese and English together) makes of plot marks and ticks in a
    document that writes none."""
    return " ".join(t for t in text.split() if not CJK_RE.search(t))


def writes_cjk(doc) -> bool:
    """Whether ``doc`` (a :class:`~mmsum.document.Document`) is in Chinese, Japanese or Korean
    (its detected ``language``), or quotes them in three sentences or more."""
    from ..language import CJK_LANGUAGES

    return doc.language in CJK_LANGUAGES or sum(bool(CJK_RE.search(s.text)) for s in doc.sentences) >= 3


def read_raster_figures(figures: list[Figure], cancel: CancelFn | None = None, *, cache=None,
                        content_hash: str = "", cjk: bool = True) -> tuple[list[str], float]:
    """Fill ``Figure.text`` of the figures that need it by OCR of their crop; returns
    (warnings, seconds spent). ``cjk`` False: the document writes no Chinese, Japanese or
    Korean, and such characters read in its figures are left out (:func:`latin_only`). An OCR
    engine that is missing or broken is one warning, not a failure: those figures keep the
    text layer's words. With an embedding ``cache`` and the document's ``content_hash``, the
    texts read are kept there and read back on the next run."""
    todo = [f for f in figures if needs_ocr(f)]
    if not todo:
        return [], 0.0
    from .ocr import engine_available, engine_name

    problem = engine_available()
    if problem:
        return [f"the text inside figures was not read: {problem}"], 0.0
    t = time.perf_counter()
    model, key = f"figure-ocr-{engine_name()}", _cache_key(todo) + ("" if cjk else "-latin")
    if cache is not None and content_hash:
        hit = cache.load(content_hash, model, key)
        texts = hit.get("texts") if hit else None
        if texts is not None and texts.shape == (len(todo),):
            for fig, text in zip(todo, texts):
                fig.text = str(text)
            return [], time.perf_counter() - t
    warnings: list[str] = []

    def ocr(fig: Figure) -> str:
        check(cancel)
        try:
            text = _crop_text(fig)
            return text if cjk else latin_only(text)
        except ModelError as err:
            if not warnings:
                warnings.append(f"the text inside figures was not read: {err}")
            return ""

    for fig in todo:
        check(cancel)
        fill_raster_text([fig], ocr)
    if cache is not None and content_hash and not warnings:
        import numpy as np

        cache.store(content_hash, model, key, {"texts": np.array([f.text for f in todo], dtype=str)})
    return warnings, time.perf_counter() - t
