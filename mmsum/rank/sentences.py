"""Sentence salience by hand weights: content (directed centrality and closeness to the
centroid, part by part in a long document) times the priors of :mod:`.priors`; see the
package's docstring (:mod:`mmsum.rank`) for the reasoning.
"""
from __future__ import annotations

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..progress import CancelFn, check
from .centrality import directed_centrality
from .priors import defining_prior, opening_prior, position_prior, quality_prior, section_weight
from .scale import QUERY_SHARE, unit_scale
from .structure import Structure, document_structure

# content: how central a sentence is (its shares; each part scaled to 0..1 first)
W_CENTRALITY, W_CENTROID = 0.7, 0.3
# sentences above which a document is read part by part (about 60 pages): below it a document
# is about one subject and the whole graph finds it; above it, it is a book or a long report
LONG = 1500
# a chapter's weight is half its own and half how central it is to the whole: the summary of a
# book covers its chapters, the central ones more
PART_FLOOR = 0.5



def _centroid(vectors: np.ndarray, quality: np.ndarray) -> np.ndarray:
    c = (vectors * quality[:, None]).sum(0)
    return c / (np.linalg.norm(c) or 1.0)


def central_content(vectors: np.ndarray, quality: np.ndarray, cancel: CancelFn | None = None) -> np.ndarray:
    """Directed centrality and closeness to the centroid, mixed (0..1)."""
    central = unit_scale(directed_centrality(vectors, quality, cancel))
    return W_CENTRALITY * central + W_CENTROID * unit_scale(vectors @ _centroid(vectors, quality))


def part_centrality(vectors: np.ndarray, quality: np.ndarray, structure: Structure,
                    cancel: CancelFn | None = None) -> np.ndarray:
    """Content within each part (as for a whole document), times the part's weight in the whole.

    Work is the sum of the squared part sizes, not the square of the document's length."""
    out = np.zeros(len(vectors), dtype=np.float32)
    centroids = []
    for p in range(structure.n_parts):
        check(cancel)
        rows = structure.members(structure.part, p)
        out[rows] = central_content(vectors[rows], quality[rows], cancel)
        centroids.append(_centroid(vectors[rows], quality[rows]))
    central = unit_scale(directed_centrality(np.array(centroids, dtype=np.float32)), robust=False)
    weight = PART_FLOOR + (1 - PART_FLOOR) * central
    return out * weight[structure.part]


def content_scores(doc: Document, vectors: np.ndarray, quality: np.ndarray, structure: Structure,
                   cancel: CancelFn | None = None) -> np.ndarray:
    """How central each sentence is (0..1): over the whole, or part by part when ``doc`` is long."""
    if len(vectors) > LONG and structure.n_parts > 1:
        return part_centrality(vectors, quality, structure, cancel)
    return central_content(vectors, quality, cancel)


def sentence_prior(doc: Document, structure: Structure, parts: np.ndarray | None = None) -> np.ndarray:
    """The priors of :mod:`.priors` multiplied (openings, the defining sentence, other work);
    ``parts``: a part id per sentence when a long document is ranked part by part."""
    return (position_prior(doc, parts) * opening_prior(doc, structure) * defining_prior(doc)
            * section_weight(doc))


def sentence_scores(doc: Document, emb: DocEmbeddings, query: np.ndarray | None = None,
                    cancel: CancelFn | None = None) -> np.ndarray:
    """Salience of every sentence of ``doc`` (0..1)."""
    vecs = emb.sentences
    if len(vecs) == 0:
        return np.zeros(0, dtype=np.float32)
    quality = quality_prior(doc)
    structure = document_structure(doc)
    long = len(vecs) > LONG and structure.n_parts > 1
    content = content_scores(doc, vecs, quality, structure, cancel)
    check(cancel)
    score = quality * content * sentence_prior(doc, structure, structure.part if long else None)
    if query is not None:
        score = (1 - QUERY_SHARE) * unit_scale(score) + QUERY_SHARE * quality * unit_scale(vecs @ query)
    scaled = unit_scale(score, robust=False)
    if not scaled.any():
        # nothing to tell the sentences apart (one sentence alone): each readable one counts
        scaled = (quality > 0).astype(np.float32)
    return scaled.astype(np.float32)
