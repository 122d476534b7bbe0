"""Figure salience: which figures a reader should see first, and why.

A key figure is one that shows what the document is about. Nothing here is fitted to a corpus:
each signal encodes how documents are written, and each is a value from 0 to 1 per figure
(relative to the document's other figures where it is a count or a size). The score is their
weighted mean (weights in :data:`WEIGHTS`); what each adds alone and left out is measured by
``benchmarks/figure_ablation.py``.

Relation to the main claims
  ``opening``: the caption restates the document's opening, the title and the first tenth of
  the sentences (at least five), where authors say what the document is and does (the
  abstract, or the introduction's first paragraphs when the abstract is missing). Counted in
  shared pairs of adjacent words (:func:`~.terms.phrase_pairs`: "inference tree", "trees for"),
  relative to the document's best caption: a phrase of the opening repeated in a caption is
  the plainest evidence that the figure shows what the document is about. Weighted as much
  as half of all the other signals together.
  ``claims``: the caption spells out the document's main claims: the title, the abstract when
  the text has one, the contribution sentences of the introduction and conclusion ("In this
  paper we propose ...") and the top-ranked sentences. Counted in shared terms (a term of
  the title counts twice, a pair of adjacent words such as "inference tree" once more than
  its words), half of it, and half the cosine between the figure's text vector (caption and
  mentions) and those sentences.
  ``salient``: the figure's vectors are close to the most salient sentences (the top tenth by
  sentence salience), as a whole, not only the claim sentences.
How and where it is cited
  ``cited_where``: the introduction or the conclusion cites it: the figure the authors point
  to when they say what the document does, or what it found.
  ``cited_as``: its caption or a citing sentence calls it an overview, an architecture, a
  framework, a pipeline or workflow, a schematic, "our approach", or says it illustrates.
  ``cited_often``: how many sentences cite it (log), the authors' own vote.
Its own content
  ``own_text``: the words inside the figure (``Figure.text``: node names, legends, axis titles)
  name the terms of the main claims: a diagram of the method names its parts.
Size and place
  ``size``: its share of the page (relative to the largest figure), and whether it spans the
  text width (a full-width figure in a two-column paper is one the authors made room for).
  ``teaser``: it stands on the first two pages, ahead of the body (a teaser figure).
  ``first``: it is Figure 1: often the overview, but only one signal among the others.

A figure with neither caption nor mention keeps a third of its score (unexplained figures
rarely carry the point). Decoration (uncaptioned and visually repeated on other pages, or
running off the sheet's edges or lying in its top or bottom margin: covers, banners, logos) and
tables set as images (:mod:`.figure_checks`) score 0 and are never key figures; neither is a
figure whose crop failed. The key-figure set is chosen with maximal marginal relevance over
figure-to-figure similarity, so two look-alike plots do not both take a slot.

Each figure's explanation (:func:`explain`) is its two or three largest weighted signals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..embed.fusion import FigureVectors, figure_sentence_similarity, visual_similarity
from ..summary import FigureReason, ScoredFigure
from .figure_checks import crop_failed, is_table, page_decoration
from .scale import QUERY_SHARE, unit_scale
from .claims import TITLE_WEIGHT, claim_overlap, claim_sentences, claim_terms, sentence_places
from .terms import STOP, caption_body, phrase_pairs

# the weights of the signals: the relation to the claims leads, as it is what a key figure is;
# where and how the authors cite it is next; size, place and number are hints
WEIGHTS: dict[str, float] = {
    "opening": 0.5,
    "claims": 0.25,
    "salient": 0.15,
    "cited_where": 0.10,
    "cited_as": 0.10,
    "cited_often": 0.10,
    "own_text": 0.10,
    "size": 0.05,
    "teaser": 0.05,
    "first": 0.10,
}
SIGNALS = tuple(WEIGHTS)

RESTATED_SHARE = 0.1  # the opening a caption may restate: the first tenth of the sentences,
RESTATED_MIN = 5  # and at least five
TOP_SHARE = 0.1  # the most salient tenth of the sentences stands for what the text is about
UNDESCRIBED = 0.3  # share of its score kept by a figure with neither caption nor mention
FULL_WIDTH = 0.6  # share of the page width from which a figure spans the text width
TEASER_PAGES = 2  # a figure on these first pages is a teaser (documents longer than that)
# the least difference between figures that is evidence in full: a fifth of the cosine scale
# (unrelated sentences lie about 0.1 apart, paraphrases 0.5 or more), and two title terms
COSINE_EVIDENCE = 0.2
TERMS_EVIDENCE = 2 * TITLE_WEIGHT
DUPLICATE = 0.92  # cosine above which two crops (or two fused figure vectors) are the same
FIGURE_MMR = 0.7  # salience against novelty when choosing key figures (as for sentences)

# words that present a figure as the picture of the whole, or of the document's own method
_OVERVIEW = re.compile(
    r"\b(?:overview|architecture|framework|pipeline|workflow|work-flow|schematic\w*|schema|illustrat\w*|"
    r"(?:our|the\s+proposed)\s+(?:approach|method|model|system|algorithm|framework|design)|"
    r"outline|conceptual|sketch\w*|flow\s*chart|block\s+diagram|structure\s+of)\b", re.I)
_FIRST_LABEL = re.compile(r"^\s*(?:fig(?:ure)?\.?|图)\s*0*1\s*$", re.I)


@dataclass
class FigureSignals:
    """Every signal of every figure (``values``: signal -> (m,) array, 0..1), what the notes
    say about each (``details``: signal -> per figure words), and which figures are not
    figures to show (``excluded``: decoration, tables) or explain nothing (``described``)."""

    values: dict[str, np.ndarray]
    details: dict[str, list[str]]
    excluded: np.ndarray
    described: np.ndarray
    reasons_excluded: list[str] = field(default_factory=list)


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
    """True for figures that look decorative: uncaptioned and visually repeated on other pages,
    or part of the page's dress (see :func:`.figure_checks.page_decoration`)."""
    m = len(doc.figures)
    out = np.zeros(m, dtype=bool)
    vis = visual_similarity(emb)
    for k, fig in enumerate(doc.figures):
        if fig.caption.strip() or fig.mentions:
            continue
        page = doc.pages[fig.page] if 0 <= fig.page < len(doc.pages) else None
        if page is not None and page_decoration(fig, page.width, page.height):
            out[k] = True
            continue
        if vis is not None and np.any(emb.images[k]):
            pages = {doc.figures[j].page for j in np.flatnonzero(vis[k] > DUPLICATE) if j != k}
            out[k] = len(pages - {fig.page}) >= 1
    return out


