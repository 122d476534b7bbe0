"""Footnotes: the notes set in small type at the foot of a page or column, each opened by a
raised mark ("¹", "*", "†"), and the same marks raised in the running text.

A footnote is neither a sentence of the paragraph it interrupts nor part of the word its mark
follows: read as body text, "… their energy on radio.¹ We measured …" became "radio.1 We" and
the note "¹Eric Brewer measured this …" was spliced into whichever paragraph runs past the
page's foot. Here, page by page, from PyMuPDF's spans (sizes in points, ``origin`` the
baseline's start, y downward from the page's top):

- a line **opens a footnote** when its first span is a mark (a number of one to three digits,
  or ``* ∗ † ‡ § ¶ ‖ #``) set at most :data:`MARK_SHARE` of the size of the text after it and
  raised above that text's baseline, the text after it is set at least :data:`SMALLER` points
  below the page's body size, and it lies in the lower half of the page with no line of body
  text below it in its column (a table's notes, set under a table with the body going on
  below, stay the table's);
- the lines after it in the same MuPDF block, set as small, **go on** the footnote;
- a raised span in a body line (a superscript by PyMuPDF's flag, or smaller and raised) is a
  **mark** to drop when its text is one of the marks that open this page's footnotes and it
  follows a word of three letters or more, or ``. , ; : ’ ”``, or a closing bracket after a
  word of four letters or a year ("(Smith 2000)¹"); "40 m²", "(x + y)²" and "10⁵" keep theirs.
"""
from __future__ import annotations

import re

import pymupdf

MARK_RE = re.compile(r"^(?:\d{1,3}|[*∗†‡§¶‖#]{1,3})$")
MARK_SHARE = 0.8  # a mark is set at most this share of the size of the text it marks
RAISED = 0.15  # share of the text's size by which a mark's baseline lies above the text's
SMALLER = 0.5  # points: a footnote's text is set at least this much below the body size
LOWER_HALF = 0.5  # share of the page's height below which a footnote starts
SAME_SIZE = 0.3  # points: a line set within this of a footnote's size goes on it
_BEFORE_MARK = re.compile(r"(?:[^\W\d_]{3,}|[.,;:’”'\"])$")
_BRACKETED = re.compile(r"\(([^()]*)\)$")
_WORDY = re.compile(r"[^\W\d_]{4,}|\b(?:1[5-9]|20)\d\d\b")


def _spans(line: dict) -> list[dict]:
    return [s for s in line["spans"] if s["text"].strip()]


def _raised(mark: dict, text: dict) -> bool:
    """``mark`` is set smaller than ``text`` and its baseline lies above ``text``'s."""
    return (mark["size"] <= MARK_SHARE * text["size"]
            and text["origin"][1] - mark["origin"][1] >= RAISED * text["size"])


def opening_mark(line: dict) -> str | None:
    """The mark a PyMuPDF ``line`` opens with, when it is raised over the text after it."""
    spans = _spans(line)
    if len(spans) < 2:
        return None
    mark = spans[0]["text"].strip()
    if not MARK_RE.match(mark) or not _raised(spans[0], spans[1]):
        return None
    return mark


def _main_size(spans: list[dict]) -> float:
    """The size most characters of ``spans`` are set in (points; 0 when none)."""
    weights: dict[float, int] = {}
    for sp in spans:
        size = round(sp["size"], 1)
        weights[size] = weights.get(size, 0) + len(sp["text"].strip())
    return max(weights, key=weights.get) if weights else 0.0


def _size(line: dict) -> float:
    """The size most of ``line``'s characters are set in (points)."""
    return _main_size(_spans(line))


def page_body_size(blocks: list[dict]) -> float:
    """The size most characters of a page's text ``blocks`` (PyMuPDF dict) are set in."""
    return _main_size([sp for b in blocks for ln in b.get("lines", []) for sp in _spans(ln)])


def footnote_lines(blocks: list[dict], page_height: float) -> tuple[dict[tuple[int, int], bool], set[str]]:
    """The footnotes of one page: the (block, line) indexes of their lines in ``blocks``
    (PyMuPDF's text dict), each True where it opens a footnote (False: it goes on the one
    before), and the marks that open them."""
    body = page_body_size(blocks)
    body_lines = [ln["bbox"] for b in blocks for ln in b.get("lines", [])
                  if abs(_size(ln) - body) < SAME_SIZE and len(" ".join(s["text"] for s in _spans(ln)).split()) >= 2]
    found: dict[tuple[int, int], bool] = {}
    marks: set[str] = set()
    for i, b in enumerate(blocks):
        size = None
        for j, ln in enumerate(b.get("lines", [])):
            mark = opening_mark(ln)
            text_size = _main_size(_spans(ln)[1:])
            if (mark is not None and ln["bbox"][1] >= LOWER_HALF * page_height and text_size <= body - SMALLER
                    and not _body_below(ln["bbox"], body_lines)):
                found[(i, j)] = True
                marks.add(mark)
                size = text_size
            elif size is not None and abs(_size(ln) - size) <= SAME_SIZE:
                found[(i, j)] = False
            else:
                size = None
    return found, marks


def _body_below(box, body_lines) -> bool:
    """A line of body text lies below ``box`` in its column (overlapping it across)."""
    return any(o[1] > box[3] and min(o[2], box[2]) - max(o[0], box[0]) > 0 for o in body_lines)


def line_text(line: dict, marks: set[str]) -> str:
    """``line``'s text (PyMuPDF dict), without the raised footnote ``marks`` in it (see the
    module docstring)."""
    spans = line["spans"]
    main = max(spans, key=lambda s: len(s["text"].strip()), default=None)
    out: list[str] = []
    for s in spans:
        t = s["text"]
        if marks and t.strip() in marks and main is not None and s is not main and _drops(s, main, "".join(out)):
            continue
        out.append(t)
    return "".join(out).strip()


def opening_text(line: dict, marks: set[str]) -> str:
    """The text of a ``line`` that opens a footnote, without the mark it opens with (see
    :func:`opening_mark`): "¹Eric Brewer measured" -> "Eric Brewer measured"."""
    spans = line["spans"]
    first = next((k for k, s in enumerate(spans) if s["text"].strip()), len(spans))
    return line_text({"spans": spans[first + 1:]}, marks)


def _drops(span: dict, main: dict, before: str) -> bool:
    """``span`` is a footnote mark raised after the text ``before``."""
    if not (span["flags"] & pymupdf.TEXT_FONT_SUPERSCRIPT or _raised(span, main)):
        return False
    if span["size"] > MARK_SHARE * main["size"] or not before or before[-1].isspace():
        return False
    if _BEFORE_MARK.search(before):
        return True
    closed = _BRACKETED.search(before)
    return bool(closed and _WORDY.search(closed.group(1)))
