"""Faithfulness check: numbers and named terms in generated text must occur in the source.

A *number* is a numeral with an optional unit or percent sign ("29.4 dB", "50%", "1,000");
it matches the same value anywhere in the source ("0.50" = "0.5", "1,000" = "1000").
A *named term* is an acronym ("PSNR", "BSD68"), a CamelCase word ("DnCNN"), a hyphenated
term ("self-attention") or a capitalized word that does not start the sentence; it matches
case-insensitively as a whole word, allowing for hyphens lost at line breaks and plurals.
Citation markers ("(p. 4)") are not checked here; they are attached from the source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import strip_citations

_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent\b|dB\b|ms\b|GB\b|MB\b|×|x\b))?")
_SOURCE_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*")
# Capitalized words that are ordinary in any text and say nothing about the source.
_COMMON = {"i", "fig", "figs", "figure", "figures", "table", "tables", "section", "sec", "eq", "equation",
           "appendix", "page", "pp", "we", "our", "the", "this", "these", "in", "a", "an", "it", "and"}


def normalize_number(token: str) -> str | None:
    """The numeric value of ``token`` as a canonical string ("0.50" -> "0.5"), or None."""
    m = _SOURCE_NUMBER.search(token)
    if not m:
        return None
    digits = m.group(0)
    # "1,000" groups thousands; "3,4" in a list is two numbers and is left as it is.
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    elif "," in digits:
        digits = digits.split(",")[0]
    try:
        value = float(digits)
    except ValueError:
        return None
    return f"{value:.6f}".rstrip("0").rstrip(".")


@dataclass
class SourceIndex:
    """The source text prepared for lookups: normalized text and the set of numbers in it."""

    text: str
    numbers: set[str]

    @classmethod
    def build(cls, texts: list[str]) -> "SourceIndex":
        text = " ".join(texts)
        text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)  # words hyphenated at line ends
        numbers = {n for n in (normalize_number(m.group(0)) for m in _SOURCE_NUMBER.finditer(text)) if n}
        return cls(" " + re.sub(r"\s+", " ", text.lower()) + " ", numbers)

    def has_number(self, token: str) -> bool:
        value = normalize_number(token)
        return value is None or value in self.numbers

    def has_term(self, term: str) -> bool:
        t = term.lower().replace("’", "'")
        t = re.sub(r"'s$", "", t)
        variants = {t, t.rstrip("s") if len(t) > 3 else t}
        for v in variants:
            parts = [re.escape(p) for p in re.split(r"-", v) if p]
            pattern = r"(?<![a-z0-9])" + r"[-\s]?".join(parts) + r"(?:e?s)?(?![a-z0-9])"
            if re.search(pattern, self.text):
                return True
        return False


def is_named_term(word: str, first: bool) -> bool:
    """Whether ``word`` names something specific (see the module docstring)."""
    if word.lower() in _COMMON:
        return False
    letters = re.sub(r"[^A-Za-z]", "", word)
    if sum(c.isupper() for c in letters) >= 2:  # acronyms, CamelCase, "BSD68"
        return True
    if re.search(r"[a-z][A-Z]", word):
        return True
    if "-" in word and re.search(r"[A-Za-z]{2,}-[A-Za-z0-9]", word):
        return True
    if re.search(r"[A-Za-z]\d|\d[A-Za-z]", word):  # "GPT2", "x86"
        return True
    return word[0].isupper() and not first


def unsupported_terms(sentence: str, source: SourceIndex) -> list[str]:
    """Numbers and named terms of one generated sentence that the source does not contain."""
    text = strip_citations(sentence)
    missing: list[str] = []
    for m in _NUMBER.finditer(text):
        token = m.group(0).strip()
        if not source.has_number(token):
            missing.append(token)
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        word = m.group(0)
        # After a colon or an opening quote a capital letter starts a clause, not a name.
        first = i == 0 or text[:m.start()].rstrip().endswith((":", '"', "“", "("))
        if is_named_term(word, first) and not source.has_term(word):
            missing.append(word)
    return list(dict.fromkeys(missing))
