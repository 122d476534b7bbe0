"""The body of a document in reading order, and its title.

:class:`BodyWalk` takes the body blocks in reading order and sorts them: headings open
sections, keyword lines and reference lists are left out, the rest is text to summarize.
The title is the largest text near the top of the first page with text (or the file's
metadata title); author and affiliation lines before the first heading are front matter.
"""
from __future__ import annotations

import re

from ..document import Section
from .layout import Block, PageLayout, Role
from .page_geometry import in_a_drawing
from .script import cjk_letter_count, cjk_share
from .sections import KNOWN, NUMBERED_RE, heading_level, lists_authors, names_people
from .sentences import has_subject_or_verb, without_run_in_label

_REFERENCES_RE = re.compile(r"^(?:[\dIVX]+\.?\s+)?(?:references|bibliography|literature cited|works cited|参考文献)$",
                            re.I)
# a references heading on one line with the first entry: "References Boquist, Urban. 1999 …", "References [1] A. …"
_HEADING_THEN_ENTRY_RE = re.compile(r"^(?i:references|bibliography|参考文献)\s+(?:\[1\]\s|[A-Z\u00c0-\u00de][\w'’-]+,\s)")
# the first entry of a numbered reference list: "[1] A. Author, ...", "[1] Author, A. ..."
_FIRST_REFERENCE_RE = re.compile(r"^\s*\[1\]\s+[A-Z\u00c0-\u00de]")
# keyword and classification lines of the front matter: "Keywords: ...", "Index Terms—...", "PACS numbers: ..."
_KEYWORDS_RE = re.compile(r"^\s*(?:key\s*words(?:\s+and\s+phrases)?|keywords|index\s+terms|pacs(?:\s+numbers?)?|"
                          r"(?:ams|msc)(?:\s+\d{4})?\s+(?:subject\s+)?classifications?|"
                          r"subject\s+classifications?|jel\s+classifications?|acm\s+ccs|关键词|关键字)\b"
                          r"(?:\s*[:.—–：-]|\s*$)", re.I)


# the heading of a table of contents ("Contents", "Table of Contents", "目录")
_CONTENTS_RE = re.compile(r"^(?:(?:table\s+of\s+)?contents|目\s*录|目\s*次)$", re.I)
# a line of a table of contents: a heading's number alone ("4.", "6.1", "Appendix A."), a page
# number alone, a heading that ends with its page number (after dot leaders, if any), or with
# dot leaders whose page number MuPDF sets on a line of its own
_ENTRY_RE = re.compile(r"^.+?(?:[\s.·…]+\d{1,4}|(?:\s*[.·]){4,}|\s*…+)$")
_CONTENTS_LINE_RE = re.compile(rf"^(?:(?:appendix\s+)?(?:[\dIVX]+|[A-Z])(?:\.\d+)*\.?|\d{{1,4}})$|{_ENTRY_RE.pattern}",
                               re.I)


