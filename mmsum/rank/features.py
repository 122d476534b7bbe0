"""Named feature columns of sentences and figures, for the learned ranker.

Every column is a number per sentence (or figure) computed from what the heuristic ranking
already computes (the priors, centrality, the figure signals of :mod:`.figures`) and from the
document's vectors; none is specific to one language (terms and lengths count Chinese and
Japanese characters as words of about two). Columns that are scores within a document are
relative to the document (0..1), so that a short letter and a long report compare.

Sentence columns (``SENTENCE_FEATURES``):
  heuristic (the hand-weighted score), centrality and centroid (the two parts of its content),
  rank of the heuristic score within the document (1 = top), quality (prose), position (0..1
  in reading order), early (exp(-position/0.1)), section_first, section_position (0..1 in its
  section), defining, section_good / section_bad (the heading's kind), intro / conclusion
  (its place), role_problem/approach/findings/limitations, title_terms (share of the title's
  terms it says), opening_sim (cosine to the mean of the section openings), log_length
  (words), numbers, citations, cites_figure, signpost, keyness and key_pairs (how much it
  says what the document repeats, :func:`term_keyness`).
Figure columns (``FIGURE_FEATURES``):
  heuristic, each signal of :data:`.figures.SIGNALS` (``sig_*``), caption_words,
  caption_title (share of the title's terms in the caption), caption_centroid (cosine of
  the caption to the document's centroid), mention_centroid, text_words (the figure's own
  words, log), text_title, page (0..1), order (0..1 among the figures), pixel_1..K (the
  image encoder's vector projected on K fixed directions shipped with the model) and
  pixel_salient (the image vector's cosine, in the shared space, to the top sentences).
"""
from __future__ import annotations

import math
import re

import numpy as np

from ..document import Document
from ..embed.document import DocEmbeddings
from ..embed.fusion import FigureVectors
from .sentences import sentence_scores
from .centrality import directed_centrality
from .claims import sentence_places
from .figures import SIGNALS, combine, figure_signals, salient_profile
from .priors import _CITATION, _SIGNPOST, prose_quality, section_prior
from .roles import is_defining, role_scores
from .scale import unit_scale
from .structure import document_structure
from .terms import caption_body, terms, terms_of_words, words

PIXEL_DIMS = 4  # directions of the image encoder's space kept as features

SENTENCE_FEATURES = (
    "heuristic", "heuristic_rank", "centrality", "centroid", "quality", "position", "early",
    "section_first", "section_position", "defining", "section_good", "section_bad", "intro", "conclusion",
    "role_problem", "role_approach", "role_findings", "role_limitations", "title_terms", "opening_sim",
    "log_length", "numbers", "citations", "cites_figure", "signpost", "keyness", "key_pairs",
)
FIGURE_FEATURES = (
    "heuristic", *(f"sig_{s}" for s in SIGNALS), "caption_words", "caption_title", "caption_centroid",
    "mention_centroid", "text_words", "text_title", "page", "order",
    *(f"pixel_{k + 1}" for k in range(PIXEL_DIMS)), "pixel_salient",
)
# the columns of each modality, for ablation (a model trained without them)
FIGURE_TEXT_COLUMNS = ("sig_own_text", "text_words", "text_title")
PIXEL_COLUMNS = (*(f"pixel_{k + 1}" for k in range(PIXEL_DIMS)), "pixel_salient")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_TOKEN = re.compile(r"\S+")


def word_count(text: str) -> int:
    """Words of ``text``: tokens between spaces, and Chinese or Japanese characters two a word."""
    from ..ingest.script import CJK_CHARS_PER_WORD, blank_cjk, cjk_letter_count

    return round(cjk_letter_count(text) / CJK_CHARS_PER_WORD) + len(_TOKEN.findall(blank_cjk(text)))


def _share_of(title_terms: set[str], text: str) -> float:
    return len(title_terms & terms(text)) / len(title_terms) if title_terms else 0.0


def _rank01(x: np.ndarray) -> np.ndarray:
    """1 for the largest value, falling evenly to 0 for the smallest."""
    n = len(x)
    out = np.zeros(n, dtype=np.float32)
    if n > 1:
        out[np.argsort(-x, kind="stable")] = 1.0 - np.arange(n, dtype=np.float32) / (n - 1)
    elif n:
        out[:] = 1.0
    return out


