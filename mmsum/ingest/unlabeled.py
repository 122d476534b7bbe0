"""Figures without a caption: large graphics that no caption claimed and that are no table."""
from __future__ import annotations

import logging

from ..document import BBox, Figure
from .captions import Caption
from .layout import Graphic, PageLayout
from .page_geometry import clip_to_page, h_overlap, inside, is_paragraph, with_labels

log = logging.getLogger(__name__)


def unlabeled_figures(pages: list[PageLayout], usable: dict[int, list[Graphic]], claimed: dict[int, list[BBox]],
               captions: list[Caption]) -> list[Figure]:
    """Large graphics that no caption claimed and that are not tables."""
    out: list[Figure] = []
    for pl in pages:
        free = [g for g in usable[pl.number]
                if not g.ruled and not any(inside(g.bbox, c, 0.5) for c in claimed.get(pl.number, []))]
        groups = _group(free)
        tables = [c.bbox for c in captions if c.page == pl.number and c.kind == "table"]
        for box, parts in groups:
            w, h = box[2] - box[0], box[3] - box[1]
            if w < 0.2 * pl.width or h < 0.07 * pl.height:
                continue
            # a graphic right under or over a "Table N" caption is that table's decoration
            if any(h_overlap(box, t[0], t[2]) > 0 and min(abs(box[1] - t[3]), abs(t[1] - box[3])) < 30
                   for t in tables):
                log.debug("page %d: graphic at %s left out: next to a table caption", pl.number,
                          tuple(round(v) for v in box))
                continue
            text_words = sum(b.words for b in pl.blocks if b.role == "body" and inside(b.bbox, box, 0.3)
                             and is_paragraph(b, []))
            if text_words > 20:
                log.debug("page %d: graphic at %s left out: body text lies on it (a shaded box or "
                          "background)", pl.number, tuple(round(v) for v in box))
                continue
            kinds = {g.kind for g in parts}
            out.append(Figure(id="", page=pl.number, bbox=clip_to_page(_with_touching_labels(box, pl), pl),
                              kind=kinds.pop() if len(kinds) == 1 else "mixed"))
    return out


def _with_touching_labels(box: BBox, pl: PageLayout) -> BBox:
    return with_labels(box, pl)


def _group(graphics: list[Graphic], gap: float = 12.0) -> list[tuple[BBox, list[Graphic]]]:
    groups: list[tuple[list[float], list[Graphic]]] = []
    for g in sorted(graphics, key=lambda g: g.bbox[1]):
        b = g.bbox
        for box, parts in groups:
            if b[0] <= box[2] + gap and b[2] >= box[0] - gap and b[1] <= box[3] + gap and b[3] >= box[1] - gap:
                box[:] = [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
                parts.append(g)
                break
        else:
            groups.append((list(b), [g]))
    return [(tuple(b), p) for b, p in groups]
