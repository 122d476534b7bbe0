"""The oracle summary of a training document: the sentences a greedy search over ROUGE picks.

Labelling a sentence by its own overlap with the abstract rewards sentences that each repeat
the abstract's main claim; a summary needs sentences that together cover it. The oracle adds,
one at a time, the sentence that most raises the mean of ROUGE-1 and ROUGE-2 F of the set
against the abstract, until the set is as long as the abstract (in words) or no sentence
raises it. Tokens and stems are ROUGE's own (``rouge_score``, Porter stemmer), as ``run.py``
scores summaries.
"""
from __future__ import annotations

from collections import Counter

import numpy as np


def _f(overlap: int, made: int, wanted: int) -> float:
    if overlap == 0 or made == 0 or wanted == 0:
        return 0.0
    p, r = overlap / made, overlap / wanted
    return 2 * p * r / (p + r)


def _grams(tokens: list[str], n: int) -> Counter:
    return Counter(zip(*[tokens[i:] for i in range(n)]))


def greedy_oracle(texts: list[str], usable: np.ndarray, abstract: str) -> list[int]:
    """Indices of ``texts`` (only where ``usable``) that a greedy search picks to maximize the
    mean ROUGE-1/ROUGE-2 F against ``abstract``, in the order picked."""
    from rouge_score.tokenizers import DefaultTokenizer

    tok = DefaultTokenizer(use_stemmer=True)
    a = tok.tokenize(abstract)
    want1, want2 = _grams(a, 1), _grams(a, 2)
    n1, n2 = sum(want1.values()), sum(want2.values())
    limit = len(abstract.split())
    rows = [int(i) for i in np.flatnonzero(usable)]
    toks = {i: tok.tokenize(texts[i]) for i in rows}
    g1 = {i: _grams(toks[i], 1) for i in rows}
    g2 = {i: _grams(toks[i], 2) for i in rows}
    chosen: list[int] = []
    have1, have2, words, best = Counter(), Counter(), 0, 0.0
    while words < limit:
        pick, pick_score = None, best
        for i in rows:
            if i in chosen:
                continue
            m1, m2 = have1 + g1[i], have2 + g2[i]
            score = 0.5 * (_f(sum((m1 & want1).values()), sum(m1.values()), n1)
                           + _f(sum((m2 & want2).values()), sum(m2.values()), n2))
            if score > pick_score + 1e-9:
                pick, pick_score = i, score
        if pick is None:
            break
        chosen.append(pick)
        have1, have2, best = have1 + g1[pick], have2 + g2[pick], pick_score
        words += len(texts[pick].split())
    return chosen
