"""One page's raw layout: text blocks with lines and fonts, image boxes, clusters of drawings.

Everything is kept small (boxes, strings, a few numbers) so that a long document can be read
page by page without holding MuPDF pages or pixmaps. Boxes are ``(x0, y0, x1, y1)`` in PDF
points, origin top-left; page numbers are 0-based.
"""
from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field
from enum import Enum

import pymupdf

from ..document import BBox
from .drawings import Graphic, drawing_clusters, page_drawings, plain_paths
from .footnotes import footnote_lines, line_text, opening_text
from .images import page_graphics
from .script import is_cjk
from .typewriter import mono_share

log = logging.getLogger(__name__)

# a section's number ("3", "8.4", "2.1.3"), without the full stop that may follow it
SECTION_NUMBER = r"\d{1,2}(?:\.\d{1,2}){0,3}"
# No image decoding (TEXT_PRESERVE_IMAGES) and ligatures expanded to plain letters ("fi").
TEXT_FLAGS = (pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES & ~pymupdf.TEXT_PRESERVE_LIGATURES
              | pymupdf.TEXT_MEDIABOX_CLIP)
LABEL_TOKEN_CHARS = 3  # a scanned figure's labels are lone tokens of at most this many letters or digits
PANEL_RE = re.compile(r"^\s*\(?[a-hA-H]\)\s")  # a panel's own caption starts "(a) " or "a) "
CAPTION_SIZE_STEP = 0.6  # points: text set this much larger or smaller than a caption is not the caption
# a weight above regular in a font's name: "Times-Bold", "CMBX10" (Computer Modern bold
# extended), "SFBX1200", "LMRomanDemi10", "Bembo-Semibold", and URW's "NimbusRomNo9L-Medi" (the
# bold of Times as TeX's times package sets it). Some PDFs embed such fonts without the bold
# flag, so a heading set in them reads as the same type as its paragraph. Not "Medium" alone:
# in some families ("Kp-Medium") that is the text weight.
BOLD_FONT_RE = re.compile(r"bold|black|heavy|semibold|demi|^(?:cm|cmss|sf|mcm)bx|-medi(?:ital)?$", re.I)
CAPTION_START_RE = re.compile(r"^\s*(?:Figure|FIGURE|Fig\.|FIG\.|Table|TABLE|图|表)\s*\d")


@dataclass
class Line:
    """A line of text: its box, text, font size (points) and whether most of it is bold.
    ``lead``: the bold words that open the line where regular type follows them on its row
    (a run-in heading, "Weighted loss function." before its paragraph's first words), else ""."""

    bbox: BBox
    text: str
    size: float
    bold: bool = False
    lead: str = ""
    mono: float = 0.0  # the share of its characters set in a monospaced (typewriter) font


class Role(str, Enum):
    """What a text block is. A ``str`` enum: ``block.role == "body"`` holds for ``Role.BODY``."""

    BODY = "body"
    HEADER = "header"                # running header or page number at the top of the page
    FOOTER = "footer"                # the same at the bottom
    CAPTION = "caption"              # a figure caption
    TABLE_CAPTION = "table-caption"
    HEADING = "heading"
    TITLE = "title"
    FIGURE_TEXT = "figure-text"      # text inside a figure: axis labels, legends
    MARGIN = "margin"                # rotated text: arXiv stamps, axis titles
    NOTE = "note"                    # margin notes and side boxes beside the body column
    FOOTNOTE = "footnote"            # one footnote at the foot of a page or column (:mod:`.footnotes`)
    KEYWORDS = "keywords"            # keyword and classification lines of the front matter
    CONTENTS = "contents"            # a table of contents: headings and their page numbers
    TABLE = "table"                  # the cells of a captioned table
    CODE = "code"                    # a code listing or console session set in typewriter type

    def __str__(self) -> str:
        return self.value

    # equal to its string and hashed like it, so that sets and dicts of strings find it too
    __hash__ = str.__hash__


