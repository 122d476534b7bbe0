"""An approximate nearest-neighbour index over a large library's sentence vectors, kept up to
date by additions and removals rather than rebuilt.

Exact search (one matrix product) is fast enough up to :data:`EXACT_MAX` vectors; beyond, a
faiss inverted-file index (IVF, flat inner product) answers a query by scanning only the
nearest ``nprobe`` of its ``nlist`` clusters. It was chosen over HNSW graphs (hnswlib,
usearch) by ``benchmarks/library_ann.py``: at 100,000 vectors (d=384, two contended cores)
IVF built in 6 s against 88 s (hnswlib) and 428 s (usearch), at recall@10 0.95 against
0.995 and 1.0 and 2.5 ms against 0.2 and 1 ms a query.

The IVF index holds each vector under its sentence id (``add_with_ids``), and
``remove_ids`` takes vectors out, so a change to the library touches only the documents that
changed: those whose (document id, time added) the index does not hold are read and added,
those it holds that are gone (removed, replaced, or their files vanished) are removed. (An
``IndexIDMap2`` over IVF is not used: after ``remove_ids`` it reports wrong ids.) The
clusters trained on the first vectors stay; the index is trained again only once it holds
:data:`RETRAIN_GROWTH` times as many vectors as it was trained on.

The index lives beside the library file (``<library>.index/``), one per text encoder: the
faiss file and the map of documents to sentence ids, named by a random token, and a JSON file
naming them with the library generation they match, replaced last and atomically (two
processes updating at once only waste work). It is read on the first search of a process
and kept in memory; later searches bring it up to date only when the library changed. A
small change is not written back (at a million vectors the file is 1.5 GB): the saved index
stays consistent with the generation it names, and the next process to read it catches up
from the library the same way, until :data:`SAVE_FRACTION` of its rows have changed.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .vectors import _stack

EXACT_MAX = 50_000  # below this many vectors, exact search (and no index file)
TRAIN_PER_LIST = 40  # k-means training points per cluster: training dominates the build
TRAIN_ITERATIONS = 10
RETRAIN_GROWTH = 4  # trained again once it holds this many times the vectors it was trained on
SAVE_FRACTION = 0.1  # the saved file is rewritten once this fraction of its rows changed


def nlist_for(n: int) -> int:
    """Clusters for ``n`` vectors: about sqrt(n) (1,000 at a million), so that each holds
    about as many vectors as there are clusters to compare a query with."""
    return max(1, min(int(np.sqrt(n)), n // TRAIN_PER_LIST or 1))


def nprobe_for(nlist: int) -> int:
    """Clusters scanned per query: an eighth of them, at least 16 (the recall this gives is
    measured by benchmarks/library_ann.py)."""
    return min(nlist, max(16, nlist // 8))


def build_ivf(vectors: np.ndarray, ids: np.ndarray | None = None, *, nlist: int | None = None, seed: int = 0):
    """A faiss IndexIVFFlat (inner product) over ``vectors`` (n, d) unit float32 rows, each
    held under its ``ids`` entry (default: its row number)."""
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
    index.add_with_ids(np.ascontiguousarray(vectors), np.arange(n, dtype=np.int64) if ids is None else ids)
    index.nprobe = nprobe_for(nlist)
    return index


def _slug(encoder: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", encoder)[:80] + "-" + format(abs(hash_text(encoder)), "x")[:8]


def hash_text(text: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


@dataclass
class SentenceIndex:
    """An IVF index over one encoder's sentence vectors, labelled by sentence id.

    ``docs`` maps each document id it holds to the time it was added (seconds since the
    epoch: a document replaced under the same id is told apart by it); ``sent_ids`` and
    ``sent_docs`` are the sentence ids it holds and their documents."""

    index: object
    docs: dict[int, float]
    sent_ids: np.ndarray
    sent_docs: np.ndarray
    generation: int
    trained_rows: int
    token: str = ""
    unsaved: int = 0  # rows added or removed since the saved file

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, sentence ids), each (q, k), best first; id -1 where fewer were found."""
        return self.index.search(np.ascontiguousarray(queries, dtype=np.float32), k)

    def update(self, db: sqlite3.Connection, wanted: dict[int, float]) -> bool:
        """Bring the index to the documents ``wanted`` (id -> time added): removes those gone
        or replaced, reads and adds the new ones. False if nothing changed."""
        gone = [d for d, t in self.docs.items() if wanted.get(d) != t]
        new = [d for d, t in wanted.items() if self.docs.get(d) != t]
        if gone:
            drop = np.isin(self.sent_docs, np.array(gone, dtype=np.int64))
            self.index.remove_ids(np.ascontiguousarray(self.sent_ids[drop]))
            self.unsaved += int(drop.sum())
            self.sent_ids, self.sent_docs = self.sent_ids[~drop], self.sent_docs[~drop]
            for d in gone:
                del self.docs[d]
        if new:
            ids, docs, mat = document_vectors(db, new, self.index.d)
            if len(ids):
                self.index.add_with_ids(mat, ids)
            self.sent_ids = np.concatenate([self.sent_ids, ids])
            self.sent_docs = np.concatenate([self.sent_docs, docs])
            self.docs.update({d: wanted[d] for d in new})
            self.unsaved += len(ids)
        return bool(gone or new)


def index_folder(library: Path) -> Path:
    return Path(str(library) + ".index")


