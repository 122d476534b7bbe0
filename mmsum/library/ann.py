"""An approximate nearest-neighbour index over a large library's sentence vectors.

Exact search (one matrix product) is fast enough up to :data:`EXACT_MAX` vectors; beyond, a
faiss inverted-file index (IVF, flat inner product) answers a query by scanning only the
nearest ``nprobe`` of its ``nlist`` clusters. It was chosen over HNSW graphs (hnswlib,
usearch) by ``benchmarks/library_ann.py``: at 100,000 vectors (d=384, two contended cores)
IVF built in 6 s against 88 s (hnswlib) and 428 s (usearch), at recall@10 0.95 against
0.995 and 1.0 and 2.5 ms against 0.2 and 1 ms a query. The index is rebuilt whole after a
library changes, so build time decides; milliseconds per query are plenty for a person
typing. At 1,000,000 vectors with the settings below: recall@10 1.000, 39 ms p50 (exact
numpy: 282 ms), about 2 minutes to read the vectors back and build.

The index lives beside the library file (``<library>.index/``), one per text encoder, and
records the library's generation it was built from; a library changed since is rebuilt on
the next search. Files are replaced atomically, so two searches building at once only waste
work.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

EXACT_MAX = 50_000  # below this many vectors, exact search (and no index file)
TRAIN_PER_LIST = 40  # k-means training points per cluster: training dominates the build
TRAIN_ITERATIONS = 10


def nlist_for(n: int) -> int:
    """Clusters for ``n`` vectors: about sqrt(n) (1,000 at a million), so that each holds
    about as many vectors as there are clusters to compare a query with."""
    return max(1, min(int(np.sqrt(n)), n // TRAIN_PER_LIST or 1))


def nprobe_for(nlist: int) -> int:
    """Clusters scanned per query: an eighth of them, at least 16 (the recall this gives is
    measured by benchmarks/library_ann.py)."""
    return min(nlist, max(16, nlist // 8))


def build_ivf(vectors: np.ndarray, *, nlist: int | None = None, seed: int = 0):
    """A faiss IndexIVFFlat (inner product) over ``vectors`` (n, d) unit float32 rows."""
    import faiss

    n, d = vectors.shape
    nlist = nlist or nlist_for(n)
    quantizer = faiss.IndexFlatIP(d)
    index = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
    index.cp.niter = TRAIN_ITERATIONS
    index.cp.seed = seed
    rng = np.random.default_rng(seed)
    size = min(n, TRAIN_PER_LIST * nlist)
    train = vectors[np.sort(rng.choice(n, size=size, replace=False))] if size < n else vectors
    index.train(np.ascontiguousarray(train))
    index.add(np.ascontiguousarray(vectors))
    index.nprobe = nprobe_for(nlist)
    return index


def _slug(encoder: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", encoder)[:80] + "-" + format(abs(hash_text(encoder)), "x")[:8]


def hash_text(text: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


@dataclass
class SentenceIndex:
    """An IVF index over one encoder's sentence vectors; ``ids`` maps index rows to sentence ids."""

    index: object
    ids: np.ndarray
    generation: int

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, sentence ids), each (q, k), best first; id -1 where fewer were found."""
        scores, rows = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        ids = np.where(rows >= 0, self.ids[np.clip(rows, 0, max(len(self.ids) - 1, 0))], -1)
        return scores, ids


def index_folder(library: Path) -> Path:
    return Path(str(library) + ".index")


def load_or_build(library: Path, encoder: str, generation: int, load_vectors) -> SentenceIndex:
    """The index of ``encoder``'s sentences, built again (from ``load_vectors()`` -> (ids,
    vectors)) when missing or older than ``generation``."""
    import faiss

    folder = index_folder(library)
    name = _slug(encoder)
    faiss_path, ids_path, meta_path = (folder / f"{name}{ext}" for ext in (".faiss", ".ids.npy", ".json"))
    try:
        meta = json.loads(meta_path.read_text())
        if meta.get("generation") == generation and meta.get("encoder") == encoder:
            index = faiss.read_index(str(faiss_path))
            index.nprobe = nprobe_for(index.nlist)
            return SentenceIndex(index, np.load(ids_path), generation)
    except (OSError, ValueError, RuntimeError):
        pass
    ids, vectors = load_vectors()
    t = time.perf_counter()
    index = build_ivf(vectors)
    built = time.perf_counter() - t
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _replace(faiss_path, lambda p: faiss.write_index(index, str(p)))
        _replace(ids_path, lambda p: np.save(p, ids))
        _replace(meta_path, lambda p: p.write_text(json.dumps({"encoder": encoder, "generation": generation,
                                                               "rows": int(len(ids)), "build_s": built})))
    except OSError:
        pass  # a library on a read-only medium: the index is rebuilt in memory each time
    return SentenceIndex(index, ids, generation)


def _replace(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