@dataclass
class Block:
    """A text block on ``page``; ``role`` says what it is (see :class:`Role`), "body" until a
    later step finds otherwise. Any assignment to ``role`` goes through :class:`Role`, so a
    misspelt role fails where it is set."""

    page: int
    bbox: BBox
    lines: list[Line]
    role: Role = Role.BODY

    def __setattr__(self, name: str, value) -> None:
        if name == "role":
            value = Role(value)
        object.__setattr__(self, name, value)

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
    def mono(self) -> float:
        """The share (0..1) of the block's characters set in a monospaced font."""
        n = sum(len(ln.text) for ln in self.lines)
        return sum(len(ln.text) * ln.mono for ln in self.lines) / n if n else 0.0

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
    problems: list[str] = field(default_factory=list)  # what could not be read (images, drawings)
    ocr: bool = False  # the text was recognised from the rendered page, not taken from its text layer
    # the page's paths as Page.get_cdrawings() gives them, kept until its figures are read
    # (None: not kept, read again where needed; see reader.py for how many are kept)
    paths: list[dict] | None = None
    path_count: int = 0  # how many paths the page has (kept or not)


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
        elif _HYPHEN_END_RE.search(out[-2:]) and text[:1].islower():  # the end only: a block is long
            out = out[:-1] + text
        elif _is_cjk(out[-1]) and _is_cjk(text[0]):
            out += text
        else:
            out += " " + text
    return out


_is_cjk = is_cjk


def read_layout(page: pymupdf.Page) -> PageLayout:
    """Extract text blocks, image boxes and drawing clusters of one page.

    The text comes first and does not depend on the rest: an image that cannot be decoded or a
    drawing that fails leaves its reason in ``problems`` and the page's text intact.
    """
    rect = page.rect
    layout = PageLayout(number=page.number, width=rect.width, height=rect.height)
    layout.blocks = _text_blocks(page)
    lines = [ln.bbox for b in layout.blocks for ln in b.lines]
    try:
        drawings = page_drawings(page)
        layout.paths = plain_paths(drawings[0])
        layout.path_count = len(layout.paths)
        layout.graphics = page_graphics(page, lines, figure_label_lines(layout.blocks), drawings)
    except Exception as err:  # a broken image or path must not cost the page its text
        log.debug("page %d: graphics failed", page.number, exc_info=True)
        layout.paths, layout.path_count = None, 0
        layout.problems.append(f"its images could not be read ({_short(err)})")
        try:
            layout.graphics = drawing_clusters(page)
        except Exception as err2:
            layout.problems.append(f"its drawings could not be read ({_short(err2)})")
    return layout


def figure_label_lines(blocks: list[Block]) -> list[BBox]:
    """Boxes of the lines that may be a scanned figure's own labels: a lone short token ("s",
    "u1", "Urn", "00----"), as OCR reads the node names and tick marks of a drawing. On a
    scan their ink stays with the figure; a page number or a paragraph's last word left alone
    this way is too small to count as a figure."""
    return [ln.bbox for b in blocks for ln in b.lines
            if len(ln.text.split()) == 1 and sum(ch.isalnum() for ch in ln.text) <= LABEL_TOKEN_CHARS]


def _short(err: Exception) -> str:
    return " ".join(str(err).split())[:120] or type(err).__name__


def _text_blocks(page: pymupdf.Page) -> list[Block]:
    blocks: list[Block] = []
    data = page.get_text("dict", flags=TEXT_FLAGS)
    text_blocks = [b for b in data["blocks"] if b.get("type", 0) == 0]
    notes, marks = footnote_lines(text_blocks, page.rect.height)
    for i, b in enumerate(text_blocks):
        lines: list[Line] = []
        margin_lines: list[Line] = []
        notes_here: list[list[Line]] = []  # one list of lines per footnote
        all_bold: list[bool] = []  # per line of ``lines``: every span of it is bold
        for j, ln in enumerate(b["lines"]):
            spans = [s for s in ln["spans"] if s["text"].strip()]
            if not spans:
                continue
            opens = notes.get((i, j))
            text = opening_text(ln, marks) if opens else line_text(ln, marks)
            n = sum(len(s["text"]) for s in spans)
            size = max(spans, key=lambda s: len(s["text"]))["size"]
            bold = sum(len(s["text"]) for s in spans if is_bold(s)) >= 0.6 * n
            lead = _bold_lead(ln["spans"])
            line = Line(bbox=tuple(ln["bbox"]), text=text, size=round(size, 1), bold=bold, lead=lead or "",
                        mono=mono_share(spans))
            # rotated text (the arXiv stamp in the margin, axis titles) is never body text
            if abs(ln["dir"][1]) > 0.1:
                margin_lines.append(line)
            elif opens is not None:
                if opens or not notes_here:
                    notes_here.append([])
                notes_here[-1].append(line)
            else:
                lines.append(line)
                all_bold.append(lead is None)
        _mark_bold_rows(lines, all_bold)
        for part in _split_at_captions(lines):
            blocks.append(Block(page=page.number, bbox=_union(ln.bbox for ln in part), lines=part))
        for note_lines in notes_here:
            blocks.append(Block(page=page.number, bbox=_union(ln.bbox for ln in note_lines),
                                lines=note_lines, role=Role.FOOTNOTE))
        if margin_lines:
            blocks.append(Block(page=page.number, bbox=_union(ln.bbox for ln in margin_lines),
                                lines=margin_lines, role=Role.MARGIN))
    return _join_drop_caps(blocks)


