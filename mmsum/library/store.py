"""The library file: one SQLite database (WAL) of documents, their sentences and figures, and
the vectors stored beside them.

Every change is one transaction (a document and everything of it, or nothing), so a reader
sees committed documents only and a process killed at any moment leaves the file whole.
Writers take the write lock up front (``BEGIN IMMEDIATE``) and wait for each other (busy
timeout, then retries), so two processes never see "database is locked".

Vectors are float32 blobs: one per sentence (NULL for a sentence that was not embedded), one
per table and per footnote, and per figure one per channel. Each document records the text encoder its text vectors came
from; vectors of different encoders are never compared.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from ..errors import MmsumError
from .schema import APPLICATION_ID, CONTENT_VERSION, migrate

BUSY_TIMEOUT_S = 30.0
_RETRIES = 8


class LibraryError(MmsumError):
    """The library file cannot be opened, is not a library, or cannot be written."""


@dataclass
class SentenceRow:
    """A sentence: ``page`` 0-based, ``bbox`` in PDF points (origin top-left); ``vector`` None
    when it was not embedded."""

    text: str
    page: int
    bbox: tuple[float, float, float, float]
    vector: np.ndarray | None = None


@dataclass
class FigureRow:
    """A figure with its crop (PNG bytes), one vector per channel it has, and what it shows:
    ``kind`` (line, bar, ..., diagram, photo, other) and ``description``."""

    fig_id: str
    label: str | None
    page: int
    bbox: tuple[float, float, float, float]
    caption: str = ""
    text: str = ""
    crop: bytes | None = None
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    kind: str | None = None
    description: str | None = None


@dataclass
class TableRow:
    """A table with its cells: ``header`` rows and body ``rows`` (None when they could not be
    read, ``unread`` saying why), ``page`` 0-based, ``bbox`` in PDF points (origin top-left),
    ``crop`` PNG bytes where one was rendered, ``vector`` its caption and cells in the
    document's text encoder."""

    table_id: str
    label: str | None
    page: int
    bbox: tuple[float, float, float, float]
    caption: str = ""
    header: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] | None = None
    unread: str | None = None
    crop: bytes | None = None
    vector: np.ndarray | None = None


@dataclass
class FootnoteRow:
    """A footnote: ``page`` 0-based, ``bbox`` in PDF points (origin top-left); ``vector`` its
    text in the document's text encoder (None when it was not embedded)."""

    text: str
    page: int
    bbox: tuple[float, float, float, float]
    vector: np.ndarray | None = None


@dataclass
class DocumentRecord:
    """Everything the library keeps of one document. ``status`` is ok | partial | failed;
    ``settings`` is the JSON of the settings that decide its summary."""

    path: str
    content_hash: str
    settings: str
    status: str
    reason: str | None = None
    title: str | None = None
    pages: int = 0
    summary: str = ""
    summary_json: str | None = None
    language: str | None = None
    text_encoder: str | None = None
    image_encoder: str | None = None
    sentences: list[SentenceRow] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)
    tables: list[TableRow] = field(default_factory=list)
    footnotes: list[FootnoteRow] = field(default_factory=list)


def _blob(vec: np.ndarray | None) -> bytes | None:
    if vec is None:
        return None
    vec = np.asarray(vec, dtype="<f4").ravel()
    return vec.tobytes() if np.any(vec) else None


def _is_busy(err: sqlite3.OperationalError) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


