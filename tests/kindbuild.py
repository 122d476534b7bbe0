"""One-page PDFs of figures whose kind is known by construction, drawn with PyMuPDF's own
calls: drawings that are no chart but had been named one (grids drawn in perspective taken
for pies), and box plots drawn as no producer the kind model saw draws
them. Each builder returns the path; boxes are PDF points, origin top-left.
"""
from __future__ import annotations

import random
from pathlib import Path

import pymupdf

from tests.figurebuild import MARGIN, W, H, caption, paragraph
from tests.pdfbuild import lorem

TAN, BROWN, RED = (0.98, 0.88, 0.7), (0.55, 0.23, 0.16), (0.9, 0.45, 0.35)


def _page(seed: int) -> tuple[pymupdf.Document, pymupdf.Page, float]:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    return doc, page, paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2, seed))


def _finish(doc: pymupdf.Document, page: pymupdf.Page, bottom: float, text: str, seed: int, path: Path) -> Path:
    c = caption(page, MARGIN, bottom + 8, W - MARGIN, text)
    paragraph(page, MARGIN, c[3] + 14, W - MARGIN, lorem(2, seed + 2))
    doc.save(path)
    return path


def perspective_grids(path: Path, seed: int = 0) -> Path:
    """Two panels, each a large grid of filled cells drawn in perspective (parallelograms), a
    small grid above it joined to it by four lines, a label under each ("(a) rate d = 1"): a
    dilated convolution as a textbook draws it. No wedge, no axis: a diagram."""
    rng = random.Random(seed)
    doc, page, y = _page(seed)
    shape = page.new_shape()
    shear, squash, cell = rng.uniform(0.4, 0.7), rng.uniform(0.4, 0.55), rng.uniform(12, 16)
    top = y + 30
    for panel in range(2):
        x0 = MARGIN + 20 + panel * 230
        base = top + 120

        def quad(x: float, row: float, z: float, fill) -> None:
            pts = [(x + shear * row * cell, z - squash * row * cell), (x + cell + shear * row * cell, z - squash * row * cell),
                   (x + cell + shear * (row + 1) * cell, z - squash * (row + 1) * cell),
                   (x + shear * (row + 1) * cell, z - squash * (row + 1) * cell)]
            shape.draw_polyline([*pts, pts[0]])
            shape.finish(color=BROWN, fill=fill, width=0.6, closePath=True)

        for row in range(7):
            for col in range(7):
                quad(x0 + col * cell, row, base, BROWN if (row * 7 + col + panel) % 5 == 0 else TAN)
        for row in range(3):
            for col in range(3):
                quad(x0 + (2 + col) * cell, row, top + 20, RED)
        for k in range(4):
            shape.draw_line((x0 + (2 + 3 * (k % 2)) * cell, top + 20), (x0 + (1 + k) * cell, base - 2 * squash * cell))
            shape.finish(color=(0, 0, 0), width=0.5)
        page.insert_text((x0 + 40, base + 22), f"({'ab'[panel]}) rate d = {panel + 1}", fontsize=9, fontname="helv")
    shape.commit()
    return _finish(doc, page, top + 150, "Figure 1: Dilated convolution at two rates.", seed, path)


def drawn_box_plot(path: Path, seed: int = 0, *, lying: bool = False, notched: bool = False) -> Path:
    """A box plot of five groups on a numbered axis: each box a stroked rectangle (or a notched
    polygon), its median a thicker stroke across it, its whiskers strokes from the middle of its
    ends out to short caps; upright or ``lying``. Truth: a box plot."""
    rng = random.Random(seed)
    doc, page, y = _page(seed)
    shape = page.new_shape()
    plot = pymupdf.Rect(MARGIN + 60, y + 30, MARGIN + 400, y + 250)
    shape.draw_rect(plot)
    shape.finish(color=(0, 0, 0), width=0.8)
    # the value axis: ticks 0 .. 50 along the left (upright) or the bottom (lying)
    for k in range(6):
        if lying:
            x = plot.x0 + k / 5 * plot.width
            shape.draw_line((x, plot.y1), (x, plot.y1 + 4))
            page.insert_text((x - 5, plot.y1 + 15), str(10 * k), fontsize=9, fontname="helv")
        else:
            v = plot.y1 - k / 5 * plot.height
            shape.draw_line((plot.x0 - 4, v), (plot.x0, v))
            page.insert_text((plot.x0 - 20, v + 3), str(10 * k), fontsize=9, fontname="helv")
    shape.finish(color=(0, 0, 0), width=0.6)

    def at(value: float, slot: float) -> tuple[float, float]:
        """Page point of a data value (0-50) in a group's slot (0-1 across the other axis)."""
        if lying:
            return plot.x0 + value / 50 * plot.width, plot.y0 + slot * plot.height
        return plot.x0 + slot * plot.width, plot.y1 - value / 50 * plot.height

    for g in range(5):
        q = sorted(rng.uniform(5, 45) for _ in range(5))
        mid, half = (g + 0.5) / 5, 0.06
        a, b = at(q[1], mid - half), at(q[3], mid + half)
        box = pymupdf.Rect(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
        if notched:
            m0, m1 = at(q[2], mid - half / 2), at(q[2], mid + half / 2)
            if lying:
                pts = [(box.x0, box.y0), (m0[0] - 4, box.y0), (m0[0], m0[1]), (m0[0] + 4, box.y0), (box.x1, box.y0),
                       (box.x1, box.y1), (m0[0] + 4, box.y1), (m0[0], m1[1]), (m0[0] - 4, box.y1), (box.x0, box.y1)]
            else:
                pts = [(box.x0, box.y0), (box.x1, box.y0), (box.x1, m0[1] - 4), (m1[0], m0[1]), (box.x1, m0[1] + 4),
                       (box.x1, box.y1), (box.x0, box.y1), (box.x0, m0[1] + 4), (m0[0], m0[1]), (box.x0, m0[1] - 4)]
            shape.draw_polyline([*pts, pts[0]])
        else:
            shape.draw_rect(box)
        shape.finish(color=(0, 0, 0), fill=(0.75, 0.82, 0.95) if g % 2 else None, width=0.8, closePath=True)
        for lo, hi in ((q[0], q[1]), (q[3], q[4])):     # whiskers, each to a cap
            shape.draw_line(at(lo, mid), at(hi, mid))
            end = q[0] if lo == q[0] else q[4]
            shape.draw_line(at(end, mid - half / 2), at(end, mid + half / 2))
        shape.finish(color=(0, 0, 0), width=0.6, dashes="[3] 0" if g % 2 else None)
        half_m = half / 2 if notched else half
        shape.draw_line(at(q[2], mid - half_m), at(q[2], mid + half_m))
        shape.finish(color=(0, 0, 0), width=1.8)
        lx, ly = at(0, mid)
        page.insert_text((lx - 30, ly + 3) if lying else (lx - 12, ly + 14), f"g{g + 1}", fontsize=9, fontname="helv")
    shape.commit()
    return _finish(doc, page, plot.y1 + 20, "Figure 1: Response times of the five groups (ms).", seed, path)