def _relative(x: np.ndarray) -> np.ndarray:
    """``x / max(x)`` (zeros when nothing is positive): a count relative to the document's best."""
    x = np.asarray(x, dtype=np.float32)
    top = float(x.max()) if x.size else 0.0
    return x / top if top > 0 else np.zeros_like(x)


def _spread(x: np.ndarray, evidence: float, from_zero: bool = False) -> np.ndarray:
    """0..1: how far each value stands above the document's lowest (or above 0), in units of
    the whole range, but of at least ``evidence``: differences smaller than what counts as
    evidence (a few hundredths of cosine, one shared word) stay small instead of being
    stretched to the whole scale."""
    x = np.asarray(x, dtype=np.float32)
    if x.size == 0:
        return x
    lo = 0.0 if from_zero else float(x.min())
    return np.clip((x - lo) / max(float(x.max()) - lo, evidence), 0.0, 1.0)


def _is_first(doc: Document) -> np.ndarray:
    out = np.array([bool(_FIRST_LABEL.match(f.label or "")) for f in doc.figures])
    if not out.any():
        captioned = [k for k, f in enumerate(doc.figures) if f.label or f.caption.strip()]
        if captioned:
            out[captioned[0]] = True
    return out


def figure_signals(doc: Document, emb: DocEmbeddings, figs: FigureVectors,
                   sentence_scores: np.ndarray) -> FigureSignals:
    """All signals of all figures of ``doc`` (see the module docstring)."""
    m, n = len(doc.figures), len(doc.sentences)
    values: dict[str, np.ndarray] = {}
    details: dict[str, list[str]] = {k: [""] * m for k in SIGNALS}
    has_text = n > 0 and len(emb.sentences) == n
    sim = figure_sentence_similarity(figs, emb) if has_text else np.zeros((m, 0), np.float32)

    # relation to the main claims: shared terms, and closeness in meaning
    claims = claim_sentences(doc, sentence_scores) if has_text else []
    weights = claim_terms(doc, claims)
    lexical = np.zeros(m, dtype=np.float32)
    for k, fig in enumerate(doc.figures):
        lexical[k], shown = claim_overlap(caption_body(fig.caption), weights)
        if shown:
            details["claims"][k] = "its caption names " + ", ".join(f"“{t}”" for t in shown)
    n_open = max(RESTATED_MIN, int(RESTATED_SHARE * n))
    opening = phrase_pairs(" ".join([doc.title or "", *(s.text for s in doc.sentences[:n_open])]))
    restated = np.zeros(m, dtype=np.float32)
    for k, fig in enumerate(doc.figures):
        shared = phrase_pairs(caption_body(fig.caption)) & opening
        restated[k] = len(shared)
        shown = sorted(shared, key=lambda p: (-sum(w not in STOP for w in p.split()), -len(p), p))[:3]  # ties: alphabetical
        details["opening"][k] = ("its caption restates the opening: " + ", ".join(f"“{p}”" for p in shown)
                                 if shown else "its caption shares no phrase with the opening")
    values["opening"] = _relative(restated)
    semantic = (sim[:, claims].mean(axis=1) if claims and sim.shape[1] else np.zeros(m, np.float32))
    values["claims"] = 0.5 * _spread(lexical, TERMS_EVIDENCE) + 0.5 * _spread(semantic, COSINE_EVIDENCE)
    for k in range(m):
        details["claims"][k] = details["claims"][k] or "close in meaning to the title and contributions"

    relevance = sim @ salient_profile(sentence_scores) if sim.shape[1] else np.zeros(m, np.float32)
    values["salient"] = _spread(relevance, COSINE_EVIDENCE)
    details["salient"] = ["close in meaning to the top-ranked sentences"] * m

    # how and where it is cited
    places = sentence_places(doc)
    where = np.zeros(m, dtype=np.float32)
    cited_as = np.zeros(m, dtype=np.float32)
    count = np.zeros(m, dtype=np.float32)
    for k, fig in enumerate(doc.figures):
        idx = sorted({x.sentence for x in fig.mentions if 0 <= x.sentence < n})
        count[k] = len(idx)
        found = sorted({places[i] for i in idx if places[i]})
        if found:
            where[k] = 1.0
            details["cited_where"][k] = "cited in the " + " and the ".join(
                {"intro": "introduction", "conclusion": "conclusion"}[p] for p in found)
        cue = _OVERVIEW.search(caption_body(fig.caption))
        strength = 1.0
        if cue is None:
            cue = next((c for c in (_OVERVIEW.search(doc.sentences[i].text) for i in idx) if c), None)
            strength = 0.7  # a citing sentence may speak of several figures at once
        if cue is not None:
            cited_as[k] = strength
            details["cited_as"][k] = f"presented as “{cue.group(0).lower()}”"
        details["cited_often"][k] = f"cited in {len(idx)} sentence{'s' if len(idx) != 1 else ''}"
    values["cited_where"] = where
    values["cited_as"] = cited_as
    values["cited_often"] = _relative(np.log1p(count))

    # its own content: the words inside it
    own = np.zeros(m, dtype=np.float32)
    for k, fig in enumerate(doc.figures):
        own[k], shown = claim_overlap(fig.text, weights)
        if shown:
            details["own_text"][k] = "the words inside it name " + ", ".join(f"“{t}”" for t in shown)
    values["own_text"] = _spread(own, TERMS_EVIDENCE, from_zero=True)

    # size and place
    area = np.zeros(m, dtype=np.float32)
    full = np.zeros(m, dtype=np.float32)
    for k, fig in enumerate(doc.figures):
        page = doc.pages[fig.page] if 0 <= fig.page < len(doc.pages) else None
        pw, ph = (page.width, page.height) if page else (612.0, 792.0)
        w, h = max(fig.bbox[2] - fig.bbox[0], 0.0), max(fig.bbox[3] - fig.bbox[1], 0.0)
        area[k] = w * h / max(pw * ph, 1.0)
        full[k] = float(w >= FULL_WIDTH * pw)
        details["size"][k] = f"{'full width, ' if full[k] else ''}{round(100 * area[k])}% of its page"
    values["size"] = 0.5 * _relative(area) + 0.5 * full
    teaser = np.array([float(doc.page_count > TEASER_PAGES and f.page < TEASER_PAGES) for f in doc.figures],
                      dtype=np.float32)
    values["teaser"] = teaser
    for k, fig in enumerate(doc.figures):
        details["teaser"][k] = f"on page {fig.page + 1}, ahead of the body"
    first = _is_first(doc)
    values["first"] = first.astype(np.float32)
    for k, fig in enumerate(doc.figures):
        details["first"][k] = f"{fig.label or 'the first figure'}: often the overview"

    # what is never a key figure
    excluded = decorative(doc, emb) if m else np.zeros(0, dtype=bool)
    why_out = ["decoration" if e else "" for e in excluded]
    for k, fig in enumerate(doc.figures):
        if not excluded[k] and is_table(fig):
            excluded[k] = True
            why_out[k] = "a table set as an image"
    described = np.array([bool(f.caption.strip() or f.mentions) for f in doc.figures], dtype=bool)
    return FigureSignals(values, details, excluded, described, why_out)


