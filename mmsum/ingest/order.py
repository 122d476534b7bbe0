"""Reading order of a page's text blocks: one column top to bottom, or two columns, left
column first, with blocks that span both columns (titles, wide figures) cutting the page
into bands read one after another."""
from __future__ import annotations

from .layout import Block, PageLayout


def reading_order(pl: PageLayout, blocks: list[Block], two_col: bool) -> list[Block]:
    """``blocks`` of page ``pl`` in reading order."""
    if not two_col:
        return sorted(blocks, key=lambda b: (round(b.bbox[1]), b.bbox[0]))
    mid = pl.width / 2
    wide = sorted((b for b in blocks if b.bbox[0] < mid - 8 and b.bbox[2] > mid + 8), key=lambda b: b.bbox[1])
    narrow = [b for b in blocks if not (b.bbox[0] < mid - 8 and b.bbox[2] > mid + 8)]
    out: list[Block] = []
    cuts = [b.bbox[1] for b in wide] + [float("inf")]
    start = float("-inf")
    for i, cut in enumerate(cuts):
        band = [b for b in narrow if start <= (b.bbox[1] + b.bbox[3]) / 2 < cut]
        left = sorted((b for b in band if (b.bbox[0] + b.bbox[2]) / 2 < mid), key=lambda b: b.bbox[1])
        right = sorted((b for b in band if (b.bbox[0] + b.bbox[2]) / 2 >= mid), key=lambda b: b.bbox[1])
        out += left + right
        if i < len(wide):
            out.append(wide[i])
        start = cut
    return out