class BodyWalk:
    """Takes body blocks in reading order and sorts them: headings open sections, keyword
    lines and reference lists are left out, the rest is text to summarize (``ordered``)."""

    def __init__(self, body_size: float) -> None:
        self.body_size = body_size
        self.ordered: list[tuple[Block, str | None]] = []
        self.sections: list[Section] = []
        self.current: str | None = None
        self._last_heading: Block | None = None
        self._in_references = False  # a reference list met under some other heading, until the next one
        self._in_keywords = False  # a keyword list, which may run on over a few short lines
        self._in_contents = False  # a table of contents, until a block that is not one of its entries
        self._first_page: int | None = None  # the page of the first body block: the first page of text
        self.before_contents: int | None = None  # blocks of ``ordered`` before a table of contents that no heading opens

    def take(self, b: Block) -> None:
        text = " ".join(b.text.split())
        if self._first_page is None:
            self._first_page = b.page
        if self._continues_heading(b):
            return
        if self._keyword_line(b, text):
            return
        self._in_keywords = False
        self._last_heading = None
        if self._contents(b, text):
            return
        if self._heading(b):
            return
        if self._reference(text) or self._references_heading_above(b):
            return
        self.ordered.append((b, self.current))

    def _continues_heading(self, b: Block) -> bool:
        """A heading broken over two lines ("METHODS AS" / "CONTROLLERS")."""
        if self._last_heading is None or not _continues_heading(self._last_heading, b):
            return False
        b.role = Role.HEADING
        self.current = f"{self.current} {' '.join(b.text.split())}"
        self.sections[-1].title = self.current
        self._last_heading = b
        return True

    def _keyword_line(self, b: Block, text: str) -> bool:
        """"Keywords: ..." and the short lines that carry its list on."""
        if not (_KEYWORDS_RE.match(text) or (self._in_keywords and _list_continues(text)
                                              and heading_level(b, self.body_size) is None)):
            return False
        self._in_keywords = not _ends_sentence(text)
        b.role = Role.KEYWORDS  # a list of terms, not a sentence of the document
        self._last_heading = None
        return True

    def _contents(self, b: Block, text: str) -> bool:
        """A table of contents (a heading "Contents" and the blocks of entries under it, or a
        block that opens with it) lists headings and page numbers: no text to summarize, and
        its entries ("4. Well-Posedness … 29") are no headings of this document's sections."""
        first = " ".join(b.lines[0].text.split()) if b.lines else text
        if _CONTENTS_RE.match(first):
            self._in_contents = True
            if not self.sections and self.before_contents is None:
                self.before_contents = len(self.ordered)
        elif not (self._in_contents and reads_as_contents(b)):
            self._in_contents = False
            return False
        b.role = Role.CONTENTS
        return True

    def _heading(self, b: Block) -> bool:
        level = heading_level(b, self.body_size)
        if level is None:
            return False
        if self._front_matter_heading(b):
            return True
        self._in_references = False
        self._last_heading = b
        b.role = Role.HEADING
        self.current = " ".join(b.text.split())
        self.sections.append(Section(title=self.current, page=b.page, level=level))
        return True

    def _front_matter_heading(self, b: Block) -> bool:
        """An author's name or an affiliation set like a heading on the first page of text, before
        any section ("Achim Zeileis", "2 Department of Statistics, Lancaster University, UK"): no
        section, and the blocks under it stay before the first heading, front matter."""
        text = " ".join(b.text.split())
        return (not self.sections and b.page == self._first_page
                and (names_people(text) or ("," in text and bool(_AFFILIATION_RE.search(text)))))

    def _references_heading_above(self, b: Block) -> bool:
        """A block that opens with a references heading, read together with the first entries
        under it (OCR and some layouts join them, on one line or in one block): the
        bibliography starts here."""
        first = " ".join(b.lines[0].text.split()) if b.lines else ""
        if not ((len(b.lines) >= 2 and _REFERENCES_RE.match(first)) or _HEADING_THEN_ENTRY_RE.match(first)):
            return False
        self._in_references = True
        return True

    def _reference(self, text: str) -> bool:
        """The bibliography is a list of citations, not text to summarize."""
        if not self._in_references and _FIRST_REFERENCE_RE.match(text):
            self._in_references = True  # a bibliography without its own heading
        return self._in_references or bool(self.current and _REFERENCES_RE.match(self.current))


def reads_as_contents(b: Block) -> bool:
    """Most lines of ``b`` are entries of a table of contents: a heading's number, a page
    number, or a heading ending in its page number (a block of one line: the last)."""
    lines = [" ".join(ln.text.split()) for ln in b.lines]
    lines = [ln for ln in lines if ln]
    if len(lines) == 1:
        return bool(_ENTRY_RE.match(lines[0]))
    entries = sum(bool(_CONTENTS_LINE_RE.match(ln)) for ln in lines)
    return len(lines) >= 2 and entries >= 0.6 * len(lines)


def _list_continues(text: str) -> bool:
    """``text`` is a short line of terms that carries on a keyword list."""
    return len(text.split()) <= 12 and not re.search(r"[.!?]\s+[A-Z]", text)


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?。！？][\"'”’)\]]*$", text.rstrip()))


