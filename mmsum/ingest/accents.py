"""Accents that TeX sets as glyphs of their own: joined to their letters as combining marks.

"\\bar{s}" is a macron glyph set above an "s"; the text layer gives it as a word of its own
a line above, or read into the word ahead of the letter ("¯si" for s̄_i). Table cells read
their words by position, so they need the letter with its mark ("s̄i").
"""
from __future__ import annotations

import unicodedata

from ..document import BBox

# an accent that TeX sets as a glyph of its own above a letter ("\\bar{s}" is "¯" over "s"): the
# combining mark it stands for, so that the cell reads "s̄" rather than "¯ s" a line above it
_ACCENTS = {"¯": "\u0304", "ˉ": "\u0304", "ˆ": "\u0302", "^": "\u0302", "˜": "\u0303", "~": "\u0303",
            "˙": "\u0307", "¨": "\u0308", "´": "\u0301", "`": "\u0300", "→": "\u20d7"}
# read into a word ahead of a letter, an arrow is an arrow ("→Angst": "becomes Angst"); TeX's
# \vec comes as its own combining glyph
_AHEAD = {k: v for k, v in _ACCENTS.items() if k != "→"}


def with_accents(words: list[tuple[BBox, str]]) -> list[tuple[BBox, str]]:
    """``words`` with each accent above a letter joined to that letter as a combining mark: read
    into the word ahead of the letter, or a word of its own above it.
    The letter is the one under the accent's centre, its position in its word in proportion
    to the word's width (PDF points, origin top left)."""
    # the accent read into the word, ahead of its letter ("¯si" for s̄_i): behind it, combining
    words = [(b, t[1] + _AHEAD[t[0]] + t[2:]) if len(t) > 1 and t[0] in _AHEAD and t[1].isalpha() else (b, t)
             for b, t in words]
    accents = [w for w in words if w[1] in _ACCENTS]
    if not accents:
        return words
    out = [list(w) for w in words if w[1] not in _ACCENTS]
    for box, mark in accents:
        x = (box[0] + box[2]) / 2
        under = [w for w in out if w[0][0] <= x <= w[0][2] and (w[0][1] + w[0][3]) / 2 > box[3] - 1
                 and w[0][1] - box[3] < (w[0][3] - w[0][1])]
        if not under:
            out.append([box, mark])
            continue
        word = min(under, key=lambda w: w[0][1])
        (x0, _, x1, _), text = word
        plain = [i for i, ch in enumerate(text) if not unicodedata.combining(ch)]
        k = plain[min(len(plain) - 1, int((x - x0) / max(x1 - x0, 1e-6) * len(plain)))]
        word[1] = text[:k + 1] + _ACCENTS[mark] + text[k + 1:]
    return [(tuple(b), t) for b, t in out]
