"""Cross-modal search in documents: sentences and figures that answer a query, or figures that
look like a given one. Qt-free; the ``mmsum search`` command and the app's search panel use it.

:class:`DocumentSearch` reads and embeds documents on the fly (the embedding cache reused) and
answers any number of queries with the models loaded once. Results are RESULT records (README
▸ Search): ``{"kind", "document", "page", "bbox", "score", "text"}`` for sentences and
``{"kind", "document", "page", "bbox", "score", "id", "label", "caption", "figure_kind",
"description"}`` for figures (:mod:`.figure_hits`), and a sentence's keys with ``kind``
"footnote" for a footnote (:mod:`.footnote_hits`); pages
0-based, boxes in PDF points with the origin top-left.
"""
from __future__ import annotations

from .index import IndexedDocument, index_document
from .query import KINDS, DocumentSearch, parse_like_figure

__all__ = ["KINDS", "DocumentSearch", "IndexedDocument", "index_document", "parse_like_figure"]