def _continues_heading(head: Block, b: Block) -> bool:
    """``b`` is the second line of heading block ``head``: same type, right below, short."""
    text = " ".join(b.text.split())
    return (b.page == head.page and abs(b.size - head.size) < 0.3 and b.bold == head.bold
            and text.isupper() == " ".join(head.text.split()).isupper()
            and 0 <= b.bbox[1] - head.bbox[3] < head.size and len(text.split()) <= 8
            and not text.endswith((".", ",", ";")) and heading_level(b, 0.0) is None
            and min(b.bbox[2], head.bbox[2]) > max(b.bbox[0], head.bbox[0]))


def without_front_matter(ordered: list, pages: list[PageLayout], before_contents: int | None = None) -> list:
    """Drop the author and affiliation lines: short blocks on the first page (of text) that come before
    the first section heading (usually "Abstract" or "1 Introduction"), or before a table of
    contents that comes before any heading (``before_contents`` blocks: a report's or
    manual's title page and its contents), and before the first block that reads as prose
    (an abstract without a heading: :func:`_reads_as_prose`)."""
    pages = [pl for pl in pages if pl.blocks]  # a download service's cover page, emptied, is none
    first_page = pages[0].number if pages else 0
    ordered = _without_blocks_above_text(ordered, pages[0] if pages else None)
    if not ordered or ordered[0][1] is not None:
        return ordered
    if before_contents:
        before = list(range(before_contents))
    else:
        before = [i for i, (b, sec) in enumerate(ordered) if sec is None]
        if not before or len(before) == len(ordered) or ordered[before[-1]][0].page != first_page:
            return ordered  # no heading on the first page: nothing tells where front matter ends
    prose = next((i for i in before if _reads_as_prose(ordered, i)), len(ordered))
    while 0 < prose < len(ordered) and _runs_into(ordered, prose - 1):
        prose -= 1  # the paragraph's first line, shorter, runs into it
    drop = {i for i in before if i < prose and len(ordered[i][0].text.split()) < 40
            and not _continues_sentence(ordered, i)}
    return [item for i, item in enumerate(ordered) if i not in drop]


PROSE_WORDS = 12  # a sentence of an abstract, not an author's or affiliation's line


def _runs_into(ordered: list, i: int) -> bool:
    """Block ``i`` names no affiliation or marked authors and leaves a sentence open that the
    next block carries on in lower case."""
    text = " ".join(ordered[i][0].text.split())
    return (ordered[i + 1][0].text.lstrip()[:1].islower() and not _ends_sentence(text)
            and not _AFFILIATION_RE.search(text) and not lists_authors(text))


def _reads_as_prose(ordered: list, i: int) -> bool:
    """Block ``i`` is a paragraph's text (an abstract's, set a sentence or a line a block): it
    has :data:`PROSE_WORDS` words or more, names no affiliation or marked authors, and ends a
    sentence with a subject or verb in it, or runs on into a next block that opens in lower
    case; or it opens with the abstract's label. Front matter (title, authors, affiliations) comes before it, none after."""
    text = " ".join(ordered[i][0].text.split())
    if without_run_in_label(text) != text:
        return True  # the abstract, opened by its label ("Abstract. Let Φ be …")
    if len(text.split()) < PROSE_WORDS or _AFFILIATION_RE.search(text) or lists_authors(text):
        return False
    after = ordered[i + 1][0].text.lstrip() if i + 1 < len(ordered) else ""
    return (_ends_sentence(text) and has_subject_or_verb(text)) or after[:1].islower()


def _continues_sentence(ordered: list, i: int) -> bool:
    """Block ``i`` carries on a sentence that a paragraph before it left open (it opens in lower
    case after a block that ends without a full stop and has 40 words or more, or carries on
    one itself: an abstract broken over blocks), no front matter."""
    text = " ".join(ordered[i][0].text.split())
    before = ordered[i - 1][0].text.split() if i > 0 else []
    return (text[:1].islower() and bool(before) and not _ends_sentence(" ".join(before))
            and (len(before) >= 40 or _continues_sentence(ordered, i - 1)))


