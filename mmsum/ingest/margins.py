"""Running headers, footers and page numbers: text repeated in the top or bottom band of pages."""
from __future__ import annotations

import re

from .layout import PageLayout

BAND = 0.1  # fraction of the page height at the top and at the bottom where headers live
NUMBER_BAND = 0.2  # a page number stands in this fraction, nearest the edge, on the same height on many pages
PAGE_NUMBER_RE = re.compile(r"^\s*(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)


def _key(text: str) -> str:
    # page numbers and dates change from page to page; the rest of a header does not
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))[:80]


def mark_margins(pages: list[PageLayout]) -> None:
    """Set ``role`` to "header"/"footer" on blocks in the top/bottom band that repeat on
    several pages (digits ignored), are a lone page number, or are running chapter headers:
    set apart from the text at the same height on many pages while their words change with
    the chapter or section."""
    seen: dict[str, set[int]] = {}
    rows: dict[tuple, set[int]] = {}
    numbers: dict[tuple, set[int]] = {}
    for pl in pages:
        for b in pl.blocks:
            if b.role == "body" and _band(pl, b) and len(b.text) <= 200:
                seen.setdefault(_key(b.text), set()).add(pl.number)
                if _set_apart(pl, b):
                    rows.setdefault(_row(pl, b), set()).add(pl.number)
            if b.role == "body" and (side := _number_edge(pl, b)):
                numbers.setdefault((side, round(b.bbox[1] / 2)), set()).add(pl.number)
    n = len(pages)
    need = 2 if n <= 6 else max(3, int(0.2 * n))
    _mark_page_numbers(pages, numbers, need)
    for pl in pages:
        for b in pl.blocks:
            band = _band(pl, b) if b.role == "body" else None
            if not band:
                continue
            text = b.text
            lone_number = PAGE_NUMBER_RE.match(text) and not _near_graphics(b.bbox, pl)
            # numbers alone repeat on every page by their nature; only lone ones are page numbers
            repeated = len(seen.get(_key(text), ())) >= need and re.search(r"[^\W\d_]", text)
            running = n >= 4 and len(rows.get(_row(pl, b), ())) >= max(need, 0.3 * n) and _set_apart(pl, b)
            if lone_number or repeated or running:
                b.role = band


def _number_edge(pl: PageLayout, b) -> str | None:
    """"header"/"footer" for a lone number in the outer fifth of the page with no text beyond
    it towards that edge (a page number where the margins are wide), else None."""
    if not PAGE_NUMBER_RE.match(b.text) or _near_graphics(b.bbox, pl):
        return None
    if b.bbox[3] <= pl.height * NUMBER_BAND:
        side = "header"
    elif b.bbox[1] >= pl.height * (1 - NUMBER_BAND):
        side = "footer"
    else:
        return None
    beyond = [o for o in pl.blocks if o is not b and o.text.strip()
              and (o.bbox[3] <= b.bbox[1] + 1 if side == "header" else o.bbox[1] >= b.bbox[3] - 1)]
    return None if beyond else side


def _mark_page_numbers(pages: list[PageLayout], numbers: dict[tuple, set[int]], need: int) -> None:
    """Lone numbers outside the header and footer bands (:data:`BAND`) that stand at the same
    height on ``need`` pages or more, nearest the page's edge: page numbers of a page with wide
    margins (an A4 page whose number sits 90 pt above the bottom), which would otherwise run
    into the sentence that crosses the page break."""
    for pl in pages:
        for b in pl.blocks:
            if b.role != "body" or _band(pl, b):
                continue
            side = _number_edge(pl, b)
            if side and len(numbers.get((side, round(b.bbox[1] / 2)), ())) >= need:
                b.role = side


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
