"""Figure crops (PNG bytes) to model input tensors, with PyMuPDF for decoding (no PIL needed)."""
from __future__ import annotations

from typing import Sequence

import numpy as np


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


def letterbox_batch(images: Sequence[np.ndarray], size: int, mean: Sequence[float],
                    std: Sequence[float]):
    """A ``(n, 3, size, size)`` float tensor: each image scaled to fit, centred on white.

    Figures are charts and diagrams, often wide: padding keeps every panel and axis in view
    where the usual centre crop would cut them. ``mean``/``std`` apply to 0..1 values.
    """
    import torch
    import torch.nn.functional as F

    out = torch.ones((len(images), 3, size, size))
    for k, img in enumerate(images):
        h, w = img.shape[:2]
        scale = size / max(h, w, 1)
        nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
        t = torch.from_numpy(img).permute(2, 0, 1).float().unsqueeze(0) / 255.0
        t = F.interpolate(t, size=(nh, nw), mode="bilinear", antialias=True, align_corners=False)
        top, left = (size - nh) // 2, (size - nw) // 2
        out[k, :, top:top + nh, left:left + nw] = t[0]
    m = torch.tensor(mean).view(1, 3, 1, 1)
    s = torch.tensor(std).view(1, 3, 1, 1)
    return (out - m) / s
