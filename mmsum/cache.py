"""Embedding cache: arrays per (document content, model), as .npz files in the user cache dir.

Keyed by ``Document.content_hash`` and the model name, so the same file summarized again (at
another length, with another query) skips the encoders. Each entry also stores a digest of
the inputs it was computed from: if the reader splits the text differently (a new version),
the digest no longer matches and the entry is recomputed rather than misapplied.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import Path
from typing import Iterable

import numpy as np

from .export.atomic import write_bytes_atomic
from .paths import cache_home

log = logging.getLogger(__name__)
FORMAT = "1"  # bump when what is stored changes meaning


def digest(parts: Iterable[str]) -> str:
    """A short sha256 over ``parts`` (separated, so ["ab", "c"] differs from ["a", "bc"])."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:32]


class EmbeddingCache:
    """Reads and writes cached arrays; every failure degrades to a cache miss, never an error."""

    def __init__(self, folder: Path | None = None, enabled: bool = True) -> None:
        self.folder = Path(folder) if folder else cache_home() / "embeddings"
        self.enabled = enabled

    def path(self, content_hash: str, model: str) -> Path:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model).strip("._")[-60:] or "model"
        return self.folder / content_hash[:40] / f"{slug}.npz"

    def load(self, content_hash: str, model: str, inputs_digest: str) -> dict[str, np.ndarray] | None:
        """The arrays stored for this document and model, or None (miss, stale or unreadable)."""
        if not (self.enabled and content_hash):
            return None
        path = self.path(content_hash, model)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = str(data["__meta__"])
                if meta != f"{FORMAT}:{model}:{inputs_digest}":
                    return None
                return {k: data[k] for k in data.files if k != "__meta__"}
        except FileNotFoundError:
            return None
        except Exception as err:  # noqa: BLE001 - a corrupt entry is recomputed
            log.info("ignoring unreadable cache entry %s: %s", path, err)
            return None

    def store(self, content_hash: str, model: str, inputs_digest: str, arrays: dict[str, np.ndarray]) -> None:
        """Store ``arrays`` atomically; a full disk or read-only cache only logs."""
        if not (self.enabled and content_hash):
            return
        buf = io.BytesIO()
        np.savez(buf, __meta__=np.array(f"{FORMAT}:{model}:{inputs_digest}"), **arrays)
        try:
            write_bytes_atomic(self.path(content_hash, model), buf.getvalue())
        except OSError as err:
            log.warning("cannot write the embedding cache (%s); continuing without it", err)
