"""Which source line a generated sentence came from, by shared content words."""
from __future__ import annotations

import re

from .prompt import SourceLine

_STOP = set("""a an the and or of to in on for with by from as at is are was were be been being this that
these those it its we our they their which who whom than then there here also can may might will would
into over under between such not no but if so each both all any more most other some very than using use
used based show shows shown paper work approach method results result""".split())


def content_words(text: str) -> set[str]:
    """Lower-case words and numbers that carry meaning (stop words removed, crude stemming)."""
    words = re.findall(r"[a-z0-9]+(?:\.[0-9]+)?", text.lower())
    return {w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words if w not in _STOP}


def similarity(a: set[str], b: set[str]) -> float:
    """Dice overlap of two word sets (0..1)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def closest(sentence: str, lines: list[SourceLine], exclude: set[int] | None = None,
            sentences_only: bool = False) -> tuple[int, float] | None:
    """Index and score of the line of ``lines`` most similar to ``sentence``, or None."""
    words = content_words(sentence)
    best: tuple[int, float] | None = None
    for i, line in enumerate(lines):
        if (exclude and i in exclude) or (sentences_only and line.sentence is None):
            continue
        score = similarity(words, content_words(line.text))
        if best is None or score > best[1]:
            best = (i, score)
    return best
