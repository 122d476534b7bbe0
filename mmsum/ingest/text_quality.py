"""Whether a page's text layer can be used, or the page must be read by OCR.

A scan has no text layer, or only a stamp (a page number); a PDF whose fonts have no Unicode
map gives U+FFFD, private-use or control characters, or letters that spell no language.
"""
from __future__ import annotations

import re
import unicodedata

_LATIN_WORD_RE = re.compile(r"[A-Za-z]{3,}")
_VOWEL_RE = re.compile(r"[aeiouyAEIOUY]")


def text_layer_problem(text: str, page_image_share: float = 0.0) -> str | None:
    """Why the page text ``text`` cannot be used ("no text layer", ...), or None if it can.

    ``page_image_share`` is the share of the page covered by its largest image: a page that
    is one big picture with a few characters on it is a scan with a stamp.
    """
    chars = [c for c in text if not c.isspace()]
    if not chars or (len(chars) < 40 and page_image_share >= 0.5):
        return "no text layer"
    bad = sum(1 for c in chars if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cn", "Cs", "Cc"))
    if bad >= 0.08 * len(chars):  # real text has none: control codes and private-use glyphs are unmapped fonts
        return "a text layer without Unicode (unmapped glyphs)"
    letters = sum(1 for c in chars if unicodedata.category(c).startswith("L"))
    if len(chars) >= 200 and letters < 0.25 * len(chars):
        return "a text layer that is not language"
    words = _LATIN_WORD_RE.findall(text)
    if len(words) >= 30 and sum(1 for w in words if _VOWEL_RE.search(w)) < 0.6 * len(words):
        return "a text layer that is not language"
    return None
