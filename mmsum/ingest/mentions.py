"""Sentences that cite figures: "Fig. 3", "Figs. 2 and 3", "Figures 2-4", "Figure 4(b)", "图3"."""
from __future__ import annotations

import re

from ..document import Figure, Mention, Sentence

REF_RE = re.compile(
    r"(?:\b(?:Figures?|Figs?\.?|FIGS?\.?|FIGURES?)|图)\s*"
    r"(?P<list>\d{1,3}[a-z]?(?:\s*\([a-z](?:\s*[,–-]\s*[a-z])*\))?"
    r"(?:\s*(?:,|and|&|–|—|-|to)\s*\d{1,3}[a-z]?(?:\s*\([a-z]\))?)*)")
_ITEM_RE = re.compile(r"(\d{1,3})([a-z])?|(–|—|-|to)")


def cited_numbers(text: str) -> list[tuple[int, str | None]]:
    """(number, panel letter or None) for every figure ``text`` cites, in order."""
    out: list[tuple[int, str | None]] = []
    for m in REF_RE.finditer(text):
        items = _ITEM_RE.findall(m.group("list"))
        prev: int | None = None
        pending_range = False
        for num, letter, dash in items:
            if dash:
                pending_range = prev is not None
                continue
            n = int(num)
            if pending_range and prev is not None and 0 < n - prev <= 20:
                out += [(k, None) for k in range(prev + 1, n + 1)]
            else:
                out.append((n, letter or None))
            prev, pending_range = n, False
    return out


def link_mentions(sentences: list[Sentence], figures: list[Figure]) -> None:
    """Fill ``Sentence.figure_ids`` and ``Figure.mentions`` (document order, no repeats)."""
    by_number: dict[int, list[Figure]] = {}
    for f in figures:
        if f.number is not None:
            by_number.setdefault(f.number, []).append(f)
    for s in sentences:
        for number, letter in cited_numbers(s.text):
            figs = by_number.get(number, [])
            # "Fig. 3b" names the figure captioned "Fig. 3b" when panels have their own captions
            exact = [f for f in figs if letter and f.id.startswith(f"fig-{number}{letter}")]
            for f in exact or figs:
                if f.id not in s.figure_ids:
                    s.figure_ids.append(f.id)
                    f.mentions.append(Mention(page=s.page, text=s.text, sentence=s.index))
