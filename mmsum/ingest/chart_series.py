"""A vector chart's marks (lines, markers, bars) grouped into series and named from its legend.

Input is PyMuPDF's ``Page.get_drawings()`` paths (colour, fill, dash, width, items); boxes are
PDF points, origin top-left. A series is the marks of one style: a polyline's colour, dash and
width; a marker's colour, shape and size; a bar's fill. A legend entry is a text line with a
sample of such a style just to its left, which names the series of that style. Error bars
(lone vertical or horizontal strokes, with or without caps) and grid lines are kept apart from
the data. Which paths are which is worked out here: PyMuPDF only gives the paths.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np

from ..document import BBox
from .chart_axes import TextLine

MARKER_MAX = 12.0      # points: a marker's box is at most this wide and high
MARKER_SIZE_SLACK = 0.25  # points: markers whose sizes differ by less are of one style
LEGEND_GAP = 30.0      # points: a legend sample ends at most this far left of its name
WHITE = 0.97


def _rgb(color) -> tuple[float, float, float] | None:
    if color is None or len(color) < 3:
        return None
    return round(float(color[0]), 2), round(float(color[1]), 2), round(float(color[2]), 2)  # once a path: no generator


def is_white(color) -> bool:
    return color is not None and len(color) >= 3 and min(color[:3]) > WHITE


@dataclass
class Mark:
    """One path: ``kind`` is "line" (an open polyline), "marker" (a small closed shape), "bar"
    (a filled rectangle), "rule" (straight axis-parallel strokes: ticks, grid, error bars,
    frames) or "shape" (anything else: pie wedges, areas, arrows)."""

    kind: str
    style: tuple
    bbox: BBox
    points: list[tuple[float, float]] = field(default_factory=list)
    fill: tuple | None = None
    segments: list[tuple[float, float, float, float]] = field(default_factory=list)
    curved: bool = False
    stroke: tuple | None = None  # the outline's colour, where it has one

    @property
    def centre(self) -> tuple[float, float]:
        return (self.bbox[0] + self.bbox[2]) / 2, (self.bbox[1] + self.bbox[3]) / 2

    def holds(self, other: "Mark") -> bool:
        """``other``'s centre lies in this mark's box (a key's background behind its sample, a
        panel behind its data)."""
        x, y = other.centre
        return other is not self and self.bbox[0] <= x <= self.bbox[2] and self.bbox[1] <= y <= self.bbox[3]


def _subpaths(items) -> list[list[tuple[float, float]]]:
    """Vertices of each connected run of a path's items (curves by their end points). Items as
    ``Page.get_cdrawings()`` gives them (plain tuples) or as ``get_drawings()`` (Points, Rects)."""
    if len(items) > 16 and all(it[0] in ("l", "c") for it in items):
        # a long polyline or curve: its breaks found at once
        a = np.array([tuple(it[1]) for it in items], dtype=float)
        b = np.array([tuple(it[-1]) for it in items], dtype=float)
        cut = (np.nonzero(np.abs(a[1:] - b[:-1]).max(axis=1) >= 0.01)[0] + 1).tolist()
        out, start = [], 0
        for end in cut + [len(items)]:
            out.append(np.vstack([a[start:start + 1], b[start:end]]))
            start = end
        return out
    runs: list[list[tuple[float, float]]] = []
    for it in items:
        op = it[0]
        if op == "re":
            x0, y0, x1, y1 = tuple(it[1])
            runs.append([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
            continue
        if op == "qu":
            ul, ur, ll, lr = (tuple(p) for p in it[1])
            runs.append([ul, ur, lr, ll, ul])
            continue
        start, end = it[1], it[-1]
        a, b = (start[0], start[1]), (end[0], end[1])
        if runs and abs(runs[-1][-1][0] - a[0]) < 0.01 and abs(runs[-1][-1][1] - a[1]) < 0.01:
            runs[-1].append(b)
        else:
            runs.append([a, b])
    return runs


def _closed(run) -> bool:
    return abs(run[0][0] - run[-1][0]) < 0.01 and abs(run[0][1] - run[-1][1]) < 0.01


def _is_rect(run) -> bool:
    if len(run) not in (4, 5):
        return False
    pts = run[:-1] if _closed(run) else run
    if len(pts) != 4:
        return False
    xs = {round(p[0], 1) for p in pts}
    ys = {round(p[1], 1) for p in pts}
    return len(xs) == 2 and len(ys) == 2


def classify(path: dict) -> list[Mark]:
    """The marks one drawing path makes (a path may hold several, e.g. a collection of error
    bars or of bars drawn as one path)."""
    items = path.get("items") or []
    if not items:
        return []
    bbox = tuple(path["rect"])
    fill = _rgb(path.get("fill")) if path.get("type") in ("f", "fs") else None
    stroke = _rgb(path.get("color")) if path.get("type") in ("s", "fs") else None
    dashes = (path.get("dashes") or "").strip()
    dashes = "" if dashes in ("", "[] 0", "[]0") else dashes
    width = round(float(path.get("width") or 0.0), 1)
    curved = any(it[0] == "c" for it in items)
    runs = _subpaths(items)
    w, h = bbox[2] - bbox[0], bbox[3] - bbox[1]
    if fill is not None and not curved and all(_is_rect(r) for r in runs) and (w > 0.5 or h > 0.5):
        if is_white(fill) and stroke is None:
            return []
        out = []
        for r in runs:
            xs, ys = [p[0] for p in r], [p[1] for p in r]
            b = (min(xs), min(ys), max(xs), max(ys))
            small = b[2] - b[0] <= MARKER_MAX and b[3] - b[1] <= MARKER_MAX
            out.append(Mark("bar", ("rect", fill, round(b[2] - b[0], 1) if small else None,
                                    round(b[3] - b[1], 1) if small else None), b, fill=fill, stroke=stroke))
        return out
    # a run of three points is one or two strokes (or one drawn there and back)
    open_runs = not curved and all(len(r) <= 3 or (fill is None and _is_rect(r)) for r in runs)
    segs = [(r[i][0], r[i][1], r[i + 1][0], r[i + 1][1]) for r in runs for i in range(len(r) - 1)] if open_runs else []
    straight = open_runs and all(abs(s[0] - s[2]) < 0.05 or abs(s[1] - s[3]) < 0.05 for s in segs)
    if stroke is not None and straight and (fill is None or len(runs) == 1 and len(runs[0]) == 2):
        # ticks, grid lines, axis lines, error bars and their caps (a lone segment may be "filled")
        return [Mark("rule", ("rule", stroke, dashes, width), bbox, segments=segs)]
    if w <= MARKER_MAX and h <= MARKER_MAX and (fill is not None or len(runs) > 1 or curved or
                                                 (runs and _closed(runs[0]))) and max(w, h) > 0.8:
        sig = tuple(it[0] for it in items)
        return [Mark("marker", ("marker", fill or stroke, stroke if fill else None, sig, round(w, 1), round(h, 1)),
                     bbox, fill=fill, stroke=stroke)]
    if stroke is not None and fill is None:
        return [Mark("line", ("line", stroke, dashes, width), bbox,
                     points=np.concatenate([np.asarray(r, dtype=float).reshape(-1, 2) for r in runs]), curved=curved)]
    return [Mark("shape", ("shape", fill, stroke), bbox, fill=fill, curved=curved,
                 points=[p for r in runs for p in r])]


@dataclass
class LegendEntry:
    name: str
    styles: list[tuple]
    marks: list[Mark]
    line: TextLine


def find_legend(lines: list[TextLine], marks: list[Mark]) -> list[LegendEntry]:
    """Legend entries: a (non-numeric) text line with a sample mark just left of it (or, where
    none is, just right of it), centred on its middle: a short horizontal line, a marker, or a
    small filled patch."""
    out = []
    # candidate samples by their middle's y, to look up those beside each text line
    cand = sorted(((m.centre[1], k, m) for k, m in enumerate(marks) if m.kind in ("line", "marker", "bar", "rule")
                   and m.bbox[2] - m.bbox[0] <= 50 and m.bbox[3] - m.bbox[1] <= 20), key=lambda c: (c[0], c[1]))
    ys = [c[0] for c in cand]
    for tl in lines:
        if tl.turned or tl.value is not None or not any(ch.isalpha() for ch in tl.text):
            continue
        height = tl.bbox[3] - tl.bbox[1]
        reach = min(0.2 * height, 2.5)
        near_by = cand[bisect.bisect_left(ys, tl.cy - reach):bisect.bisect_right(ys, tl.cy + reach)]
        # the sample left of its name (most producers), else right of it (gnuplot's key)
        for side in ("left", "right"):
            samples = []
            for _, _, m in near_by:
                w, h = m.bbox[2] - m.bbox[0], m.bbox[3] - m.bbox[1]
                gap = tl.bbox[0] - m.bbox[2] if side == "left" else m.bbox[0] - tl.bbox[2]
                if not (-1.0 <= gap <= LEGEND_GAP) or abs(m.centre[1] - tl.cy) > min(0.2 * height, 2.5):
                    continue
                if m.kind in ("line", "rule") and (h > 1.0 or not 5.0 <= w <= 50.0):
                    continue
                if m.kind == "rule" and len(m.segments) > 2:
                    continue
                if m.kind == "bar" and (w > 40 or h > 20):
                    continue
                samples.append(m)
            # a key's background (ggplot2's grey square) holds the real sample: drop the background
            samples = [m for m in samples if not (m.kind == "bar" and any(
                m.holds(o) and (o.bbox[2] - o.bbox[0]) < (m.bbox[2] - m.bbox[0]) for o in samples))]
            if samples:
                break
        if samples:
            # the sample nearest the name shows the style; a line sample of its colour goes with it
            near = min(samples, key=lambda m: abs(tl.cx - m.centre[0]))
            samples = [m for m in samples if m.style == near.style or _colour(m.style) == _colour(near.style)]
            if near.kind == "bar":  # a sample of small bars of unequal height (pgfplots' ybar legend)
                w = near.bbox[2] - near.bbox[0]
                samples += [m for m in marks if m.kind == "bar" and m is not near and m.style[:2] == near.style[:2]
                            and near.bbox[0] - 2 * w - 4 <= m.bbox[0] and m.bbox[2] <= near.bbox[2] + 2 * w + 4
                            and abs(m.bbox[2] - m.bbox[0] - w) < 0.5
                            and abs((m.bbox[3] - m.bbox[1]) - (near.bbox[3] - near.bbox[1])) > 0.5
                            and m.bbox[1] >= tl.bbox[1] - height and m.bbox[3] <= tl.bbox[3] + height]
            out.append(LegendEntry(tl.text.strip(), [m.style for m in samples], samples, tl))
    return out


@dataclass
class Series:
    """One series in page coordinates: ``kind`` "line", "scatter" or "bar"; ``points`` are the
    data points' page positions, (n, 2) (a bar: the centre of its top edge, see ``bars``)."""

    kind: str
    style: tuple
    points: list[tuple[float, float]]
    bars: list[BBox] = field(default_factory=list)
    name: str | None = None
    marker_style: tuple | None = None


