"""Content words: what two sentences must share to say the same thing."""
from __future__ import annotations

import re

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


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set's words found in the other (0..1): 1 when one sentence says
    nothing the other does not, whatever their lengths."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