def wanted_documents(db: sqlite3.Connection, encoder: str) -> dict[int, float]:
    """Document id -> time added, of the present documents embedded with ``encoder``."""
    return {int(d): float(t) for d, t in db.execute(
        "SELECT id, added_at FROM documents WHERE text_encoder = ? AND vanished_at IS NULL", (encoder,))}


def document_vectors(db: sqlite3.Connection, doc_ids: list[int], dim: int | None = None
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sentence ids, their document ids, vectors (n, d) float32) of the embedded sentences of
    ``doc_ids``; vectors of another length than ``dim`` (or the first one's) are left out."""
    ids, docs, mats = [], [], []
    for d in sorted(doc_ids):
        i, m = _stack(db.execute("SELECT id, vec FROM sentences WHERE doc_id = ? AND vec IS NOT NULL "
                                 "ORDER BY id", (d,)).fetchall())
        if not len(i):
            continue
        dim = dim or m.shape[1]
        if m.shape[1] == dim:
            ids.append(i)
            docs.append(np.full(len(i), d, dtype=np.int64))
            mats.append(m)
    if not ids:
        return (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, dim or 0), np.float32))
    return np.concatenate(ids), np.concatenate(docs), np.ascontiguousarray(np.concatenate(mats))


_OPEN: dict[tuple[str, str], SentenceIndex] = {}  # read once per process, then kept up to date


def open_index(library: Path, encoder: str, generation: int, db: sqlite3.Connection) -> SentenceIndex:
    """The index of ``encoder``'s sentences as of library ``generation`` (``db``: a read
    snapshot of it): kept from an earlier search of this process, else read from beside the
    library, then updated with the documents added and removed since; built whole only when
    there is none, or it has outgrown its training (:data:`RETRAIN_GROWTH`)."""
    key = (str(Path(library).resolve()), encoder)
    idx = _OPEN.get(key) or _load(library, encoder)
    if idx is not None and idx.generation == generation:
        _OPEN[key] = idx
        return idx
    wanted = wanted_documents(db, encoder)
    try:
        changed = idx is not None and idx.update(db, wanted)
    except RuntimeError:  # a faiss error (a damaged file read back): built again below
        idx, changed = None, True
    rebuilt = idx is None or idx.index.ntotal > RETRAIN_GROWTH * max(idx.trained_rows, 1) or idx.index.ntotal == 0
    if rebuilt:
        ids, docs, mat = document_vectors(db, list(wanted))
        idx = SentenceIndex(build_ivf(mat, ids) if len(ids) else _empty(mat.shape[1] or 1), dict(wanted),
                            ids, docs, generation, len(ids), idx.token if idx is not None else "")
    if rebuilt or idx.unsaved > SAVE_FRACTION * idx.index.ntotal:
        idx.generation = generation
        _save(library, encoder, idx, True)
    elif not changed and not idx.unsaved:  # the same vectors as the saved file, a later generation
        idx.generation = generation
        _save(library, encoder, idx, False)
    idx.generation = generation
    _OPEN[key] = idx
    return idx


def _empty(dim: int):
    import faiss

    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, 1, faiss.METRIC_INNER_PRODUCT)
    index.train(np.zeros((1, dim), np.float32))
    return index


def _paths(library: Path, encoder: str, token: str = "") -> tuple[Path, Path, Path]:
    folder, name = index_folder(library), _slug(encoder)
    return folder / f"{name}.json", folder / f"{name}-{token}.faiss", folder / f"{name}-{token}.docs.npz"


def _load(library: Path, encoder: str) -> SentenceIndex | None:
    import faiss

    meta_path = _paths(library, encoder)[0]
    try:
        meta = json.loads(meta_path.read_text())
        if meta.get("encoder") != encoder:
            return None
        _, faiss_path, docs_path = _paths(library, encoder, meta["token"])
        index = faiss.read_index(str(faiss_path))
        index.nprobe = nprobe_for(index.nlist)
        with np.load(docs_path) as z:
            docs = dict(zip(z["doc_ids"].tolist(), z["added_at"].tolist()))
            return SentenceIndex(index, docs, z["sent_ids"], z["sent_docs"], int(meta["generation"]),
                                 int(meta["trained_rows"]), meta["token"])
    except (OSError, ValueError, KeyError, RuntimeError, TypeError):
        return None


def _save(library: Path, encoder: str, idx: SentenceIndex, changed: bool) -> None:
    """Write ``idx`` beside the library (only the JSON file when its vectors did not change);
    a library on a read-only medium keeps its index in memory only."""
    import faiss

    old = idx.token
    try:
        index_folder(library).mkdir(parents=True, exist_ok=True)
        if changed or not old:
            idx.token = secrets.token_hex(6)
            _, faiss_path, docs_path = _paths(library, encoder, idx.token)
            _replace(faiss_path, lambda p: faiss.write_index(idx.index, str(p)))
            _replace(docs_path, lambda p: np.savez(
                p, doc_ids=np.fromiter(idx.docs.keys(), np.int64, len(idx.docs)),
                added_at=np.fromiter(idx.docs.values(), np.float64, len(idx.docs)),
                sent_ids=idx.sent_ids, sent_docs=idx.sent_docs))
            idx.unsaved = 0
        meta = {"encoder": encoder, "generation": idx.generation, "token": idx.token,
                "rows": int(idx.index.ntotal), "trained_rows": idx.trained_rows}
        _replace(_paths(library, encoder)[0], lambda p: p.write_text(json.dumps(meta)))
        if old and old != idx.token:
            for p in _paths(library, encoder, old)[1:]:
                p.unlink(missing_ok=True)
    except OSError:
        pass


def _replace(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