# a section's number set in regular type before its bold run-in title ("8.4. **Finite sets.**")
_NUMBER_SPAN_RE = re.compile(SECTION_NUMBER + r"\.?")


def _bold_lead(spans: list[dict]) -> str | None:
    """The text of the bold spans that open a line when regular type follows them (with a
    section number in regular type before them): "" if the line opens in regular type, None if
    every span is bold."""
    words = [i for i, s in enumerate(spans) if s["text"].strip()]
    k = 0  # spaces set as spans of their own (in any face) go on with the words around them
    if len(words) > 1 and not is_bold(spans[words[0]]) and is_bold(spans[words[1]]) \
            and _NUMBER_SPAN_RE.fullmatch(spans[words[0]]["text"].strip()):
        k = words[0] + 1
    start = k
    while k < len(spans) and (is_bold(spans[k]) or not spans[k]["text"].strip()):
        k += 1
    if k == len(spans):
        return None
    return " ".join("".join(s["text"] for s in spans[:k]).split()) if any(s["text"].strip() for s in spans[start:k]) else ""


def _mark_bold_rows(lines: list[Line], all_bold: list[bool]) -> None:
    """A line all in bold with a regular line beside it on its row is that row's bold lead
    (MuPDF makes two lines of a run-in heading set apart from its paragraph's first words)."""
    for k, (a, b) in enumerate(zip(lines, lines[1:])):
        height = a.bbox[3] - a.bbox[1]
        # the regular line may be taller (a formula in it): its top or its foot is the bold one's
        same_row = (abs(a.bbox[3] - b.bbox[3]) <= 0.3 * height or abs(a.bbox[1] - b.bbox[1]) <= 0.5 * height) \
            and b.bbox[0] >= a.bbox[2] - 1
        if same_row and all_bold[k] and not all_bold[k + 1] and not b.lead:
            a.lead = " ".join(a.text.split())


def is_bold(span: dict) -> bool:
    """PyMuPDF ``span`` is set in a bold face: flagged so, or its font's name says so."""
    return bool(span["flags"] & pymupdf.TEXT_FONT_BOLD) or bool(BOLD_FONT_RE.search(span["font"].split("+")[-1]))


def _join_drop_caps(blocks: list[Block]) -> list[Block]:
    """Put a drop cap (a large initial letter set beside the first lines of a paragraph) back
    at the start of its word: "T" + "he bandwidth" -> "The bandwidth", "T" + "HIS is" -> "THIS is".

    MuPDF returns the letter as a line of its own, often in another block (with the heading
    above it), so the paragraph would start "he bandwidth" and the heading end in "T".
    """
    lines = [(b, ln) for b in blocks if b.role == Role.BODY for ln in b.lines]
    for b, cap in lines:
        text = cap.text.strip()
        height = cap.bbox[3] - cap.bbox[1]
        if len(text) != 1 or not text.isalpha() or not text.isupper():
            continue
        # the paragraph's first line: to the right of the letter, at its top, much smaller
        beside = [(ob, ln) for ob, ln in lines if ln is not cap and ln.text[:1].isalpha()
                  and -2 <= ln.bbox[0] - cap.bbox[2] <= 3 * cap.size
                  and abs(ln.bbox[1] - cap.bbox[1]) <= 0.4 * height
                  and ln.size * 1.6 <= cap.size and ln.bbox[3] - ln.bbox[1] <= 0.7 * height]
        if not beside:
            continue
        ob, first = min(beside, key=lambda item: item[1].bbox[0])
        step = first.bbox[3] - first.bbox[1]
        # and the paragraph goes on under the letter, from its left edge
        if not any(abs(ln.bbox[0] - cap.bbox[0]) <= 3 and cap.bbox[1] + height / 2 <= ln.bbox[1] <= cap.bbox[3] + 2 * step
                   for _, ln in lines if ln is not cap):
            continue
        first.text = text + first.text.lstrip()
        first.bbox = (cap.bbox[0], first.bbox[1], first.bbox[2], first.bbox[3])
        b.lines.remove(cap)
        if b.lines:
            b.bbox = _union(ln.bbox for ln in b.lines)
        ob.bbox = _union(ln.bbox for ln in ob.lines)
    return [b for b in blocks if b.lines]


