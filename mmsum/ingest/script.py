"""Writing systems: telling CJK text (Chinese, Japanese, Korean) from text written in words.

Chinese and Japanese put no spaces between words, so anything that counts words by spaces
(prose priors, summary length) counts a whole CJK sentence as one word. These helpers count
CJK characters instead, about two to a word.
"""
from __future__ import annotations

import re

CJK_CHARS_PER_WORD = 2.0  # a Chinese word is one to three characters, mostly two


def is_cjk(ch: str) -> bool:
    """``ch`` is a CJK ideograph, kana, hangul, or CJK/fullwidth punctuation."""
    return ("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
            or "\u3000" <= ch <= "\u303f" or "\uac00" <= ch <= "\ud7af")


def is_cjk_letter(ch: str) -> bool:
    """A CJK character that is part of a word (not punctuation)."""
    return is_cjk(ch) and ch.isalpha()


# the ranges of is_cjk, for finding them without looking at every character in Python
_CJK_RE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\uac00-\ud7af]")
_SPACE_RE = re.compile(r"\s")


def cjk_share(text: str) -> float:
    """Share of the non-space characters of ``text`` that are CJK letters (0..1)."""
    chars = len(text) - len(_SPACE_RE.findall(text))
    return sum(1 for c in _CJK_RE.findall(text) if c.isalpha()) / chars if chars > 0 else 0.0


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds any CJK character (letter or punctuation)."""
    return _CJK_RE.search(text) is not None


def cjk_letter_count(text: str) -> int:
    """How many CJK letters ``text`` holds."""
    return sum(1 for c in _CJK_RE.findall(text) if c.isalpha())


def blank_cjk(text: str) -> str:
    """``text`` with every CJK character replaced by a space (what is left is words)."""
    return _CJK_RE.sub(" ", text)


def word_count(text: str) -> int:
    """Words in ``text``: space-separated words, plus CJK characters at about two to a word."""
    cjk = cjk_letter_count(text)
    if not cjk:
        return len(text.split())
    rest = blank_cjk(text)
    return len(rest.split()) + int(round(cjk / CJK_CHARS_PER_WORD))
