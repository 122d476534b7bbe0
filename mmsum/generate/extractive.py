"""Extractive summary: the most salient sentences, without repeats, within the length asked.

Selection is maximal marginal relevance (Carbonell and Goldstein, 1998): each step takes the
sentence with the best mix of salience and novelty against those already taken. A sentence
that says what a chosen one says (:mod:`.redundancy`) is never taken, however much budget is
left. The summary leads with the sentence that says what the document is and does, when one
of the most salient sentences does; the rest follow in reading order (problem, method,
results, as documents are written), opened by a sentence that does not lean on one before it.
Only prose is taken (:mod:`.prose`); a long document's summary is shared among its parts
(:mod:`.coverage`). With ``structure`` the same selection fills short sections
(:mod:`.structured`). The pool, the selection and the order are :mod:`.selection`'s; the
cleaning of each sentence :mod:`.cleanup`'s.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from ..document import Document
from ..ingest.script import word_count
from ..options import ResolvedOptions
from .coverage import parts
from .selection import Extract, Pool, Selection, reading_order
from .structured import structured_summary


def extractive_summary(doc: Document, scores: np.ndarray, vectors: np.ndarray, options: ResolvedOptions,
                       shown_figures: set[int] | set[str] | frozenset = frozenset(),
                       encoder: str | None = None) -> Extract:
    """Pick sentences of ``doc`` by ``scores`` (one per sentence) with MMR over ``vectors``.

    ``shown_figures`` holds the numbers or label keys ("3", "2.1") of the figures the summary
    shows: a sentence that is about another figure is skipped, and asides pointing at one are
    cut. Length is counted in words, Chinese and Japanese at about two characters a word. With
    ``options.structure`` the summary comes in sections (see :mod:`.structured`); ``encoder``
    names the text encoder that made ``vectors``, for the sentence-role model.
    """
    max_words, max_sents = options.max_words, options.max_sentences
    spans = [] if options.structure else parts(doc, max_words, max_sents)
    pool = Pool.build(doc, scores, vectors, set(shown_figures), spans)
    if options.structure:
        structured = structured_summary(doc, pool, Selection(pool), max_words, max_sents, vectors, encoder)
        if structured.sections or not pool.ids:
            return structured
        # no sentence plays any section's part: the plain summary, and a word on why
        plain = extractive_summary(doc, scores, vectors, dataclasses.replace(options, structure=False), shown_figures)
        plain.remarks.append("no sentence reads as a problem, approach, finding or limitation: the summary is "
                             "not in sections")
        return plain
    sel = Selection(pool)
    lead = sel.lead()
    if lead is not None and (max_words is None or pool.words(lead) <= max_words):
        sel.take(lead)
    if spans:
        sel.fill_parts(doc, spans, max_words, max_sents)
    else:
        sel.fill(None if max_words is None else max_words - sel.used,
                 None if max_sents is None else max_sents - len(sel.chosen))
    if not sel.chosen and pool.ids:  # nothing fits the budget whole: the best sentence, cut to fit
        i = pool.ids[0]
        pool.text[i] = " ".join(pool.text[i].split()[:max_words]) + "…"
        sel.chosen = [0]
    order = reading_order(sel.chosen, pool, lead)
    picked = sel.scored(doc, order)
    return Extract(" ".join(s.sentence.text for s in picked), picked,
                   remarks=_all_taken(doc, sel, max_words, max_sents))


def _all_taken(doc: Document, sel: Selection, max_words: int | None, max_sents: int | None) -> list[str]:
    """A remark when the length asked is more than the document holds: the summary took every
    sentence it could, and says so rather than return the document as if it were a summary."""
    if sel.novelty.alive.any() or not sel.chosen:
        return []
    if max_words is not None and max_words - sel.used >= 5:
        asked = f"{max_words} words"
    elif max_sents is not None and len(sel.chosen) < max_sents:
        asked = f"{max_sents} sentences"
    else:
        return []
    total = sum(word_count(s.text) for s in doc.sentences)
    return [f"{asked} asked for, more than the document holds: the summary is every sentence of it that reads "
            f"as prose and repeats no other ({len(sel.chosen)} sentences, {sel.used} of its {total} words)"]