class Library:
    """An open library file. ``readonly`` opens an existing one for reading only.

    Raises :class:`LibraryError` (one line) when the file cannot be opened or created, or is
    not a library.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path).expanduser()
        self.readonly = readonly
        if readonly and not self.path.is_file():
            raise LibraryError(f"{self.path}: no library there (add documents to it first)")
        if self.path.is_dir():
            raise LibraryError(f"{self.path} is a folder, not a library file")
        try:
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{self.path}?mode={'ro' if readonly else 'rwc'}"
            self.db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                      check_same_thread=False)
        except (sqlite3.Error, OSError) as err:
            raise LibraryError(f"cannot open the library {self.path}: {err}") from err
        try:
            self._setup()
        except sqlite3.DatabaseError as err:
            self.db.close()
            text = str(err).lower()
            if isinstance(err, sqlite3.OperationalError) and _is_busy(err):
                raise LibraryError(f"the library {self.path} is busy; try again") from err
            if "readonly" in text or "read-only" in text or "unable to open" in text:
                raise LibraryError(f"cannot write to the library {self.path}: {err}") from err
            raise LibraryError(f"{self.path} is not an mmsum library ({err})") from err
        except MmsumError as err:
            self.db.close()
            raise err if isinstance(err, LibraryError) else LibraryError(str(err)) from err

    def _setup(self) -> None:
        db = self.db
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables and app_id != APPLICATION_ID:
            raise LibraryError(f"{self.path} is an SQLite file but not an mmsum library")
        db.execute("PRAGMA foreign_keys = ON")
        if self.readonly:
            if not tables:
                raise LibraryError(f"{self.path}: the library is empty (add documents to it first)")
            migrate(db, readonly=True, where=str(self.path))
            return
        # WAL: readers never block the writer nor see its uncommitted transaction; FULL
        # syncs each commit, so a power loss loses at most the document being committed
        self._retry(lambda: db.execute("PRAGMA journal_mode = WAL"))
        db.execute("PRAGMA synchronous = FULL")
        if not tables:
            self._retry(lambda: db.execute(f"PRAGMA application_id = {APPLICATION_ID}"))
        with self.transaction():
            migrate(db, readonly=False, where=str(self.path))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- transactions ---------------------------------------------------------------------
    def _retry(self, fn):
        """``fn()``, retried while another process holds the lock past the busy timeout."""
        delay = 0.05
        for attempt in range(_RETRIES):
            try:
                return fn()
            except sqlite3.OperationalError as err:
                if not _is_busy(err) or attempt == _RETRIES - 1:
                    if _is_busy(err):
                        raise LibraryError(f"the library {self.path} stayed busy; try again") from err
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 2.0)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is committed, or none of it."""
        if self.readonly:
            raise LibraryError(f"the library {self.path} was opened read-only")
        self._retry(lambda: self.db.execute("BEGIN IMMEDIATE"))
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self._retry(lambda: self.db.execute("COMMIT"))
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query in it sees the same committed state."""
        self._retry(lambda: self.db.execute("BEGIN"))
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    def _write(self, fn) -> None:
        try:
            with self.transaction() as db:
                fn(db)
        except sqlite3.OperationalError as err:
            raise LibraryError(f"cannot write to the library {self.path}: {err}") from err

    # --- writing ----------------------------------------------------------------------------
    def put(self, rec: DocumentRecord) -> None:
        """Store ``rec``, replacing what the library held for its path, in one transaction."""
        self._write(lambda db: _insert(db, rec))

    def mark_vanished(self, paths: list[str]) -> int:
        """Mark documents whose files are gone (their data stays until removed)."""
        now = time.time()

        def run(db: sqlite3.Connection) -> None:
            db.executemany("UPDATE documents SET vanished_at = ? WHERE path = ? AND vanished_at IS NULL",
                           [(now, p) for p in paths])
            _bump(db)

        self._write(run)
        return len(paths)

    def unmark_vanished(self, paths: list[str]) -> None:
        def run(db: sqlite3.Connection) -> None:
            db.executemany("UPDATE documents SET vanished_at = NULL WHERE path = ?", [(p,) for p in paths])
            _bump(db)

        if paths:
            self._write(run)

    def remove(self, paths: list[str]) -> list[str]:
        """Remove the documents at ``paths`` (a folder: every document under it); the paths
        removed."""
        removed: list[str] = []

        def run(db: sqlite3.Connection) -> None:
            for p in paths:
                prefix = p.rstrip(os.sep) + os.sep
                rows = db.execute("SELECT path FROM documents WHERE path = ? OR substr(path, 1, ?) = ?",
                                  (p, len(prefix), prefix)).fetchall()
                for (path,) in rows:
                    db.execute("DELETE FROM documents WHERE path = ?", (path,))
                    removed.append(path)
            _bump(db)

        self._write(run)
        return removed

    # --- reading ----------------------------------------------------------------------------
    def known(self) -> dict[str, dict]:
        """path -> {"hash", "settings", "status", "vanished", "current"} for every stored
        document; ``current`` is False for one stored by an earlier mmsum that kept less of it
        (no tables, say), which the next add reads again."""
        rows = self._retry(lambda: self.db.execute(
            "SELECT path, content_hash, settings, status, vanished_at, stored_by FROM documents").fetchall())
        return {p: {"hash": h, "settings": s, "status": st, "vanished": v is not None,
                    "current": st == "failed" or int(by) >= CONTENT_VERSION}
                for p, h, s, st, v, by in rows}

    def documents(self) -> list[dict]:
        """Every document in path order: the fields of ``mmsum library list --json`` plus
        ``missing`` (the file is gone), ``language`` and ``text_encoder``."""
        rows = self._retry(lambda: self.db.execute(
            "SELECT path, status, reason, title, pages, summary, vanished_at, language, text_encoder "
            "FROM documents ORDER BY path").fetchall())
        return [{"path": p, "status": st, "reason": r, "title": t, "pages": int(n or 0), "summary": s or "",
                 "missing": v is not None, "language": lang, "text_encoder": enc}
                for p, st, r, t, n, s, v, lang, enc in rows]

    def summary_json(self, path: str) -> tuple[dict | None, dict[str, bytes]]:
        """The stored SUMMARY of ``path`` (None if it has none) and {figure or table id: crop PNG}."""
        with self.snapshot() as db:
            row = db.execute("SELECT id, summary_json FROM documents WHERE path = ?", (path,)).fetchone()
            if row is None or row[1] is None:
                return None, {}
            crops = dict(db.execute("SELECT table_id, crop FROM tables WHERE doc_id = ? AND crop IS NOT NULL",
                                    (row[0],)).fetchall())
            crops.update(db.execute("SELECT fig_id, crop FROM figures WHERE doc_id = ? AND crop IS NOT NULL",
                                    (row[0],)).fetchall())
        return json.loads(row[1]), crops

    def generation(self) -> int:
        """A number that changes with every committed change (indexes compare it)."""
        row = self._retry(lambda: self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone())
        return int(row[0]) if row else 0

    def encoders(self) -> list[str]:
        """The text encoders the stored documents were embedded with."""
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT text_encoder FROM documents WHERE text_encoder IS NOT NULL ORDER BY 1")]


def _bump(db: sqlite3.Connection) -> None:
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def _insert(db: sqlite3.Connection, rec: DocumentRecord) -> None:
    db.execute("DELETE FROM documents WHERE path = ?", (rec.path,))  # its rows go with it (cascade)
    cur = db.execute(
        "INSERT INTO documents (path, content_hash, settings, status, reason, title, pages, summary, "
        "summary_json, language, text_encoder, image_encoder, added_at, stored_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (rec.path, rec.content_hash, rec.settings, rec.status, rec.reason, rec.title, rec.pages, rec.summary,
         rec.summary_json, rec.language, rec.text_encoder, rec.image_encoder, time.time(), CONTENT_VERSION))
    doc_id = cur.lastrowid
    db.executemany(
        "INSERT INTO sentences (doc_id, idx, text, page, x0, y0, x1, y1, vec) VALUES (?,?,?,?,?,?,?,?,?)",
        [(doc_id, i, s.text, int(s.page), *map(float, s.bbox), _blob(s.vector)) for i, s in enumerate(rec.sentences)])
    for k, f in enumerate(rec.figures):
        fid = db.execute(
            "INSERT INTO figures (doc_id, idx, fig_id, label, page, x0, y0, x1, y1, caption, text, crop, kind, "
            "description) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc_id, k, f.fig_id, f.label, int(f.page), *map(float, f.bbox), f.caption, f.text, f.crop, f.kind,
             f.description)).lastrowid
        db.executemany("INSERT INTO figure_vectors (figure, channel, vec) VALUES (?,?,?)",
                       [(fid, ch, b) for ch, v in f.vectors.items() if (b := _blob(v)) is not None])
    db.executemany(
        "INSERT INTO tables (doc_id, idx, table_id, label, page, x0, y0, x1, y1, caption, header, body, unread, "
        "crop, vec) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc_id, k, t.table_id, t.label, int(t.page), *map(float, t.bbox), t.caption,
          json.dumps(t.header, ensure_ascii=False), None if t.rows is None else json.dumps(t.rows, ensure_ascii=False),
          t.unread, t.crop, _blob(t.vector)) for k, t in enumerate(rec.tables)])
    db.executemany(
        "INSERT INTO footnotes (doc_id, idx, text, page, x0, y0, x1, y1, vec) VALUES (?,?,?,?,?,?,?,?,?)",
        [(doc_id, k, f.text, int(f.page), *map(float, f.bbox), _blob(f.vector)) for k, f in enumerate(rec.footnotes)])
    _bump(db)
