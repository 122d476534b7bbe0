"""Fusion: one vector per figure from its channels (caption, mentions, figure-text, pixels;
see :mod:`mmsum.embed.channels`), and the similarities between figures and sentences that
ranking and search use.

Weighting, and why:

- Text part = the weighted mean of the figure's text-space channels (caption, mentions,
  figure-text; unit rows), the weights taken over the channels the figure has. Its dot
  product with a unit sentence vector is therefore the weighted mean of the channels' cosines:
  score-level fusion in one vector, and a figure without a caption (or never cited, or without
  text inside it) is judged by what it has rather than pulled to zero.
- Fused vector = [sqrt(1 - w) * unit(text) ; sqrt(w) * image], w = the pixels weight's share
  of the weights in use, so the dot product of two fused vectors is (1 - w) * text cosine +
  w * image cosine: one vector, an explicit weighting (near duplicates, look-alike plots).
- Shared-space encoder (CLIP, SigLIP): figure-to-sentence similarity is (1 - w) * text part +
  w * image-to-sentence cosine; the image cosine is standardised over the document and mapped
  onto the text cosines' scale first, because CLIP cosines live in a narrow band (about
  0.15-0.35) that would otherwise count for almost nothing.
- Visual-only encoder (EfficientNet, ImageNet features): its space is not the text space, so
  figure-to-sentence similarity is the text part alone; the image enters figure-to-figure
  similarity only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np

from ..document import Document
from .channels import CHANNELS, DEFAULT_WEIGHTS, TEXT_CHANNELS, effective_weights, figure_channel_vectors
from .channels import unit_rows as _unit
from .document import DocEmbeddings

# kept for callers that read them: the old fixed weights' names, now the defaults' shares
CAPTION_WEIGHT = DEFAULT_WEIGHTS["caption"] / (DEFAULT_WEIGHTS["caption"] + DEFAULT_WEIGHTS["mentions"])
IMAGE_WEIGHT_VISUAL = DEFAULT_WEIGHTS["pixels"] / sum(DEFAULT_WEIGHTS.values())
@dataclass
class FigureVectors:
    """``text`` (m, d): the weighted mean of the text-space channels (rows of length <= 1,
    zero for a figure with none); ``fused`` (m, d + D) when an image encoder is on, else
    unit(text); ``image_weight``: w above (0 when images are off); ``weights``: the channel
    weights used (all four channels; 0 for a channel turned off); ``channels``: the vectors
    of each channel (see :func:`~mmsum.embed.channels.figure_channel_vectors`)."""

    text: np.ndarray
    fused: np.ndarray
    image_weight: float
    shared_space: bool
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    channels: dict[str, np.ndarray] = field(default_factory=dict)


def weighted_text(channels: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """(m, d): per figure, the weighted mean of its non-zero text-space channel rows."""
    first = channels["caption"]
    total = np.zeros_like(first)
    norm = np.zeros((len(first), 1), dtype=np.float32)
    for c in TEXT_CHANNELS:
        w = float(weights.get(c, 0.0))
        if w <= 0 or c not in channels:
            continue
        rows = channels[c]
        has = np.any(rows, axis=1, keepdims=True)
        total += w * rows
        norm += w * has
    return np.divide(total, norm, out=np.zeros_like(total), where=norm > 0).astype(np.float32)


def figure_text_vectors(doc: Document, emb: DocEmbeddings, weights: Mapping[str, float] | None = None) -> np.ndarray:
    """The text part of each figure (see the module docstring); zero row if it has no text."""
    return weighted_text(figure_channel_vectors(doc, emb), effective_weights(weights))


def fuse_figures(doc: Document, emb: DocEmbeddings, shared_space: bool = False,
                 weights: Mapping[str, float] | None = None, *, skip_sentences: Iterable[int] = ()) -> FigureVectors:
    """The fused vector of every figure of ``doc`` from the channel ``weights``: every channel's
    weight, 0 for one turned off, as :func:`~mmsum.options.resolve_options` or
    :func:`~mmsum.embed.channels.effective_weights` make them (None: the defaults).
    ``skip_sentences``: sentence indices the mentions channel leaves out."""
    w_all = {c: float(weights[c]) for c in CHANNELS} if weights is not None else dict(DEFAULT_WEIGHTS)
    vecs = figure_channel_vectors(doc, emb, skip_sentences=skip_sentences)
    text = weighted_text(vecs, w_all)
    text_unit = _unit(text)
    if emb.images is None or w_all["pixels"] <= 0:
        return FigureVectors(text, text_unit, 0.0, bool(shared_space and emb.images is not None), w_all, vecs)
    used = sum(w_all.values())
    w = w_all["pixels"] / used if used > 0 else 0.0
    fused = np.concatenate([np.sqrt(1 - w) * text_unit, np.sqrt(w) * vecs["pixels"]], axis=1).astype(np.float32)
    return FigureVectors(text, fused, w, shared_space, w_all, vecs)


def _text_scale(sentences: np.ndarray, sample: int = 400) -> tuple[float, float]:
    """Mean and std of sentence-to-sentence cosines (on an evenly spread sample)."""
    sentences = sentences[np.any(sentences, axis=1)]
    if len(sentences) < 2:
        return 0.0, 1.0
    pick = sentences[np.linspace(0, len(sentences) - 1, min(sample, len(sentences))).astype(int)]
    sims = pick @ pick.T
    vals = sims[np.triu_indices(len(pick), k=1)]
    return float(vals.mean()), float(vals.std() or 1.0)


def _blend_image(fig: FigureVectors, emb: DocEmbeddings, sim: np.ndarray, direct: np.ndarray,
                 has_image: np.ndarray) -> np.ndarray:
    """``sim`` (text cosines, figures first) blended with ``direct`` (image-to-text cosines of a
    shared-space encoder, same shape), after mapping those onto the text cosines' scale."""
    vals = direct[has_image]
    mu, sd = _text_scale(emb.sentences)
    calibrated = mu + sd * (direct - vals.mean()) / (vals.std() or 1.0)
    has_text = np.any(fig.text, axis=1)
    w = fig.image_weight
    out = sim.copy()
    both = has_image & has_text
    out[both] = (1 - w) * sim[both] + w * calibrated[both]
    only_image = has_image & ~has_text  # no caption, no mention: the image is all we have
    out[only_image] = calibrated[only_image]
    return out


