"""QR codes: a link printed as a picture (a book's margin note, a poster's corner) is not a figure.

An image is taken for a QR code only when OpenCV's detector decodes one from it, and is looked
at only when it could be one: about square and at most :data:`MAX_SIDE` points a side (the
codes beside a textbook's figures are 50–70 pt), and two-tone: a code's modules are about half
dark, with few grey pixels between them. Decoding a candidate takes up to 60 ms; telling that
an image (a photograph, a plot on white) is not two-tone takes a few.
"""
from __future__ import annotations

import logging

import numpy as np
import pymupdf

from ..document import BBox

log = logging.getLogger(__name__)

MAX_SIDE = 144.0     # points: a larger image is not looked at (two inches)
SQUARE = (0.85, 1.18)  # width / height of a candidate
MIN_PIXELS = 21      # a QR code has at least 21 modules a side
MAX_PIXELS = 2000    # a larger image is not decoded (a photograph, not a code)
DARK_SHARE = (0.1, 0.9)  # share of dark pixels in a code, however wide its quiet zone
MAX_GREY_SHARE = 0.75    # at most this share of a code's pixels are grey (its modules' edges)


def could_be_code(box: BBox) -> bool:
    """Whether an image placed at ``box`` (PDF points) has a QR code's shape and size."""
    w, h = box[2] - box[0], box[3] - box[1]
    return 0 < w <= MAX_SIDE and 0 < h <= MAX_SIDE and SQUARE[0] <= w / h <= SQUARE[1]


def two_tone(gray: np.ndarray) -> bool:
    """Whether grey levels (0..255) could be a QR code's: between DARK_SHARE of them dark, and
    at most MAX_GREY_SHARE neither dark nor light."""
    dark = np.count_nonzero(gray < 128) / gray.size
    grey = np.count_nonzero((gray >= 48) & (gray < 208)) / gray.size
    return DARK_SHARE[0] <= dark <= DARK_SHARE[1] and grey <= MAX_GREY_SHARE


def is_link_code(doc: pymupdf.Document, xref: int, box: BBox) -> bool:
    """True when the image ``xref`` placed at ``box`` is a QR code (decoded)."""
    if not xref or not could_be_code(box):
        return False
    try:
        pix = pymupdf.Pixmap(doc, xref)
        if not (MIN_PIXELS <= min(pix.width, pix.height) and max(pix.width, pix.height) <= MAX_PIXELS):
            return False
        if pix.n - pix.alpha != 1:
            pix = pymupdf.Pixmap(pymupdf.csGRAY, pix)
        gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, :pix.width * pix.n:pix.n]
        if not two_tone(gray):
            return False
        import cv2  # OpenCV comes with the OCR engine; loaded only when a page has a candidate

        # a quiet zone around the code lets the detector find its finder patterns
        gray = np.pad(np.ascontiguousarray(gray), 8, constant_values=255)
        text, points, _ = cv2.QRCodeDetector().detectAndDecode(gray)
    except Exception:  # an image MuPDF or OpenCV cannot read is simply not a code
        log.debug("image xref %s: not readable as a QR code", xref, exc_info=True)
        return False
    if text:
        log.debug("image xref %s at %s left out: a QR code (%s)", xref, tuple(round(v) for v in box), text[:60])
    return bool(text)
