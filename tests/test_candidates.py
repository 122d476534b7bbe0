"""The lexical first pass that chooses which sentences a summary encodes (rank/candidates)."""
from __future__ import annotations

import random

import numpy as np

from mmsum.rank.candidates import (CANDIDATES_PER_SENTENCE, MIN_CANDIDATES, VOTER_STRIDE, candidate_budget,
                                   lexical_vectors, summary_rows)
from mmsum.rank.priors import worth_encoding
from tests.encoders import make_document

CLAIMS = [
    "In this paper we propose a robotic cleaning schedule that keeps solar panels free of dust.",
    "Dust reduces the power output of solar panels by up to a quarter in desert climates.",
    "Cleaning robots brush the dust off the solar panels at night without using water.",
    "We show that daily robotic cleaning restores nearly all of the lost solar power output.",
    "The cleaning schedule adapts to the dust forecast so that the robots run only when needed.",
    "In conclusion, scheduled robotic cleaning keeps dusty solar panels productive all year.",
]
_SYLLABLES = ["ka", "lo", "mi", "ren", "tas", "vu", "dor", "pel", "sin", "gra", "mo", "thu", "bel", "nar", "qui"]


def _filler(rng: random.Random) -> str:
    """A well-formed sentence of made-up words: it shares almost no term with any other."""
    words = ["".join(rng.choice(_SYLLABLES) for _ in range(3)) for _ in range(9)]
    return f"{words[0].capitalize()} {words[1]} {words[2]} the {words[3]} {words[4]} of {words[5]} {words[6]} " \
           f"and {words[7]} {words[8]}."


def _paper(n_filler: int = 240, seed: int = 0) -> tuple[list[str], list[int]]:
    """Claims spread through a long text of unrelated, well-formed sentences; the claims' indexes."""
    rng = random.Random(seed)
    texts = [_filler(rng) for _ in range(n_filler)]
    where = [0, 3, 40, 90, 150, 230]
    for i, claim in zip(where, CLAIMS):
        texts.insert(i, claim)
    return texts, where


def test_lexical_vectors_link_sentences_that_share_terms():
    v = lexical_vectors(["Solar panels gather dust.", "Dust covers the solar panels.", "Opera singers rehearse."])
    assert np.allclose(np.linalg.norm(v[:2], axis=1), 1.0)
    assert v[0] @ v[1] > 0.5
    assert not v[2].any()  # none of its terms occurs twice: it links nothing


def test_budget_grows_with_the_summary():
    assert candidate_budget(150, None) == max(MIN_CANDIDATES, CANDIDATES_PER_SENTENCE * 8)
    assert candidate_budget(None, 3) == MIN_CANDIDATES
    assert candidate_budget(1000, None) == CANDIDATES_PER_SENTENCE * 50
    assert candidate_budget(1000, 12) == CANDIDATES_PER_SENTENCE * 12


def test_a_summary_encodes_a_part_and_keeps_what_it_needs():
    texts, claims = _paper()
    doc = make_document(texts, figures=[{"label": "Figure 1", "number": 1,
                                         "caption": "Figure 1: Power output of a dusty panel.", "mentions": [200]}])
    worth = worth_encoding(doc)
    budget = candidate_budget(60, None)
    keep = summary_rows(doc, worth, budget)
    assert not (keep & ~worth).any()
    assert keep.sum() <= budget + worth.sum() // VOTER_STRIDE + 2
    assert keep.sum() < 0.6 * worth.sum()
    assert keep[200]  # cites a figure
    assert all(keep[i] for i in claims)  # the document's own subject is what the first pass finds


def test_a_short_document_is_encoded_whole():
    texts, _ = _paper(n_filler=30)
    doc = make_document(texts)
    worth = worth_encoding(doc)
    assert (summary_rows(doc, worth, candidate_budget(150, None)) == worth).all()


class _Counting:
    """The bundled text encoder, counting the texts it is given."""

    def __init__(self, inner) -> None:
        self.inner, self.count = inner, 0
        self.cache_key, self.dim = inner.cache_key, inner.dim

    def encode(self, texts, **kw):
        self.count += len(texts)
        return self.inner.encode(texts, **kw)


def test_the_cache_adds_rows_and_a_run_gets_only_the_rows_it_wants(tmp_path):
    from mmsum.cache import EmbeddingCache
    from mmsum.embed.document import embed_document
    from tests.encoders import text_encoder

    texts, _ = _paper(n_filler=120)
    doc = make_document(texts, content_hash="candidates-cache")
    worth = worth_encoding(doc)
    part = summary_rows(doc, worth, MIN_CANDIDATES)
    cache, enc = EmbeddingCache(tmp_path), _Counting(text_encoder())
    first = embed_document(doc, enc, None, cache, wanted=part, figure_text=False)
    assert enc.count == part.sum()
    full = embed_document(doc, enc, None, cache, wanted=worth, figure_text=False)
    assert enc.count == worth.sum()  # the second run encoded only what the first had not
    again = embed_document(doc, enc, None, cache, wanted=part, figure_text=False)
    assert enc.count == worth.sum()
    assert np.array_equal(again.sentences, first.sentences)  # the rows it asked for, no more
    assert np.allclose(full.sentences[part], first.sentences[part], atol=1e-6)
    assert not full.sentences[~worth].any() and full.sentences[worth].any(axis=1).all()
