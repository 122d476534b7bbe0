"""Margin notes: short lines set beside the text column (books and reports put glosses, cross
references and asides there). They are kept out of the body text as blocks of their own.

The text column is learnt from the body lines of the whole document, separately for even and
odd pages (books mirror their margins). A line that lies wholly left or right of that column
and is narrow is a margin note, even when MuPDF merged it into a body block.
"""
from __future__ import annotations

from .layout import Block, Line, PageLayout, Role, union

SLACK = 4.0  # points a note may reach into the column's edge


def _column(pages: list[PageLayout], body_size: float) -> tuple[float, float] | None:
    """(x0, x1) of the text column over ``pages``: where 90% of the body lines' text starts
    and ends (weighted by characters)."""
    starts: list[tuple[float, int]] = []
    ends: list[tuple[float, int]] = []
    for pl in pages:
        for b in pl.blocks:
            if b.role != Role.BODY:
                continue
            for ln in b.lines:
                if abs(ln.size - body_size) <= 0.6 and ln.bbox[2] - ln.bbox[0] >= 0.3 * pl.width:
                    starts.append((ln.bbox[0], len(ln.text)))
                    ends.append((ln.bbox[2], len(ln.text)))
    if sum(n for _, n in starts) < 500:
        return None  # too little running text to tell where the column is
    return _quantile(starts, 0.05), _quantile(ends, 0.95)


def _quantile(values: list[tuple[float, int]], q: float) -> float:
    values = sorted(values)
    total = sum(n for _, n in values)
    acc = 0
    for v, n in values:
        acc += n
        if acc >= q * total:
            return v
    return values[-1][0]


def split_margin_notes(pages: list[PageLayout], body_size: float) -> int:
    """Move margin-note lines out of body blocks into blocks of role "note"; returns how many
    lines moved."""
    moved = 0
    for parity in (0, 1):
        group = [pl for pl in pages if pl.number % 2 == parity]
        col = _column(group, body_size)
        if col is None:
            continue
        x0, x1 = col
        for pl in group:
            out: list[Block] = []
            for b in pl.blocks:
                if b.role != Role.BODY:
                    out.append(b)
                    continue
                notes = [ln for ln in b.lines if _is_note(ln, x0, x1, pl.width)]
                if not notes:
                    out.append(b)
                    continue
                moved += len(notes)
                rest = [ln for ln in b.lines if not any(ln is n for n in notes)]
                if rest:
                    out.append(Block(page=b.page, bbox=union(ln.bbox for ln in rest), lines=rest))
                out.append(Block(page=b.page, bbox=union(ln.bbox for ln in notes), lines=notes, role=Role.NOTE))
            pl.blocks = out
    return moved


def _is_note(ln: Line, x0: float, x1: float, page_width: float) -> bool:
    narrow = ln.bbox[2] - ln.bbox[0] <= 0.3 * page_width
    outside = ln.bbox[2] <= x0 + SLACK or ln.bbox[0] >= x1 - SLACK
    return narrow and outside
