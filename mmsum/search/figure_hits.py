"""A figure found by a search, as a RESULT record: the same for a document searched on the fly
(:mod:`.query`) and for a library (:mod:`mmsum.library.search`).

Beside the RESULT contract's keys (``kind`` is "figure", ``id``, ``label``, ``caption``) it
carries what the figure shows: ``figure_kind`` (line, bar, ..., diagram, photo, other; the
figure JSON's ``kind``, renamed since a RESULT's ``kind`` says what was found) and
``description`` (the figure's description in words), each null when it was not read (a
library made before figures were described).
"""
from __future__ import annotations

from typing import Sequence


def figure_hit(document: str, fig_id: str, label: str | None, page: int, bbox: Sequence[float], caption: str,
               score: float, shows: str | None, description: str | None) -> dict:
    """The RESULT record of one figure: ``bbox`` in PDF points (origin top-left) on ``page``
    (0-based); ``shows`` its kind of figure, ``description`` what it shows in words."""
    return {"kind": "figure", "document": str(document), "page": int(page),
            "bbox": [round(float(v), 2) for v in bbox], "score": round(float(score), 6), "id": fig_id,
            "label": label, "caption": caption, "figure_kind": shows, "description": description}
