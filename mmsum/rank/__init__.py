"""Salience: sentences and figures scored together from fused similarities and priors.

Sentences: content is directed centrality over the sentence graph (PacSum, see
:mod:`.centrality`): a sentence is central when much of what follows develops it; and
closeness to the centroid, what the document as a whole is about (centrality is local
support: a detail repeated in one long section gathers it too). A long
document (a book, a thesis, a report) is read part by part first, as HipoRank reads a paper
section by section: centrality within each chapter, weighted by how central the chapter is to
the whole (:func:`part_centrality`), so that the summary draws on every chapter instead of
the longest one. Content is multiplied by priors, each from how documents are written
(:mod:`.priors`): openings introduce (of the document, and of each section), the sentence that
says what the document is and does, and related work or appendices that describe other work;
and by how much the sentence reads like prose. Multiplying rather than adding keeps a prior
from lifting a sentence that says nothing central. Figures are then scored by their relation
to the main claims, how and where the text cites them, their own words, size and place, and
whether they are decoration or tables set as images (:mod:`.figures`). A query, when given,
joins both scores as relevance. Redundancy is removed when the summary is assembled (MMR, in
:mod:`mmsum.generate.extractive`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..embed.fusion import FigureVectors
from ..progress import CancelFn, check
from ..summary import FigureReason, ScoredFigure, ScoredSentence
from .centrality import directed_centrality
from .figures import figure_ranking
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


@dataclass
class Ranking:
    """Scores over ``Document.sentences`` and ``Document.figures`` (higher is more salient)."""

    sentence_scores: np.ndarray
    figure_scores: np.ndarray
    figure_reasons: list[list[FigureReason]] | None = None  # per figure: the signals behind its score
    sentence_reasons: list[list[FigureReason]] | None = None  # per sentence, from the learned ranker

    def sentences(self, doc: Document) -> list[ScoredSentence]:
        """All sentences, most salient first."""
        order = np.argsort(-self.sentence_scores, kind="stable")
        reasons = self.sentence_reasons or [[] for _ in doc.sentences]
        return [ScoredSentence(doc.sentences[i], float(self.sentence_scores[i]), list(reasons[i])) for i in order]

    def figures(self, doc: Document) -> list[ScoredFigure]:
        """All figures, most salient first."""
        order = np.argsort(-self.figure_scores, kind="stable")
        reasons = self.figure_reasons or [[] for _ in doc.figures]
        return [ScoredFigure(doc.figures[i], float(self.figure_scores[i]), list(reasons[i])) for i in order]


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


def rank_document(doc: Document, emb: DocEmbeddings, figs: FigureVectors,
                  query: np.ndarray | None = None, query_in_image_space: np.ndarray | None = None,
                  cancel: CancelFn | None = None, ranker: str = "heuristic") -> Ranking:
    """Score ``doc``'s sentences and figures; ``query`` is the query's unit text vector.
    ``ranker``: "heuristic" (the hand weights here and in :mod:`.figures`), "learned" (the
    bundled model of :mod:`.learned`) or the path of a weights file."""
    s = sentence_scores(doc, emb, None if ranker != "heuristic" else query, cancel)
    check(cancel)
    if ranker != "heuristic":
        from .learned import learned_scores, load_ranker

        s, s_why, f, f_why = learned_scores(doc, emb, figs, load_ranker(ranker), s, query, query_in_image_space)
        return Ranking(s, f, f_why, s_why)
    f, reasons = figure_ranking(doc, emb, figs, s, query, query_in_image_space)
    return Ranking(s, f, reasons)
