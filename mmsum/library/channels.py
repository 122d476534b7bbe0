"""The vectors a library keeps of one document: a row per sentence, and per figure one row per
channel (see DESIGN.md, "Figure channels")."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..summary import SummaryVectors

if TYPE_CHECKING:
    from ..document import Document
    from ..embed.document import DocEmbeddings

CHANNELS = ("caption", "mentions", "figure-text", "pixels")
TEXT_CHANNELS = ("caption", "mentions", "figure-text")  # in the text encoder's space


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 1e-12)


def figure_channel_vectors(doc: Document, emb: DocEmbeddings) -> dict[str, np.ndarray]:
    """Channel name -> (m, d) float32, one row per figure of ``doc`` in order.

    ``caption``: the caption's embedding; ``mentions``: the unit mean of the embedded
    sentences that cite the figure; ``pixels``: the crop's embedding (only when an image
    encoder ran). A figure without a caption, a citing sentence or a crop has a zero row there.
    """
    n, m = len(emb.sentences), len(doc.figures)
    dim = emb.sentences.shape[1] if emb.sentences.ndim == 2 else emb.captions.shape[1]
    mentions = np.zeros((m, dim), dtype=np.float32)
    for k, fig in enumerate(doc.figures):
        idx = sorted({x.sentence for x in fig.mentions if 0 <= x.sentence < n})
        rows = emb.sentences[idx] if idx else np.zeros((0, dim), dtype=np.float32)
        rows = rows[np.any(rows, axis=1)]  # sentences not embedded have zero rows
        if len(rows):
            mentions[k] = _unit(rows.mean(axis=0))
    out = {"caption": np.asarray(emb.captions, dtype=np.float32).reshape(m, -1), "mentions": mentions}
    if emb.images is not None:
        out["pixels"] = np.asarray(emb.images, dtype=np.float32).reshape(m, -1)
    return out


def summary_vectors(doc: Document, emb: DocEmbeddings, text_encoder: str,
                    image_encoder: str | None) -> SummaryVectors:
    """The :class:`~mmsum.summary.SummaryVectors` of ``doc`` from its embeddings."""
    return SummaryVectors(np.asarray(emb.sentences, dtype=np.float32), figure_channel_vectors(doc, emb),
                          text_encoder, image_encoder)
