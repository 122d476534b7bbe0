"""A figure's channels: one vector per figure for each thing that represents it.

=============  ==========================================  ===========================
channel        from                                        space
=============  ==========================================  ===========================
caption        the caption text                            text encoder
mentions       the sentences that cite the figure (mean)   text encoder
figure-text    the text inside the figure (vector or OCR)  text encoder
pixels         the crop                                    image encoder
=============  ==========================================  ===========================

:func:`figure_channel_vectors` is the one place these vectors are made; fusion, ranking,
search and the library all take them from here. Channel names and weights travel as plain
strings and dicts (``"caption,figure-text"``, ``{"caption": 0.4, ...}``) so that options,
outputs and the command line share one spelling.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np

from ..document import Document
from ..errors import OptionsError

CHANNELS = ("caption", "mentions", "figure-text", "pixels")
TEXT_CHANNELS = ("caption", "mentions", "figure-text")
# The caption is the author's own description; mentions say how the argument uses the figure
# but often cite several at once; the figure's own text is fragmentary (labels, legends) yet
# is what the figure shows. Pixels: figure-to-figure likeness (and text, for CLIP/SigLIP).
DEFAULT_WEIGHTS: dict[str, float] = {"caption": 0.4, "mentions": 0.3, "figure-text": 0.3, "pixels": 0.3}


# The channels a summary's figure ranking uses unless told otherwise: the figure's own text
# serves search (what a figure shows, asked for in words) but measured no help in choosing a
# paper's key figure (arXiv papers: it moved one of ten top figures away from the one the
# abstract is about), so summaries leave it out by default: `--channels` turns it on.
SUMMARY_CHANNELS = ("caption", "mentions", "pixels")


def unit_rows(rows: np.ndarray) -> np.ndarray:
    """``rows`` scaled to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 1e-12)


def parse_channels(value: str | Iterable[str] | None) -> list[str]:
    """``"caption,figure-text"`` (or a list) -> ``["caption", "figure-text"]`` in the order
    given; None or empty -> all channels. OptionsError names an unknown channel."""
    if value is None:
        return list(CHANNELS)
    items = value.split(",") if isinstance(value, str) else list(value)
    names = [s.strip().lower() for s in items if s and s.strip()]
    bad = [n for n in names if n not in CHANNELS]
    if bad:
        raise OptionsError(f"unknown channel {bad[0]!r}; the channels are {', '.join(CHANNELS)}")
    return list(dict.fromkeys(names)) or list(CHANNELS)


def parse_weights(value: str | Mapping[str, float] | None) -> dict[str, float]:
    """``"caption=0.5,pixels=0"`` (or a dict) -> the full weight dict, channels not named
    keeping their default. OptionsError for an unknown channel or a weight that is not a
    number of at least 0."""
    weights = dict(DEFAULT_WEIGHTS)
    if value is None:
        return weights
    if isinstance(value, str):
        pairs = []
        for part in value.split(","):
            if not part.strip():
                continue
            name, sep, number = part.partition("=")
            if not sep:
                raise OptionsError(f"channel weight {part.strip()!r} is not NAME=NUMBER "
                                   "(e.g. caption=0.4,figure-text=0.3)")
            pairs.append((name, number))
    else:
        pairs = list(value.items())
    for name, number in pairs:
        name = str(name).strip().lower()
        if name not in CHANNELS:
            raise OptionsError(f"unknown channel {name!r} in the channel weights; the channels are "
                               f"{', '.join(CHANNELS)}")
        try:
            w = float(number)
        except (TypeError, ValueError):
            raise OptionsError(f"channel weight {name}={number!r} is not a number") from None
        if not np.isfinite(w) or w < 0:
            raise OptionsError(f"channel weight {name}={w} must be a number of at least 0")
        weights[name] = w
    return weights


def effective_weights(weights: Mapping[str, float] | None, channels: Iterable[str] | None = None
                      ) -> dict[str, float]:
    """The weights with every channel not in ``channels`` set to 0 (all four keys, in order)."""
    full = parse_weights(weights)
    on = set(parse_channels(channels)) if channels is not None else set(CHANNELS)
    return {c: (full[c] if c in on else 0.0) for c in CHANNELS}


def format_weights(weights: Mapping[str, float]) -> str:
    """``caption=0.4, mentions=0.3, figure-text=0.3, pixels=0.3`` (for Markdown and tables)."""
    return ", ".join(f"{c}={weights.get(c, 0.0):g}" for c in CHANNELS)


def mention_vectors(doc: Document, sentences: np.ndarray, skip: Iterable[int] = ()) -> np.ndarray:
    """(m, d): the unit mean of the vectors of the sentences citing each figure (zero row when
    none does). ``skip``: sentence indices left out (a query that is itself a mention)."""
    skip = set(skip)
    out = np.zeros((len(doc.figures), sentences.shape[1] if sentences.ndim == 2 else 0), dtype=np.float32)
    n = len(sentences)
    for k, fig in enumerate(doc.figures):
        idx = sorted({m.sentence for m in fig.mentions if 0 <= m.sentence < n and m.sentence not in skip})
        if idx:
            out[k] = unit_rows(sentences[idx].mean(axis=0))
    return out


def figure_channel_vectors(doc: Document, emb, *, skip_sentences: Iterable[int] = ()) -> dict[str, np.ndarray]:
    """Channel name -> (n_figures, d) array of unit-or-zero rows, for the four names of
    :data:`CHANNELS` in that order.

    ``emb`` is the document's :class:`~mmsum.embed.document.DocEmbeddings`. "caption",
    "mentions" and "figure-text" are in the text encoder's space (d = its dimension);
    "pixels" is in the image encoder's space, with d = 0 when no image encoder ran. A zero row
    means the figure has nothing in that channel (no caption, never cited, no text inside it).
    """
    m = len(doc.figures)
    d = emb.captions.shape[1] if emb.captions.ndim == 2 and emb.captions.size else emb.sentences.shape[1]
    caption = unit_rows(np.asarray(emb.captions, dtype=np.float32).reshape(m, -1)) if m else np.zeros((0, d), np.float32)
    figure_text = getattr(emb, "figure_texts", None)
    figure_text = (unit_rows(np.asarray(figure_text, dtype=np.float32)) if figure_text is not None
                   else np.zeros((m, d), dtype=np.float32))
    pixels = (unit_rows(np.asarray(emb.images, dtype=np.float32)) if emb.images is not None
              else np.zeros((m, 0), dtype=np.float32))
    return {"caption": caption,
            "mentions": mention_vectors(doc, emb.sentences, skip_sentences),
            "figure-text": figure_text,
            "pixels": pixels}


def channels_to_store(doc: Document, emb) -> dict[str, np.ndarray]:
    """:func:`figure_channel_vectors` as a library stores them: float32, and without a channel
    the document has nothing in (no image encoder ran, no figure text was embedded)."""
    out = {}
    for name, rows in figure_channel_vectors(doc, emb).items():
        rows = np.asarray(rows, dtype=np.float32)
        if rows.ndim == 2 and rows.shape[1] and (name != "figure-text" or rows.any()):
            out[name] = rows
    return out
