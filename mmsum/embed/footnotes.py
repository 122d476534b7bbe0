"""The vectors a search finds footnotes by: each footnote's text in the document's text
encoder, the same in a document searched on the fly and in a library."""
from __future__ import annotations

import numpy as np

from ..document import Footnote


def footnote_vectors(encoder, footnotes: list[Footnote]) -> np.ndarray:
    """(k, d) float32: each footnote's text in ``encoder``'s space, unit rows, in order (a
    document holds a few, so every one is encoded)."""
    if not footnotes:
        return np.zeros((0, getattr(encoder, "dim", 0)), dtype=np.float32)
    return np.asarray(encoder.encode([f.text for f in footnotes]), dtype=np.float32)
