"""Body text to sentences, each with its page and the box of its lines.

Blocks are taken in reading order; a paragraph that runs on into the next block (next column
or page) is joined when the first ends mid-sentence and the next starts in lower case.
End-of-line hyphens are repaired. English sentences end at . ! ? before a capital letter
(abbreviations such as "Fig." and "et al." excepted); Chinese ones at 。！？.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import BBox, Sentence
from .layout import SECTION_NUMBER, Block, Line, Role, _is_cjk
from .script import cjk_letter_count, has_cjk
from .typewriter import is_code

ABBREVIATIONS = {
    "fig", "figs", "eq", "eqs", "ref", "refs", "sec", "secs", "tab", "al", "e.g", "i.e", "vs", "cf",
    "approx", "no", "nos", "vol", "pp", "dr", "mr", "mrs", "ms", "prof", "st", "jr", "inc", "ltd",
    "ch", "resp", "viz", "ca", "eqn", "thm", "def", "prop", "lem", "cor", "alg", "app", "dept", "univ",
    "est", "min", "max", "avg", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "et",
}
_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9\u00c0-\u00de])|[。！？．]+[”’」』）)]*\s*"
                     r"|(?<=[\u3040-\u30ff\u4e00-\u9fff])[!?]+[”’」』）)]*\s*(?=[\u3040-\u30ff\u4e00-\u9fff“「『])"
                     r"|…+[”’」』]\s*")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)\.$")


@dataclass
class _Piece:
    start: int
    end: int
    page: int
    bbox: BBox


@dataclass
class _Paragraph:
    text: str
    pieces: list[_Piece]
    section: str | None
    block: int


def _append_line(par: _Paragraph, text: str, page: int, bbox: BBox) -> None:
    text = text.replace("\u00ad", "").strip()
    if not text:
        return
    if par.text:
        if re.search(r"[A-Za-z\u00c0-\u024f]-$", par.text) and text[:1].islower():
            par.text = par.text[:-1]  # "exam-" + "ple": a word broken at the line end
        elif not (_is_cjk(par.text[-1]) and _is_cjk(text[0])):
            par.text += " "
    start = len(par.text)
    par.text += text
    par.pieces.append(_Piece(start, len(par.text), page, bbox))


def ends_sentence(text: str) -> bool:
    """``text`` ends a sentence, or a lead-in to what is set below it (a colon)."""
    return bool(re.search(r"[.!?:。！？．：…][\"'”’)\]」』）]*$", text.rstrip()))


# words and signs after which a sentence cannot end: the text runs on into the next block
# (a formula set on its own line, the next column or page)
_RUNS_ON_RE = re.compile(r"(?:[,(\[<>=+−–-]|\b(?:a|an|the|of|at|to|in|on|for|with|by|from|as|and|or|"
                         r"that|than|between|is|are|was|were|be|into|onto|where|which|whose|its|their|"
                         r"our|we|this|these|per|via))$", re.I)


# a block of private-use codes only: a math font's brackets and bars without a Unicode map
_FORMULA_GLYPHS_RE = re.compile(r"[\uE000-\uF8FF\s]+")


def runs_on(text: str, first: str) -> bool:
    """The paragraph ``text`` goes on in a block that starts with ``first``. Chinese and
    Japanese text has no case to tell: a line that has not ended its sentence goes on."""
    if ends_sentence(text):
        return False
    tail = text.rstrip()[-1:]
    if tail and _is_cjk(tail) and first[:1] and (_is_cjk(first[0]) or first[0].isalnum()):
        return True
    return first[:1].islower() or bool(_RUNS_ON_RE.search(text.rstrip()))


# a run-in label opening a paragraph ("Abstract— We propose …", "Abstract:
# When …", "ABSTRACT We present …", "摘要：", or "Abstract" alone on the block's first line): the
# abstract's heading, no word of its first sentence
_RUN_IN_LABEL_RE = re.compile(r"^(?:Abstract|ABSTRACT|Summary|SUMMARY)(?:\s*[—–:.\-]+\s*|\s+(?=[A-Z“\"])|\s*$)"
                              r"|^摘\s*要\s*[:：]\s*")


def without_run_in_label(text: str) -> str:
    """``text`` (a paragraph's first line) without a run-in "Abstract" label before its words."""
    return _RUN_IN_LABEL_RE.sub("", text, count=1)


# a bold run-in heading is a short title closed by a full stop ("Weighted loss function.",
# "AdaLoss vs. CONST on the same models."); a bold sentence that opens a paragraph for emphasis
# has a subject or a verb ("We never store the audio.")
_SENTENCE_WORD_RE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|"
                               r"should|must|may|might|we|i|you|they|it|this|there)\b", re.I)
