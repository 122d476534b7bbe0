"""Recognising a page's lines with the decoding head their script needs.

The recognition model reads Chinese and English with one output layer over 18,710 characters,
16,000 of them CJK; a seventh of a line's time goes to that layer. On OpenVINO a second copy
of the model is made at load time whose last layer keeps only the characters that are not
CJK (about 2,450: Latin, Greek, digits, punctuation, symbols). A page's first lines (top down)
are read with the full model; when none of them holds a CJK character, its other lines are
read with the smaller one, squeezed to :data:`LATIN_SQUEEZE` of their width (a line's time
follows its width; Latin letters read as well so), and a line it reads with little confidence
or as too few characters for its width is read again with the full model (a CJK line found so
turns the page's other lines back to it). Chinese pages are read as before. 35 scanned pages,
one thread: 2.73 -> 2.04 s of recognition a page, the same characters read
(``benchmarks/scans.py``).
"""
from __future__ import annotations

import logging
import time

import cv2
import numpy as np

from .ocr import MIN_SCORE
from .script import has_cjk, is_cjk

log = logging.getLogger(__name__)

FIRST_FULL_LINES = 3  # a page's first lines, read with the full model, tell its script
LATIN_SQUEEZE = 0.8  # a Latin line's width scale: a fifth less time, English characters read as well
# a line the Latin head reads with less confidence than a kept line needs (ocr.MIN_SCORE), or
# as fewer characters than LATIN_MIN_DENSITY per line height of its width, is read again by the
# full model: English lines hold about 3 characters a height (99% over 1.5), a CJK line about 1,
# which the Latin head reads as a few marks
LATIN_MIN_DENSITY = 1.2


def latin_characters(characters: list[str]) -> np.ndarray:
    """Indices (into the model's output, blank first) of the characters a page without CJK
    can hold: the blank, the space and every character that is not CJK (no ideograph of the
    supplementary planes either)."""
    return np.array([i for i, c in enumerate(characters)
                     if i == 0 or len(c) == 1 and not is_cjk(c) and c < "\U00020000"])


def norm_line(img: np.ndarray, height: int, squeeze: float = 1.0) -> np.ndarray:
    """A line crop (H x W x 3 uint8) as the model's input (1 x 3 x ``height`` x W float32 in
    -1..1): scaled to ``height`` pixels, its width to ``squeeze`` of what keeps its shape, at
    least ``height`` wide (padded with zeros on the right), as rapidocr scales and pads one line."""
    h, w = img.shape[:2]
    width = max(1, int(height * w / max(h, 1) * squeeze))
    resized = cv2.resize(img, (width, height)).astype(np.float32).transpose((2, 0, 1)) / 127.5 - 1.0
    out = np.zeros((1, 3, height, max(width, height)), dtype=np.float32)
    out[0, :, :, :width] = resized
    return out


class ScriptRecognizer:
    """Stands in for rapidocr's ``TextRecognizer`` (``engine.text_rec``): the same call and
    output, each line read with the head its page's script needs (see the module's text).
    ``latin``: the smaller model's run function (input array -> output array) and the indices
    of the characters it keeps, or None to read every line with the full model."""

    def __init__(self, rec, latin: tuple | None):
        from rapidocr.ch_ppocr_rec.utils import CTCLabelDecode

        self.rec = rec
        self.height = int(rec.rec_image_shape[1])
        self.latin = None
        if latin is not None:
            run, keep = latin
            chars = rec.postprocess_op.character
            # CTCLabelDecode puts the blank first and the space last itself
            self.latin = (run, CTCLabelDecode(character=[chars[i] for i in keep[1:-1]]))
        self.counts = {"full": 0, "latin": 0, "again": 0}

    def __getattr__(self, name):  # rapidocr's other uses of its recogniser (session, cfg, ...)
        return getattr(self.rec, name)

    def _read(self, img: np.ndarray, latin: bool) -> tuple[str, float]:
        if latin:
            run, decode = self.latin
            preds = run(norm_line(img, self.height, LATIN_SQUEEZE))
        else:
            decode = self.rec.postprocess_op
            preds = self.rec.session(norm_line(img, self.height))
        self.counts["latin" if latin else "full"] += 1
        (text, score), = decode(preds)[0]
        return text, float(score)

    def read_lines(self, imgs: list[np.ndarray]) -> list[tuple[str, float]]:
        """(text, confidence) of each line crop, in order; lines come top down."""
        out = [self._read(img, False) for img in imgs[:FIRST_FULL_LINES]]
        latin = self.latin is not None and not any(has_cjk(t) for t, _ in out)
        for img in imgs[len(out):]:
            text, score = self._read(img, latin)
            if latin and (score < MIN_SCORE or len(text) < LATIN_MIN_DENSITY * img.shape[1] / max(img.shape[0], 1)):
                self.counts["again"] += 1
                full = self._read(img, False)
                if has_cjk(full[0]):  # a CJK line after all: the page's other lines as well
                    latin = False
                if full[1] > score or not latin:
                    text, score = full
            out.append((text, score))
        return out

    def __call__(self, args):
        from rapidocr.ch_ppocr_rec.typings import TextRecOutput

        start = time.perf_counter()
        imgs = [args.img] if isinstance(args.img, np.ndarray) else list(args.img)
        lines = self.read_lines(imgs)
        return TextRecOutput(imgs, tuple(t for t, _ in lines), [s for _, s in lines],
                             tuple(None for _ in lines), time.perf_counter() - start)
