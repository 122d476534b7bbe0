"""The order figures are listed in, and their ids: a page's figures as a reader meets them."""
from __future__ import annotations

from ..document import Figure
from .layout import Block, PageLayout, union
from .order import reading_order


def in_reading_order(figures: list[Figure], pages: dict[int, tuple[PageLayout, bool]]) -> list[Figure]:
    """Figures page by page, in the order a reader meets them (left column before right);
    ``pages`` maps a page number to its layout and whether it is set in two columns."""
    by_page: dict[int, list[Figure]] = {}
    for f in figures:
        by_page.setdefault(f.page, []).append(f)
    out: list[Figure] = []
    for pno in sorted(by_page):
        on_page = by_page[pno]
        # a figure with its caption: side-by-side figures under captions on one row read left to right
        proxies = [Block(page=pno, bbox=union([f.bbox, f.caption_bbox]) if f.caption_bbox else f.bbox, lines=[])
                   for f in on_page]
        at = {id(p): i for i, p in enumerate(proxies)}
        layout, two_col = pages[pno]
        order = reading_order(layout, proxies, two_col)
        out += [on_page[at[id(b)]] for b in order]
    return out


def assign_ids(figures: list[Figure]) -> None:
    """"fig-3" (label), "fig-3-2" for a repeated label, "p4-1" for unlabeled (1-based page)."""
    used: set[str] = set()
    per_page: dict[int, int] = {}
    for f in figures:
        if f.id:
            base = f.id
        else:
            per_page[f.page] = per_page.get(f.page, 0) + 1
            base = f"p{f.page + 1}-{per_page[f.page]}"
        fid, k = base, 2
        while fid in used:
            fid, k = f"{base}-{k}", k + 1
        used.add(fid)
        f.id = fid