RUN_IN_HEADING_WORDS = 12


def has_subject_or_verb(text: str) -> bool:
    """``text`` has a pronoun or an auxiliary verb ("we", "is", "can"): a sentence, not a title."""
    return bool(_SENTENCE_WORD_RE.search(text))


# a full stop after a word, then more text: a title does not go on past a sentence end
_RUN_IN_RE = re.compile(r"([^\W\d_]{2,}|\d)\.\s+[A-Z]")


def runs_in(text: str) -> bool:
    """A sentence ends inside ``text`` and another begins ("Lemma 4. Let", "Data. We use")."""
    return any(m.group(1).lower() not in ABBREVIATIONS for m in _RUN_IN_RE.finditer(text))


# the section number a run-in title may carry ("8.4. Finite collection of subspaces.")
_TITLE_NUMBER_RE = re.compile("^" + SECTION_NUMBER + r"\.?\s+")


def run_in_heading(lead: str) -> str:
    """``lead`` (a line's opening bold words, see :class:`.layout.Line`) if it is a run-in
    heading, no sentence of its paragraph: a short title closed by a full stop, after its
    section number if it has one; else ""."""
    title = _TITLE_NUMBER_RE.sub("", lead, count=1)
    words = title.split()
    if not (1 <= len(words) <= RUN_IN_HEADING_WORDS and title.endswith(".") and title[:1].isupper()):
        return ""
    if has_subject_or_verb(title) or runs_in(title):
        return ""
    return lead


def _without_lead(text: str, lead: str) -> str:
    """``text`` without the words of ``lead`` that open it (spacing may differ); as it was if
    it does not open with them."""
    pattern = r"\s*".join(re.escape(c) for c in lead if not c.isspace())
    m = re.match(r"\s*" + pattern, text)
    return text[m.end():].lstrip() if m else text


INDENT_EMS = 4.0  # a paragraph's first line is indented by at most this many ems
LINE_GAP = 0.5  # lines of one paragraph: at most this many line heights of space between them
SPACED_GAP = 1.6  # ... on a page that sets its lines apart, each a block (double spacing)
LINES_APART = 0.6  # a page sets its lines apart where this share of its blocks are one line
FULL_EMS = 1.5  # a line that ends this many ems or less before its column's right edge fills it


@dataclass
class PageLines:
    """The body lines of a page: (left, right) of each, in PDF points, and whether the page
    sets its lines apart (most blocks one line: double-spaced manuscripts)."""

    edges: list[tuple[float, float]]
    apart: bool


def page_lines(blocks: list[Block]) -> PageLines:
    """The :class:`PageLines` of one page's body ``blocks``."""
    edges = [(ln.bbox[0], ln.bbox[2]) for b in blocks for ln in b.lines]
    single = sum(len(b.lines) == 1 for b in blocks)
    return PageLines(edges, len(blocks) >= 4 and single >= LINES_APART * len(blocks))


