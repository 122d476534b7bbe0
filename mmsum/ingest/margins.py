"""Running headers, footers and page numbers: text repeated in the top or bottom band of pages."""
from __future__ import annotations

import re

from .layout import PageLayout

BAND = 0.1  # fraction of the page height at the top and at the bottom where headers live
EDGE_BAND = 0.2  # wide margins: headers and page numbers nearest the edge within this fraction
# a header's words: a table's row of numbers ("S25 22.5 0.4") at the foot of two pages is none
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
PAGE_NUMBER_RE = re.compile(r"^\s*(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
# a copyright stamp ("© 2018 IEEE", "Copyright © 1990 by …"): page furniture in the top or
# bottom band even where it stands on one page only
COPYRIGHT_RE = re.compile(r"^\s*(?:©|copyright\b)", re.I)
COPYRIGHT_WORDS = 25


def _key(text: str) -> str:
    # page numbers and dates change from page to page; the rest of a header does not
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))[:80]


def mark_margins(pages: list[PageLayout]) -> None:
    """Set ``role`` to "header"/"footer" on blocks in the top/bottom band that repeat on
    several pages (digits ignored), are a lone page number, or are running chapter headers:
    set apart from the text at the same height on many pages while their words change with
    the chapter or section; copyright stamps (:data:`COPYRIGHT_RE`) there or nearest the
    page's edge (:func:`_edge`); and, where wide margins set them farther from the edge,
    blocks nearest the edge that repeat there (see :func:`_mark_edges`)."""
    seen: dict[str, set[int]] = {}
    rows: dict[tuple, set[int]] = {}
    edges: dict[tuple, set[int]] = {}
    for pl in pages:
        for b in pl.blocks:
            if b.role == "body" and _band(pl, b) and len(b.text) <= 200:
                seen.setdefault(_key(b.text), set()).add(pl.number)
                if _set_apart(pl, b):
                    rows.setdefault(_row(pl, b), set()).add(pl.number)
            if b.role == "body" and (key := _edge_key(pl, b)):
                edges.setdefault(key, set()).add(pl.number)
    n = len(pages)
    need = 2 if n <= 6 else max(3, int(0.2 * n))
    _mark_edges(pages, edges, need)
    for pl in pages:
        for b in pl.blocks:
            if b.role == "body" and COPYRIGHT_RE.match(b.text) and len(b.text.split()) <= COPYRIGHT_WORDS:
                if side := _band(pl, b) or _edge(pl, b):
                    b.role = side
                    continue
            band = _band(pl, b) if b.role == "body" else None
            if not band:
                continue
            text = b.text
            lone_number = PAGE_NUMBER_RE.match(text) and not _near_graphics(b.bbox, pl)
            # numbers alone repeat on every page by their nature; only lone ones are page numbers
            repeated = len(seen.get(_key(text), ())) >= need and _WORD_RE.search(text)
            running = n >= 4 and len(rows.get(_row(pl, b), ())) >= max(need, 0.3 * n) and _set_apart(pl, b)
            if lone_number or repeated or running:
                b.role = band


def _edge(pl: PageLayout, b) -> str | None:
    """"header"/"footer" for a short block in the outer fifth of the page (:data:`EDGE_BAND`)
    with no text beyond it towards that edge, else None: where a running header, footer or
    page number stands on a page with wide margins."""
    if len(b.text) > 200:
        return None
    if b.bbox[3] <= pl.height * EDGE_BAND:
        side = "header"
    elif b.bbox[1] >= pl.height * (1 - EDGE_BAND):
        side = "footer"
    else:
        return None
    beyond = [o for o in pl.blocks if o is not b and o.text.strip()
              and (o.bbox[3] <= b.bbox[1] + 1 if side == "header" else o.bbox[1] >= b.bbox[3] - 1)]
    return None if beyond else side


def _edge_key(pl: PageLayout, b) -> tuple | None:
    """What an edge block repeats as: a lone page number by its height on the page (2 pt
    steps), other text by its words (digits ignored); None for a block not at an edge."""
    side = _edge(pl, b)
    if side is None:
        return None
    if PAGE_NUMBER_RE.match(b.text):
        return None if _near_graphics(b.bbox, pl) else (side, "number", round(b.bbox[1] / 2))
    return (side, "text", _key(b.text)) if _WORD_RE.search(b.text) else None


def _mark_edges(pages: list[PageLayout], edges: dict[tuple, set[int]], need: int) -> None:
    """Blocks outside the header and footer bands (:data:`BAND`), nearest the page's edge, that
    repeat there on ``need`` pages or more (a lone number at the same height, or the same
    words, digits ignored): the running headers, footers and page numbers of pages with wide
    margins (an A4 page whose header ends 87 pt below the top, whose number sits 90 pt above
    the bottom), which would otherwise be read as sentences or run into the sentence that
    crosses the page break."""
    for pl in pages:
        for b in pl.blocks:
            if b.role != "body" or _band(pl, b):
                continue
            key = _edge_key(pl, b)
            if key and len(edges.get(key, ())) >= need:
                b.role = key[0]


def _row(pl: PageLayout, b) -> tuple:
    """Where a header line stands: its band and height on the page (2 pt steps)."""
    return _band(pl, b), round(b.bbox[1] / 2), round(b.bbox[3] / 2)


def _set_apart(pl: PageLayout, b) -> bool:
    """Nothing sits within a line's height of ``b`` on the side of the text: a running header
    stands apart from the first line of text, which is followed closely by the next."""
    lh = max((ln.bbox[3] - ln.bbox[1] for ln in b.lines), default=0.0)
    top = _band(pl, b) == "header"
    for o in pl.blocks:
        if o is b:
            continue
        gap = o.bbox[1] - b.bbox[3] if top else b.bbox[1] - o.bbox[3]
        if -1 <= gap < 1.1 * lh:
            return False
    return True


def _near_graphics(box, pl: PageLayout, reach: float = 12.0) -> bool:
    """A number next to a plot is a tick label, not a page number."""
    return any(g.bbox[0] - reach <= box[2] and box[0] <= g.bbox[2] + reach
               and g.bbox[1] - reach <= box[3] and box[1] <= g.bbox[3] + reach
               and (g.bbox[2] - g.bbox[0]) * (g.bbox[3] - g.bbox[1]) > 400 for g in pl.graphics)


def _band(pl: PageLayout, b) -> str | None:
    if b.bbox[3] <= pl.height * BAND + 2:
        return "header"
    if b.bbox[1] >= pl.height * (1 - BAND) - 2:
        return "footer"
    return None
