"""Figure salience: closeness to the salient text, citations, and decorative-figure checks.

A figure matters when what it shows is what the document is most about: its fused vector is
compared with the most salient sentences (not with all of them, or a results plot cited once
in a long experiments section would look as central as the overview figure). How often the
text cites a figure is the authors' own vote. Visual features find what text cannot: the same
logo or banner repeated on several pages, with no caption, is decoration.
"""
from __future__ import annotations

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..embed.fusion import FigureVectors, figure_sentence_similarity, visual_similarity
from ..summary import ScoredFigure
from .scale import unit_scale

W_RELEVANCE, W_CITED, W_ORDER = 0.65, 0.25, 0.10
TOP_SHARE = 0.1  # the most salient tenth of the sentences stands for what the text is about
QUERY_SHARE = 0.7  # as for sentences: the query leads
DUPLICATE = 0.92  # cosine above which two crops (or two fused figure vectors) are the same
FIGURE_MMR = 0.7  # salience against novelty when choosing key figures (as for sentences)


def salient_profile(scores: np.ndarray) -> np.ndarray:
    """Weights over sentences: the top ``TOP_SHARE`` by score, weighted by score, summing to 1."""
    n = len(scores)
    w = np.zeros(n, dtype=np.float32)
    if n == 0:
        return w
    k = max(3, int(np.ceil(TOP_SHARE * n)))
    top = np.argsort(-scores, kind="stable")[:k]
    w[top] = np.maximum(scores[top], 1e-6)
    return w / w.sum()


def decorative(doc: Document, emb: DocEmbeddings) -> np.ndarray:
    """True for figures that look decorative: uncaptioned and visually repeated on other pages."""
    m = len(doc.figures)
    out = np.zeros(m, dtype=bool)
    vis = visual_similarity(emb)
    for k, fig in enumerate(doc.figures):
        if fig.caption.strip() or fig.mentions:
            continue
        if vis is not None and np.any(emb.images[k]):
            pages = {doc.figures[j].page for j in np.flatnonzero(vis[k] > DUPLICATE) if j != k}
            out[k] = len(pages - {fig.page}) >= 1
    return out


def figure_scores(doc: Document, emb: DocEmbeddings, figs: FigureVectors, sentence_scores: np.ndarray,
                  query: np.ndarray | None = None, query_in_image_space: np.ndarray | None = None) -> np.ndarray:
    """Salience of every figure of ``doc``: the most salient scores 1, every other one more
    than 0, decorative ones exactly 0."""
    m = len(doc.figures)
    if m == 0:
        return np.zeros(0, dtype=np.float32)
    sim = figure_sentence_similarity(figs, emb) if len(emb.sentences) else np.zeros((m, 0), np.float32)
    relevance = sim @ salient_profile(sentence_scores) if sim.shape[1] else np.zeros(m, np.float32)
    cited = np.log1p([len({x.sentence for x in f.mentions}) for f in doc.figures]).astype(np.float32)
    cited = cited / (cited.max() or 1.0)
    order = 1.0 - np.arange(m, dtype=np.float32) / max(m, 1)  # earlier figures introduce
    score = W_RELEVANCE * unit_scale(relevance, robust=False) + W_CITED * cited + W_ORDER * order
    described = np.array([bool(f.caption.strip() or f.mentions) for f in doc.figures])
    score = np.where(described, score, 0.3 * score)  # unexplained figures rarely carry the point
    if query is not None:
        q = figs.text @ query
        if query_in_image_space is not None and emb.images is not None and figs.shared_space:
            q = (1 - figs.image_weight) * q + figs.image_weight * (emb.images @ query_in_image_space)
        score = (1 - QUERY_SHARE) * unit_scale(score, robust=False) + QUERY_SHARE * unit_scale(q, robust=False)
    # scaled by the top score, not stretched to 0..1: the least salient figure is still a figure
    score = np.maximum(score, 1e-3) / max(float(score.max()), 1e-3)
    return np.where(decorative(doc, emb), 0.0, score).astype(np.float32)


def pick_figures(ranked: list[ScoredFigure], similarity: np.ndarray, doc: Document, k: int) -> list[ScoredFigure]:
    """The ``k`` key figures: by salience, with maximal marginal relevance over the fused
    figure-to-figure ``similarity`` so that a series of look-alike plots does not fill every
    slot; near-duplicates and figures scored 0 (decorative) are never picked."""
    index = {id(f): i for i, f in enumerate(doc.figures)}
    pool = [f for f in ranked if f.score > 0]
    picked: list[ScoredFigure] = []
    while pool and len(picked) < k:
        def gain(cand: ScoredFigure) -> float:
            i = index[id(cand.figure)]
            overlap = max((similarity[i, index[id(p.figure)]] for p in picked), default=0.0)
            return FIGURE_MMR * cand.score - (1 - FIGURE_MMR) * max(overlap, 0.0)
        best = max(pool, key=gain)
        pool.remove(best)
        i = index[id(best.figure)]
        if any(similarity[i, index[id(p.figure)]] > DUPLICATE for p in picked):
            continue
        picked.append(best)
    return picked