def combine(signals: FigureSignals, off: frozenset[str] | set[str] = frozenset(),
            weights: dict[str, float] | None = None) -> np.ndarray:
    """The weighted mean of the signals not in ``off`` (0..1 per figure), before scaling;
    undescribed figures keep ``UNDESCRIBED`` of it. All signals off: every figure ties."""
    weights = weights or WEIGHTS
    used = [k for k in weights if k not in off and k in signals.values]
    m = len(signals.excluded)
    total = sum(weights[k] for k in used)
    if not used or total <= 0:
        return np.full(m, 0.5, dtype=np.float32)
    score = sum(weights[k] * signals.values[k] for k in used) / total
    return np.where(signals.described, score, UNDESCRIBED * score).astype(np.float32)


def explain(signals: FigureSignals, k: int, top: int = 3,
            weights: dict[str, float] | None = None) -> list[FigureReason]:
    """The ``top`` signals that weigh most in figure ``k``'s score, largest first."""
    weights = weights or WEIGHTS
    parts = [(weights[s] * float(signals.values[s][k]), s) for s in weights if s in signals.values]
    total = sum(c for c, _ in parts) or 1.0
    out = []
    for c, s in sorted(parts, key=lambda p: -p[0])[:top]:
        if c <= 0:
            break
        out.append(FigureReason(signal=s, value=round(float(signals.values[s][k]), 3),
                                share=round(c / total, 3), note=signals.details[s][k]))
    return out


