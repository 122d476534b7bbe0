"""When two sentences say the same thing, at any length.

Two tests, either one enough: their meaning vectors are as close as paraphrases are
(PARAPHRASE), or nearly every content word of the shorter one is in the longer one
(CONTAINED: it adds nothing). The first catches a claim restated in new words, the second a
short sentence that repeats part of a long one, which a cosine between unequal lengths
misses.

Cosines are not on one scale across encoders: multilingual-e5 puts any two sentences of a
document at 0.75-0.95, where all-MiniLM-L6-v2 spreads them over 0.0-0.7. So the paraphrase
cosine of a document is PARAPHRASE or, when higher, what only the closest pairs of its own
candidates reach (PARAPHRASE_QUANTILE of their pairwise cosines): a paraphrase is closer
than almost every other pair of the same document.
"""
from __future__ import annotations

import numpy as np

from .words import containment, content_words

# Cosine of all-MiniLM-L6-v2 vectors: paraphrase pairs sit above about 0.8, while distinct
# claims about one topic (the method and its result) sit between 0.4 and 0.7.
PARAPHRASE = 0.8
CONTAINED = 0.7  # share of the shorter sentence's content words found in the other
MIN_WORDS = 4  # containment of fewer content words than this says nothing
PARAPHRASE_QUANTILE = 0.99


def paraphrase_cosine(vectors: np.ndarray) -> float:
    """The cosine at or above which two of these unit ``vectors`` say the same thing."""
    n = len(vectors)
    if n < 3:
        return PARAPHRASE
    sims = vectors @ vectors.T
    pairs = sims[np.triu_indices(n, k=1)]
    return max(PARAPHRASE, float(np.quantile(pairs, PARAPHRASE_QUANTILE)))


def repeats(vec_a: np.ndarray, vec_b: np.ndarray, words_a: set[str], words_b: set[str]) -> bool:
    """Whether two sentences (unit vectors and content words) say the same thing."""
    if float(vec_a @ vec_b) >= PARAPHRASE:
        return True
    return min(len(words_a), len(words_b)) >= MIN_WORDS and containment(words_a, words_b) >= CONTAINED


class Novelty:
    """Tracks what a growing summary already says, over a fixed set of candidates.

    ``max_sim`` is each candidate's highest cosine to a chosen sentence (for MMR); ``alive``
    turns False for candidates that repeat a chosen one (and for the chosen themselves).
    """

    def __init__(self, vectors: np.ndarray, texts: list[str]):
        self.vectors = vectors
        self.words = [content_words(t) for t in texts]
        self.max_sim = np.zeros(len(texts), dtype=np.float32)
        self.alive = np.ones(len(texts), dtype=bool)
        self.paraphrase = paraphrase_cosine(vectors) if len(vectors) and vectors.ndim == 2 else PARAPHRASE

    def add(self, k: int) -> None:
        """Candidate ``k`` joins the summary."""
        self.alive[k] = False
        if not len(self.vectors):
            return
        sims = self.vectors @ self.vectors[k]
        self.max_sim = np.maximum(self.max_sim, sims)
        self.alive &= sims < self.paraphrase
        wk = self.words[k]
        for j in np.flatnonzero(self.alive):
            wj = self.words[j]
            if min(len(wj), len(wk)) >= MIN_WORDS and containment(wj, wk) >= CONTAINED:
                self.alive[j] = False
