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

from .atomic import write_bytes_atomic
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


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes, read in chunks (large files stay out of memory): a document's
    content hash, which the reader records and batch resume and the library compare."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class EmbeddingCache:
    """Reads and writes cached arrays; every failure degrades to a cache miss, never an error."""

    def __init__(self, folder: Path | None = None, enabled: bool = True) -> None:
        self.folder = Path(folder) if folder else cache_home() / "embeddings"
        self.enabled = enabled
        self._write_warned = False  # a cache that cannot be written is said once, not per entry

    def path(self, content_hash: str, model: str) -> Path:
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", model).strip("._")[-60:] or "model"
        return self.folder / content_hash[:40] / f"{slug}.npz"

    def load(self, content_hash: str, model: str, inputs_digest: str, *, rows: dict[str, int] | None = None,
             dim: int | None = None) -> dict[str, np.ndarray] | None:
        """The arrays stored for this document and model, or None (miss, stale or invalid).

        ``rows`` maps each array the caller needs to its expected row count, ``dim`` is the
        encoder's vector width (None: any, the same for all). An entry that does not fit them,
        or holds a value that is not finite, is removed with a warning: the caller recomputes
        it, and a damaged or foreign file cannot fail a document or empty its summary.
        """
        if not (self.enabled and content_hash):
            return None
        path = self.path(content_hash, model)
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = str(data["__meta__"])
                if meta != f"{FORMAT}:{model}:{inputs_digest}":
                    return None
                arrays = {k: data[k] for k in data.files if k != "__meta__"}
        except FileNotFoundError:
            return None
        except Exception as err:  # noqa: BLE001 - a corrupt entry is recomputed
            return self._drop(path, f"unreadable: {err}")
        problem = invalid(arrays, rows or {}, dim)
        return arrays if problem is None else self._drop(path, problem)

    def _drop(self, path: Path, problem: str) -> None:
        log.warning("embedding cache entry %s is invalid (%s); recomputing it", path, problem)
        try:
            path.unlink()
        except OSError:
            pass
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
            if not self._write_warned:
                self._write_warned = True
                log.warning("cannot write the embedding cache (%s); continuing without it", err)
            else:
                log.debug("cannot write the embedding cache: %s", err)


def invalid(arrays: dict[str, np.ndarray], rows: dict[str, int], dim: int | None) -> str | None:
    """Why ``arrays`` cannot be the vectors expected (see :meth:`EmbeddingCache.load`), or None."""
    widths = set()
    for name, n in rows.items():
        a = arrays.get(name)
        if a is None:
            return f"no {name!r} array"
        if a.ndim != 2 or a.dtype.kind != "f":
            return f"{name!r} is {a.dtype} of shape {a.shape}, not rows of floats"
        if a.shape[0] != n or (dim is not None and a.shape[1] != dim):
            return f"{name!r} has shape {a.shape}, expected ({n}, {dim if dim is not None else 'd'})"
        if not np.isfinite(a).all():
            return f"{name!r} holds values that are not finite"
        widths.add(a.shape[1])
    if len(widths) > 1:
        return f"arrays of different widths {sorted(widths)}"
    return None
