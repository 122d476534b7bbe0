"""Text recognition (OCR) with the PP-OCR models bundled in the ``rapidocr`` wheel (Chinese and
English, on ONNX Runtime), offline.

:func:`recognise_image` turns an image (PNG/JPEG bytes, a PyMuPDF pixmap or an array) into text
lines with boxes; :func:`recognise_page` does the same for a PDF page and gives the boxes in PDF
points (origin top-left), so that OCR'd lines read like a text layer's. The engine is loaded
once per process, on first use (a few seconds), and shared by threads under a lock.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from importlib import metadata

import numpy as np
import pymupdf

from ..document import BBox
from ..errors import ModelError

log = logging.getLogger(__name__)

OCR_DPI = 150  # resolution pages are rendered at for recognition; scans are mostly 150-300 dpi
MIN_SCORE = 0.5  # lines recognised with less confidence are dropped
DETECT_SIDE = 960  # pixels: the longer side of the image text lines are detected on (recognition
                   # reads each line from the full-resolution image); a third of the time of 1754
MODEL = "PP-OCRv6 small"
INSTALL_HINT = "install the bundled engine with: pip install rapidocr"


@dataclass
class OcrLine:
    """One recognised line: ``bbox`` in the unit asked for (image pixels, or PDF points for a
    page), origin top-left; ``score`` is the recogniser's confidence (0..1)."""

    text: str
    bbox: BBox
    score: float


def engine_name() -> str:
    """"PP-OCRv6 small (rapidocr 3.10.0)": what recognises text, for outputs and ``mmsum models``."""
    try:
        return f"{MODEL} (rapidocr {metadata.version('rapidocr')})"
    except metadata.PackageNotFoundError:
        return f"{MODEL} (rapidocr, not installed)"


def engine_available() -> str | None:
    """None when the OCR engine can be loaded, else why not (one line)."""
    try:
        metadata.version("rapidocr")
    except metadata.PackageNotFoundError:
        return f"no OCR engine is installed; {INSTALL_HINT}"
    return None


_engine = None
_lock = threading.Lock()


def _load():
    global _engine
    with _lock:
        if _engine is None:
            problem = engine_available()
            if problem:
                raise ModelError(problem)
            try:
                from rapidocr import RapidOCR

                # no angle classifier: scanned pages are upright, and it costs a third more time;
                # detection on the page scaled to DETECT_SIDE (text lines stay over 10 px high)
                _engine = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False,
                                           "Det.limit_type": "max", "Det.limit_side_len": DETECT_SIDE})
            except Exception as err:  # a broken install: say so, do not fail the document with a traceback
                raise ModelError(f"the OCR engine could not be loaded ({type(err).__name__}: "
                                 f"{' '.join(str(err).split())[:160]}); {INSTALL_HINT}") from None
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        return _engine


def image_array(image) -> np.ndarray:
    """An H x W x 3 uint8 array from PNG/JPEG bytes, a pixmap or an array."""
    if isinstance(image, (bytes, bytearray)):
        image = pymupdf.Pixmap(bytes(image))
    if isinstance(image, pymupdf.Pixmap):
        pix = image
        if pix.alpha:
            pix = pymupdf.Pixmap(pix, 0)
        if pix.n not in (1, 3):
            pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
        arr = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    else:
        arr = np.asarray(image, dtype=np.uint8)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if arr.shape[2] == 1:
        arr = np.repeat(arr, 3, axis=2)
    return np.ascontiguousarray(arr[:, :, :3])


def recognise_image(image, scale: float = 1.0) -> list[OcrLine]:
    """Text lines in ``image`` (PNG/JPEG bytes, a :class:`pymupdf.Pixmap`, or an array), top to
    bottom. Boxes are image pixels divided by ``scale`` (pixels per unit: 150/72 for a page
    rendered at 150 dpi gives PDF points). Raises :class:`~mmsum.errors.ModelError` when the
    engine is missing or broken.
    """
    arr = image_array(image)
    if arr.shape[0] < 8 or arr.shape[1] < 8:
        return []
    engine = _load()
    with _lock:  # one ONNX Runtime session; it uses every core by itself
        result = engine(arr)
    boxes = getattr(result, "boxes", None)
    if boxes is None:
        return []
    out = []
    for quad, text, score in zip(boxes, result.txts, result.scores):
        text = " ".join(str(text).split())
        if not text or float(score) < MIN_SCORE:
            continue
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        out.append(OcrLine(text=text, score=float(score),
                           bbox=(min(xs) / scale, min(ys) / scale, max(xs) / scale, max(ys) / scale)))
    out.sort(key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
    return out


def recognise_page(page: pymupdf.Page, dpi: int = OCR_DPI) -> list[OcrLine]:
    """Text lines of a rendered page, boxes in PDF points (origin top-left of the page)."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    lines = recognise_image(pix, scale=dpi / 72.0)
    x0, y0 = page.rect.x0, page.rect.y0
    if x0 or y0:
        for ln in lines:
            b = ln.bbox
            ln.bbox = (b[0] + x0, b[1] + y0, b[2] + x0, b[3] + y0)
    return lines