def blend_query(score: np.ndarray, emb, figs, query: np.ndarray | None,
                query_in_image_space: np.ndarray | None, share: float) -> tuple[np.ndarray, np.ndarray | None]:
    """``score`` blended with each figure's relevance to ``query`` (its fused text vector, and its
    pixels where the image model shares the text space), ``share`` of it relevance; and that
    relevance (0..1), or ``score`` unchanged and None without a query."""
    if query is None:
        return score, None
    q = figs.text @ query
    if query_in_image_space is not None and emb.images is not None and figs.shared_space:
        q = (1 - figs.image_weight) * q + figs.image_weight * (emb.images @ query_in_image_space)
    relevance = unit_scale(q, robust=False)
    return (1 - share) * unit_scale(score, robust=False) + share * relevance, relevance


def figure_ranking(doc: Document, emb: DocEmbeddings, figs: FigureVectors, sentence_scores: np.ndarray,
                   query: np.ndarray | None = None, query_in_image_space: np.ndarray | None = None,
                   off: frozenset[str] | set[str] = frozenset()) -> tuple[np.ndarray, list[list[FigureReason]]]:
    """Salience of every figure of ``doc`` with its explanation: the most salient scores 1, every
    other one more than 0, decoration and tables set as images exactly 0. ``off`` switches
    signals off (for measuring what each adds)."""
    m = len(doc.figures)
    if m == 0:
        return np.zeros(0, dtype=np.float32), []
    signals = figure_signals(doc, emb, figs, sentence_scores)
    score = combine(signals, off)
    score, relevance = blend_query(score, emb, figs, query, query_in_image_space, QUERY_SHARE)
    # scaled by the top score, not stretched to 0..1: the least salient figure is still a figure
    score = np.maximum(score, 1e-3) / max(float(score.max()), 1e-3)
    score = np.where(signals.excluded, 0.0, score).astype(np.float32)
    reasons = []
    for k in range(m):
        if signals.excluded[k]:
            reasons.append([FigureReason("excluded", 0.0, 1.0, signals.reasons_excluded[k])])
            continue
        why = explain(signals, k)
        if relevance is not None:
            why.insert(0, FigureReason("query", round(float(relevance[k]), 3), QUERY_SHARE, "matches the query"))
        reasons.append(why)
    return score, reasons


def figure_scores(doc: Document, emb: DocEmbeddings, figs: FigureVectors, sentence_scores: np.ndarray,
                  query: np.ndarray | None = None, query_in_image_space: np.ndarray | None = None) -> np.ndarray:
    """Salience of every figure of ``doc`` (see :func:`figure_ranking`)."""
    return figure_ranking(doc, emb, figs, sentence_scores, query, query_in_image_space)[0]


def pick_figures(ranked: list[ScoredFigure], similarity: np.ndarray, doc: Document, k: int,
                 *, need_crop: bool = False) -> list[ScoredFigure]:
    """The ``k`` key figures: by salience, with maximal marginal relevance over the fused
    figure-to-figure ``similarity`` so that a series of look-alike plots does not fill every
    slot; near-duplicates and figures scored 0 (decoration, tables) are never picked, nor,
    with ``need_crop`` (crops were rendered), figures whose crop failed."""
    index = {id(f): i for i, f in enumerate(doc.figures)}
    pool = [f for f in ranked if f.score > 0 and not (need_crop and crop_failed(f.figure))]
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


def reason_text(reasons: list[FigureReason]) -> str:
    """The explanation as one line for people: "cited in the introduction; Figure 1: ..."."""
    return "; ".join(r.note for r in reasons if r.note)


__all__ = ["SIGNALS", "WEIGHTS", "FigureSignals", "combine", "decorative", "explain", "figure_ranking",
           "figure_scores", "figure_signals", "pick_figures", "reason_text", "salient_profile"]
