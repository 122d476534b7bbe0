"""A table's rows and columns from where its text stands: tables without vertical rules.

Booktabs tables (three horizontal rules, no vertical ones) and borderless tables aligned by
whitespace give PyMuPDF's line finder nothing to go on, and its "text" strategy splits a
spanning header ("CIFAR-10" over "Top-1 | Top-5") into whichever column it overlaps, makes a
row of its own of a ``\\multirow`` cell set between two rows, and leaves empty rows between
the real ones. So the grid is made here from the pieces of text (words of the text layer, or
lines the OCR engine read) and the horizontal rules:

* rows are the lines of text (pieces whose vertical centres lie within half a line);
* pieces closer than a column gap join into one cell's phrase;
* columns are the gaps in the horizontal projection of the phrases of the fullest rows (rows
  with fewer phrases may hold spanning cells, which would bridge a gap);
* a phrase over several columns fills each of them (a spanning header repeated in every cell
  it covers, as a table's rows in the JSON hold it), and so does a header phrase over a short rule
  (``\\cmidrule``) that spans several columns;
* a line whose phrases lie only in columns empty in the rows above and below it, set between
  them, is a cell spanning those rows (``\\multirow``): it fills both;
* the header is the rows above the first full-width rule under the first row (booktabs'
  ``\\midrule``), else the first row.

Boxes are ``(x0, y0, x1, y1)`` in PDF points (or any one unit), origin top-left.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import BBox
from .layout import join_lines
from .page_geometry import WORD_RE

COLUMN_GAP_EM = 0.55   # a gap wider than this many line heights between two pieces parts two cells
FULL_RULE = 0.8        # a rule across this share of the table's width is a full one
MAX_WRAPPED = 2         # a line goes on the paragraph cells of at most this many columns at once
MIN_COLUMN_GAP = 2.0   # points: narrower gaps in the projection are kerning, not a column break


_NUMBER = re.compile(r"^[-+−–~≈<>≤≥±(\[]*\$?\d[\d.,]*\s*(?:%|[kKMGx×]|[a-zA-Zμ]{1,3})?\s*"
                     r"(?:±\s*\d[\d.,]*\s*%?)?[)\]*†‡]*$")


def is_number(cell: str) -> bool:
    """A cell that holds a number ("81.2", "3.5%", "12 J", "0.91±0.02")."""
    return bool(_NUMBER.match(cell.strip()))


@dataclass
class Piece:
    """Text at a place: a word of the text layer, or a line the OCR engine read."""

    bbox: BBox
    text: str


@dataclass
class Grid:
    """A table read into ``header`` rows and body ``rows`` of cell strings (each row as long as
    the table is wide; "" for an empty cell); ``method`` says how ("lines", "aligned", "ocr")."""

    header: list[list[str]]
    rows: list[list[str]]
    method: str
    columns: list[tuple[float, float]] = field(default_factory=list)

    @property
    def shape(self) -> tuple[int, int]:
        every = self.header + self.rows
        return len(every), max((len(r) for r in every), default=0)


@dataclass
class _Line:
    pieces: list[Piece]

    @property
    def top(self) -> float:
        return min(p.bbox[1] for p in self.pieces)

    @property
    def bottom(self) -> float:
        return max(p.bbox[3] for p in self.pieces)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def _lines(pieces: list[Piece]) -> list[_Line]:
    """Pieces grouped into lines by their vertical centres, top to bottom."""
    out: list[_Line] = []
    for p in sorted(pieces, key=lambda p: ((p.bbox[1] + p.bbox[3]) / 2, p.bbox[0])):
        mid, height = (p.bbox[1] + p.bbox[3]) / 2, p.bbox[3] - p.bbox[1]
        if out and abs(mid - out[-1].middle) <= 0.5 * max(height, out[-1].bottom - out[-1].top):
            out[-1].pieces.append(p)
        else:
            out.append(_Line([p]))
    for ln in out:
        ln.pieces.sort(key=lambda p: p.bbox[0])
    return out


def _phrases(line: _Line, gap: float) -> list[Piece]:
    """The line's pieces joined into phrases where they stand closer than ``gap``."""
    out: list[Piece] = []
    for p in line.pieces:
        if out and p.bbox[0] - out[-1].bbox[2] < gap:
            last = out[-1]
            joint = "" if _cjk_end(last.text) and _cjk_end(p.text[:1]) else " "
            out[-1] = Piece((last.bbox[0], min(last.bbox[1], p.bbox[1]), p.bbox[2], max(last.bbox[3], p.bbox[3])),
                            last.text + joint + p.text)
        else:
            out.append(p)
    return out


