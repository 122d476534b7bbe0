"""The library's vector index: additions and removals without a rebuild, saved beside the
library and read back, with recall@10 against exact search."""
from __future__ import annotations

import numpy as np
import pytest

from mmsum.library import ann
from mmsum.library.store import DocumentRecord, Library, SentenceRow
from mmsum.library.vectors import sentence_matrix, top_k

DIM, PER_DOC = 32, 100
ENC = "test-encoder"


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture()
def rng():
    return np.random.default_rng(7)


@pytest.fixture()
def centres(rng):
    return _unit(rng.standard_normal((40, DIM)).astype(np.float32))


def _points(rng, centres, n):
    return _unit(centres[rng.integers(0, len(centres), n)] + 0.08 * rng.standard_normal((n, DIM)))


def _doc(k: int, vecs: np.ndarray) -> DocumentRecord:
    return DocumentRecord(f"/docs/{k}.pdf", f"h{k}", "{}", "ok", pages=1, text_encoder=ENC,
                          sentences=[SentenceRow(f"s{k}-{i}", 0, (0, 0, 1, 1), v) for i, v in enumerate(vecs)])


def _recall(lib: Library, index: ann.SentenceIndex, queries: np.ndarray) -> float:
    with lib.snapshot() as db:
        ids, mat = sentence_matrix(db, ENC)
    _, found = index.search(queries, 10)
    truth = [set(ids[top_k(mat @ q, 10)].tolist()) for q in queries]
    return float(np.mean([len(set(f.tolist()) & t) / 10 for f, t in zip(found, truth)]))


def _open(lib: Library) -> ann.SentenceIndex:
    with lib.snapshot() as db:
        return ann.open_index(lib.path, ENC, lib.generation(), db)


def test_index_takes_additions_and_removals_and_reads_back(tmp_path, rng, centres, monkeypatch):
    ann._OPEN.clear()
    lib = Library(tmp_path / "lib.sqlite")
    for k in range(30):
        lib.put(_doc(k, _points(rng, centres, PER_DOC)))
    queries = _points(rng, centres, 50)
    first = _open(lib)
    assert first.index.ntotal == 30 * PER_DOC
    assert _recall(lib, first, queries) >= 0.9

    def no_rebuild(*a, **k):
        raise AssertionError("the index was built again")

    monkeypatch.setattr(ann, "build_ivf", no_rebuild)
    with lib.snapshot() as db:
        before = set(db.execute("SELECT id FROM sentences").fetchall())
        _, removed_vecs = sentence_matrix(db, ENC)
        removed_vecs = removed_vecs[: 9 * PER_DOC]  # documents 0-8: removed, replaced or vanished
    for k in range(30, 40):
        lib.put(_doc(k, _points(rng, centres, PER_DOC)))
    lib.remove([f"/docs/{k}.pdf" for k in range(5)])
    lib.put(_doc(7, _points(rng, centres, PER_DOC)))  # replaced: new sentences, old ones go
    lib.mark_vanished(["/docs/8.pdf"])
    with lib.snapshot() as db:
        gone = {r[0] for r in before} - {r[0] for r in db.execute(
            "SELECT s.id FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE d.vanished_at IS NULL")}
        present, _ = sentence_matrix(db, ENC)
    assert len(gone) == 7 * PER_DOC

    updated = _open(lib)
    assert updated.index.ntotal == len(present) == 34 * PER_DOC
    assert sorted(updated.sent_ids.tolist()) == sorted(present.tolist())
    assert _recall(lib, updated, queries) >= 0.9
    # the removed, replaced and vanished sentences are never found, even when asked for exactly
    _, found = updated.search(np.vstack([queries, removed_vecs]), 10)
    assert not gone & set(found.ravel().tolist())

    # read back from beside the library in a fresh process: same answers, nothing rebuilt
    ann._OPEN.clear()
    again = _open(lib)
    assert again is not updated and again.index.ntotal == updated.index.ntotal
    np.testing.assert_array_equal(again.search(queries, 10)[1], updated.search(queries, 10)[1])
    files = sorted(p.name for p in ann.index_folder(lib.path).iterdir())
    assert len(files) == 3, files  # the JSON file and the current token's two: older ones deleted
    lib.close()


def test_index_trained_again_once_outgrown(tmp_path, rng, centres):
    ann._OPEN.clear()
    lib = Library(tmp_path / "lib.sqlite")
    for k in range(3):
        lib.put(_doc(k, _points(rng, centres, PER_DOC)))
    assert _open(lib).trained_rows == 3 * PER_DOC
    for k in range(3, 3 + 3 * ann.RETRAIN_GROWTH):
        lib.put(_doc(k, _points(rng, centres, PER_DOC)))
    grown = _open(lib)
    assert grown.trained_rows == grown.index.ntotal == (3 + 3 * ann.RETRAIN_GROWTH) * PER_DOC
    lib.close()