def sentence_features(doc: Document, emb: DocEmbeddings, heuristic: np.ndarray | None = None) -> np.ndarray:
    """(n, len(SENTENCE_FEATURES)) float32 for ``doc``'s sentences; ``heuristic``: the hand
    ranking's scores when already computed."""
    n = len(doc.sentences)
    cols: dict[str, np.ndarray] = {}
    vecs = emb.sentences
    if n == 0:
        return np.zeros((0, len(SENTENCE_FEATURES)), dtype=np.float32)
    heuristic = sentence_scores(doc, emb) if heuristic is None else heuristic
    structure = document_structure(doc)
    quality = np.array([prose_quality(s.text) for s in doc.sentences], dtype=np.float32)
    cols["heuristic"] = heuristic
    cols["heuristic_rank"] = _rank01(heuristic)
    cols["centrality"] = unit_scale(directed_centrality(vecs, quality))
    centroid = (vecs * quality[:, None]).sum(0)
    centroid /= np.linalg.norm(centroid) or 1.0
    cols["centroid"] = unit_scale(vecs @ centroid)
    cols["quality"] = quality
    pos = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    cols["position"] = pos
    cols["early"] = np.exp(-pos / 0.1)
    cols["section_first"] = (structure.in_section == 0).astype(np.float32)
    cols["section_position"] = structure.in_section / np.maximum(structure.section_len - 1, 1)
    cols["defining"] = np.array([is_defining(s.text) for s in doc.sentences], dtype=np.float32)
    prior = section_prior(doc)
    cols["section_good"] = (prior > 0).astype(np.float32)
    cols["section_bad"] = (prior < 0).astype(np.float32)
    places = sentence_places(doc)
    cols["intro"] = np.array([p == "intro" for p in places], dtype=np.float32)
    cols["conclusion"] = np.array([p == "conclusion" for p in places], dtype=np.float32)
    for role, v in role_scores(doc).items():
        cols[f"role_{role}"] = v
    texts = [s.text for s in doc.sentences]
    seqs = [words(t) for t in texts]  # each sentence's terms, read once for the title and keyness
    title = terms(doc.title or "")
    cols["title_terms"] = np.array([len(title & terms_of_words(seq)) / len(title) if title else 0.0 for seq in seqs],
                                   dtype=np.float32)
    openings = vecs[(structure.in_section == 0) & np.any(vecs, axis=1)]
    if len(openings):
        o = openings.mean(0)
        cols["opening_sim"] = unit_scale(vecs @ (o / (np.linalg.norm(o) or 1.0)))
    else:
        cols["opening_sim"] = np.zeros(n, dtype=np.float32)
    cols["log_length"] = np.array([math.log1p(word_count(t)) for t in texts], dtype=np.float32)
    cols["numbers"] = np.array([min(len(_NUMBER.findall(t)), 5) / 5 for t in texts], dtype=np.float32)
    cols["citations"] = np.array([min(len(_CITATION.findall(t)), 3) / 3 for t in texts], dtype=np.float32)
    cites = np.zeros(n, dtype=np.float32)
    for fig in doc.figures:
        for m in fig.mentions:
            if 0 <= m.sentence < n:
                cites[m.sentence] = 1.0
    cols["cites_figure"] = cites
    cols["signpost"] = np.array([bool(_SIGNPOST.search(t)) for t in texts], dtype=np.float32)
    cols["keyness"], cols["key_pairs"] = term_keyness(texts, seqs)
    return np.stack([np.asarray(cols[k], dtype=np.float32) for k in SENTENCE_FEATURES], axis=1)


