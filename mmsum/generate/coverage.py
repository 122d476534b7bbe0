"""A long document's summary follows its whole argument, not only its opening.

Salience alone favours the pages that introduce a long document (its terms are defined
there and every later page repeats them), so a 55-page paper's summary can end on page 19
without stating a result. A document of :data:`LONG_PAGES` pages or more (a report, a thesis, a
book chapter, a monograph like Shannon's 55 pages) is cut into
consecutive parts of about equal length, each starting at a section heading where one is
near; each part gets a share of the summary's length in proportion to its words, and is
filled from its own most salient sentences. Words a part leaves unused go to the next; the
sentences stay in reading order, so the summary runs from the opening to the conclusions.
"""
from __future__ import annotations

import numpy as np

from ..document import Document
from ..ingest.script import word_count

# from this many pages on, a document is long. A journal article of 20 to 39 pages is not: its
# introduction states the argument, and sharing its summary among its parts lost a sixth of
# ROUGE-2 against the abstracts of the development corpora's 20–39-page articles (run.py
# compare on the R software papers: worse, -1.82 [-3.44, -0.51]); from 40 pages on, sharing
# costs nothing measurable (see the closing note of issue 25)
LONG_PAGES = 40
WORDS_PER_PART = 70  # a part of the argument is worth about three sentences of the summary
MAX_PARTS = 6
SNAP = 0.25  # a cut moves to a section start within this share of a part's length


def parts(doc: Document, max_words: int | None, max_sents: int | None) -> list[tuple[int, int]]:
    """Consecutive (first, end) sentence index ranges that share the summary, or [] when the
    document is short or the summary too short to share. Cuts fall at section starts when one
    lies near the place an equal split would cut."""
    n = len(doc.sentences)
    if doc.page_count < LONG_PAGES or n < 20:
        return []
    if max_words is not None:
        k = max_words // WORDS_PER_PART
    elif max_sents is not None:
        k = max_sents // 3
    else:
        return []
    k = min(MAX_PARTS, k)
    if k < 2:
        return []
    words = np.cumsum([word_count(s.text) for s in doc.sentences])
    total = float(words[-1]) or 1.0
    starts = [i for i in range(1, n) if doc.sentences[i].section != doc.sentences[i - 1].section]
    cuts = [0]
    for j in range(1, k):
        ideal = int(np.searchsorted(words, total * j / k))
        reach = SNAP * n / k
        near = [i for i in starts if abs(i - ideal) <= reach and i > cuts[-1]]
        cut = min(near, key=lambda i: abs(i - ideal)) if near else ideal
        if cut > cuts[-1]:
            cuts.append(cut)
    return list(zip(cuts, cuts[1:] + [n]))


def part_words(doc: Document, spans: list[tuple[int, int]], budget: int) -> list[int]:
    """Each part's share of ``budget`` (words or sentences), in proportion to its words; at least one."""
    sizes = np.array([sum(word_count(doc.sentences[i].text) for i in range(a, b)) for a, b in spans], float)
    shares = sizes / max(sizes.sum(), 1.0)
    return [max(1, int(round(budget * s))) for s in shares]
