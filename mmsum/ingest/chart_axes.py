"""A vector chart's axes: numeric tick labels and tick marks -> the page-to-data mapping.

Coordinates are PDF points, origin top-left (as PyMuPDF). An x axis is a row of numeric tick
labels whose values follow their centres' x linearly (or their logarithms do: a log axis); a y
axis is a column of them following their centres' y. Where a tick mark (or grid line) stands
at a label, its position is used: it is exact, a label's centre is only near it. PyMuPDF
gives spans and paths; which of them are ticks and labels is what this module works out.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..document import BBox

ROW_TOLERANCE = 2.5     # points: labels of one axis row share their centre's y this closely
COLUMN_TOLERANCE = 2.5  # points: labels of one axis column share an edge (or centre) this closely
FIT_TOLERANCE = 0.004   # the largest misfit of a label's value, as a share of the axis range
TICK_REACH = 14.0       # points: a tick mark ends this close to its label
TICK_LONGEST = 12.0     # points: a longer stroke is a grid line or an axis line, taken only
LONG_PENALTY = 100.0    # ... when no tick mark stands by the label
LABEL_CHARS = 16        # a tick label is this short at most (R's digit markers in a row read as one number)
TICKED_MIN = 2          # labels of an axis (all, if fewer) that a tick mark or grid line stands by
INDEX_SIZE = 0.75       # a number this much smaller than the word it abuts may be its index (s₁)
EXPONENT_SIZE = 0.85    # ... than the "10" it abuts, raised, its exponent


@dataclass
class TextLine:
    """One line of text in a figure: its text, box, whether it is turned (vertical), its
    numeric value when it is a number (a tick label), and the share of its characters set in a
    monospaced font (code)."""

    text: str
    bbox: BBox
    turned: bool = False
    value: float | None = None
    mono: float = 0.0

    @property
    def cx(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2


@dataclass
class Axis:
    """A numeric axis: ``value = a * pos + b`` (linear) or ``10 ** (a * pos + b)`` (log), where
    ``pos`` is the page x (``orient`` "x") or y ("y"). ``labels`` are its tick labels;
    ``title``/``unit`` are filled later."""

    orient: str
    a: float
    b: float
    scale: str
    labels: list[TextLine]
    positions: list[float]  # page position of each label's tick
    title: str | None = None
    unit: str | None = None
    categories: list[tuple[str, float]] = field(default_factory=list)  # (label, page position)

    def value(self, pos):
        """The data value at page position ``pos`` (a number or a numpy array)."""
        v = self.a * pos + self.b
        return 10 ** v if self.scale == "log" else v

    def span(self) -> tuple[float, float]:
        """The page interval its tick labels cover (low, high)."""
        return min(self.positions), max(self.positions)

    def data_range(self) -> tuple[float, float]:
        vals = sorted(tl.value for tl in self.labels if tl.value is not None)
        return vals[0], vals[-1]

    def step(self) -> float:
        """The page distance between neighbouring ticks."""
        pos = sorted(self.positions)
        return (pos[-1] - pos[0]) / max(len(pos) - 1, 1)


_MINUS = "\u2212\u2013\u2012"
_MINUS_TO_HYPHEN = str.maketrans(_MINUS, "---")
_NUMBER_RE = re.compile(r"^[-+]?(?:\d+(?:[.,]\d+)*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?$")
_SUPERSCRIPT = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b", "0123456789-")
_POWER_RE = re.compile(r"^(?:(\d+(?:\.\d+)?)\s*[×x·]\s*)?10\^?\{?([-+]?\d+)\}?$")


def parse_number(text: str) -> float | None:
    """The value of a tick label ("−2.5", "1,000", "20%", "1e-3", "10³", "10^{-2}",
    "2×10^3"), None for anything else."""
    t = text.strip().strip("$")
    for ch in _MINUS:
        t = t.replace(ch, "-")
    t = t.replace(" ", "")
    sup = t.translate(_SUPERSCRIPT)
    if sup != t and sup.startswith("10") and re.fullmatch(r"10-?\d+", sup):
        return 10.0 ** int(sup[2:])
    m = _POWER_RE.match(t)
    if m and ("^" in t or "{" in t or m.group(1)):
        return (float(m.group(1)) if m.group(1) else 1.0) * 10.0 ** int(m.group(2))
    if not _NUMBER_RE.match(t):
        return None
    t = t.rstrip("%")
    if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", t):
        t = t.replace(",", "")
    elif "," in t:
        t = t.replace(",", ".") if t.count(",") == 1 and "." not in t else ""
    try:
        return float(t)
    except ValueError:
        return None


# a minus sign joining a word's parts is its hyphen: R's pdf device sets every "-" of a label
# as U+2212 ("10−minute", "Time−to−failure"); a minus before a number stays one
_WORD_MINUS_RE = re.compile(r"(?<=\w)\u2212(?=[^\W\d_])")


def line_from_spans(spans: list[dict], bbox: BBox, turned: bool) -> TextLine:
    """A TextLine from PyMuPDF spans; a power set as "10" with a smaller raised exponent span
    (how matplotlib, pgfplots and gnuplot write log ticks) is read as 10^exponent."""
    text = "".join(s["text"] for s in spans).strip()
    value = None
    if not turned:
        parts = [s for s in spans if s["text"].strip()]
        # the exponent: the smaller raised spans at the end (TeX sets "−" and "1" of 10⁻¹ apart)
        k = len(parts)
        while k > 1 and parts[k - 1]["size"] < 0.85 * parts[0]["size"] and \
                parts[k - 1]["origin"][1] < parts[0]["origin"][1] - 0.5:
            k -= 1
        if 0 < k < len(parts):
            head = "".join(s["text"] for s in parts[:k]).strip()
            exp = parse_number("".join(s["text"] for s in parts[k:]))
            if exp is not None and exp == int(exp) and head.endswith("10"):
                mant_text = head[:-2].rstrip("×x· ")
                # a plain number: "4 · 10⁴ 7 · 10" before the last exponent is two labels
                plain = _NUMBER_RE.match(mant_text.strip().translate(_MINUS_TO_HYPHEN))
                mant = (parse_number(mant_text) if plain else None) if mant_text else 1.0
                value = mant * 10.0 ** int(exp) if mant is not None else None
    if value is None:
        value = parse_number(text)
    if value is None:
        text = _WORD_MINUS_RE.sub("-", text)
    return TextLine(text=text, bbox=bbox, turned=turned, value=value)


_TIMES = ("·", "⋅", "×", "x")  # the sign between a power's mantissa and its 10


def split_ticks(spans: list[dict], bbox: BBox) -> list[TextLine] | None:
    """The tick labels of one horizontal line that MuPDF joined from several ("8 · 10−20.1
    0.12 0.14", as TeX sets an x axis's labels close together), each with its own box; None
    unless the line parts into two numbers or more and nothing else. ``spans``: the line's
    rawdict spans (their ``chars``); ``bbox``: its box. A label's characters abut (their
    advances): a label ends at a space, a gap, an overlap, or where a raised exponent is
    followed by type of the base size; "m · 10^e" (three parts) is one label."""
    size = max((s.get("size", 0) for s in spans), default=0) or 10.0
    raised = lambda s: s.get("size", 0) < 0.85 * size
    tokens: list[list[tuple[dict, dict]]] = []
    prev = None
    for s in spans:
        for c in s.get("chars", []):
            if c["c"].isspace():
                prev = None
                continue
            joined = prev is not None and abs(c["bbox"][0] - prev[0]["bbox"][2]) <= max(0.25, 0.02 * size) \
                and not (raised(prev[1]) and not raised(s))
            if joined:
                tokens[-1].append((c, s))
            else:
                tokens.append([(c, s)])
            prev = (c, s)
    if len(tokens) < 2:
        return None

    def label(group: list[list[tuple[dict, dict]]]) -> TextLine:
        parts: list[dict] = []
        for k, token in enumerate(group):
            for j, (c, s) in enumerate(token):
                gap = " " if k and j == 0 else ""
                if parts and j and parts[-1]["span"] is s:
                    parts[-1]["text"] += c["c"]
                else:
                    parts.append({"text": gap + c["c"], "size": s.get("size", size), "origin": c["origin"], "span": s})
        chars = [c for token in group for c, _ in token]
        box = (min(c["bbox"][0] for c in chars), bbox[1], max(c["bbox"][2] for c in chars), bbox[3])
        return line_from_spans(parts, box, False)

    out, i = [], 0
    while i < len(tokens):
        if i + 2 < len(tokens) and "".join(c["c"] for c, _ in tokens[i + 1]) in _TIMES:
            power = label(tokens[i:i + 3])
            if power.value is not None:
                out.append(power)
                i += 3
                continue
        one = label(tokens[i:i + 1])
        if one.value is None:
            return None
        out.append(one)
        i += 1
    return out


def _fit(pos: list[float], vals: list[float]) -> tuple[float, float, float] | None:
    """Least squares ``vals ~ a * pos + b``; (a, b, worst misfit as a share of the range)."""
    n = len(pos)
    mp, mv = sum(pos) / n, sum(vals) / n
    sxx = sum((p - mp) ** 2 for p in pos)
    if sxx < 1e-6:
        return None
    a = sum((p - mp) * (v - mv) for p, v in zip(pos, vals)) / sxx
    b = mv - a * mp
    rng = max(vals) - min(vals)
    if rng <= 0 or a == 0:
        return None
    worst = max(abs(a * p + b - v) for p, v in zip(pos, vals)) / rng
    return a, b, worst


def _snap(labels: list[TextLine], orient: str,
          segments: list[tuple[float, float, float, float]]) -> tuple[list[float], int, list[bool]]:
    """Each label's tick position: the tick mark or grid line beside it, else its centre; how
    many labels have a tick mark or grid line, or stand midway between two tick marks (an
    interval's label, as pgfplots sets a histogram's); and which labels were put at a tick."""
    out, ticked, at_tick = [], 0, []
    centres = sorted(t.cx if orient == "x" else t.cy for t in labels)
    gaps = sorted(b - a for a, b in zip(centres, centres[1:]))
    step = gaps[len(gaps) // 2] if gaps else 0.0
    for tl in labels:
        x0, y0, x1, y1 = tl.bbox
        best, where = None, tl.cx if orient == "x" else tl.cy
        ticks = []   # positions of the short strokes that end by the label
        for s in segments:
            if orient == "x" and abs(s[0] - s[2]) < 0.05:  # vertical: an x tick or grid line
                lo, hi = min(s[1], s[3]), max(s[1], s[3])
                d = abs(s[0] - tl.cx)
                near = y0 - TICK_REACH <= hi <= y0 + 2 or y1 - 2 <= lo <= y1 + TICK_REACH
                rank = d + (0 if hi - lo <= TICK_LONGEST else LONG_PENALTY)
                if near and hi - lo <= TICK_LONGEST:
                    ticks.append(s[0])
                if near and d <= min(max((x1 - x0) / 2, 2.0), 4.0) and (best is None or rank < best):
                    best, where = rank, s[0]
            elif orient == "y" and abs(s[1] - s[3]) < 0.05:  # horizontal: a y tick or grid line
                lo, hi = min(s[0], s[2]), max(s[0], s[2])
                d = abs(s[1] - tl.cy)
                near = x1 - 2 <= lo <= x1 + TICK_REACH or x0 - TICK_REACH <= hi <= x0 + 2
                # a turned label's box is its advance, which its tick need not halve (matplotlib);
                # labels do not overlap, so the tick within its length is its own
                reach = 0.5 * (y1 - y0) if tl.turned else min(0.25 * (y1 - y0), 4.0)
                rank = d + (0 if hi - lo <= TICK_LONGEST else LONG_PENALTY)
                if near and hi - lo <= TICK_LONGEST:
                    ticks.append(s[1])
                if near and d <= reach and (best is None or rank < best):
                    best, where = rank, s[1]
        out.append(where)
        at_tick.append(best is not None)
        ticked += best is not None or _between(ticks, where, step)
    return out, ticked, at_tick


def _between(ticks: list[float], c: float, step: float) -> bool:
    """Whether two of the tick positions ``ticks`` stand on either side of ``c``, at one
    distance (to a tenth of the labels' ``step``), the labels' step or less apart."""
    tol = max(2.0, 0.1 * step)
    before = [p for p in ticks if p < c - tol]
    after = [p for p in ticks if p > c + tol]
    return any(abs(a + b - 2 * c) <= 2 * tol and b - a <= 1.5 * step for a in before for b in after)


def _axis(labels: list[TextLine], orient: str, segments) -> Axis | None:
    """The axis these labels make, if their values follow their positions (linear or log) and
    tick marks or grid lines stand by them (``TICKED_MIN``; not asked where ``segments`` is
    None: the strokes were not read)."""
    labels = sorted(labels, key=lambda t: t.cx if orient == "x" else t.cy)
    vals = [t.value for t in labels]
    if len(set(vals)) < len(vals) or len(labels) < 2:
        return None
    centres = [t.cx if orient == "x" else t.cy for t in labels]
    if len(labels) == 2 and abs(centres[1] - centres[0]) < 15:
        return None
    snapped, ticked, at_tick = _snap(labels, orient, segments or [])
    # a label stands at a tick mark or grid line; numbers in a grid's cells or a matrix stand
    # between its strokes or free of any (a row of two such is a perfect "axis")
    if segments is not None and ticked < min(len(labels), TICKED_MIN):
        return None
    # tick marks first (exact); the labels' centres when a snap went wrong
    for pos in (snapped, centres):
        fit = _fit(pos, vals)
        if fit and fit[2] <= FIT_TOLERANCE:
            return Axis(orient, fit[0], fit[1], "linear", labels, pos)
        if all(v > 0 for v in vals) and len(labels) >= 3:
            fit = _fit(pos, [math.log10(v) for v in vals])
            if fit and fit[2] <= FIT_TOLERANCE:
                return Axis(orient, fit[0], fit[1], "log", labels, pos)
    return _nudged(labels, orient, snapped, at_tick)


def _nudged(labels: list[TextLine], orient: str, snapped: list[float], at_tick: list[bool]) -> Axis | None:
    """The linear axis of labels most of which stand at their tick marks, where the others were
    nudged off theirs (IDL moves the lowest y label up, clear of the x axis's): fitted on those
    at a tick (three or more), each other label's box still holding the position the fit
    gives its value. None when that does not hold."""
    pos = [p for p, t in zip(snapped, at_tick) if t]
    if len(pos) < 3 or len(pos) == len(labels):
        return None
    fit = _fit(pos, [lab.value for lab, t in zip(labels, at_tick) if t])
    if not fit or fit[2] > FIT_TOLERANCE:
        return None
    a, b = fit[0], fit[1]
    out = []
    for lab, p, t in zip(labels, snapped, at_tick):
        if not t:
            p = (lab.value - b) / a
            lo, hi = (lab.bbox[0], lab.bbox[2]) if orient == "x" else (lab.bbox[1], lab.bbox[3])
            if not lo <= p <= hi:
                return None
        out.append(p)
    return Axis(orient, a, b, "linear", labels, out)


def _groups(items: list[TextLine], key, tol: float) -> list[list[TextLine]]:
    out: list[list[TextLine]] = []
    for t in sorted(items, key=key):
        if out and abs(key(t) - key(out[-1][-1])) <= tol:
            out[-1].append(t)
        else:
            out.append([t])
    return [g for g in out if len(g) >= 2]


def _panel_runs(group: list[TextLine], pos) -> list[list[TextLine]]:
    """A row (or column) of labels split into panels' axes: where the gap is wide, or where the
    values turn back; runs of two labels or more."""
    group = sorted(group, key=pos)
    parts, cur = [], [group[0]]
    gaps = [pos(b) - pos(a) for a, b in zip(group, group[1:])]
    med = sorted(gaps)[len(gaps) // 2] if gaps else 0
    for a, b in zip(group, group[1:]):
        turn = len(cur) >= 2 and (b.value - a.value) * (cur[1].value - cur[0].value) <= 0
        if (med and pos(b) - pos(a) > 1.8 * med) or turn:
            parts.append(cur)
            cur = []
        cur.append(b)
    parts.append(cur)
    return [p for p in parts if len(p) >= 2]


def _attached(t: TextLine, u: TextLine, size: float) -> bool:
    """Whether ``t`` is set like an index or exponent of ``u``: both upright, ``t`` abutting
    ``u``'s end (within a fifth of its height), at most ``size`` times its height, lowered or
    raised against it and overlapping it."""
    uh = u.bbox[3] - u.bbox[1]
    return not (t.turned or u.turned) and -1.0 <= t.bbox[0] - u.bbox[2] <= 0.2 * uh and \
        t.bbox[3] - t.bbox[1] <= size * uh and t.bbox[1] < u.bbox[3] and t.bbox[3] > u.bbox[1] and \
        abs(t.cy - u.cy) >= 0.15 * uh


def is_index(t: TextLine, lines: list[TextLine]) -> bool:
    """Whether the number ``t`` is a symbol's index or exponent (s₁, x²), not a tick label: set
    so (:func:`_attached`, ``INDEX_SIZE``) after a word among ``lines``, its middle within the
    word's height. MuPDF reads such an index as a line of its own where it was written apart
    from its symbol."""
    return t.value is not None and any(
        u is not t and u.value is None and any(ch.isalpha() for ch in u.text) and _attached(t, u, INDEX_SIZE)
        and u.bbox[1] < t.cy < u.bbox[3] for u in lines)


def join_powers(lines: list[TextLine]) -> list[TextLine]:
    """``lines`` with each power that MuPDF read as two lines, a "10" and its raised exponent
    apart (MATLAB's log ticks), made one line: "10" and "−4" -> "10^−4", 10⁻⁴."""
    out, used = [], set()
    for u in lines:
        if id(u) in used:
            continue
        if u.value is not None and u.text.endswith("10"):
            exp = next((t for t in lines if id(t) not in used and t is not u and t.value is not None
                        and t.value == int(t.value) and t.cy < u.cy and _attached(t, u, EXPONENT_SIZE)), None)
            value = parse_number(f"{u.text}^{exp.text}") if exp is not None else None
            if value is not None:
                used.add(id(exp))
                box = (u.bbox[0], min(u.bbox[1], exp.bbox[1]), max(u.bbox[2], exp.bbox[2]), u.bbox[3])
                out.append(TextLine(f"{u.text}^{exp.text}", box, False, value, u.mono))
                continue
        out.append(u)
    return [t for t in out if id(t) not in used]


def find_axes(lines: list[TextLine], segments) -> tuple[list[Axis], list[Axis]]:
    """The x axes (rows of numeric labels) and y axes (columns) among ``lines``; ``segments``
    are the figure's straight axis-parallel strokes ``(x0, y0, x1, y1)`` (ticks, grid), None
    where the figure's strokes were not read."""
    # y tick labels may be turned (R draws them along the axis); x tick labels are read upright
    everything = [t for t in lines if t.value is not None and len(t.text) <= LABEL_CHARS and not is_index(t, lines)]
    nums = [t for t in everything if not t.turned]
    xs: list[Axis] = []
    for row in _groups(nums, lambda t: t.cy, ROW_TOLERANCE):
        for part in _panel_runs(row, lambda t: t.cx):
            ax = _axis(part, "x", segments)
            if ax:
                xs.append(ax)
    used = {id(t) for ax in xs for t in ax.labels if len(ax.labels) >= 3}
    ys: list[Axis] = []
    seen: set[frozenset] = set()
    for key in (lambda t: t.bbox[2], lambda t: t.bbox[0], lambda t: t.cx):
        for col in _groups([t for t in everything if id(t) not in used], key, COLUMN_TOLERANCE):
            for part in _panel_runs(col, lambda t: t.cy):
                ids = frozenset(id(t) for t in part)
                if any(ids <= s for s in seen):
                    continue
                ax = _axis(part, "y", segments)
                if ax:
                    seen.add(ids)
                    ys.append(ax)
    return xs, _widest(ys)


def _widest(axes: list[Axis]) -> list[Axis]:
    """``axes`` with each one whose labels another holds all of replaced, in its place, by the
    one with the most labels that holds them: labels of unequal widths ("10⁻²" beside "10²")
    are aligned at one edge only, and the column of the other edge had taken part of them."""
    sets = [frozenset(id(t) for t in a.labels) for a in axes]
    out: list[Axis] = []
    for i in range(len(axes)):
        best = max((j for j in range(len(axes)) if sets[i] <= sets[j]), key=lambda j: (len(sets[j]), -j))
        if all(a is not axes[best] for a in out):
            out.append(axes[best])
    return out


# a unit in brackets at the end: no commas, bars or equals signs (those are arguments: "p(L|c, N)")
_UNIT_END_RE = re.compile(r"^(.*?)[\s,]*[(\[]([^()\[\],|=]{1,16})[)\]]\s*$")


def split_unit(title: str) -> tuple[str, str | None]:
    """("Voltage (V)") -> ("Voltage", "V"); ("Time [s]") -> ("Time", "s"); no unit: (title, None).
    A bracket set close after a symbol of one letter holds its arguments, not a unit: "p(L)",
    "⟨p⟩(L)", "f(x)" (while "t (s)" and "Time(s)" give the unit s)."""
    title = title.strip()
    m = _UNIT_END_RE.match(title)
    if not m or not m.group(1).strip():
        return title, None
    head = m.group(1).strip()
    if title[len(head)] in "([" and sum(c.isalpha() for c in head) <= 1:
        return title, None
    return head, m.group(2).strip()
