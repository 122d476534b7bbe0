"""Vector drawings of a page grouped into clusters: one plot or diagram becomes one box.

Boxes are ``(x0, y0, x1, y1)`` in PDF points, origin top-left.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import pymupdf

from ..document import BBox

log = logging.getLogger(__name__)

PAGE_CLIP_SHARE = 0.85  # a clipping box this much of the page is the page's, not a figure's
THICK_STROKE = 3.0      # points: a stroke wider than this is drawn with its width


@dataclass
class Graphic:
    """A region with graphics: one raster image or one cluster of vector paths.

    ``kind`` is "raster" or "vector"; ``xref`` is the image's PDF object (0 if none);
    ``ruled`` says the cluster is made only of straight horizontal/vertical strokes (table rules,
    underlines), which alone do not make a figure. ``extent`` is the smallest clipping box
    that holds it (an included figure file is clipped to its own bounding box, which holds its
    labels and margins), if any smaller than the page.
    """

    bbox: BBox
    kind: str
    xref: int = 0
    paths: int = 1
    ruled: bool = False
    extent: BBox | None = None  # the smallest clipping box around it: an embedded figure's own frame


def _is_white(color) -> bool:
    return color is not None and len(color) >= 3 and min(color[:3]) > 0.97


def page_drawings(page: pymupdf.Page) -> tuple[list[dict], list[BBox], bool]:
    """The page's vector paths, the boxes of its clipping paths clearly smaller than the page
    (smallest first), and whether anything is clipped inside the page at all."""
    prect = page.rect
    area = prect.width * prect.height
    paths: list[dict] = []
    clips: set[BBox] = set()
    clipped = False
    for p in page.get_cdrawings(extended=True):
        kind = p.get("type")
        if kind == "clip":
            r = pymupdf.Rect(p["scissor"]) & prect
            clipped = clipped or (r != prect)
            if not r.is_empty and r.width * r.height < PAGE_CLIP_SHARE * area:
                clips.add(tuple(round(v, 2) for v in r))
        elif kind in ("f", "s", "fs"):
            paths.append(p)
    return paths, sorted(clips, key=lambda c: (c[2] - c[0]) * (c[3] - c[1])), clipped


def plain_paths(paths: list[dict]) -> list[dict]:
    """The page's paths as ``Page.get_cdrawings()`` gives them, from the paths of
    :func:`page_drawings` (the extended list without its clips and groups): a fill followed by
    a stroke of the same items, which the extended list keeps apart when a clip lies between
    them, is one "fs" path (each path keeps the extended list's "level"). Spares running the
    page a second time for its drawings."""
    out: list[dict] = []
    for p in paths:
        prev = out[-1] if out else None
        if p.get("type") == "s" and prev is not None and prev.get("type") == "f" and prev.get("items") == p.get("items"):
            merged = dict(prev)
            for k, v in p.items():
                merged.setdefault(k, v)
            merged["type"] = "fs"
            out[-1] = merged
        else:
            out.append(p)
    return out


def smallest_clip(box: BBox, clips: list[BBox]) -> BBox | None:
    """The smallest clipping box (``clips`` sorted by area) holding ``box``, within a point."""
    for c in clips:
        if c[0] <= box[0] + 1 and c[1] <= box[1] + 1 and c[2] >= box[2] - 1 and c[3] >= box[3] - 1:
            return c
    return None


def drawing_clusters(page: pymupdf.Page, gap: float = 3.0,
                     drawings: tuple[list[dict], list[BBox], bool] | None = None) -> list[Graphic]:
    """Group vector paths whose boxes touch (within ``gap`` points) into clusters.

    ``drawings`` is what :func:`page_drawings` gave for the page, if already at hand."""
    prect = page.rect
    area = prect.width * prect.height
    paths, clips, _ = drawings or page_drawings(page)
    rects: list[tuple[list[float], bool]] = []
    for p in paths:
        if "rect" not in p:
            continue
        x0, y0, x1, y1 = p["rect"]
        stroke = (p.get("width") or 0.0) if "s" in p.get("type", "") else 0.0
        if stroke > THICK_STROKE:
            # a thick stroke covers its width: a rule drawn 70 pt wide is a grey box, not a line
            # (across a straight line only: its ends are cut square)
            across_x = x1 - x0 < 0.5 or y1 - y0 >= 0.5
            across_y = y1 - y0 < 0.5 or x1 - x0 >= 0.5
            dx, dy = (stroke / 2 if across_x else 0.0), (stroke / 2 if across_y else 0.0)
            x0, y0, x1, y1 = x0 - dx, y0 - dy, x1 + dx, y1 + dy
        x0, y0, x1, y1 = max(x0, prect.x0), max(y0, prect.y0), min(x1, prect.x1), min(y1, prect.y1)
        if x1 < x0 or y1 < y0:
            continue
        w, h = x1 - x0, y1 - y0
        if w * h > 0.85 * area:
            log.debug("page %d: drawing left out: page background", page.number)
            continue
        # white fills are invisible on paper: often backgrounds that would glue unrelated things
        if p.get("type") == "f" and _is_white(p.get("fill")):
            continue
        thin = stroke <= THICK_STROKE and (w < 1.6 or h < 1.6 or _only_straight_lines(p["items"]))
        rects.append(([x0, y0, x1, y1], thin))
    if not rects:
        return []
    rects.sort(key=lambda r: (r[0][1], r[0][0]))
    done: list[list] = []
    active: list[list] = []  # [box, paths, thin paths]; boxes that later paths may still touch
    for box, thin in rects:
        if len(active) > 8:
            # sorted by top edge: a cluster ending above this path can touch no later path
            keep = []
            for c in active:
                (keep if c[0][3] + gap >= box[1] else done).append(c)
            active = keep
        hit = None
        for c in active:
            cb = c[0]
            if box[0] <= cb[2] + gap and box[2] >= cb[0] - gap and box[1] <= cb[3] + gap and box[3] >= cb[1] - gap:
                hit = c
                break
        if hit is None:
            active.append([list(box), 1, int(thin)])
        else:
            cb = hit[0]
            cb[0], cb[1], cb[2], cb[3] = min(cb[0], box[0]), min(cb[1], box[1]), max(cb[2], box[2]), max(cb[3], box[3])
            hit[1] += 1
            hit[2] += int(thin)
    clusters = done + active
    clusters = _merge_touching(clusters, gap)
    return [Graphic(bbox=tuple(c[0]), kind="vector", paths=c[1], ruled=c[2] == c[1],
                    extent=smallest_clip(tuple(c[0]), clips)) for c in clusters]


def _only_straight_lines(items) -> bool:
    """True if every item of a path is a horizontal or vertical line (table rules, frames)."""
    for it in items:
        if it[0] == "l":
            (ax, ay), (bx, by) = it[1], it[2]
            if abs(ax - bx) > 0.5 and abs(ay - by) > 0.5:
                return False
        elif it[0] == "re":
            r = it[1]
            if min(abs(r[2] - r[0]), abs(r[3] - r[1])) > 1.6:
                return False
        else:
            return False
    return True


def _merge_touching(clusters: list[list], gap: float) -> list[list]:
    """Merge clusters whose boxes came to touch as they grew, until none do."""
    changed = True
    while changed:
        changed = False
        out: list[list] = []
        for c in clusters:
            for o in out:
                a, b = o[0], c[0]
                if b[0] <= a[2] + gap and b[2] >= a[0] - gap and b[1] <= a[3] + gap and b[3] >= a[1] - gap:
                    a[0], a[1], a[2], a[3] = min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])
                    o[1] += c[1]
                    o[2] += c[2]
                    changed = True
                    break
            else:
                out.append(c)
        clusters = out
    return clusters
