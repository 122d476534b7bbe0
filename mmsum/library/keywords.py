"""The library's keyword index: every stored sentence's words (SQLite FTS5), so that a search
finds the sentences that were stored without a vector.

``library add`` encodes the sentences its summary needs (about a third of a paper's: the
candidates, every tenth sentence and the figures' mentions), not every sentence: encoding
the rest cost more than the summary itself (see README ▸ Library). A search then takes, beside
the nearest vectors, the :data:`KEYWORD_HITS` sentences without a vector that share the most
words with the query (BM25), encodes them there (kept for the process's later searches),
and ranks them by the same relevance as every other result. Chinese, Japanese and Korean
documents, whose words the index cannot tell apart, are stored with every sentence encoded.
The index (``sentences_fts``, kept by triggers on ``sentences``) is made by the library's
fourth migration (:mod:`.schema`).
"""
from __future__ import annotations

import re
import sqlite3

from ..rank.terms import STOP

# per query and text encoder: sentences without a vector taken from the keyword index
# (docbank papers, figure captions as queries: the top result agreed with a search of every
# sentence's vector 0.92 of the time with 16, 32 or 64; the top ten overlapped 0.73, 0.78, 0.82)
KEYWORD_HITS = 32

_WORD = re.compile(r"[^\W_]{2,}")


def match_expression(query: str) -> str | None:
    """An FTS5 query for any of ``query``'s words ("energy" OR "node"), each quoted so that no
    word is read as an operator, function words left out (they match nearly every sentence);
    None when it has no other word of two letters or more."""
    words = [w for w in dict.fromkeys(w.lower() for w in _WORD.findall(query)) if w not in STOP]
    return " OR ".join(f'"{w}"' for w in words) if words else None


def unembedded_matches(db: sqlite3.Connection, encoder: str, query: str,
                       limit: int = KEYWORD_HITS) -> list[tuple[int, str]]:
    """(sentence id, text) of the ``limit`` sentences without a vector, of the documents embedded
    with ``encoder`` and not gone, that match ``query``'s words best (BM25), best first."""
    expr = match_expression(query)
    if expr is None:
        return []
    return db.execute(
        "SELECT s.id, s.text FROM sentences_fts f JOIN sentences s ON s.id = f.rowid "
        "JOIN documents d ON d.id = s.doc_id WHERE sentences_fts MATCH ? AND s.vec IS NULL "
        "AND d.text_encoder = ? AND d.vanished_at IS NULL ORDER BY bm25(sentences_fts) LIMIT ?",
        (expr, encoder, limit)).fetchall()
