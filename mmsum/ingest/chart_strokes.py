"""Markers drawn as plain strokes: "+", "x" and "*" (strokes crossing at their middles) and
open squares.

gnuplot (its cairo terminals) draws each stroke of a "+" or "x" as a path of its own, and
matplotlib draws a "+" as one path of two strokes; alone, a stroke reads as a tick or a short
line, and an open square as a frame, so a scatter plot of them lost its points and was taken
for a line chart. Boxes and points are PDF points, origin top-left.
"""
from __future__ import annotations

import math

from .chart_series import MARKER_MAX, Mark

MIDDLE_SLACK = 0.25  # points: the strokes of one marker cross this close to their middles
LENGTH_RATIO = 1.6   # the longest stroke of one marker is at most this many times the shortest
MIN_STROKE = 0.8     # points: shorter strokes are specks, no marker's


def _strokes(m: Mark) -> list[tuple[float, float, float, float]] | None:
    """The short straight strokes ``m`` draws, or None when it draws anything else."""
    if m.kind == "rule" and 1 <= len(m.segments) <= 4:
        segs = list(m.segments)
    elif m.kind == "line" and not m.curved and len(m.points) == 2:
        (x0, y0), (x1, y1) = m.points
        segs = [(float(x0), float(y0), float(x1), float(y1))]
    else:
        return None
    if all(MIN_STROKE < math.hypot(s[2] - s[0], s[3] - s[1]) <= MARKER_MAX for s in segs):
        return segs
    return None


def _middle(s: tuple[float, float, float, float]) -> tuple[int, int]:
    return round((s[0] + s[2]) / 2 / MIDDLE_SLACK), round((s[1] + s[3]) / 2 / MIDDLE_SLACK)


def _direction(s: tuple[float, float, float, float]) -> int:
    """The stroke's direction in whole degrees, 0-179."""
    return round(math.degrees(math.atan2(s[3] - s[1], s[2] - s[0]))) % 180


def stroked_markers(marks: list[Mark]) -> list[Mark]:
    """``marks`` with the markers drawn as plain strokes taken as markers: crossed strokes
    (:func:`crossed_markers`) and small open squares (:func:`open_squares`)."""
    return open_squares(crossed_markers(marks))


def open_squares(marks: list[Mark]) -> list[Mark]:
    """``marks`` with each small square outline (no wider or higher than MARKER_MAX, not the
    outline of a filled bar of its size) taken as a marker rather than a frame."""
    bars = {tuple(round(v, 1) for v in m.bbox) for m in marks if m.kind == "bar"}
    out = []
    for m in marks:
        w, h = m.bbox[2] - m.bbox[0], m.bbox[3] - m.bbox[1]
        if (m.kind == "rule" and len(m.segments) == 4 and MIN_STROKE < min(w, h) and max(w, h) <= MARKER_MAX
                and max(w, h) <= 1.3 * min(w, h) and _outline(m) and tuple(round(v, 1) for v in m.bbox) not in bars):
            m = Mark("marker", ("marker", m.style[1], None, ("square",), round(w, 1), round(h, 1)), m.bbox,
                     stroke=m.style[1])
        out.append(m)
    return out


def _outline(m: Mark) -> bool:
    """The mark's four strokes run along its box's four sides."""
    x0, y0, x1, y1 = m.bbox
    sides = set()
    for s in m.segments:
        if abs(s[0] - s[2]) < 0.05:
            sides.add("l" if abs(s[0] - x0) < 0.1 else "r" if abs(s[0] - x1) < 0.1 else "?")
        else:
            sides.add("t" if abs(s[1] - y0) < 0.1 else "b" if abs(s[1] - y1) < 0.1 else "?")
    return sides == {"l", "r", "t", "b"}


def crossed_markers(marks: list[Mark]) -> list[Mark]:
    """``marks`` with each set of short strokes of one colour and width that cross at their
    middles (two directions at least, of about one length) replaced by one marker whose
    style says its shape ("+": level and upright strokes, "x": slanted, "*": both)."""
    groups: dict[tuple, list[tuple[int, tuple]]] = {}
    for k, m in enumerate(marks):
        segs = _strokes(m)
        if segs is None:
            continue
        middles = {_middle(s) for s in segs}
        if len(middles) != 1:
            continue
        groups.setdefault((m.style[1], m.style[3], middles.pop()), []).append((k, segs))
    joined: dict[int, Mark | None] = {}
    for (colour, _width, _), members in groups.items():
        segs = [s for _, ss in members for s in ss]
        dirs = {_direction(s) for s in segs}
        lengths = [math.hypot(s[2] - s[0], s[3] - s[1]) for s in segs]
        if len(segs) < 2 or max(lengths) > LENGTH_RATIO * min(lengths) or \
                not any(min(abs(a - b), 180 - abs(a - b)) >= 20 for a in dirs for b in dirs):
            continue
        level = {d for d in dirs if d % 90 <= 10 or d % 90 >= 80}
        shape = "+" if level == dirs else "x" if not level else "*"
        box = (min(min(s[0], s[2]) for s in segs), min(min(s[1], s[3]) for s in segs),
               max(max(s[0], s[2]) for s in segs), max(max(s[1], s[3]) for s in segs))
        marker = Mark("marker", ("marker", colour, None, (shape,), round(box[2] - box[0], 1),
                                 round(box[3] - box[1], 1)), box, stroke=colour)
        first, *rest = (k for k, _ in members)
        joined[first] = marker
        joined.update((k, None) for k in rest)
    if not joined:
        return marks
    return [joined.get(k, m) for k, m in enumerate(marks) if joined.get(k, m) is not None]
