"""Recognised (OCR) lines of a page grouped into text blocks, as a text layer would give them.

Boxes are PDF points, origin top-left. A line's font size is estimated from its box height
(recognised boxes hold the ascenders and descenders and a little padding), rounded to whole
points so that lines of one type get one size.
"""
from __future__ import annotations

from .layout import Block, Line, split_at_captions, union
from .ocr import OcrLine

BOX_TO_FONT = 0.75  # font size / height of a recognised line's box
SAME_SIZE = 1.5  # points: lines of one type, whatever their boxes' padding
# a recognised box's height moves with the letters it holds and the detector's padding: a
# paragraph's short last line can come out 2 points smaller than the lines above it, and a
# line that goes on with a sentence the line above left open is of that paragraph
CONTINUED_SIZE = 3.0  # points


def _continues(above: str, line: str) -> bool:
    """Whether ``line`` goes on with the sentence that the line ``above`` leaves open: it
    starts in lower case and ``above`` ends without sentence punctuation."""
    above, line = above.rstrip(), line.lstrip()
    return bool(above and line) and line[0].islower() and above[-1] not in ".!?:;。！？：；"


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
            size = SAME_SIZE if not _continues(last.text, line.text) else CONTINUED_SIZE
            if -0.5 * lh <= gap <= 0.7 * lh and overlap >= 0.5 * narrow and abs(line.size - last.size) <= size:
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