def _colour(style: tuple) -> tuple | None:
    return style[1]


def _same(sample: tuple, style: tuple) -> bool:
    """A legend sample shows this series style: a line sample (drawn as a short straight
    stroke) by colour, dash and width; a patch by its fill; a marker exactly."""
    if sample[0] in ("line", "rule") and style[0] == "line":
        return sample[1:] == style[1:]
    if sample[0] == "rect" and style[0] == "rect":
        return sample[1] == style[1]
    return sample == style


def group_series(marks: list[Mark]) -> list[Series]:
    """The data marks grouped by style into series; a line and markers of one colour are one
    series (its points are the line's vertices)."""
    lines: dict[tuple, list[Mark]] = {}
    markers: dict[tuple, list[Mark]] = {}
    bars: dict[tuple, list[Mark]] = {}
    for m in marks:
        if m.kind == "line":
            lines.setdefault(m.style, []).append(m)
        elif m.kind == "marker":
            markers.setdefault(m.style, []).append(m)
        elif m.kind == "bar":
            bars.setdefault(m.style[:2], []).append(m)
    for style, ms in list(bars.items()):
        ws = [m.bbox[2] - m.bbox[0] for m in ms]
        hs = [m.bbox[3] - m.bbox[1] for m in ms]
        if len(ms) >= 3 and max(ws) - min(ws) < 0.2 and max(hs) - min(hs) < 0.2 and max(ws + hs) <= MARKER_MAX:
            # equal small squares: markers, not bars
            markers.setdefault(ms[0].style, []).extend(bars.pop(style))
    markers = _merge_sizes(markers)
    out: list[Series] = []
    for style, ms in lines.items():
        pts = np.concatenate([m.points for m in ms])
        keep = np.concatenate([[True], np.abs(np.diff(pts, axis=0)).max(axis=1) > 0.01])
        out.append(Series("line", style, pts[keep]))
    for style, ms in markers.items():
        # a filled marker goes with the line of its fill or of its outline (pgfplots fills its
        # marks with a darker shade of the line's colour)
        colours = {_colour(style)} | {m.stroke for m in ms} - {None}
        line = next((s for s in out if s.kind == "line" and _colour(s.style) in colours
                     and s.marker_style is None), None)
        if line is not None:
            line.marker_style = style
            centres = np.array([m.centre for m in ms], dtype=float)
            if len(ms) >= 2 and not _through(np.asarray(line.points, dtype=float), centres):
                # the line stops short of each marker (R's type "b": segments between the points,
                # leaving a gap round each): the markers are the data
                line.points = centres[np.argsort(centres[:, 0], kind="stable")]
            continue
        if len(ms) < 2:
            continue
        out.append(Series("scatter", style, [m.centre for m in sorted(ms, key=lambda m: m.centre)]))
    for style, ms in bars.items():
        ms = sorted(ms, key=lambda m: m.bbox[0])
        out.append(Series("bar", style, [((m.bbox[0] + m.bbox[2]) / 2, m.bbox[1]) for m in ms],
                          bars=[m.bbox for m in ms]))
    return out


