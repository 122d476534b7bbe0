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
class Graphic:
    """A region with graphics: one raster image or one cluster of vector paths.

    ``kind`` is "raster" or "vector"; ``xref`` is the image's PDF object (0 if none);
    ``ruled`` says the cluster is made only of straight horizontal/vertical strokes (table rules,
    underlines), which alone do not make a figure.
    """

    bbox: BBox
    kind: str
    xref: int = 0
    paths: int = 1
    ruled: bool = False


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
    layout.graphics = _images(page) + _drawing_clusters(page)
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


def _images(page: pymupdf.Page) -> list[Graphic]:
    out = []
    area = page.rect.width * page.rect.height
    for info in page.get_image_info(xrefs=True):
        r = pymupdf.Rect(info["bbox"]) & page.rect
        if r.is_empty:
            continue
        if r.width * r.height > 0.85 * area:
            log.debug("page %d: image xref %s left out: page background", page.number, info.get("xref"))
            continue
        out.append(Graphic(bbox=tuple(r), kind="raster", xref=info.get("xref", 0) or 0))
    return out


def _is_white(color) -> bool:
    return color is not None and len(color) >= 3 and min(color[:3]) > 0.97


def _drawing_clusters(page: pymupdf.Page, gap: float = 3.0) -> list[Graphic]:
    """Group vector paths whose boxes touch (within ``gap`` points) into clusters."""
    prect = page.rect
    area = prect.width * prect.height
    rects: list[tuple[list[float], bool]] = []
    for p in page.get_cdrawings():
        x0, y0, x1, y1 = p["rect"]
        x0, y0, x1, y1 = max(x0, prect.x0), max(y0, prect.y0), min(x1, prect.x1), min(y1, prect.y1)
        if x1 < x0 or y1 < y0:
            continue
        w, h = x1 - x0, y1 - y0
        if w * h > 0.85 * area:
            log.debug("page %d: drawing left out: page background", page.number)
            continue
        # white fills are invisible on paper: often backgrounds that would glue unrelated things
        if p.get("type") == "f" and _is_white(p.get("fill")):
            continue
        thin = w < 1.6 or h < 1.6 or _only_straight_lines(p["items"])
        rects.append(([x0, y0, x1, y1], thin))
    if not rects:
        return []
    rects.sort(key=lambda r: (r[0][1], r[0][0]))
    done: list[list] = []
    active: list[list] = []  # [box, paths, thin paths]; boxes that later paths may still touch
    for box, thin in rects:
        if len(active) > 8:
            # sorted by top edge: a cluster ending above this path can touch no later path
            keep = []
            for c in active:
                (keep if c[0][3] + gap >= box[1] else done).append(c)
            active = keep
        hit = None
        for c in active:
            cb = c[0]
            if box[0] <= cb[2] + gap and box[2] >= cb[0] - gap and box[1] <= cb[3] + gap and box[3] >= cb[1] - gap:
                hit = c
                break
        if hit is None:
            active.append([list(box), 1, int(thin)])
        else:
            cb = hit[0]
            cb[0], cb[1], cb[2], cb[3] = min(cb[0], box[0]), min(cb[1], box[1]), max(cb[2], box[2]), max(cb[3], box[3])
            hit[1] += 1
            hit[2] += int(thin)
    clusters = done + active
    clusters = _merge_touching(clusters, gap)
    return [Graphic(bbox=tuple(c[0]), kind="vector", paths=c[1], ruled=c[2] == c[1]) for c in clusters]


def _only_straight_lines(items) -> bool:
    """True if every item of a path is a horizontal or vertical line (table rules, frames)."""
    for it in items:
        if it[0] == "l":
            (ax, ay), (bx, by) = it[1], it[2]
            if abs(ax - bx) > 0.5 and abs(ay - by) > 0.5:
                return False
        elif it[0] == "re":
            r = it[1]
            if min(abs(r[2] - r[0]), abs(r[3] - r[1])) > 1.6:
                return False
        else:
            return False
    return True


def _merge_touching(clusters: list[list], gap: float) -> list[list]:
    """Merge clusters whose boxes came to touch as they grew, until none do."""
    changed = True
    while changed:
        changed = False
        out: list[list] = []
        for c in clusters:
            for o in out:
                a, b = o[0], c[0]
                if b[0] <= a[2] + gap and b[2] >= a[0] - gap and b[1] <= a[3] + gap and b[3] >= a[1] - gap:
                    a[0], a[1], a[2], a[3] = min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])
                    o[1] += c[1]
                    o[2] += c[2]
                    changed = True
                    break
            else:
                out.append(c)
        clusters = out
    return clusters


def _union(boxes) -> BBox:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def union(boxes) -> BBox:
    """The smallest box holding all ``boxes``."""
    return _union(boxes)
