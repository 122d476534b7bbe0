"""The text inside a figure (``Figure.text``): axis titles, legends, node and box labels.

For vector and mixed figures, and for scans under an OCR text layer, it is the page's own text
in the figure's box, in reading order: rows top to bottom, each left to right, then turned
text (axis titles) left to right. It is cleaned for meaning: tick numbers, lone letters and
symbols carry little and are dropped; words and units stay. Figures with (almost) no text in
their box get theirs from OCR of the crop (:func:`fill_raster_text`, given an OCR function):
raster pictures, and vector plots whose labels were set as outlines (drawn paths, no text
layer), which many plotting tools and PDF converters produce. The page's blocks that are a
figure's text are marked so (:func:`mark_figure_text`): they are not read as body text.
"""
from __future__ import annotations

import logging
import re
from typing import Callable

from ..document import BBox, Figure
from .layout import Line, PageLayout
from .page_geometry import inside
from .spatial import GridIndex

log = logging.getLogger(__name__)

# OCR of one figure's crop (``Figure.image_png``, a PNG) to its text, for raster figures that
# have no text layer in their box
RasterText = Callable[[Figure], str]

INSIDE_SHARE = 0.6   # a line this much inside the figure's box is the figure's
ROW_OVERLAP = 0.5    # lines overlapping this much of the lower one's height are one row
_UNIT_RE = re.compile(r"^[(\[][^\s()\[\]]{1,8}[)\]][.,;:]?$")  # "(s)", "[%]", "(kWh)", "[m/s]"
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# a graphics file's name where the file itself was not drawn (a LaTeX draft, a missing file):
# its stem is often what the figure shows ("img/poisson_difference-eps-converted-to.pdf")
_FILE_RE = re.compile(r"^(?:.*/)?([^/\s]+?)(?:-eps-converted-to)?\.(?:pdf|eps|ps|png|jpe?g|svg|tiff?)$", re.I)
# fewer kept words than this in a figure's box: its labels are probably outlines, not text
THIN_TEXT_WORDS = 3


def keep_token(token: str) -> bool:
    """A token that carries meaning: a word of two different letters or more, a unit in
    brackets, or any CJK text. Numbers, lone letters, symbols and runs of one plot symbol
    ("GGG") do not."""
    if CJK_RE.search(token):
        return True
    letters = [ch.lower() for ch in token if ch.isalpha()]
    if len(letters) >= 2:
        # plot symbols set as glyphs run together ("GGGG", "ooo"): one letter three times or
        # more is no word ("mm" is a unit)
        return len(set(letters)) > 1 or len(letters) < 3
    return bool(_UNIT_RE.match(token)) and any(ch.isalpha() or ch == "%" for ch in token)


def _file_words(token: str) -> str | None:
    """The words of a graphics file name's stem ("fig/wind_speed.pdf" -> "wind speed"), None
    when ``token`` is no such name."""
    m = _FILE_RE.match(token)
    return " ".join(re.split(r"[_\-.]+", m.group(1))).strip() if m else None


def clean_line(text: str) -> str:
    """``text`` with the tokens that carry little left out ("0 20 40 Time (s)" -> "Time (s)");
    a graphics file name becomes the words of its stem."""
    out = []
    for t in text.split():
        words = _file_words(t)
        out += [w for w in words.split() if keep_token(w)] if words is not None else [t] if keep_token(t) else []
    return " ".join(out)


# a panel label of subfigures: "(a)", "b)", "(iv)"; kept in the text (a bracketed letter may
# also be a unit: "(s)", "(V)") but no sign that the figure's words are in its text layer
_PANEL_RE = re.compile(r"^\(?(?:[a-zA-Z]|[ivx]{1,4})\)[.,;:]?$")


def is_thin(text: str) -> bool:
    """Too few words for a figure's own text to say what it shows (see THIN_TEXT_WORDS); panel
    labels ("(a)", "(b)") do not count."""
    return sum(not _PANEL_RE.match(t) for t in text.split()) < THIN_TEXT_WORDS


def merge_text(layer: str, read: str) -> str:
    """The text layer's words, then the words OCR read that the layer does not have."""
    have = set(layer.split())
    extra = []
    for w in read.split():
        if w not in have:
            have.add(w)
            extra.append(w)
    return " ".join([layer, *extra]).strip() if layer else " ".join(extra)