def _cjk_end(text: str) -> bool:
    return bool(text) and "\u3000" <= text[-1] <= "\u9fff" or bool(text) and "\uff00" <= text[-1] <= "\uffef"


def _columns(rows: list[list[Piece]]) -> list[tuple[float, float]]:
    """Column extents: the gaps in the projection of the fullest rows' phrases."""
    counts = [len(r) for r in rows if len(r) >= 2]
    if not counts:
        return []
    # the most common count of cells per row, or more: rows with fewer may hold spanning cells
    mode = max(set(counts), key=lambda c: (counts.count(c), c))
    spans = sorted((p.bbox[0], p.bbox[2]) for r in rows if len(r) >= mode for p in r)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 < cols[-1][1] + MIN_COLUMN_GAP:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    # a phrase of a fuller row's gap (a multirow cell alone on its line) opens a column of its own
    for r in rows:
        for p in r:
            if len(r) < mode and not any(min(b, p.bbox[2]) - max(a, p.bbox[0]) > 0 for a, b in cols):
                cols.append([p.bbox[0], p.bbox[2]])
    return sorted((a, b) for a, b in cols)


def _covered(p: Piece, cols: list[tuple[float, float]]) -> list[int]:
    """The columns a phrase covers: those it overlaps, else the nearest one."""
    hit = [i for i, (a, b) in enumerate(cols) if min(b, p.bbox[2]) - max(a, p.bbox[0]) > 0.5]
    if hit:
        return hit
    mid = (p.bbox[0] + p.bbox[2]) / 2
    return [min(range(len(cols)), key=lambda i: min(abs(mid - cols[i][0]), abs(mid - cols[i][1])))]


