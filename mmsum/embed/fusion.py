"""Fusion: one vector per figure from its image, caption and mentions, and the similarities
between figures and sentences that ranking uses.

Weighting, and why:

- Text part = 0.6 caption + 0.4 mean of the citing sentences (each unit-normalised first).
  The caption is the author's own description of the figure; mentions say how the argument
  uses it, but a mention often cites several figures at once, so it is the weaker witness.
  With only one of the two, it takes the whole text part.
- Fused vector = [sqrt(1 - w) * text ; sqrt(w) * image], so the dot product of two fused
  vectors is (1 - w) * text cosine + w * image cosine: one vector, an explicit weighting.
- Shared-space encoder (CLIP, SigLIP): figure-to-sentence similarity is
  0.65 * text cosine + 0.35 * image-to-sentence cosine; the image cosine is standardised over
  the document and mapped onto the text cosines' scale first, because CLIP cosines live in a
  narrow band (about 0.15-0.35) that would otherwise count for almost nothing. The caption
  keeps the larger share: CLIP reads plots and diagrams far less well than it reads photos.
- Visual-only encoder (EfficientNet, ImageNet features): its space is not the text space,
  so figure-to-sentence similarity is the text part alone; the image enters figure-to-figure
  similarity with w = 0.3, which is what finds near-duplicate panels and repeated logos.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..document import Document
from .document import DocEmbeddings

CAPTION_WEIGHT = 0.6
IMAGE_WEIGHT_SHARED = 0.35
IMAGE_WEIGHT_VISUAL = 0.3


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 1e-12)


@dataclass
class FigureVectors:
    """``text`` (m, d): caption+mentions, unit or zero rows; ``fused`` (m, d + D) when an image
    encoder is on, else the text part; ``image_weight``: w above (0 when images are off)."""

    text: np.ndarray
    fused: np.ndarray
    image_weight: float
    shared_space: bool


def figure_text_vectors(doc: Document, emb: DocEmbeddings) -> np.ndarray:
    """Caption and mentions of each figure as one unit vector (zero row if it has neither)."""
    out = np.zeros_like(emb.captions)
    n = len(emb.sentences)
    for k, fig in enumerate(doc.figures):
        idx = sorted({m.sentence for m in fig.mentions if 0 <= m.sentence < n})
        mention = _unit(emb.sentences[idx].mean(axis=0)) if idx else None
        caption = emb.captions[k] if np.any(emb.captions[k]) else None
        if caption is not None and mention is not None:
            out[k] = _unit(CAPTION_WEIGHT * caption + (1 - CAPTION_WEIGHT) * mention)
        elif caption is not None or mention is not None:
            out[k] = caption if caption is not None else mention
    return out


def fuse_figures(doc: Document, emb: DocEmbeddings, shared_space: bool = False) -> FigureVectors:
    """The fused vector of every figure of ``doc`` (see the module docstring for weights)."""
    text = figure_text_vectors(doc, emb)
    if emb.images is None:
        return FigureVectors(text, text, 0.0, False)
    w = IMAGE_WEIGHT_SHARED if shared_space else IMAGE_WEIGHT_VISUAL
    fused = np.concatenate([np.sqrt(1 - w) * text, np.sqrt(w) * emb.images], axis=1).astype(np.float32)
    return FigureVectors(text, fused, w, shared_space)


def _text_scale(sentences: np.ndarray, sample: int = 400) -> tuple[float, float]:
    """Mean and std of sentence-to-sentence cosines (on an evenly spread sample)."""
    sentences = sentences[np.any(sentences, axis=1)]
    if len(sentences) < 2:
        return 0.0, 1.0
    pick = sentences[np.linspace(0, len(sentences) - 1, min(sample, len(sentences))).astype(int)]
    sims = pick @ pick.T
    vals = sims[np.triu_indices(len(pick), k=1)]
    return float(vals.mean()), float(vals.std() or 1.0)


def figure_sentence_similarity(fig: FigureVectors, emb: DocEmbeddings) -> np.ndarray:
    """(m, n) similarity of each figure to each sentence, on the text cosine scale."""
    sim = fig.text @ emb.sentences.T
    if not (fig.shared_space and emb.images is not None and emb.sentences_in_image_space is not None):
        return sim
    direct = emb.images @ emb.sentences_in_image_space.T
    has_image = np.any(emb.images, axis=1)
    if not has_image.any() or direct.size < 2:
        return sim
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


def figure_figure_similarity(fig: FigureVectors) -> np.ndarray:
    """(m, m) similarity between figures from their fused vectors."""
    return fig.fused @ fig.fused.T


def visual_similarity(emb: DocEmbeddings) -> np.ndarray | None:
    """(m, m) cosine between figure crops alone, None when images are off."""
    return None if emb.images is None else emb.images @ emb.images.T
