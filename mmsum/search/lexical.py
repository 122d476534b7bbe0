"""Words shared between a query and a figure's own text.

A figure's own text is a bag of labels (axis titles, legend entries, node names), not prose:
a sentence encoder reads it poorly, while the words themselves ("loss", "epoch", "recall")
are often exactly what a sentence about the figure names. This scores how much of a query's
informative vocabulary a figure's text holds, each word weighted by its rarity in the
document (a word on every page says little).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

_WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
STOPWORDS = frozenset("""a an the and or of to in on for with by from as at is are was were be been being this that
these those it its we our they their he she his her you your can could may might will would shall should do does did
not no than then there here which who whom whose what when where why how all any each both more most other some such
only own same so too very just also into over under between through during before after above below up down out off
again further once about against among per via using used use show shows shown see figure fig table et al""".split())


def _stem(word: str) -> str:
    """A crude English stem: plural and common verb endings off ("epochs" -> "epoch")."""
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def terms(text: str) -> list[str]:
    """The informative terms of ``text``: stemmed lower-case words of two letters or more, no
    stop words; CJK text as character pairs."""
    out = [_stem(w) for w in _WORD_RE.findall(text.lower()) if w not in STOPWORDS and not _CJK_RE.search(w)]
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        out += [run[i:i + 2] for i in range(max(len(run) - 1, 1))]
    return out


class TermWeights:
    """Inverse document frequency of terms over a document's units (sentences, figure texts)."""

    def __init__(self, units: Iterable[str]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for u in units:
            n += 1
            df.update(set(terms(u)))
        self._df, self._n = df, max(n, 1)

    def idf(self, term: str) -> float:
        return math.log(1.0 + self._n / (1.0 + self._df.get(term, 0)))


def coverage(query: str, texts: list[str], weights: TermWeights) -> list[float]:
    """For each text, the share (0..1) of the query's term weight that it holds."""
    q = set(terms(query))
    total = sum(weights.idf(t) for t in q)
    if not q or total <= 0:
        return [0.0] * len(texts)
    out = []
    for text in texts:
        have = set(terms(text))
        out.append(sum(weights.idf(t) for t in q & have) / total)
    return out
