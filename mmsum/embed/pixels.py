"""Figure crops (PNG bytes) to model inputs, with PyMuPDF for decoding (no PIL needed) and
numpy for scaling (no torch needed): the ONNX Runtime and the torch encoders share it."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Callable, Iterator, Sequence

import numpy as np

from ..progress import CancelFn, check

log = logging.getLogger(__name__)
BATCH = 4  # crops per forward pass: small batches keep activations in the CPU's cache


def decode_png(data: bytes) -> np.ndarray:
    """An ``(height, width, 3)`` uint8 RGB array from PNG (or any image PyMuPDF reads)."""
    import pymupdf

    pix = pymupdf.Pixmap(data)
    if pix.alpha:
        pix = pymupdf.Pixmap(pix, 0)
    if pix.n != 3:
        pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
    # copied: the buffer belongs to the Pixmap and torch wants writable memory
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3).copy()


@lru_cache(maxsize=256)
def _resize_taps(n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """Source indexes and weights, each ``(n_out, taps)``, of antialiased bilinear resampling.

    The same weights as torch's ``interpolate(mode="bilinear", antialias=True,
    align_corners=False)`` (and PIL's bilinear): a triangle filter that widens with the scale
    when shrinking, so that every source pixel counts; when enlarging, plain bilinear.
    Unused taps have weight 0 (and a valid index).
    """
    scale = n_in / n_out
    support = scale if scale >= 1.0 else 1.0
    inv = 1.0 / scale if scale >= 1.0 else 1.0
    taps = int(np.ceil(support)) * 2 + 1
    idx = np.zeros((n_out, taps), dtype=np.intp)
    wts = np.zeros((n_out, taps), dtype=np.float32)
    for i in range(n_out):
        center = (i + 0.5) * scale
        lo = max(int(center - support + 0.5), 0)
        hi = min(int(center + support + 0.5), n_in)
        x = (np.arange(lo, hi) - center + 0.5) * inv
        w = np.clip(1.0 - np.abs(x), 0.0, None)
        total = w.sum()
        n = hi - lo
        idx[i, :n] = np.arange(lo, hi)
        if total > 0:
            wts[i, :n] = w / total
    return idx, wts


def _resize(img: np.ndarray, nh: int, nw: int) -> np.ndarray:
    """``(h, w, 3)`` uint8 -> ``(nh, nw, 3)`` float32 in 0..1, separably (rows, then columns)."""
    ridx, rw = _resize_taps(img.shape[0], nh)
    cidx, cw = _resize_taps(img.shape[1], nw)
    rows = np.zeros((nh, img.shape[1], 3), dtype=np.float32)
    for k in range(ridx.shape[1]):
        rows += rw[:, k, None, None] * img[ridx[:, k]]
    out = np.zeros((nh, nw, 3), dtype=np.float32)
    for k in range(cidx.shape[1]):
        out += cw[None, :, k, None] * rows[:, cidx[:, k]]
    return out / 255.0


def letterbox_array(images: Sequence[np.ndarray], size: int, mean: Sequence[float],
                    std: Sequence[float]) -> np.ndarray:
    """A ``(n, 3, size, size)`` float32 array: each image scaled to fit, centred on white.

    Figures are charts and diagrams, often wide: padding keeps every panel and axis in view
    where the usual centre crop would cut them. ``mean``/``std`` apply to 0..1 values.
    """
    out = np.ones((len(images), 3, size, size), dtype=np.float32)
    for k, img in enumerate(images):
        h, w = img.shape[:2]
        scale = size / max(h, w, 1)
        nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
        top, left = (size - nh) // 2, (size - nw) // 2
        out[k, :, top:top + nh, left:left + nw] = _resize(img, nh, nw).transpose(2, 0, 1)
    m = np.asarray(mean, dtype=np.float32).reshape(1, 3, 1, 1)
    s = np.asarray(std, dtype=np.float32).reshape(1, 3, 1, 1)
    return (out - m) / s


def decode_each(pngs: Sequence[bytes | None]) -> Iterator[np.ndarray | None]:
    """Each crop decoded in turn (None for a missing, undecodable or tiny (< 4 px) one): one at
    a time, so that memory does not grow with the number of figures."""
    for data in pngs:
        try:
            img = decode_png(data) if data else None
        except Exception as err:  # noqa: BLE001 - a bad crop costs that figure its image only
            log.warning("cannot decode a figure crop: %s", err)
            img = None
        yield img if img is not None and min(img.shape[:2]) >= 4 else None


def run_batched(pngs: Sequence[bytes | None], dim: int, size: int, mean, std,
                forward: Callable[[np.ndarray], np.ndarray], cancel: CancelFn | None) -> np.ndarray:
    """Decode, letterbox and run ``forward(float32 array (n, 3, size, size)) -> (n, dim)``
    in batches; unit rows, zero rows for crops that could not be decoded. At most one batch
    of decoded crops is held at a time."""
    out = np.zeros((len(pngs), dim), dtype=np.float32)
    pending: list[tuple[int, np.ndarray]] = []

    def run() -> None:
        check(cancel)
        part = [i for i, _ in pending]
        out[part] = forward(letterbox_array([img for _, img in pending], size, mean, std))
        pending.clear()

    for i, img in enumerate(decode_each(pngs)):
        if img is not None:
            pending.append((i, img))
        if len(pending) == BATCH:
            run()
    if pending:
        run()
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