def _inside(a: BBox, b: BBox) -> bool:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w > 0 and h > 0 and w * h >= INSIDE_SHARE * max((a[2] - a[0]) * (a[3] - a[1]), 0.01)


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into rows (top to bottom), each row left to right."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])):
        if rows:
            last = rows[-1]
            top, bottom = min(x.bbox[1] for x in last), max(x.bbox[3] for x in last)
            over = min(bottom, ln.bbox[3]) - max(top, ln.bbox[1])
            if over >= ROW_OVERLAP * max(ln.bbox[3] - ln.bbox[1], 0.1):
                last.append(ln)
                continue
        rows.append([ln])
    return [sorted(r, key=lambda ln: ln.bbox[0]) for r in rows]


def figure_text(figure: Figure, layout: PageLayout, blocks: GridIndex | None = None) -> str:
    """The cleaned text inside ``figure``'s box on its page (``layout``), caption excluded."""
    blocks = blocks or GridIndex(layout.blocks, lambda b: b.bbox)
    flat: list[Line] = []
    turned: list[Line] = []
    for b in blocks.near(figure.bbox):
        if b.role in ("caption", "table-caption", "header", "footer"):
            continue
        if figure.caption_bbox and _inside(b.bbox, figure.caption_bbox):
            continue
        for ln in b.lines:
            if not _inside(ln.bbox, figure.bbox):
                continue
            w, h = ln.bbox[2] - ln.bbox[0], ln.bbox[3] - ln.bbox[1]
            # turned lines come in margin blocks; a one-word turned line is tall and narrow
            (turned if b.role == "margin" and h > w else flat).append(ln)
    out: list[str] = []
    seen: set[str] = set()
    for row in _rows(flat):
        _add(" ".join(ln.text for ln in row), out, seen)
    for ln in sorted(turned, key=lambda ln: ln.bbox[0]):
        _add(ln.text, out, seen)
    return " ".join(out)


def _add(text: str, out: list[str], seen: set[str]) -> None:
    """Append a cleaned row once: panels repeat their legends and axis titles."""
    row = clean_line(text)
    if row and row not in seen:
        seen.add(row)
        out.append(row)


def fill_figure_text(pages: list[PageLayout], figures: list[Figure]) -> None:
    """Set ``text`` of every figure from the text layer in its box."""
    by_page = {pl.number: pl for pl in pages}
    indexes: dict[int, GridIndex] = {}
    for f in figures:
        pl = by_page.get(f.page)
        if pl is None:
            continue
        if f.page not in indexes:
            indexes[f.page] = GridIndex(pl.blocks, lambda b: b.bbox)
        f.text = figure_text(f, pl, indexes[f.page])


def needs_ocr(figure: Figure) -> bool:
    """A figure with a rendered crop whose text layer gave (almost) nothing: a raster picture,
    or a vector plot with its labels set as outlines."""
    return bool(figure.image_png) and is_thin(figure.text)


def fill_raster_text(figures: list[Figure], ocr: RasterText) -> None:
    """Add to ``text`` of the figures that need it (:func:`needs_ocr`) what OCR reads in their
    crop, after the words of the text layer (kept: they are exact).

    Needs the crops (``image_png``); a failure of OCR on one figure leaves its text as it was."""
    for f in figures:
        if not needs_ocr(f):
            continue
        try:
            f.text = merge_text(f.text, clean_line(ocr(f)))
        except Exception:  # OCR of one crop must not lose the document
            log.debug("figure %s: OCR of its crop failed", f.id, exc_info=True)


def mark_figure_text(pages: list[PageLayout], figures: list[Figure]) -> None:
    """Set ``role`` "figure-text" on text lying in a figure's box (axis labels, legends) or
    between the figure and its caption (panel captions, axis titles)."""
    boxes: dict[int, list[BBox]] = {}
    for f in figures:
        boxes.setdefault(f.page, []).append(f.bbox)
        if f.caption_bbox:
            fb, cb = f.bbox, f.caption_bbox
            top, bottom = (fb[3], cb[1]) if fb[3] <= cb[1] else (cb[3], fb[1])
            if bottom > top:
                boxes[f.page].append((fb[0], top, fb[2], bottom))
    for pl in pages:
        on_page = boxes.get(pl.number)
        if not on_page:
            continue
        index = GridIndex(on_page, lambda b: b)
        for b in pl.blocks:
            if b.role in ("body", "margin") and any(inside(b.bbox, fb, 0.6) for fb in index.near(b.bbox)):
                b.role = "figure-text"
