"""A figure's text lines as the chart reader takes them, from ``Page.get_text("rawdict")``:
PDF points, origin top-left (as PyMuPDF). Tick labels MuPDF joined are parted, turned lines
split where their characters leave a gap, a power whose exponent was read apart joined to its
10, and each line's share of monospaced type kept (code)."""
from __future__ import annotations

import pymupdf

from ..document import BBox
from .chart_axes import TextLine, join_powers, line_from_spans, parse_number, split_ticks
from .typewriter import mono_share

PAD = 2.0  # points around a figure's box still taken as its own
# points: a line set again with the same text, each edge of its box this close to the first's,
# is the same label drawn twice (arXiv 1607.01329's Figure 2 sets every tick label twice, on
# the very spot, in a second pass over its axes; MuPDF drops a glyph repeated at once, not one
# repeated after other text). A fraction of a point covers a second pass rounded or nudged
# differently; labels meant to be read apart are never set on top of each other: that
# figure's 4-point labels (boxes 3.8 points high) moved 1 point would still overlap their
# twins over three quarters of their height.
SAME_PLACE = 1.0


def figure_lines(page: pymupdf.Page, box: BBox) -> list[TextLine]:
    """The text lines inside ``box``, each with its numeric value when it is a number (a power
    whose exponent MuPDF read apart joined to its 10: :func:`.chart_axes.join_powers`) and
    its share of monospaced type."""
    clip = pymupdf.Rect(box) + (-PAD, -PAD, PAD, PAD)
    out = []
    # text only: with images, the dict would carry each image's bytes
    for b in page.get_text("rawdict", clip=clip, flags=pymupdf.TEXTFLAGS_TEXT).get("blocks", []):
        for ln in b.get("lines", []):
            spans = ln.get("spans", [])
            for s in spans:
                s["text"] = "".join(c["c"] for c in s.get("chars", []))
            if not any(s["text"].strip() for s in spans):
                continue
            d = ln.get("dir", (1, 0))
            first = len(out)
            if abs(d[1]) > 0.5:
                out += _turned_lines(spans, d)
            else:
                x0, y0, x1, y1 = ln["bbox"]
                low = max((_clipped(s["bbox"], s["origin"], s, d)[3] for s in spans
                           if s["text"].strip() and "origin" in s), default=y1)
                line = line_from_spans(spans, (x0, y0, x1, min(y1, low)), False)
                # tick labels MuPDF joined into one line are parted again
                ticks = split_ticks(spans, line.bbox) if line.value is None else None
                out += ticks or [line]
            mono = mono_share(spans)
            for t in out[first:]:
                t.mono = mono
    return join_powers(_once(out))


def _once(lines: list[TextLine]) -> list[TextLine]:
    """``lines`` with each one that repeats an earlier one's text and direction at its place
    (every edge within ``SAME_PLACE``) left out: tick labels set twice have values that repeat,
    which no axis takes, and a legend's names set twice are two names."""
    out: list[TextLine] = []
    seen: dict[tuple[str, bool], list[tuple[float, float, float, float]]] = {}
    for t in lines:
        boxes = seen.setdefault((t.text, t.turned), [])
        if any(all(abs(a - b) <= SAME_PLACE for a, b in zip(t.bbox, box)) for box in boxes):
            continue
        boxes.append(t.bbox)
        out.append(t)
    return out


DESCENT = 0.3  # em: how far below its baseline a glyph's box may reach


def _clipped(box: BBox, origin: tuple[float, float], span: dict, d: tuple[float, float]) -> BBox:
    """A glyph's or span's ``box`` reaching at most ``DESCENT`` em below its baseline (through
    ``origin``; ``span``: its span, for the font's size; ``d``: the text's direction): TeX's
    symbol fonts give "∞" or "→" a box almost an em deep, which moved a legend name's middle off
    its sample and an axis title onto its ticks. A Type 3 font's size is in its glyphs' own
    units, not points: its boxes are kept."""
    if str(span.get("font", "")).startswith("Type3") or not span.get("size"):
        return box
    x0, y0, x1, y1 = box
    reach = DESCENT * span["size"]
    if abs(d[1]) <= 0.5:                      # horizontal: below is down the page
        return x0, y0, x1, max(y0, min(y1, origin[1] + reach))
    if d[1] < 0:                              # running up the page: below is to the right
        return x0, y0, max(x0, min(x1, origin[0] + reach)), y1
    return min(x1, max(x0, origin[0] - reach)), y0, x1, y1   # running down: below is to the left


def _turned_lines(spans: list[dict], d: tuple[float, float] = (0.0, -1.0)) -> list[TextLine]:
    """A turned line split where its characters leave a gap: MuPDF joins the y tick labels set
    along the axis (one above the other, on one baseline) into one line. ``d``: its direction."""
    size = max((s.get("size", 0) for s in spans), default=0) or 10.0
    chars = [{**c, "bbox": _clipped(c["bbox"], c["origin"], s, d)} if "origin" in c else c
             for s in spans for c in s.get("chars", [])]
    groups: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: -c["bbox"][3]):   # bottom to top, as the text runs
        # boxes of one word's characters abut (their advances); labels leave a gap or overlap
        if groups and abs(groups[-1][-1]["bbox"][1] - c["bbox"][3]) <= max(0.25, 0.02 * size):
            groups[-1].append(c)
        else:
            groups.append([c])
    # only numbers are parted so (tick labels); a word's kerned letters stay together
    num = lambda g: parse_number("".join(c["c"] for c in g)) is not None
    merged: list[list[dict]] = []
    for g in groups:
        if merged and not (num(merged[-1]) and num(g)):
            merged[-1] = merged[-1] + g
        else:
            merged.append(g)
    groups = merged
    # numbers parted by spaces are tick labels each ("3.2 3.4 3.6"); words stay one title
    parts: list[list[dict]] = []
    for g in groups:
        words: list[list[dict]] = [[]]
        for c in g:
            if c["c"].isspace():
                words.append([])
            else:
                words[-1].append(c)
        words = [w for w in words if w]
        numeric = len(words) >= 2 and all(parse_number("".join(c["c"] for c in w)) is not None for w in words)
        parts += words if numeric else [g]
    out = []
    for g in parts:
        text = "".join(c["c"] for c in g).strip()
        if not text:
            continue
        box = (min(c["bbox"][0] for c in g), min(c["bbox"][1] for c in g),
               max(c["bbox"][2] for c in g), max(c["bbox"][3] for c in g))
        out.append(line_from_spans([{"text": text, "size": size, "origin": (box[0], box[3])}], box, True))
    return out
