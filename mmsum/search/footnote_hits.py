"""A footnote found by a search, as a RESULT record: the same for a document searched on the
fly (:mod:`.query`) and for a library (:mod:`mmsum.library.search`).

Footnotes are no sentences (they are kept out of summaries and rankings) but their words are
the document's too: a text search looks through them where it looks through sentences
(``kind`` "sentence" or "all") and says a hit is one with ``kind`` "footnote".
"""
from __future__ import annotations

from typing import Sequence

KIND = "footnote"


def footnote_hit(document: str, page: int, bbox: Sequence[float], text: str, score: float) -> dict:
    """The RESULT record of one footnote: kind "footnote", document (path), page (0-based),
    bbox (PDF points, origin top-left), score and its text, as a sentence's."""
    return {"kind": KIND, "document": str(document), "page": int(page),
            "bbox": [round(float(v), 2) for v in bbox], "score": round(float(score), 6), "text": text}


def where(result: dict) -> str:
    """Where a result lies, as a reader says it: "p. 4", or "footnote, p. 4" for a footnote."""
    page = f"p. {int(result['page']) + 1}"
    return f"{KIND}, {page}" if result.get("kind") == KIND else page