def term_keyness(texts: list[str], seqs: list[list[str | None]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence (0..1 within the document): how often the document says its terms (the mean,
    over its distinct content words, of their count in the whole document, log) and its pairs of
    adjacent terms that the document says again (the sum, over such pairs, of their count, log).
    A summary's words are the ones a document repeats (SumBasic, Nenkova and Vanderwende 2005).
    ``seqs``: the texts' :func:`.terms.words`, when already read."""
    from collections import Counter

    seqs = [words(t) for t in texts] if seqs is None else seqs
    singles = [{w for w in seq if w} for seq in seqs]
    pairs = [{f"{a} {b}" for a, b in zip(seq, seq[1:]) if a and b} for seq in seqs]
    c1 = Counter(w for s in singles for w in s)
    c2 = Counter(p for s in pairs for p in s)
    key = np.array([np.mean([math.log(c1[w]) for w in s]) if s else 0.0 for s in singles], dtype=np.float32)
    key2 = np.array([sum(math.log(c2[p]) for p in s if c2[p] > 1) for s in pairs], dtype=np.float32)
    return unit_scale(key), unit_scale(np.log1p(key2))


def _cos_to(rows: np.ndarray, target: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1)
    return np.where(norms > 0, rows @ target / np.maximum(norms, 1e-9), 0.0).astype(np.float32)


def figure_features(doc: Document, emb: DocEmbeddings, figs: FigureVectors, sentence_score: np.ndarray,
                    pixel_basis: np.ndarray | None = None) -> tuple[np.ndarray, object]:
    """((m, len(FIGURE_FEATURES)) float32, the heuristic's FigureSignals) for ``doc``'s figures.

    ``sentence_score``: the sentences' salience (the figure signals use its top); ``pixel_basis``
    (PIXEL_DIMS + 1, d): the mean of the image vectors, then the fixed directions of the image
    space they are projected on (the pixel columns are 0 without)."""
    m = len(doc.figures)
    signals = figure_signals(doc, emb, figs, sentence_score)
    if m == 0:
        return np.zeros((0, len(FIGURE_FEATURES)), dtype=np.float32), signals
    cols: dict[str, np.ndarray] = {"heuristic": unit_scale(combine(signals), robust=False)}
    for s in SIGNALS:
        cols[f"sig_{s}"] = signals.values[s]
    title = terms(doc.title or "")
    captions = [caption_body(f.caption) for f in doc.figures]
    cols["caption_words"] = np.array([math.log1p(word_count(c)) for c in captions], dtype=np.float32)
    cols["caption_title"] = np.array([_share_of(title, c) for c in captions], dtype=np.float32)
    vecs = emb.sentences
    centroid = vecs.sum(0) if len(vecs) else np.zeros(emb.captions.shape[1], np.float32)
    centroid = centroid / (np.linalg.norm(centroid) or 1.0)
    cols["caption_centroid"] = _cos_to(emb.captions, centroid) if len(emb.captions) else np.zeros(m, np.float32)
    mention = figs.channels.get("mentions") if figs.channels else None
    cols["mention_centroid"] = (_cos_to(mention, centroid) if mention is not None and len(mention) == m
                                else np.zeros(m, np.float32))
    cols["text_words"] = np.array([math.log1p(word_count(f.text)) for f in doc.figures], dtype=np.float32)
    cols["text_title"] = np.array([_share_of(title, f.text) for f in doc.figures], dtype=np.float32)
    cols["page"] = np.array([f.page / max(doc.page_count - 1, 1) for f in doc.figures], dtype=np.float32)
    cols["order"] = np.arange(m, dtype=np.float32) / max(m - 1, 1)
    images = emb.images if emb.images is not None and len(emb.images) == m else None
    proj = np.zeros((m, PIXEL_DIMS), dtype=np.float32)
    if images is not None and pixel_basis is not None and pixel_basis.shape == (PIXEL_DIMS + 1, images.shape[1]):
        has = np.any(images, axis=1)  # row 0 of the basis: the mean it was centred on
        proj[has] = (images[has] - pixel_basis[0]) @ pixel_basis[1:].T
    for k in range(PIXEL_DIMS):
        cols[f"pixel_{k + 1}"] = proj[:, k]
    in_image = emb.sentences_in_image_space
    if images is not None and in_image is not None and len(in_image) == len(vecs) and len(vecs):
        profile = salient_profile(sentence_score)
        target = profile @ in_image
        cols["pixel_salient"] = _cos_to(images, target / (np.linalg.norm(target) or 1.0))
    else:
        cols["pixel_salient"] = np.zeros(m, np.float32)
    return np.stack([np.asarray(cols[k], dtype=np.float32) for k in FIGURE_FEATURES], axis=1), signals
