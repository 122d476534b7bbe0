"""Which sentences a summary needs encoded: a lexical first pass of the same ranking.

Encoding sentences is most of a summary's time on the CPU, yet a summary is a handful of
sentences, and the dense ranking only ever picks them from the top of the document: a
sentence that a word-based version of the same ranking (directed centrality over TF-IDF
vectors, times the same priors) puts far down almost never rises to the top on meaning. So
a plain summary encodes:

- the candidates: the best of the lexical ranking, ``CANDIDATES_PER_SENTENCE`` for each
  sentence the summary may hold (at least ``MIN_CANDIDATES``);
- voters: every ``VOTER_STRIDE``-th sentence, so that centrality and the centroid still see
  the whole document and not only its most central part;
- every sentence that cites a figure (the figures' ``mentions`` channel).

The others keep zero vectors (they can neither be picked nor vote). Searches, query-focused
summaries, libraries (which search every sentence) and long documents ranked part by part
encode every sentence worth encoding.
"""
from __future__ import annotations

import re

import numpy as np

from ..document import Document
from .sentences import LONG, central_content, sentence_prior
from .priors import quality_prior
from .structure import document_structure

# per sentence of the summary's budget: 10 left R-2 unchanged (the mean over docbank-dev) where
# 6 lost a point; a summary sentence is about WORDS_PER_SENTENCE words
CANDIDATES_PER_SENTENCE, MIN_CANDIDATES = 10, 60
WORDS_PER_SENTENCE = 20
VOTER_STRIDE = 10
# words of three letters or more, and CJK characters one by one (no spaces between words)
_TERM = re.compile(r"[^\W\d_]{3,}|[\u3400-\u9fff]")


def lexical_vectors(texts: list[str]) -> np.ndarray:
    """Unit TF-IDF rows over the terms that occur in at least two of ``texts`` (a term in one
    text links nothing); term counts damped by a square root."""
    docs = [[t.lower() for t in _TERM.findall(text)] for text in texts]
    df: dict[str, int] = {}
    for terms in docs:
        for t in set(terms):
            df[t] = df.get(t, 0) + 1
    vocab = {t: k for k, t in enumerate(t for t, n in df.items() if n >= 2)}
    out = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for row, terms in enumerate(docs):
        for t in terms:
            k = vocab.get(t)
            if k is not None:
                out[row, k] += 1.0
    idf = np.log((1 + len(texts)) / (1 + np.array([df[t] for t in vocab], dtype=np.float32))) + 1.0
    out = np.sqrt(out) * idf[None, :]
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def candidate_budget(max_words: int | None, max_sentences: int | None) -> int:
    """How many candidates a summary of at most ``max_words`` words / ``max_sentences``
    sentences needs encoded."""
    sentences = [n for n in (max_sentences, max_words and -(-max_words // WORDS_PER_SENTENCE)) if n]
    return max(MIN_CANDIDATES, CANDIDATES_PER_SENTENCE * (min(sentences) if sentences else 1))


def summary_rows(doc: Document, worth: np.ndarray, budget: int) -> np.ndarray:
    """The sentences (a bool per sentence, a subset of ``worth``) whose vectors a summary of
    ``doc`` needs: candidates, voters and figure mentions (see the module's docstring)."""
    rows = np.flatnonzero(worth)
    if len(rows) <= budget + len(rows) // VOTER_STRIDE or len(doc.sentences) > LONG:
        return worth  # encoding a few more is cheaper than choosing; a long document is ranked part by part
    lexical = lexical_vectors([doc.sentences[i].text for i in rows])
    vectors = np.zeros((len(doc.sentences), lexical.shape[1]), dtype=np.float32)
    vectors[rows] = lexical
    quality = quality_prior(doc) * worth
    score = quality * central_content(vectors, quality) * sentence_prior(doc, document_structure(doc))
    keep = np.zeros(len(worth), dtype=bool)
    keep[np.argsort(-score, kind="stable")[:budget]] = True
    keep[rows[::VOTER_STRIDE]] = True
    for fig in doc.figures:
        for m in fig.mentions:
            if 0 <= m.sentence < len(keep):
                keep[m.sentence] = True
    return keep & worth
