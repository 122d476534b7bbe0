"""Salience: sentences and figures scored together from fused similarities and priors.

Sentences: content = directed centrality over the sentence graph (see :mod:`.centrality`) and
closeness to the document's centroid; multiplied by priors for section, contribution cues and
position, and by how much the sentence reads like prose (:mod:`.priors`). Multiplying rather
than adding keeps a prior from lifting a sentence that says nothing central. Figures are then scored by how
close their fused vectors are to the most salient sentences, how often the text cites them,
and whether they look decorative (:mod:`.figures`). A query, when given, joins both scores
as relevance. Redundancy is removed when the summary is assembled (MMR, in
:mod:`mmsum.generate.extractive`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..embed.fusion import FigureVectors
from ..progress import CancelFn, check
from ..summary import ScoredFigure, ScoredSentence
from .centrality import directed_centrality
from .figures import figure_scores
from .priors import cue_prior, position_prior, quality_prior, section_prior
from .scale import unit_scale

# content: how central a sentence is (its shares; each part scaled to 0..1 first)
W_CENTRALITY, W_CENTROID = 0.7, 0.3
# priors multiply the content score, as likelihood ratios would: a claim-stating section or a
# contribution cue makes a sentence about half again as likely to belong in a summary, the
# authors' "we"/"our" a quarter, related work and references a little over half as likely
GOOD_SECTION, BAD_SECTION, CUE, OWN_WORK = 1.5, 0.6, 1.5, 1.25
# with --query, relevance to it leads: the user asked for it; salience breaks the ties among
# relevant sentences
QUERY_SHARE = 0.7


@dataclass
class Ranking:
    """Scores over ``Document.sentences`` and ``Document.figures`` (higher is more salient)."""

    sentence_scores: np.ndarray
    figure_scores: np.ndarray

    def sentences(self, doc: Document) -> list[ScoredSentence]:
        """All sentences, most salient first."""
        order = np.argsort(-self.sentence_scores, kind="stable")
        return [ScoredSentence(doc.sentences[i], float(self.sentence_scores[i])) for i in order]

    def figures(self, doc: Document) -> list[ScoredFigure]:
        """All figures, most salient first."""
        order = np.argsort(-self.figure_scores, kind="stable")
        return [ScoredFigure(doc.figures[i], float(self.figure_scores[i])) for i in order]


def _cue_multiplier(cues: np.ndarray) -> np.ndarray:
    return np.where(cues >= 1.0, CUE, np.where(cues > 0, OWN_WORK, 1.0))


def sentence_scores(doc: Document, emb: DocEmbeddings, query: np.ndarray | None = None,
                    cancel: CancelFn | None = None) -> np.ndarray:
    """Salience of every sentence of ``doc`` (0..1)."""
    vecs = emb.sentences
    if len(vecs) == 0:
        return np.zeros(0, dtype=np.float32)
    quality = quality_prior(doc)
    central = unit_scale(directed_centrality(vecs, quality, cancel))
    check(cancel)
    centroid = (vecs * quality[:, None]).sum(0)
    centroid /= np.linalg.norm(centroid) or 1.0
    content = W_CENTRALITY * central + W_CENTROID * unit_scale(vecs @ centroid)
    section = section_prior(doc)
    prior = (np.where(section > 0, GOOD_SECTION, np.where(section < 0, BAD_SECTION, 1.0))
             * _cue_multiplier(cue_prior(doc)) * position_prior(doc))
    score = quality * content * prior
    if query is not None:
        score = (1 - QUERY_SHARE) * unit_scale(score) + QUERY_SHARE * quality * unit_scale(vecs @ query)
    scaled = unit_scale(score, robust=False)
    if not scaled.any():
        # nothing to tell the sentences apart (one sentence alone): each readable one counts
        scaled = (quality > 0).astype(np.float32)
    return scaled.astype(np.float32)


def rank_document(doc: Document, emb: DocEmbeddings, figs: FigureVectors,
                  query: np.ndarray | None = None, query_in_image_space: np.ndarray | None = None,
                  cancel: CancelFn | None = None) -> Ranking:
    """Score ``doc``'s sentences and figures; ``query`` is the query's unit text vector."""
    s = sentence_scores(doc, emb, query, cancel)
    check(cancel)
    f = figure_scores(doc, emb, figs, s, query, query_in_image_space)
    return Ranking(s, f)