def figure_sentence_similarity(fig: FigureVectors, emb: DocEmbeddings) -> np.ndarray:
    """(m, n) similarity of each figure to each sentence, on the text cosine scale."""
    sim = fig.text @ emb.sentences.T
    if not (fig.shared_space and fig.image_weight > 0 and emb.images is not None
            and emb.sentences_in_image_space is not None):
        return sim
    direct = emb.images @ emb.sentences_in_image_space.T
    has_image = np.any(emb.images, axis=1)
    if not has_image.any() or direct.size < 2:
        return sim
    return _blend_image(fig, emb, sim, direct, has_image)


def figure_query_similarity(fig: FigureVectors, emb: DocEmbeddings, query: np.ndarray,
                            query_in_image_space: np.ndarray | None = None) -> np.ndarray:
    """(m,) similarity of each figure to one unit query vector (text space), on the text cosine
    scale: the text part's cosine, blended with the image's as for sentences when the image
    encoder shares the text space and ``query_in_image_space`` is given."""
    sim = fig.text @ query
    if not (fig.shared_space and fig.image_weight > 0 and emb.images is not None
            and query_in_image_space is not None):
        return sim
    direct = emb.images @ query_in_image_space
    has_image = np.any(emb.images, axis=1)
    if has_image.sum() < 2:
        return sim
    return _blend_image(fig, emb, sim, direct, has_image)


def figure_figure_similarity(fig: FigureVectors) -> np.ndarray:
    """(m, m) similarity between figures from their fused vectors."""
    return fig.fused @ fig.fused.T


def visual_similarity(emb: DocEmbeddings) -> np.ndarray | None:
    """(m, m) cosine between figure crops alone, None when images are off."""
    return None if emb.images is None else emb.images @ emb.images.T