def aligned_grid(pieces: list[Piece], rules: list[BBox], *, method: str = "aligned") -> Grid | None:
    """The grid of a table whose columns are aligned by whitespace (see the module docstring);
    ``rules`` are the horizontal rules inside the table's box. None when the text does not
    make at least two rows of two columns."""
    lines = _lines([p for p in pieces if p.text.strip()])
    if len(lines) < 2:
        return None
    heights = sorted(ln.bottom - ln.top for ln in lines)
    gap = COLUMN_GAP_EM * heights[len(heights) // 2]
    phrases = [_phrases(ln, gap) for ln in lines]
    cols = _columns(phrases)
    if len(cols) < 2:
        return None
    width = cols[-1][1] - cols[0][0]
    cells: list[list[str]] = []
    places: list[list[list[Piece]]] = []  # each line's phrases, by column
    for line, row in zip(lines, phrases):
        out = [""] * len(cols)
        place: list[list[Piece]] = [[] for _ in cols]
        for p in row:
            span = _covered(p, cols)
            short = _rule_under(p, line, rules, cols, width)
            if short:
                span = short
            for c in span:
                out[c] = f"{out[c]} {p.text}".strip()
            if len(span) == 1:
                place[span[0]].append(p)
        cells.append(out)
        places.append(place)
    tops = [ln.top for ln in lines]
    bottoms = [ln.bottom for ln in lines]
    cells, places, tops, bottoms = _join_centred(cells, places, tops, bottoms, cols, rules)
    cells, tops, bottoms = _join_wrapped(cells, places, tops, bottoms, cols, rules)
    cells, tops, bottoms = _join_multirow(cells, tops, bottoms)
    if len(cells) < 2:
        return None
    n_head = _header_rows(tops, bottoms, rules, (cols[0][0], cols[-1][1]))
    return Grid(header=cells[:n_head], rows=cells[n_head:], method=method, columns=cols)


def _rule_under(p: Piece, line: _Line, rules: list[BBox], cols: list[tuple[float, float]],
                width: float) -> list[int]:
    """The columns of a short rule right under ``p`` (a ``\\cmidrule`` under a spanning header),
    if it spans more than one column; else []."""
    height = line.bottom - line.top
    mid = (p.bbox[0] + p.bbox[2]) / 2
    for r in rules:
        if (r[2] - r[0]) >= FULL_RULE * width or not (r[0] - 1 <= mid <= r[2] + 1):
            continue
        if 0 <= r[1] - line.bottom <= height:
            inside = [i for i, (a, b) in enumerate(cols) if r[0] - 2 <= (a + b) / 2 <= r[2] + 2]
            if len(inside) > 1:
                return inside
    return []


def _join_wrapped(cells: list[list[str]], places: list[list[list[Piece]]], tops: list[float],
                  bottoms: list[float], cols: list[tuple[float, float]], rules: list[BBox]):
    """Lines that go on a paragraph cell of the line above (a ``p{}`` or ``tabularx`` column
    whose text wraps) join its row: the line has text in one or two columns only, where the
    line right above it holds words, several of them, which the first word of this line would not have
    followed within the column's width (so the line above was broken there), it leaves empty
    a column the row above fills, and no rule lies between them. (A row of single words, a
    ``\\multirow`` group's next row, is never taken for a wrapped line.)"""
    out, out_places, out_tops, out_bottoms = [cells[0]], [places[0]], [tops[0]], [bottoms[0]]
    for row, place, top, bottom in zip(cells[1:], places[1:], tops[1:], bottoms[1:]):
        above, last = out[-1], out_places[-1]
        used = [c for c, t in enumerate(row) if t]
        height = bottom - top
        wraps = 0 < len(used) <= MAX_WRAPPED and any(above[c] and not row[c] for c in range(len(row))) \
            and top - out_bottoms[-1] <= height \
            and not any(r[1] > out_bottoms[-1] - 1 and r[3] < top + 1 for r in rules) \
            and all(_wrapped(last[c], place[c], cols[c], height) for c in used)
        if not wraps:
            out.append(row)
            out_places.append(place)
            out_tops.append(top)
            out_bottoms.append(bottom)
            continue
        out[-1] = [join_lines([a, b]) if b else a for a, b in zip(above, row)]
        out_places[-1] = place
        out_bottoms[-1] = bottom
    return out, out_tops, out_bottoms


def _join_centred(cells: list[list[str]], places: list[list[list[Piece]]], tops: list[float],
                  bottoms: list[float], cols: list[tuple[float, float]], rules: list[BBox]):
    """A row whose paragraph cell is centred on its other cells (an ``m{}`` column): the
    other cells stand level with the paragraph's middle line, or between two of its lines, so
    the row's first line holds the paragraph alone. Such a group is one row: a line holding
    one or two columns only, the lines under it going on their text (as :func:`_wrapped`
    tells) and, on a line below the first, cells of other columns, each once, with as many
    lines of the paragraph under them as above them, give or take one (they are centred)."""
    out = ([], [], [], [])
    i = 0
    while i < len(cells):
        end = _centred_group(cells, places, tops, bottoms, cols, rules, i)
        row, place = list(cells[i]), [list(p) for p in places[i]]
        for k in range(i + 1, end):
            for c, text in enumerate(cells[k]):
                if text:
                    row[c] = join_lines([row[c], text]) if row[c] else text
                    place[c] = places[k][c] if places[k][c] else place[c]
        for part, value in zip(out, (row, place, tops[i], max(bottoms[i:end]))):
            part.append(value)
        i = end
    return out


def _centred_group(cells, places, tops, bottoms, cols, rules, i: int) -> int:
    """The end (exclusive) of the ``m{}`` row group that starts at line ``i``; ``i + 1`` when
    none does (see :func:`_join_centred`)."""
    para = {c for c, t in enumerate(cells[i]) if t}
    if not 0 < len(para) <= MAX_WRAPPED or len(para) == len(cells[i]):
        return i + 1
    if i > 0 and all(_wrapped(places[i - 1][c], places[i][c], cols[c], bottoms[i] - tops[i]) for c in para):
        return i + 1  # the paragraph goes on from the line above: a p{} cell's next line
    last = {c: places[i][c] for c in para}  # each paragraph column's last line
    others: set[int] = set()
    first_other = None
    k = i + 1
    while k < len(cells):
        used = {c for c, t in enumerate(cells[k]) if t}
        height = bottoms[k] - tops[k]
        if tops[k] - bottoms[k - 1] > height or any(r[1] > bottoms[k - 1] - 1 and r[3] < tops[k] + 1 for r in rules):
            break
        mine, rest = used & para, used - para
        # a paragraph's line, not a formula's: words of letters on each line it goes on from
        if rest & others or not all(_wrapped(last[c], places[k][c], cols[c], height)
                                    and len(WORD_RE.findall(" ".join(p.text for p in last[c]))) >= 2 for c in mine):
            break
        if rest:
            if first_other is None:
                first_other = k
            others |= rest
        for c in mine:
            last[c] = places[k][c]
        k += 1
        if first_other is not None and k - 1 - first_other >= first_other - i:
            break  # as many lines under the other cells as above them
    if first_other is None:
        return i + 1
    above, under = first_other - i, k - 1 - first_other
    after = {c for c, t in enumerate(cells[k]) if t} if k < len(cells) else set()
    if after and after <= others:
        return i + 1  # the other columns go on under the group: two columns set apart, not a row
    return k if under >= 1 and abs(under - above) <= 1 else i + 1


def _wrapped(above: list[Piece], below: list[Piece], col: tuple[float, float], height: float) -> bool:
    """The text of one column goes on from the line ``above`` to the line ``below``: the line
    above holds several words, the line below starts where it does, and the first word below
    would not have fitted after them."""
    if not above or not below or sum(len(p.text.split()) for p in above) < 2:
        return False
    if abs(below[0].bbox[0] - above[0].bbox[0]) > 0.5 * height:
        return False  # a paragraph's lines start at its column's left edge
    first = below[0]
    words = first.text.split()
    share = len(words[0]) / max(len(first.text), 1)  # a phrase's first word, by its share of letters
    word = (first.bbox[2] - first.bbox[0]) * share
    space = 0.25 * height
    return above[-1].bbox[2] + space + word > col[1] + 0.5


def _join_multirow(cells: list[list[str]], tops: list[float], bottoms: list[float]):
    """Rows set between two rows with text only in columns both leave empty are cells that
    span those rows (``\\multirow``): their text goes into both, and the row goes."""
    i = 1
    while i < len(cells) - 1:
        row, above, below = cells[i], cells[i - 1], cells[i + 1]
        used = [c for c, t in enumerate(row) if t]
        if used and len(used) < len(row) and all(not above[c] and not below[c] for c in used) \
                and any(above[c] for c in range(len(row)) if c not in used) \
                and any(below[c] for c in range(len(row)) if c not in used):
            for c in used:
                above[c] = below[c] = row[c]
            del cells[i], tops[i], bottoms[i]
            continue
        i += 1
    # a multirow cell of the first or last row pair sits level with neither row exactly either
    return cells, tops, bottoms


def _header_rows(tops: list[float], bottoms: list[float], rules: list[BBox], span: tuple[float, float]) -> int:
    """How many rows the header has: those above the first full-width rule that lies below the
    first row (booktabs' ``\\midrule``); 1 without such a rule."""
    width = span[1] - span[0]
    full = sorted(r[1] for r in rules if (min(r[2], span[1]) - max(r[0], span[0])) >= FULL_RULE * width)
    for y in full:
        if y > bottoms[0] - 1:
            n = sum(1 for t in tops if t < y)
            if 1 <= n < len(tops):
                return n
            break
    return 1
