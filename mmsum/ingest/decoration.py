"""Decoration that is not a figure: logos and rules repeated across pages, tiny icons."""
from __future__ import annotations

import logging

from .layout import Graphic, PageLayout

log = logging.getLogger(__name__)


def decorative_graphics(pages: list[PageLayout]) -> set[tuple[int, int]]:
    """(page, index in page.graphics) of graphics that are decoration: the same image or the
    same drawing at the same place on several pages (logos, rules), or tiny icons."""
    by_key: dict[tuple, set[int]] = {}
    for pl in pages:
        for g in pl.graphics:
            for key in _keys(g, pl):
                by_key.setdefault(key, set()).add(pl.number)
    n = len(pages)
    need = 2 if n <= 3 else 3
    out: set[tuple[int, int]] = set()
    for pl in pages:
        for i, g in enumerate(pl.graphics):
            w, h = g.bbox[2] - g.bbox[0], g.bbox[3] - g.bbox[1]
            reason = None
            if n >= 2 and any(len(by_key[k]) >= need for k in _keys(g, pl)):
                reason = "repeated on several pages (logo or page decoration)"
            elif g.kind == "raster" and w < 20 and h < 20:
                reason = "tiny image (icon or bullet)"
            if reason:
                out.add((pl.number, i))
                log.debug("page %d: %s graphic at %s left out: %s", pl.number, g.kind,
                          tuple(round(v) for v in g.bbox), reason)
    return out


def _keys(g: Graphic, pl: PageLayout) -> list[tuple]:
    """Identity of a graphic across pages: its image object, or (in the page margins only) its
    place. Inside the text area, figures of one series repeat their axes at the same place on
    consecutive pages, and those are not decoration."""
    keys: list[tuple] = [("xref", g.xref)] if g.xref else []
    b = g.bbox
    margin = 0.12
    if b[3] <= pl.height * margin or b[1] >= pl.height * (1 - margin) or b[2] <= pl.width * margin \
            or b[0] >= pl.width * (1 - margin):
        keys.append(("at", g.kind) + tuple(round(v / 2) for v in b))
    return keys
