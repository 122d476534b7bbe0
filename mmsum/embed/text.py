"""Text encoder on PyTorch: a sentence-transformers model that maps sentences to unit vectors.

The path for GPUs (half precision there) and the fallback when ONNX Runtime cannot serve
(see :mod:`.onnx_text`, the CPU path).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..errors import ModelError
from ..models import ResolvedModel
from ..progress import CancelFn, ProgressFn, check

# sentences longer than this many word pieces (about 100 words) are cut: such "sentences" are
# layout debris or run-ons (tables, lists) whose start says what they are about, and encoding
# cost grows with every token
MAX_TOKENS = 128
CHUNK = 256  # sentences per progress/cancel step


class TextEncoder:
    """Encodes text to L2-normalised float32 vectors (one row per text)."""

    backend = "torch"

    def __init__(self, model, name: str) -> None:
        self._model = model
        self.name = name

    @property
    def cache_key(self) -> str:
        """What determines the vectors besides the text: model and truncation length."""
        return f"{self.name}@{self._model.max_seq_length}"

    @property
    def dim(self) -> int:
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        return int(get_dim())

    def encode(self, texts: Sequence[str], *, progress: ProgressFn | None = None,
               cancel: CancelFn | None = None, batch_size: int = 64) -> np.ndarray:
        """Vectors for ``texts`` as an ``(n, dim)`` float32 array of unit rows."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # encode in length order so that each batch pads little; chunks give cancel points
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), CHUNK):
            check(cancel)
            idx = order[start:start + CHUNK]
            vecs = self._model.encode([texts[i] or " " for i in idx], batch_size=batch_size,
                                      normalize_embeddings=True, convert_to_numpy=True,
                                      show_progress_bar=False)
            out[idx] = vecs
            if progress:
                progress(min(1.0, (start + len(idx)) / len(order)), "embedding sentences")
        return out


def load_text_encoder(resolved: ResolvedModel, device: str = "cpu", offline: bool = True) -> TextEncoder:
    """Load the sentence-transformers model ``resolved`` on ``device``; ModelError if it fails.

    ``offline`` is passed to the loader for this call only (``local_files_only``): nothing
    process-wide, so a later call may download when the user allows it.
    """
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a bar per load would garble the CLI's own

        model = SentenceTransformer(resolved.location, device=device, local_files_only=offline)
    except Exception as err:  # noqa: BLE001 - any load failure is reported as one message
        raise ModelError(f"cannot load text model {resolved.name}: {err}") from err
    model.max_seq_length = min(model.max_seq_length or MAX_TOKENS, MAX_TOKENS)
    model.eval()
    if device.startswith("cuda"):
        model.half()  # GPUs run half precision; vectors come back as float32 numpy rows
    return TextEncoder(model, resolved.name)
