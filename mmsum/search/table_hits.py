"""A table found by a search, as a RESULT record: the same for a document searched on the fly
(:mod:`.query`) and for a library (:mod:`mmsum.library.search`).

A table is found by its caption and its cells' words (:func:`mmsum.rank.tables.table_search_text`);
the result shows a short excerpt of its cells: the header, then the body rows that share the
most words with the query (in table order among equals), as many as fit in
:data:`EXCERPT_CHARS`.
"""
from __future__ import annotations

from typing import Sequence

from ..rank.terms import terms

EXCERPT_CHARS = 200


def _row(cells: Sequence[str]) -> str:
    return " | ".join(" ".join(str(c).split()) for c in cells)


def cell_excerpt(header: Sequence[Sequence[str]], rows: Sequence[Sequence[str]] | None, query: str,
                 max_chars: int = EXCERPT_CHARS) -> str:
    """The table's header rows, then the body rows closest to ``query`` by shared words, "; "
    between rows and " | " between cells, "…" where rows were left out; at most about
    ``max_chars`` characters (a single long row is cut). "" when it has no cells."""
    head = [_row(r) for r in header if any(str(c).strip() for c in r)]
    body = [_row(r) for r in rows or []]
    want = terms(query)
    order = sorted(range(len(body)), key=lambda i: -len(want & terms(body[i])))
    picked: list[int] = []
    used = sum(len(h) + 2 for h in head)
    for i in order:
        if used + len(body[i]) + 2 > max_chars and (picked or head):
            break
        picked.append(i)
        used += len(body[i]) + 2
    parts = head + [body[i] for i in sorted(picked)]
    text = "; ".join(parts)
    if len(picked) < len(body):
        text += "; …" if text else "…"
    return text if len(text) <= max_chars + 2 else text[:max_chars].rstrip() + "…"


def table_hit(document: str, table_id: str, label: str | None, page: int, bbox: Sequence[float],
              caption: str, header: Sequence[Sequence[str]], rows: Sequence[Sequence[str]] | None,
              score: float, query: str) -> dict:
    """The RESULT record of a table: kind "table", document (path), page (0-based), bbox (PDF
    points, origin top-left), score, id, label, caption, and as ``text`` a :func:`cell_excerpt`
    of its cells for ``query``."""
    return {"kind": "table", "document": str(document), "page": int(page),
            "bbox": [round(float(v), 2) for v in bbox], "score": round(float(score), 6), "id": table_id,
            "label": label, "caption": caption, "text": cell_excerpt(header, rows, query)}
