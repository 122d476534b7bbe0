"""Whether a page's text layer can be used, or the page must be read by OCR.

A scan has no text layer, or only a stamp (a page number); a PDF whose fonts have no Unicode
map gives U+FFFD, private-use or control characters, or letters that spell no language.
"""
from __future__ import annotations

import re
import unicodedata

_LATIN_WORD_RE = re.compile(r"[A-Za-z]{3,}")
_VOWEL_RE = re.compile(r"[aeiouyAEIOUY]")
_SPACE_RE = re.compile(r"\s")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"[0-9]")
_ASCII_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")  # control codes that are not white space
_WORD_RE = re.compile(r"[^\W\d_]+")
# the commonest short words of the Latin-script languages a reader meets in documents (English,
# German, French, Spanish, Italian, Portuguese): prose is full of them, glyph codes never spell them
_FUNCTION_WORDS = frozenset(
    "the of and to in is are was we a an for that this with on by as be it from at or which not "
    "der die das und ist zu den mit von ein eine nicht des le la les et est un une du en que "
    "el los las y es por con il di che per e da o".split())
# prose has a function word in every three to five words; a page of formulas with a few words
# between them still has one in ten
FUNCTION_SHARE, MIN_WORDS = 0.1, 20
# a font whose glyphs MuPDF places one by one (Type 3 fonts of old TeX output without a Unicode
# map or widths) gives a layer of single shifted letters and codes with a space between each;
# prose, even a page of formulas, has words of several letters in most of its tokens; a chart
# whose markers are letters ("G", "o" in R) repeats a few of them, where a few lines of prose
# coded glyph by glyph use the twenty-odd letters of their language (on the development corpora:
# glyph-soup pages 0.69-0.84 of their tokens, 73-113 different glyphs; every other page under
# 0.62, and those above 0.5 with at most 7 different)
SINGLE_GLYPH_SHARE, MIN_TOKENS, MIN_GLYPHS = 0.6, 50, 24


def reads_as_prose(text: str) -> bool:
    """Whether ``text`` holds enough words of a language (its function words) to be prose,
    whatever else is on the page (formulas, symbol glyphs)."""
    words = _WORD_RE.findall(text)
    if len(words) < MIN_WORDS:
        return False
    # one-letter function words ("a", "y", "e", "o") do not count: a font without a Unicode map
    # spells them by chance, between its codes, as often as prose uses them
    return sum(1 for w in words if len(w) > 1 and w.lower() in _FUNCTION_WORDS) >= FUNCTION_SHARE * len(words)


def _single_glyphs(text: str) -> bool:
    """Whether most of the text's tokens are one letter or control code each, and of many
    different ones. Punctuation (a contents page's dot leaders), digits and ideographs (one
    character is a word in Chinese) do not count."""
    tokens = text.split()
    if len(tokens) < MIN_TOKENS:
        return False
    glyphs = [t for t in tokens if len(t) == 1 and unicodedata.category(t)[0] in "LC" and unicodedata.category(t) != "Lo"]
    return len(glyphs) >= SINGLE_GLYPH_SHARE * len(tokens) and len(set(glyphs)) >= MIN_GLYPHS


def text_layer_problem(text: str, page_image_share: float = 0.0) -> str | None:
    """Why the page text ``text`` cannot be used ("no text layer", ...), or None if it can.

    ``page_image_share`` is the share of the page covered by its largest image: a page that
    is one big picture with a few characters on it is a scan with a stamp.
    """
    n_chars = len(text) - len(_SPACE_RE.findall(text))
    if not n_chars or (n_chars < 40 and page_image_share >= 0.5):
        return "no text layer"
    # ASCII by regular expressions; only the other characters one by one (a page has thousands)
    wide = [c for c in _NON_ASCII_RE.findall(text) if not c.isspace()]
    bad = len(_ASCII_CONTROL_RE.findall(text)) + sum(
        1 for c in wide if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cs", "Cc"))
    # real text has none: control codes and private-use glyphs are unmapped fonts; but a page of
    # mathematics has control codes from its symbol fonts (TeX's big delimiters) beside prose
    # whose font is mapped: that page reads as it is, and OCR would only lose its formulas
    if bad >= 0.08 * n_chars and not reads_as_prose(text):
        return "a text layer without Unicode (unmapped glyphs)"
    if _single_glyphs(text):
        return "a text layer of single glyphs, not words"
    letters = len(_ASCII_LETTER_RE.findall(text)) + sum(1 for c in wide if unicodedata.category(c).startswith("L"))
    # digits are language too: a page of a long table of numbers reads from its text layer
    if n_chars >= 200 and letters + len(_DIGIT_RE.findall(text)) < 0.25 * n_chars:
        return "a text layer that is not language"
    words = _LATIN_WORD_RE.findall(text)
    if len(words) >= 30 and sum(1 for w in words if _VOWEL_RE.search(w)) < 0.6 * len(words):
        return "a text layer that is not language"
    return None
