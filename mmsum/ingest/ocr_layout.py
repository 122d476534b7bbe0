"""Recognised (OCR) lines of a page grouped into text blocks, as a text layer would give them.

Boxes are PDF points, origin top-left. A line's font size is estimated from its box height
(recognised boxes hold the ascenders and descenders and a little padding), rounded to whole
points so that lines of one type get one size.
"""
from __future__ import annotations

from .layout import Block, Line, split_at_captions, union
from .ocr import OcrLine

BOX_TO_FONT = 0.75  # font size / height of a recognised line's box


def ocr_blocks(page: int, lines: list[OcrLine]) -> list[Block]:
    """Blocks of ``lines`` (one page): a line joins the block right above it when it overlaps
    it horizontally, has about its size and follows within a line gap; columns stay apart."""
    open_blocks: list[list[Line]] = []
    for ol in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        h = ol.bbox[3] - ol.bbox[1]
        line = Line(bbox=ol.bbox, text=ol.text, size=float(max(1, round(h * BOX_TO_FONT))))
        best = None
        for cur in open_blocks:
            last = cur[-1]
            lh = last.bbox[3] - last.bbox[1]
            gap = line.bbox[1] - last.bbox[3]
            overlap = min(line.bbox[2], last.bbox[2]) - max(line.bbox[0], last.bbox[0])
            narrow = min(line.bbox[2] - line.bbox[0], last.bbox[2] - last.bbox[0])
            if -0.5 * lh <= gap <= 0.7 * lh and overlap >= 0.5 * narrow and abs(line.size - last.size) <= 1.5:
                best = cur
                break
        if best is None:
            open_blocks.append([line])
        else:
            best.append(line)
    blocks: list[Block] = []
    for group in open_blocks:
        for part in split_at_captions(group):
            blocks.append(Block(page=page, bbox=union(ln.bbox for ln in part), lines=part))
    return blocks
