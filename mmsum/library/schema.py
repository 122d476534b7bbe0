"""The library's tables, and the migrations that bring a library made by an earlier version up
to this one.

``meta.schema_version`` is the number of migrations applied. A library made by a later
version (a higher number) is refused with a clear message rather than misread. A migration
is appended to :data:`MIGRATIONS`, never edited once released: a library file made by this
version must open in every later one.
"""
from __future__ import annotations

import sqlite3

from ..errors import MmsumError

# PRAGMA application_id: "mmsL", tells a library from any other SQLite file
APPLICATION_ID = 0x6D6D734C

_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('generation', '0');
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- absolute
    content_hash TEXT NOT NULL,         -- sha256 of the file's bytes
    settings TEXT NOT NULL,             -- JSON: the settings that decide the summary
    status TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    reason TEXT,                        -- why failed or partial
    title TEXT,
    pages INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '',
    summary_json TEXT,                  -- the summary's JSON (README ▸ JSON output)
    language TEXT,
    text_encoder TEXT,                  -- the model of this document's text-space vectors
    image_encoder TEXT,                 -- the model of its "pixels" vectors
    added_at REAL NOT NULL,             -- seconds since the epoch
    vanished_at REAL                    -- set when the file was found gone
);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,               -- position in the document's reading order
    text TEXT NOT NULL,
    page INTEGER NOT NULL,              -- 0-based
    x0 REAL, y0 REAL, x1 REAL, y1 REAL, -- PDF points, origin top-left
    vec BLOB                            -- float32 little-endian; NULL: not embedded
);
CREATE INDEX sentences_doc ON sentences(doc_id);
CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    fig_id TEXT NOT NULL,
    label TEXT,
    page INTEGER NOT NULL,
    x0 REAL, y0 REAL, x1 REAL, y1 REAL,
    caption TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    crop BLOB                           -- PNG
);
CREATE INDEX figures_doc ON figures(doc_id);
CREATE TABLE figure_vectors (
    figure INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,              -- caption | mentions | figure-text | pixels
    vec BLOB NOT NULL,
    PRIMARY KEY (figure, channel)
);
"""

# tables with their cells (header and body rows as JSON lists of lists of strings; rows NULL
# when the structure could not be read, with ``unread`` saying why), and per document the
# library version that stored it: documents stored before tables were kept are read again by
# the next add (see CONTENT_VERSION)
_V2 = """
CREATE TABLE tables (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    table_id TEXT NOT NULL,
    label TEXT,
    page INTEGER NOT NULL,              -- 0-based, the first page it lies on
    x0 REAL, y0 REAL, x1 REAL, y1 REAL, -- PDF points, origin top-left
    caption TEXT NOT NULL DEFAULT '',
    header TEXT NOT NULL DEFAULT '[]',  -- JSON: header rows
    body TEXT,                          -- JSON: body rows; NULL: not read
    unread TEXT,                        -- why the rows could not be read
    crop BLOB,                          -- PNG (key tables: rendered for the summary)
    vec BLOB                            -- its caption and cells in the document's text encoder
);
CREATE INDEX tables_doc ON tables(doc_id);
ALTER TABLE documents ADD COLUMN stored_by INTEGER NOT NULL DEFAULT 1
"""

# what each figure shows: its kind (line, bar, ..., see mmsum.ingest.figure_kinds) and its
# description (the Markdown export's alt text); NULL for documents stored before
_V3 = """
ALTER TABLE figures ADD COLUMN kind TEXT;
ALTER TABLE figures ADD COLUMN description TEXT
"""

# every sentence's words, for the sentences stored without a vector (see mmsum.library.keywords):
# an FTS5 index over sentences.text, kept by triggers (a cascade from documents fires them too)
_V4 = """
CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='id');
INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild');
CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END
"""

# the footnotes of each document (kept out of its sentences), each with its text's vector in the
# document's text encoder: a search finds the words only a footnote holds
_V5 = """
CREATE TABLE footnotes (
    id INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,               -- its place in the document, page by page
    text TEXT NOT NULL,
    page INTEGER NOT NULL,              -- 0-based
    x0 REAL, y0 REAL, x1 REAL, y1 REAL, -- PDF points, origin top-left
    vec BLOB                            -- float32 little-endian; NULL: not embedded
);
CREATE INDEX footnotes_doc ON footnotes(doc_id)
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5]

# a library this many migrations old or newer is read as it is where it cannot be written (a
# search opens it read-only): the later migrations only add what a reader can do without (the
# footnotes table); opened for writing, it is brought up to date
READABLE_FROM = 4

# the library version whose ``add`` stores all that this one keeps of a document; a document
# stored by an earlier one (``documents.stored_by`` lower) is read again by the next add
# (4: its footnotes)
CONTENT_VERSION = 4


def schema_version(db: sqlite3.Connection) -> int:
    """The number of migrations applied to ``db`` (0 for a new file)."""
    has_meta = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if not has_meta:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 1


def migrate(db: sqlite3.Connection, *, readonly: bool, where: str) -> int:
    """Bring ``db`` to the current schema (inside the caller's transaction); its version.

    Read-only: only checks that the file can be read as it is (at :data:`READABLE_FROM` or
    later).
    """
    version = schema_version(db)
    latest = len(MIGRATIONS)
    if version > latest:
        raise MmsumError(f"{where} was made by a newer mmsum (library version {version}; this one reads "
                         f"up to {latest}): update mmsum to open it")
    if version == latest or readonly and version >= READABLE_FROM:
        return version
    if readonly:
        raise MmsumError(f"{where} was made by an older mmsum: open it once for writing (library add) "
                         "to update it")
    for step in range(version, latest):
        for statement in MIGRATIONS[step].split(";\n"):
            if statement.strip():
                db.execute(statement)
    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(latest),))
    return latest
