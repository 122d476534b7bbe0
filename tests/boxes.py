"""Comparing boxes (PDF points, origin top-left) found by the reader with the truth of a built page."""
from __future__ import annotations

import pymupdf


def iou(a, b) -> float:
    """Intersection over union of two boxes (x0, y0, x1, y1)."""
    ra, rb = pymupdf.Rect(a), pymupdf.Rect(b)
    inter = ra & rb
    if inter.is_empty:
        return 0.0
    ia = inter.width * inter.height
    return ia / (ra.width * ra.height + rb.width * rb.height - ia)


def holds(outer, inner, share: float = 0.97) -> bool:
    """``share`` of the box ``inner`` lies in ``outer``."""
    ri = pymupdf.Rect(inner)
    inter = pymupdf.Rect(outer) & ri
    return not inter.is_empty and inter.width * inter.height >= share * ri.width * ri.height
