"""One page's raw layout: text blocks with lines and fonts, image boxes, clusters of drawings.

Everything is kept small (boxes, strings, a few numbers) so that a long document can be read
page by page without holding MuPDF pages or pixmaps. Boxes are ``(x0, y0, x1, y1)`` in PDF
points, origin top-left; page numbers are 0-based.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import pymupdf

from ..document import BBox
from .drawings import Graphic
from .images import page_graphics

log = logging.getLogger(__name__)

# No image decoding (TEXT_PRESERVE_IMAGES) and ligatures expanded to plain letters ("fi").
TEXT_FLAGS = (pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES & ~pymupdf.TEXT_PRESERVE_LIGATURES
              | pymupdf.TEXT_MEDIABOX_CLIP)
CAPTION_START_RE = re.compile(r"^\s*(?:Figure|FIGURE|Fig\.|FIG\.|Table|TABLE|图|表)\s*\d")


@dataclass
class Line:
    """A line of text: its box, text, font size (points) and whether most of it is bold."""

    bbox: BBox
    text: str
    size: float
    bold: bool = False


@dataclass
class Block:
    """A text block on ``page``. ``role`` is filled in by later steps: "body", "header",
    "footer", "caption", "table-caption", "heading", "figure-text", "title", "margin"."""

    page: int
    bbox: BBox
    lines: list[Line]
    role: str = "body"

    @property
    def size(self) -> float:
        """The font size that most of the block's characters have."""
        weights: dict[float, int] = {}
        for ln in self.lines:
            weights[ln.size] = weights.get(ln.size, 0) + len(ln.text)
        return max(weights, key=weights.get) if weights else 0.0

    @property
    def bold(self) -> bool:
        n = sum(len(ln.text) for ln in self.lines)
        return n > 0 and sum(len(ln.text) for ln in self.lines if ln.bold) >= 0.6 * n

    @property
    def text(self) -> str:
        """The block's text on one line, with end-of-line hyphenation repaired."""
        return join_lines([ln.text for ln in self.lines])

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class PageLayout:
    """What later steps need from one page; ``number`` is 0-based, sizes in points."""

    number: int
    width: float
    height: float
    blocks: list[Block] = field(default_factory=list)
    graphics: list[Graphic] = field(default_factory=list)


_HYPHEN_END_RE = re.compile(r"[A-Za-z\u00c0-\u024f]-$")


def join_lines(lines: list[str]) -> str:
    """Join text lines into one string: "exam-" + "ple" -> "example"; CJK lines join without space."""
    out = ""
    for raw in lines:
        text = raw.replace("\u00ad", "").strip()
        if not text:
            continue
        if not out:
            out = text
        elif _HYPHEN_END_RE.search(out) and text[:1].islower():
            out = out[:-1] + text
        elif _is_cjk(out[-1]) and _is_cjk(text[0]):
            out += text
        else:
            out += " " + text
    return out


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" \
        or "\u3000" <= ch <= "\u303f"


def read_layout(page: pymupdf.Page) -> PageLayout:
    """Extract text blocks, image boxes and drawing clusters of one page."""
    rect = page.rect
    layout = PageLayout(number=page.number, width=rect.width, height=rect.height)
    layout.blocks = _text_blocks(page)
    layout.graphics = page_graphics(page, [ln.bbox for b in layout.blocks for ln in b.lines])
    return layout


def _text_blocks(page: pymupdf.Page) -> list[Block]:
    blocks: list[Block] = []
    data = page.get_text("dict", flags=TEXT_FLAGS)
    for b in data["blocks"]:
        if b.get("type", 0) != 0:
            continue
        lines: list[Line] = []
        margin_lines: list[Line] = []
        for ln in b["lines"]:
            spans = [s for s in ln["spans"] if s["text"].strip()]
            if not spans:
                continue
            text = "".join(s["text"] for s in ln["spans"]).strip()
            n = sum(len(s["text"]) for s in spans)
            size = max(spans, key=lambda s: len(s["text"]))["size"]
            bold = sum(len(s["text"]) for s in spans if s["flags"] & 16 or "Bold" in s["font"]) >= 0.6 * n
            line = Line(bbox=tuple(ln["bbox"]), text=text, size=round(size, 1), bold=bold)
            # rotated text (the arXiv stamp in the margin, axis titles) is never body text
            if abs(ln["dir"][1]) > 0.1:
                margin_lines.append(line)
            else:
                lines.append(line)
        for part in _split_at_captions(lines):
            blocks.append(Block(page=page.number, bbox=_union(ln.bbox for ln in part), lines=part))
        if margin_lines:
            blocks.append(Block(page=page.number, bbox=_union(ln.bbox for ln in margin_lines),
                                lines=margin_lines, role="margin"))
    return blocks


def _split_at_captions(lines: list[Line]) -> list[list[Line]]:
    """Split a block where a later line starts a caption ("Figure 3: ...") after a full stop, or
    where the type changes from one row to the next (a bold heading over its paragraph): MuPDF
    sometimes merges such lines into one block."""
    parts: list[list[Line]] = []
    for ln in lines:
        prev = parts[-1][-1] if parts else None
        new_row = prev is not None and ln.bbox[1] >= prev.bbox[3] - 1
        # only a short first part can be a heading; a caption keeps its differently set parts
        heading_like = (parts and len(parts[-1]) <= 2 and sum(len(x.text.split()) for x in parts[-1]) <= 14
                        and not CAPTION_START_RE.match(parts[-1][0].text))
        restyled = new_row and heading_like and (prev.bold != ln.bold or abs(prev.size - ln.size) > 0.6)
        if parts and (restyled or CAPTION_START_RE.match(ln.text) and prev.text.rstrip().endswith((".", ":", "。"))):
            parts.append([ln])
        elif parts:
            parts[-1].append(ln)
        else:
            parts.append([ln])
    return parts


def _union(boxes) -> BBox:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def union(boxes) -> BBox:
    """The smallest box holding all ``boxes``."""
    return _union(boxes)
