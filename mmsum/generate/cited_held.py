"""What the tables and charts a sentence cites hold, as numbers a generated sentence may give
(:class:`Held`: a table's cells by row and column, a chart's readable points by series), and
how a sentence names a row, a column or a series (:func:`names`). The judging is in
:mod:`.cited_numbers`."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..document import Figure, Table
from ..ingest.table_grid import is_number
from .claims import STEM
from .constraints import FUNCTION_WORDS
from .faithfulness import normalize_number, number_tokens
from .text import strip_citations

READABLE_POINTS = 20  # a series of at most this many points shows each one
TOLERANCE = 0.01  # of an axis's range: how near a chart's point a number must be
SIGNED = re.compile(r"(?<![\w.])([-+−]?)(\d[\d,]*(?:\.\d+)?)")
NAME_WORD = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_UNIT = re.compile(r"\([^)]*\)|\[[^]]*\]")
REFERENCE = re.compile(r"(?:\b(?:Tables?|Tabs?\.|Figures?|Figs?\.|Sections?|Sec\.|Eqs?\.|Equations?|Chapters?"
                       r"|Appendix)|[表图])\s*$", re.I)
_FUNCTION = frozenset(FUNCTION_WORDS)

@dataclass(frozen=True)
class Value:
    """A number as written: its value, the decimals it gives and whether it is a percentage."""

    value: float
    decimals: int
    percent: bool

    @classmethod
    def parse(cls, token: str) -> "Value | None":
        """The number ``token`` writes ("−1,200", "93.4%", "4.1 V"), or None."""
        m = SIGNED.search(token)
        norm = normalize_number(m.group(2)) if m else None
        if norm is None:
            return None
        digits = m.group(2).replace(",", "") if "," in m.group(2) and norm == m.group(2).replace(",", "") \
            else m.group(2)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        sign = -1.0 if m.group(1) in ("-", "−") else 1.0
        return cls(sign * float(norm), decimals, "%" in token or "percent" in token.lower())


def stem(word: str) -> str:
    w = word.lower()
    return "our" if w == "ours" else w[:STEM]  # a results table's "Ours" is the sentence's "our method"


def names(label: str, words: set[str], text: str) -> bool:
    """Whether ``text`` (whose :func:`words_of` are ``words``) names a row or series labelled
    ``label``: every word of the label is in it ("Ours" by "our method"), or the label itself
    is (a Chinese label, "本文方法", has no words to split)."""
    own = label_words(label)
    if own and own <= words:
        return True
    bare = _UNIT.sub(" ", label).strip().lower()
    return len(bare) >= 2 and not own and bare in text.lower()


def words_of(text: str) -> set[str]:
    return {stem(w) for w in NAME_WORD.findall(text) if re.search(r"[A-Za-z]", w)}


def label_words(label: str) -> set[str]:
    """The words that name a row, column or series: its label without units in brackets and
    without function words."""
    return {stem(w) for w in NAME_WORD.findall(_UNIT.sub(" ", label))
            if re.search(r"[A-Za-z]", w) and len(w) > 1 and w.lower() not in _FUNCTION}


@dataclass(frozen=True)
class Held:
    """One value a cited table or chart holds: the object's id and label, the row (a table's
    row label; a chart's series name) and column (a table's header; for a chart what point
    it is), the value as printed, and how near a number must be to be it (``tolerance``, in
    data units; 0: exactly, up to rounding; ``log``: compared as logarithms)."""

    id: str
    label: str | None
    row: str | None
    column: str | None
    value: float
    text: str
    percent: bool = False
    tolerance: float = 0.0
    log: bool = False
    column_named: bool = True  # whether words can name its column (a header, a bar's category)

    def matches(self, said: Value) -> bool:
        """Whether the number ``said`` is this value, written alike or as a percentage."""
        if self.tolerance > 0:
            if self.log:
                return said.value > 0 < self.value and abs(math.log10(said.value) - math.log10(self.value)) \
                    <= self.tolerance
            return abs(said.value - self.value) <= self.tolerance
        candidates = [self.value]
        if said.percent and not self.percent and abs(self.value) <= 1:
            candidates.append(self.value * 100)  # "93.4%" for 0.934
        if self.percent and not said.percent and abs(said.value) <= 1:
            candidates.append(self.value / 100)  # "0.934" for 93.4%
        for c in candidates:
            if abs(said.value - c) <= 1e-9 * max(1.0, abs(c)):
                return True
            # "88" for 88.4, "0.93" for 0.934: the held value rounded to the digits said
            significant = len(re.sub(r"[^\d]", "", f"{abs(said.value):.{said.decimals}f}").lstrip("0"))
            if significant >= 2 and abs(said.value - c) <= 0.5 * 10 ** -said.decimals + 1e-9:
                return True
        return False

    @property
    def at(self) -> str:
        return ", ".join(p for p in (self.row, self.column) if p)


def _cell_values(cell: str) -> list[tuple[float, str]]:
    """The numbers of a cell that holds numbers (:func:`~mmsum.ingest.table_grid.is_number`:
    "88.4", "0.91±0.02", "−1,200", "93.4%"); none for a cell of words ("Ours", "ResNet-50")."""
    if not is_number(cell):
        return []
    out = []
    for m in SIGNED.finditer(cell):
        v = Value.parse(m.group(0))
        if v is not None:
            out.append((v.value, m.group(0).strip()))
    return out


def table_held(table: Table, only: set[tuple[int, int]] | None = None) -> list[Held]:
    """Every number of ``table``'s body, with its row label and column header (``only``: those
    of these (row, column) cells)."""
    if not table.rows:
        return []
    width = max(len(r) for r in table.rows)
    heads = []
    for c in range(width):
        parts = [row[c] for row in table.header if c < len(row) and row[c]]
        heads.append(" ".join(dict.fromkeys(parts)) or None)
    out = []
    for r, row in enumerate(table.rows):
        label = " ".join(c for c in row if c and not _cell_values(c)) or None
        for c, cell in enumerate(row):
            if only is not None and (r, c) not in only:
                continue
            head = heads[c] if c < len(heads) else None
            pct = "%" in cell or bool(head and "%" in head)
            out += [Held(table.id, table.label, label, head, v, text, pct) for v, text in _cell_values(cell)]
    return out


ENDS = ("peak", "last point", "first point", "lowest point")  # what a reader takes from a curve


def _notable(points: list[tuple[float, float]]) -> list[tuple[str, tuple[float, float]]]:
    """The points of one series a reader takes from it, each with what it is: its peak, last,
    first and lowest points, and every other point of a series short enough to read."""
    ends = dict(zip(ENDS, (max(points, key=lambda p: p[1]), points[-1], points[0],
                            min(points, key=lambda p: p[1]))))
    named = [(what, p) for what, p in ends.items()]
    if len(points) <= READABLE_POINTS:
        named += [(f"point x = {x:.4g}", (x, y)) for x, y in points if (x, y) not in ends.values()]
    return named


def _span(axis, values: list[float]) -> tuple[float, bool]:
    """An axis's range in data units (its logarithm's on a log axis) and whether it is a log axis."""
    log = bool(axis and axis.scale == "log")
    lo_hi = axis.range if axis and axis.range else (min(values), max(values)) if values else (0.0, 0.0)
    lo, hi = lo_hi
    if log:
        lo, hi = (math.log10(v) if v > 0 else 0.0 for v in (lo, hi))
    return abs(hi - lo), log


def chart_held(figure: Figure) -> list[Held]:
    """The values a chart's series show (see :func:`_notable`), each within 1% of its axis's range."""
    content = figure.content
    if content is None or not content.series:
        return []
    axes = content.axes or {}
    series = [(s.name, [(x, float(y)) for x, y in s.points]) for s in content.series if s.points]
    ys = [y for _, pts in series for _, y in pts]
    xs = [float(x) for _, pts in series for x, _ in pts if isinstance(x, (int, float))]
    y_span, y_log = _span(axes.get("y"), ys)
    x_span, x_log = _span(axes.get("x"), xs)
    pct = bool(axes.get("y") and axes["y"].unit == "%")
    out = []
    for name, pts in series:
        if all(isinstance(x, (int, float)) for x, _ in pts):
            for what, (x, y) in _notable(pts):
                out.append(Held(figure.id, figure.label, name, what, y, f"{y:.4g}", pct,
                                max(TOLERANCE * y_span, 1e-12), y_log, column_named=False))
                if what in ENDS:
                    out.append(Held(figure.id, figure.label, name, f"x of the {what}", float(x), f"{x:.4g}", False,
                                    max(TOLERANCE * x_span, 1e-12), x_log, column_named=False))
        else:  # a bar chart: one value per category
            out += [Held(figure.id, figure.label, name, str(x), y, f"{y:.4g}", pct, max(TOLERANCE * y_span, 1e-12),
                         y_log) for x, y in pts]
    return out


def says_numbers(text: str) -> bool:
    """Whether ``text`` gives a number of its own (not counting "Table 2", "Figure 3")."""
    return any(not REFERENCE.search(text[:start]) for _, start in number_tokens(strip_citations(text)))


def chart_words(figure: Figure) -> str:
    """What a chart names: its axes' titles and units and its series' names ("Voltage V adaptive")."""
    c = figure.content
    if c is None:
        return ""
    axes = [p for a in (c.axes or {}).values() for p in (a.title, a.unit) if p]
    return " ".join([*axes, *(s.name for s in c.series or [] if s.name)])


def table_evidence(table: Table) -> list[str]:
    """A table as source text for the checks: its label and caption, then one line per body
    row with the header's words before it ("Method Accuracy: Ours 88.4"), so that a number
    stands with the row and column it is said of."""
    head = " ".join(c for row in table.header for c in dict.fromkeys(row) if c)
    return [f"{table.label or ''} {table.caption}", *(f"{head}: {' '.join(r)}" for r in table.rows or [])]