def next_line_of(prev: Block | None, b: Block, page: PageLines) -> bool:
    """``b`` opens with the line that follows ``prev``'s last line in one paragraph (MuPDF
    breaks a paragraph into blocks at inline formulas, and double-spaced pages into a block a
    line): right under it (a gap of at most ``LINE_GAP`` line heights, ``SPACED_GAP`` where
    the page sets its lines apart), at the same left edge or left of an indented first line,
    and ``prev``'s line fills its column (no paragraph's short last line). ``page``: the body
    lines of ``b``'s page, whose right edges give the column's. Boxes in PDF points, origin
    top-left."""
    if prev is None or prev.page != b.page or not prev.lines or not b.lines:
        return False
    above, line = _row(prev.lines, -1), _row(b.lines, 0)
    height = above[3] - above[1]
    gap = line[1] - above[3]
    indent = INDENT_EMS * prev.lines[-1].size + 1
    if not (-0.2 * height <= gap <= (SPACED_GAP if page.apart else LINE_GAP) * height
            and above[0] - indent <= line[0] <= above[0] + 1):
        return False
    right = max((x1 for x0, x1 in page.edges if abs(x0 - line[0]) <= indent), default=above[2])
    return above[2] >= max(right - FULL_EMS * prev.lines[-1].size, line[2] - 1)


def _row(lines: list[Line], k: int) -> BBox:
    """The box of the row of ``lines[k]``: MuPDF may set one row as several lines (where its
    words are spaced wide), which together span it."""
    ref = lines[k].bbox
    mid = (ref[1] + ref[3]) / 2
    row = [ln.bbox for ln in lines if ln.bbox[1] <= mid <= ln.bbox[3]]
    return (min(r[0] for r in row), min(r[1] for r in row), max(r[2] for r in row), max(r[3] for r in row))


def paragraphs(blocks: list[tuple[Block, str | None]]) -> list[_Paragraph]:
    """Join body blocks (in reading order, each with its section) into paragraphs. A paragraph
    drops a run-in "Abstract" or "Summary" label before its text, and a bold run-in heading
    (:func:`run_in_heading`) where it opens a paragraph or follows a sentence's end."""
    out: list[_Paragraph] = []
    cur: _Paragraph | None = None
    prev: Block | None = None
    # the prose's lines, page by page: code set apart may run past the text's margin
    by_page: dict[int, list[Block]] = {}
    for b, _ in blocks:
        if b.role != Role.CODE:
            by_page.setdefault(b.page, []).append(b)
    pages = {pno: page_lines(bs) for pno, bs in by_page.items()}
    for idx, (b, section) in enumerate(blocks):
        if b.role == Role.CODE:
            cur = prev = None  # code set apart (:mod:`.code_blocks`): no sentence, and a break
            continue
        if cur is not None and _FORMULA_GLYPHS_RE.fullmatch(b.text):
            continue  # a formula's glyphs set apart, which no Unicode map names: no text, no break
        first = b.lines[0].text.strip() if b.lines else ""
        # text set in another size does not carry a sentence on (an epigraph's attribution)
        same_type = prev is None or abs(prev.size - b.size) <= 0.6
        # a display of code that ended a sentence (:mod:`.code_blocks`) is no sentence's middle
        # where a capital follows it
        after_code = prev is not None and is_code(prev) and first[:1].isupper()
        if cur is not None and cur.section == section and same_type and not after_code \
                and (runs_on(cur.text, first) or next_line_of(prev, b, pages[b.page])):
            pass  # the paragraph runs on from the previous line, column or page
        else:
            cur = _Paragraph(text="", pieces=[], section=section, block=idx)
            out.append(cur)
        for ln in b.lines:
            text = without_run_in_label(ln.text) if not cur.text else ln.text
            heading = run_in_heading(ln.lead)
            if heading and (not cur.text or ends_sentence(cur.text)):
                text = _without_lead(text, heading)
                if cur.text:  # a run-in heading opens a paragraph, whatever its last word was
                    cur = _Paragraph(text="", pieces=[], section=section, block=idx)
                    out.append(cur)
            _append_line(cur, text, b.page, ln.bbox)
        prev = b
    return out


# a list item's mark inside a paragraph: the item is a sentence of its own ("… easier to
# understand. • Leader election: …"); the mark itself is no part of either sentence
_BULLET_RE = re.compile(r"(?:^|\s)[•●▪◦■‣∙]\s+")


