"""Bounds on the work done for one document, and why each is where it is.

Reading is linear in the page count and stays so (and its memory flat: about 150 MB for
1,000 pages, 220 MB for 5,000). What comes after reading is not: on two CPU cores the
bundled encoders cost about 10 ms of CPU time per sentence and 0.2 s per figure crop,
centrality compares every ranked sentence with every other (n² similarities), and figure
salience compares every figure with every sentence. Without bounds a 5,000-page book or a
catalogue of 5,000 small figures runs for many minutes and gigabytes. So a summary ranks at
most :data:`MAX_SENTENCES` sentences and :data:`MAX_FIGURES` figures; beyond that, the ones
kept are spread evenly over the document (every part of a long book can still be in its
summary), and the output says what was left out, in its warnings.

The bounds are far above what papers, reports and theses hold (a 300-page thesis has about
8,000 sentences of prose and rarely 200 figures), so for them nothing changes; they bind on
books, manuals, logs and catalogues.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .document import Document, Mention

# Sentences embedded and ranked per document: 12,000 take about two minutes of CPU time to
# encode with the bundled text encoder, and centrality over them 144 million similarities
# (about 4 s, in blocks of bounded memory).
MAX_SENTENCES = 12_000
# Figures rendered, encoded and ranked per summary: each crop is rendered at 144 dpi and run
# through the image encoder (about 0.2 s of CPU time each), and the key figures are chosen
# among them. 400 is beyond any paper or thesis; a catalogue keeps its captioned figures first.
MAX_FIGURES = 400
# Crops written by ``mmsum figures --out-dir``: rendering only, no encoder, so a larger bound.
MAX_CROPS = 2_000


def spread(candidates: np.ndarray, limit: int) -> np.ndarray:
    """``limit`` of the sorted indices ``candidates``, evenly spread (the first and last kept)."""
    if len(candidates) <= limit:
        return candidates
    picks = np.unique(np.round(np.linspace(0, len(candidates) - 1, limit)).astype(int))
    return candidates[picks]


def figures_to_keep(doc: Document, limit: int) -> list[int]:
    """Indices of at most ``limit`` figures, in document order: captioned or cited ones first
    (they are what a summary can show and explain), spread over the document."""
    described = np.array([i for i, f in enumerate(doc.figures) if f.caption.strip() or f.mentions], dtype=int)
    rest = np.array([i for i, f in enumerate(doc.figures) if not (f.caption.strip() or f.mentions)], dtype=int)
    keep = spread(described, limit)
    if len(keep) < limit:
        keep = np.concatenate([keep, spread(rest, limit - len(keep))])
    return sorted(int(i) for i in keep)


def within_limits(doc: Document, worth: np.ndarray, *, max_sentences: int | None = None,
                  max_figures: int | None = None) -> tuple[Document, list[str]]:
    """``doc`` itself when it is within the bounds; else a view of it with the sentences that
    can matter (``worth``: one bool per sentence) spread to ``max_sentences`` and the figures to
    ``max_figures``, re-indexed (sentence indices, mentions), and the notes saying so.

    The view shares pages, title, path and warnings with ``doc``; its sentences are copies with
    new indices, its figures copies with remapped mentions.
    """
    max_sentences = MAX_SENTENCES if max_sentences is None else max_sentences
    max_figures = MAX_FIGURES if max_figures is None else max_figures
    n, m = len(doc.sentences), len(doc.figures)
    over_s = int(worth.sum()) > max_sentences
    over_f = m > max_figures
    if not (over_s or over_f):
        return doc, []
    notes = []
    if over_s:
        keep_s = spread(np.flatnonzero(worth), max_sentences)
        notes.append(f"{int(worth.sum()):,} sentences could be in the summary; {len(keep_s):,} of them, "
                     f"spread over the document, were ranked (limit {max_sentences:,} per document)")
    else:
        keep_s = np.arange(n)
    keep_f = figures_to_keep(doc, max_figures) if over_f else list(range(m))
    if over_f:
        notes.append(f"the document has {m:,} figures; {len(keep_f):,} of them, captioned ones first, "
                     f"were rendered and ranked (limit {max_figures:,} per document)")
    new_index = {int(old): new for new, old in enumerate(keep_s)}
    sentences = [dataclasses.replace(doc.sentences[old], index=new) for old, new in new_index.items()]
    figures = []
    for k in keep_f:
        f = doc.figures[k]
        mentions = [Mention(x.page, x.text, new_index[x.sentence]) for x in f.mentions if x.sentence in new_index]
        figures.append(dataclasses.replace(f, mentions=mentions))
    tables = [dataclasses.replace(t, mentions=[Mention(x.page, x.text, new_index[x.sentence])
                                               for x in t.mentions if x.sentence in new_index])
              for t in doc.tables]
    return dataclasses.replace(doc, sentences=sentences, figures=figures, tables=tables), notes
