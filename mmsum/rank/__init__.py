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
from .figures import figure_ranking
from .sentences import sentence_scores

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


def rank_document(doc: Document, emb: DocEmbeddings, figs: FigureVectors,
                  query: np.ndarray | None = None, query_in_image_space: np.ndarray | None = None,
                  cancel: CancelFn | None = None, ranker: str = "heuristic") -> Ranking:
    """Score ``doc``'s sentences and figures; ``query`` is the query's unit text vector.
    ``ranker``: "heuristic" (the hand weights of :mod:`.sentences` and :mod:`.figures`),
    "learned" (the bundled sentence model of :mod:`.learned`; figures by the hand weights, from
    the hand-weighted sentence scores, as with "heuristic"), "learned+figures" (both bundled
    models) or the path of a weights file (both of its models)."""
    s = sentence_scores(doc, emb, None if ranker != "heuristic" else query, cancel)
    check(cancel)
    if ranker == "heuristic":
        f, reasons = figure_ranking(doc, emb, figs, s, query, query_in_image_space)
        return Ranking(s, f, reasons)
    from .learned import learned_figure_scores, learned_sentence_scores, learns_figures, load_ranker

    model = load_ranker(ranker)
    learned, s_why = learned_sentence_scores(doc, emb, model, s, query)
    if learns_figures(ranker):
        f, f_why = learned_figure_scores(doc, emb, figs, model, s, query, query_in_image_space)
    else:
        heuristic = s if query is None else sentence_scores(doc, emb, query, cancel)
        f, f_why = figure_ranking(doc, emb, figs, heuristic, query, query_in_image_space)
    return Ranking(learned, f, f_why, s_why)
