"""The vectors a library keeps of one document: a row per sentence, and per figure one row per
channel: caption, mentions, figure-text and pixels (README ▸ Search, on figure channels)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..summary import SummaryVectors

if TYPE_CHECKING:
    from ..document import Document
    from ..embed.document import DocEmbeddings

CHANNELS = ("caption", "mentions", "figure-text", "pixels")
TEXT_CHANNELS = ("caption", "mentions", "figure-text")  # in the text encoder's space


def figure_channel_vectors(doc: Document, emb: DocEmbeddings) -> dict[str, np.ndarray]:
    """Channel name -> (m, d) float32, one row per figure of ``doc`` in order, as
    :func:`mmsum.embed.channels.figure_channel_vectors` makes them; a channel the document has
    nothing in (no image encoder ran, no figure text was embedded) is left out."""
    from ..embed.channels import figure_channel_vectors as channels

    out = {}
    for name, rows in channels(doc, emb).items():
        rows = np.asarray(rows, dtype=np.float32)
        if rows.ndim == 2 and rows.shape[1] and (name != "figure-text" or rows.any()):
            out[name] = rows
    return out


def summary_vectors(doc: Document, emb: DocEmbeddings, text_encoder: str,
                    image_encoder: str | None) -> SummaryVectors:
    """The :class:`~mmsum.summary.SummaryVectors` of ``doc`` from its embeddings."""
    return SummaryVectors(np.asarray(emb.sentences, dtype=np.float32), figure_channel_vectors(doc, emb),
                          text_encoder, image_encoder)
