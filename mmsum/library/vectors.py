"""The stored vectors, read back for search: one matrix per (kind, encoder, channel).

Vanished documents (files gone) are left out. Rows keep the id of their sentence or figure
row, which is how a hit finds its document, page and box.
"""
from __future__ import annotations

import sqlite3

import numpy as np


def sentence_matrix(db: sqlite3.Connection, encoder: str) -> tuple[np.ndarray, np.ndarray]:
    """(ids (n,) int64, vectors (n, d) float32) of the embedded sentences of the documents
    embedded with ``encoder``."""
    rows = db.execute(
        "SELECT s.id, s.vec FROM sentences s JOIN documents d ON d.id = s.doc_id "
        "WHERE d.text_encoder = ? AND d.vanished_at IS NULL AND s.vec IS NOT NULL ORDER BY s.id",
        (encoder,)).fetchall()
    return _stack(rows)


def figure_matrix(db: sqlite3.Connection, channel: str, encoder: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(figure ids, vectors) of ``channel``; text channels of the documents embedded with the
    text ``encoder``, "pixels" of those embedded with the image ``encoder`` (None: any)."""
    column = "d.image_encoder" if channel == "pixels" else "d.text_encoder"
    where = f" AND {column} = ?" if encoder is not None else ""
    rows = db.execute(
        "SELECT f.id, v.vec FROM figure_vectors v JOIN figures f ON f.id = v.figure "
        "JOIN documents d ON d.id = f.doc_id "
        f"WHERE v.channel = ? AND d.vanished_at IS NULL{where} ORDER BY f.id",
        (channel, encoder) if encoder is not None else (channel,)).fetchall()
    return _stack(rows)


def table_matrix(db: sqlite3.Connection, encoder: str) -> tuple[np.ndarray, np.ndarray]:
    """(table row ids, vectors) of the tables of the documents embedded with ``encoder``."""
    rows = db.execute(
        "SELECT t.id, t.vec FROM tables t JOIN documents d ON d.id = t.doc_id "
        "WHERE d.text_encoder = ? AND d.vanished_at IS NULL AND t.vec IS NOT NULL ORDER BY t.id",
        (encoder,)).fetchall()
    return _stack(rows)


def footnote_matrix(db: sqlite3.Connection, encoder: str) -> tuple[np.ndarray, np.ndarray]:
    """(footnote row ids, vectors) of the footnotes of the documents embedded with ``encoder``
    (none in a library made before footnotes were kept)."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'footnotes'").fetchone() is None:
        return _stack([])
    rows = db.execute(
        "SELECT n.id, n.vec FROM footnotes n JOIN documents d ON d.id = n.doc_id "
        "WHERE d.text_encoder = ? AND d.vanished_at IS NULL AND n.vec IS NOT NULL ORDER BY n.id",
        (encoder,)).fetchall()
    return _stack(rows)


def _stack(rows: list[tuple[int, bytes]]) -> tuple[np.ndarray, np.ndarray]:
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    dim = len(rows[0][1]) // 4
    # a vector of another length (a corrupt row) is left out rather than misread
    keep = [k for k, r in enumerate(rows) if len(r[1]) == 4 * dim]
    mat = np.frombuffer(b"".join(rows[k][1] for k in keep), dtype="<f4").reshape(len(keep), dim)
    return ids[keep], np.ascontiguousarray(mat, dtype=np.float32)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest ``scores``, best first."""
    if len(scores) == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.argsort(-scores[part], kind="stable")]