def _without_blocks_above_text(ordered: list, first: PageLayout | None) -> list:
    """Drop the author and affiliation blocks of the first page that lie wholly above its first
    heading and its first paragraph of 40 words or more (a block naming where authors work or
    how to reach them, listing authors with their affiliations' marks, or of at most
    :data:`NAME_WORDS` words): an author block beside
    another, at the top of the right column, comes after the left column in reading order and
    would otherwise open the right column's text."""
    if first is None:
        return ordered
    tops = [b.bbox[1] for b in first.blocks if b.role == Role.HEADING]
    tops += [b.bbox[1] for b, _ in ordered if b.page == first.number and len(b.text.split()) >= 40]
    if not tops:
        return ordered
    top = min(tops)
    return [(b, sec) for b, sec in ordered
            if not (b.page == first.number and b.bbox[3] <= top
                    and (_AFFILIATION_RE.search(b.text) or lists_authors(b.text)
                         or len(b.text.split()) <= NAME_WORDS))]


NAME_WORDS = 6  # an author's name, or names, alone on a block


def main_font_size(pages: list[PageLayout]) -> float:
    """The font size most body characters are set in (points)."""
    weights: dict[float, int] = {}
    for pl in pages:
        for b in pl.blocks:
            if b.role == Role.BODY:
                for ln in b.lines:
                    weights[ln.size] = weights.get(ln.size, 0) + len(ln.text)
    return max(weights, key=weights.get) if weights else 0.0


# --- the title ------------------------------------------------------------------------------

# lines that name where authors work or how to reach them, never a title
_AFFILIATION_RE = re.compile(r"\b(?:universit|institut|department|dept\.|laborator|college|school of|faculty|"
                             r"academy|centre|center for|corporation|inc\.|ltd|gmbh|e-?mail|@)|大学|学院|研究所|"
                             r"研究院|实验室", re.I)


def em_size(block: Block) -> float:
    """A recognised (OCR) block's font size in points from how wide its characters are: a
    recognised box's height follows the detector's padding more than the type (a title and
    the body came out alike), its width the type. A Latin character is about half an em wide,
    a CJK character one em."""
    width = chars = 0.0
    for ln in block.lines:
        text = ln.text.strip()
        cjk = cjk_letter_count(text)
        width += ln.bbox[2] - ln.bbox[0]
        chars += cjk + EM_PER_LATIN * (len(text) - cjk)
    return width / chars if chars else block.size


EM_PER_LATIN = 0.5  # ems a Latin character takes, on average over text
SAME_TITLE_SIZE = 0.3  # points: the parts of a title set on several lines
SAME_OCR_TITLE_SIZE = 0.1  # share of the size, for sizes measured from recognised characters
OCR_TITLE_STEP = 1.3  # a recognised title's size over the body's (measured sizes are rough)
MIN_OCR_TITLE_CHARS = 12
OCR_TITLE_SHIFT = 0.1  # of the page's width: how far the centres of a title's lines may lie apart


def _could_be_ocr_title(b: Block) -> bool:
    """A recognised block long enough for its size to be measured, and no section heading."""
    text = " ".join(b.text.split())
    return len(text) >= MIN_OCR_TITLE_CHARS and not NUMBERED_RE.match(text) and not KNOWN.match(text)


def _median_em_size(pages: list[PageLayout], numbers: frozenset[int]) -> float:
    """The size (:func:`em_size`) of the median character of the blocks on pages ``numbers``."""
    sizes = sorted((em_size(b), len(b.text)) for pl in pages if pl.number in numbers for b in pl.blocks)
    half, seen = sum(n for _, n in sizes) / 2, 0
    for size, n in sizes:
        seen += n
        if seen >= half:
            return size
    return 0.0