def _split_at_captions(lines: list[Line]) -> list[list[Line]]:
    """Split a block where a later line starts a caption ("Figure 3: ...") after a full stop, or
    where the type changes from one row to the next (a bold heading over its paragraph): MuPDF
    sometimes merges such lines into one block."""
    parts: list[list[Line]] = []
    for i, ln in enumerate(lines):
        prev = parts[-1][-1] if parts else None
        new_row = prev is not None and ln.bbox[1] >= prev.bbox[3] - 1
        # only a short first part can be a heading; a caption keeps its differently set parts
        heading_like = (parts and _rows(parts[-1]) <= 2 and sum(len(x.text.split()) for x in parts[-1]) <= 14
                        and not CAPTION_START_RE.match(parts[-1][0].text))
        restyled = new_row and heading_like and (prev.bold != ln.bold or abs(prev.size - ln.size) > 0.6)
        # a caption ends where its type does: running text set right under it in the body's size
        # ("... scored higher on the Raft exam." + "ating Systems course at Stanford ...")
        caption_ends = (new_row and parts and CAPTION_START_RE.match(parts[-1][0].text) is not None
                        and sum(len(x.text.split()) for x in parts[-1]) > 3  # more than a label set apart
                        and all(abs(x.size - ln.size) > CAPTION_SIZE_STEP for x in parts[-1])
                        and not PANEL_RE.match(ln.text))  # the panels' captions listed after it are its own
        # captions side by side on one row ("Figure 1      Figure 2" over two figures)
        beside = (prev is not None and CAPTION_START_RE.match(ln.text) is not None and ln.bbox[0] > prev.bbox[2]
                  and min(ln.bbox[3], prev.bbox[3]) > max(ln.bbox[1], prev.bbox[1])
                  and CAPTION_START_RE.match(parts[-1][0].text) is not None)
        if parts and (restyled or caption_ends or beside or new_row and _heading_after(prev, lines, i)
                      or CAPTION_START_RE.match(ln.text) and prev.text.rstrip().endswith((".", ":", "。"))):
            parts.append([ln])
        elif parts:
            parts[-1].append(ln)
        else:
            parts.append([ln])
    return parts


def _heading_after(prev: Line, lines: list[Line], i: int) -> bool:
    """``lines[i:]`` (a block's lines from a new row on) start with a heading set under the end of a
    sentence in bolder or larger type, and at most two rows long ("… (see Table 1)." +
    "7 Previous work"): MuPDF put the heading into the paragraph above it."""
    first, rest = lines[i], itertools.islice(lines, i, None)
    bolder = (first.bold and not prev.bold) or first.size >= prev.size + 0.6
    if not bolder or not prev.text.rstrip().endswith((".", ":", "。", ")", "?", "!")):
        return False
    same = lambda x: x.bold == first.bold and abs(x.size - first.size) <= 0.6  # noqa: E731
    head = list(itertools.takewhile(same, rest))
    text = " ".join(x.text for x in head).strip()
    return (_rows(head) <= 2 and 0 < len(text.split()) <= 14
            and not text.endswith((".", ",", ";", ":")) and not CAPTION_START_RE.match(text))


def _rows(lines: list[Line]) -> int:
    """How many rows ``lines`` (in reading order) take: a heading's number and its words are
    often separate lines on one row ("2" + "Achieving fault-tolerance with replicated")."""
    return 1 + sum(ln.bbox[1] >= prev.bbox[3] - 1 for prev, ln in zip(lines, lines[1:]))


def _union(boxes) -> BBox:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def split_at_captions(lines: list[Line]) -> list[list[Line]]:
    """A block's lines split where a caption or a differently set heading starts (see
    :func:`_split_at_captions`)."""
    return _split_at_captions(lines)


def union(boxes) -> BBox:
    """The smallest box holding all ``boxes``."""
    return _union(boxes)