def _merge_sizes(markers: dict[tuple, list[Mark]]) -> dict[tuple, list[Mark]]:
    """Markers of one shape and colour whose sizes differ by less than MARKER_SIZE_SLACK are one
    style: a marker's size, measured from its drawn points, varies by a few hundredths of a
    point with its position (R's triangles come out 5.9 or 6.0 wide)."""
    out: dict[tuple, list[Mark]] = {}
    for style, ms in sorted(markers.items(), key=lambda kv: -len(kv[1])):
        home = next((k for k in out if k[:4] == style[:4] and abs(k[4] - style[4]) <= MARKER_SIZE_SLACK
                     and abs(k[5] - style[5]) <= MARKER_SIZE_SLACK), None)
        if home is None:
            out[style] = list(ms)
        else:
            out[home].extend(ms)
    return out


def _through(points: np.ndarray, centres: np.ndarray, tol: float = 1.0) -> bool:
    """Most of the markers' ``centres`` are vertices of the line (within ``tol`` points)."""
    if not len(points):
        return False
    d = np.abs(centres[:, None, :] - points[None, :, :]).max(axis=2).min(axis=1)
    return float(np.mean(d <= tol)) >= 0.5


def name_series(series: list[Series], legend: list[LegendEntry], taken: set[int] | None = None,
                colour: bool = True) -> None:
    """Give each series the name of the legend entry that shows its style (exact style first,
    then, with ``colour``, the colour alone), each entry one series; ``taken``: the entries
    (their indexes in ``legend``) that may name none of them."""
    taken = set(taken or ())
    for exact in (True, False) if colour else (True,):
        for s in series:
            if s.name is not None:
                continue
            for k, e in enumerate(legend):
                if k in taken:
                    continue
                mine = [s.style] + ([s.marker_style] if s.marker_style else [])
                if exact:
                    ok = any(_same(st, ms) for st in e.styles for ms in mine)
                else:
                    ok = any(_colour(st) == _colour(ms) for st in e.styles for ms in mine)
                if ok:
                    s.name = e.name
                    taken.add(k)
                    break