def find_title_blocks(pages: list[PageLayout], body_size: float, ocr_pages: frozenset[int] = frozenset()
                      ) -> list[Block]:
    """The blocks of the largest text near the top of the first page that has text (a title
    set on several lines may come as several blocks); none when nothing stands out. Text set
    inside a chart (category names, a legend) is no title, however large. On a page read by
    OCR (its number in ``ocr_pages``), sizes are measured from the characters' widths
    (:func:`em_size`), against the same measure of the recognised pages' body."""
    first = next((pl for pl in pages if pl.blocks), None)
    if first is None:
        return []
    recognised = first.number in ocr_pages
    size = em_size if recognised else (lambda b: b.size)
    if recognised:
        body_size = _median_em_size(pages, ocr_pages)
    # a scan's running header repeats its title on every page, the first included; a short
    # line's measured size is too rough to tell (an author's name)
    roles = (Role.BODY, Role.HEADER) if recognised else (Role.BODY,)
    cands = [b for b in first.blocks if b.role in roles and b.bbox[1] < first.height * 0.5
             and (len(b.text.split()) >= 2 or cjk_share(b.text) >= 0.5 and len(b.text) >= 4) and len(b.lines) <= 4
             and not _AFFILIATION_RE.search(b.text) and not in_a_drawing(b, first)
             and (not recognised or _could_be_ocr_title(b))]
    if not cands:
        return []
    top = max(cands, key=size)
    by_style = size(top) < body_size * (OCR_TITLE_STEP if recognised else 1.15)
    if by_style:
        top = None if recognised else title_set_as_heading(first, cands, body_size)
        if top is None:
            return []
    same = SAME_OCR_TITLE_SIZE * size(top) if recognised else SAME_TITLE_SIZE
    parts = [top]
    for b in sorted(first.blocks, key=lambda b: b.bbox[1]):
        last = parts[-1]
        if recognised and abs((b.bbox[0] + b.bbox[2]) - (top.bbox[0] + top.bbox[2])) / 2 > OCR_TITLE_SHIFT * first.width:
            continue  # a recognised title's lines share its centre (an author's name beside it does not)
        if (b.role in roles and b is not top and abs(size(b) - size(top)) < same
                and -size(top) / 2 <= b.bbox[1] - last.bbox[3] < 1.5 * size(top) and not _AFFILIATION_RE.search(b.text)
                and not in_a_drawing(b, first)
                and (not by_style or (_set_like(b, top) and not names_people(" ".join(b.text.split()))))):
            parts.append(b)
    return parts


def _set_like(b: Block, top: Block) -> bool:
    """``b`` is set as ``top`` is: bold or not, in capitals or not."""
    return b.bold == top.bold and b.text.isupper() == top.text.isupper()


def title_set_as_heading(first: PageLayout, cands: list[Block], body_size: float) -> Block | None:
    """Where no text on the first page is larger than the body's, the title is the first block
    set apart in bold or capitals, no smaller than the body, with no paragraph above it, and
    no section's name, number or people's names ("ON THE LAST QUESTION OF STEFAN BANACH",
    a journal's bold title in body size); else None."""
    def apart(b: Block) -> bool:
        text = " ".join(b.text.split())
        return ((b.bold or text.isupper()) and b.size >= body_size - 0.3 and len(b.lines) <= 3
                and len(re.findall(r"[^\W\d_]{3,}", text)) >= 2  # words, not a formula's letters ("A B A &B")
                and not KNOWN.match(text.rstrip(".:")) and not NUMBERED_RE.match(text) and not names_people(text)
                and not _CONTENTS_RE.match(text) and not text.endswith((".", ",", ";", ":")))

    top = min((b for b in cands if apart(b)), key=lambda b: b.bbox[1], default=None)
    if top is None or any(b.role == Role.BODY and b.bbox[3] <= top.bbox[1] and len(b.text.split()) >= 40
                          for b in first.blocks):
        return None
    return top


def title_text(blocks: list[Block]) -> str | None:
    if not blocks:
        return None
    from .layout import join_lines

    text = " ".join(join_lines([b.text for b in blocks]).split())
    # a mark standing alone between two words is a speck a scan's recogniser read ("Replicated .
    # Database Maintenance"): a title has no sentence end inside it
    return _LONE_MARK_RE.sub("", text) or None


_LONE_MARK_RE = re.compile(r"(?<=\w) [.·,;:'`](?= \w)")


def metadata_title(meta: dict) -> str | None:
    t = (meta.get("title") or "").strip()
    if t and not re.search(r"\.(?:pdf|docx?|tex|dvi)$|^untitled|^microsoft word", t, re.I):
        return t
    return None