def ends_in_abbreviation(text: str) -> bool:
    """Whether ``text`` ends in a period that closes an abbreviation rather than a sentence:
    "Fig.", "et al.", "e.g.", an initial ("J."). The one rule for the reader and for
    generated text."""
    before = _WORD_BEFORE_RE.search(text)
    word = before.group(1).lower() if before else ""
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _boundaries(text: str) -> list[int]:
    """Offsets where a new sentence starts (after a sentence mark, or at a bullet)."""
    cuts = [m.end() for m in _BULLET_RE.finditer(text) if m.start() > 0]
    for m in _END_RE.finditer(text):
        punct_at = m.start()
        if text[punct_at] == "." and ends_in_abbreviation(text[: punct_at + 1]):
            continue  # "Fig. 3", "et al. Smith", initials "J. Smith"
        cuts.append(m.end())
    return sorted(set(cuts))


def split_text(text: str) -> list[str]:
    """``text`` (prose as one string: a generated summary) split into sentences by the rule
    the reader splits a document's paragraphs by; whitespace runs become one space."""
    text = re.sub(r"\s+", " ", text).strip()
    cuts = [0, *_boundaries(text), len(text)]
    pieces = (_BULLET_RE.sub(" ", f" {text[a:b]} ").strip() for a, b in zip(cuts, cuts[1:]))
    return [p for p in pieces if p]


def _keep(text: str) -> bool:
    words = re.findall(r"[A-Za-z\u00c0-\u024f]{2,}", text)
    cjk = cjk_letter_count(text)
    return len(words) >= 3 or cjk >= 4


_EMAIL_RE = re.compile(r"[\w.+{},-]+@[\w-]+(?:\.[\w-]+)+")
CONTACT_WORDS = 12  # an address line ("Pittsburgh, PA 15213 hebert@cs.cmu.edu"), not a sentence


def reads_as_contact(text: str) -> bool:
    """``text`` is a short line that gives an e-mail address ("E-mail: bates@stat.wisc.edu",
    "Emails {ken,rvr}@cs.cornell.edu."), with no subject or verb: how to reach an author."""
    return (len(text.split()) <= CONTACT_WORDS and bool(_EMAIL_RE.search(text))
            and not has_subject_or_verb(_EMAIL_RE.sub(" ", text)) and "<-" not in text and '"' not in text)


def split_sentences(pars: list[_Paragraph], start_index: int = 0) -> list[Sentence]:
    """Sentences of the paragraphs, numbered from ``start_index``."""
    out: list[Sentence] = []
    for par in pars:
        starts = [0] + _boundaries(par.text)
        ends = starts[1:] + [len(par.text)]
        for s, e in zip(starts, ends):
            raw = _BULLET_RE.sub(" ", par.text[s:e])
            text = " ".join(raw.split()) if not has_cjk(raw) else raw.strip()
            if not text or not _keep(text) or reads_as_contact(text):
                continue
            pieces = [p for p in par.pieces if p.end > s and p.start < e]
            if not pieces:
                continue
            page = pieces[0].page
            boxes = _main_part([p for p in pieces if p.page == page])
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                    max(b[3] for b in boxes))
            out.append(Sentence(index=start_index + len(out), text=text, page=page, bbox=bbox,
                                section=par.section, block=par.block))
    return out


def _main_part(pieces: list[_Piece]) -> list[BBox]:
    """Boxes of the column part of a sentence that holds most of its text (a sentence that
    runs from one column into the next would otherwise get a box over both)."""
    groups: list[list[_Piece]] = []
    for p in pieces:
        g = groups[-1] if groups else None
        if g and min(p.bbox[2], g[-1].bbox[2]) > max(p.bbox[0], g[-1].bbox[0]) and p.bbox[1] >= g[-1].bbox[1] - 2:
            g.append(p)
        else:
            groups.append([p])
    best = max(groups, key=lambda g: sum(p.end - p.start for p in g))
    return [p.bbox for p in best]
