"""Writing systems: telling CJK text (Chinese, Japanese, Korean) from text written in words.

Chinese and Japanese put no spaces between words, so anything that counts words by spaces
(prose priors, summary length) counts a whole CJK sentence as one word. These helpers count
CJK characters instead, about two to a word.
"""
from __future__ import annotations

CJK_CHARS_PER_WORD = 2.0  # a Chinese word is one to three characters, mostly two


def is_cjk(ch: str) -> bool:
    """``ch`` is a CJK ideograph, kana, hangul, or CJK/fullwidth punctuation."""
    return ("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
            or "\u3000" <= ch <= "\u303f" or "\uac00" <= ch <= "\ud7af")


def is_cjk_letter(ch: str) -> bool:
    """A CJK character that is part of a word (not punctuation)."""
    return is_cjk(ch) and ch.isalpha()


def cjk_share(text: str) -> float:
    """Share of the non-space characters of ``text`` that are CJK letters (0..1)."""
    chars = [c for c in text if not c.isspace()]
    return sum(map(is_cjk_letter, chars)) / len(chars) if chars else 0.0


def word_count(text: str) -> int:
    """Words in ``text``: space-separated words, plus CJK characters at about two to a word."""
    cjk = sum(map(is_cjk_letter, text))
    if not cjk:
        return len(text.split())
    rest = "".join(" " if is_cjk(c) else c for c in text)
    return len(rest.split()) + int(round(cjk / CJK_CHARS_PER_WORD))
