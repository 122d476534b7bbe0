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


def _put(texts: list, *args, **kw) -> None:
    """A text to write over the drawings (``insert_text``'s arguments)."""
    texts.append((args, kw))


def _write(page: pymupdf.Page, shape, texts: list) -> None:
    """The drawings of ``shape``, then the ``texts`` (``insert_text``'s arguments) over them."""
    shape.commit()
    for args, kw in texts:
        page.insert_text(*args, **kw)


def _cells(shape, texts: list, x0: float, y0: float, values: list[list[int]], cell: float, size: float,
           shaded: set[tuple[int, int]] = frozenset()) -> pymupdf.Rect:
    """A grid of ``values`` in ruled cells ``cell`` points wide from (``x0``, ``y0``), each
    number centred in its cell (its text added to ``texts``, written over the cells by
    :func:`_write`); ``shaded`` cells (row, column) filled pink. Returns its box."""
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            box = pymupdf.Rect(x0 + c * cell, y0 + r * cell, x0 + (c + 1) * cell, y0 + (r + 1) * cell)
            shape.draw_rect(box)
            shape.finish(color=RED, fill=(0.98, 0.9, 0.9) if (r, c) in shaded else None, width=0.7)
            text = str(v)
            w = pymupdf.get_text_length(text, "helv", size)
            _put(texts, (box.x0 + (cell - w) / 2, box.y0 + (cell + 0.7 * size) / 2), text, fontsize=size,
                             fontname="helv")
    return pymupdf.Rect(x0, y0, x0 + len(values[0]) * cell, y0 + len(values) * cell)


def number_grids(path: Path, seed: int = 0) -> Path:
    """A convolution as a textbook draws it: a 5 x 5 grid of small integers in ruled cells, "⊗",
    a 3 x 3 kernel, "=", a 3 x 3 output; numbers repeat along rows and columns, and some rows
    and columns happen to run evenly (nndl's Figure 5.2). No axis: a diagram."""
    rng = random.Random(seed)
    doc, page, y = _page(seed)
    shape, texts = page.new_shape(), []
    cell, size = rng.uniform(20, 26), rng.choice([9, 10, 11])
    top = y + 30
    grid = [[rng.choice([-1, 0, 1, 1, 2]) for _ in range(5)] for _ in range(5)]
    grid[3] = [0, 1, 2, 3, 4]                      # a row that progresses like ticks
    kernel = [[rng.choice([-1, 0, 1]) for _ in range(3)] for _ in range(3)]
    out = [[rng.randint(-3, 4) for _ in range(3)] for _ in range(3)]
    a = _cells(shape, texts, MARGIN, top, grid, cell, size, {(r, c) for r in range(3) for c in range(2, 5)})
    _put(texts, (a.x1 + 10, a.y0 + 2.6 * cell), "*", fontsize=14, fontname="helv")
    k = _cells(shape, texts, a.x1 + 30, top + cell, kernel, cell, size)
    _put(texts, (k.x1 + 10, a.y0 + 2.6 * cell), "=", fontsize=14, fontname="helv")
    _cells(shape, texts, k.x1 + 30, top + cell, out, cell, size, {(0, 2)})
    _write(page, shape, texts)
    return _finish(doc, page, a.y1 + 10, "Figure 1: A two-dimensional convolution.", seed, path)


def typeset_matrix(path: Path, seed: int = 0) -> Path:
    """A matrix of numbers set as text between drawn brackets, no cells: a 4 x 4 array whose
    first column counts 1, 2, 3, 4 and whose rows repeat values, "×", a column vector, "=" and
    the product. No axis: an equation."""
    rng = random.Random(seed)
    doc, page, y = _page(seed)
    shape, texts = page.new_shape(), []
    size, gap_x, gap_y = rng.choice([10, 11, 12]), rng.uniform(26, 34), rng.uniform(18, 22)
    top = y + 30

    def matrix(x0: float, rows: list[list[int]]) -> float:
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                text = str(v)
                w = pymupdf.get_text_length(text, "helv", size)
                _put(texts, (x0 + 8 + c * gap_x + (gap_x - w) / 2, top + (r + 1) * gap_y), text, fontsize=size,
                                 fontname="helv")
        x1 = x0 + 16 + len(rows[0]) * gap_x
        bottom = top + len(rows) * gap_y + 0.5 * gap_y
        for x, d in ((x0, 4), (x1, -4)):            # brackets
            shape.draw_polyline([(x + d, top + 2), (x, top + 2), (x, bottom), (x + d, bottom)])
            shape.finish(color=(0, 0, 0), width=0.8)
        return x1

    m = [[r + 1] + [rng.choice([0, 1, 2]) for _ in range(3)] for r in range(4)]
    v = [[rng.choice([1, 2, 3])] for _ in range(4)]
    prod = [[sum(a * b[0] for a, b in zip(row, v))] for row in m]
    x = matrix(MARGIN + 20, m)
    _put(texts, (x + 8, top + 2.6 * gap_y), "×", fontsize=size, fontname="helv")
    x = matrix(x + 24, v)
    _put(texts, (x + 8, top + 2.6 * gap_y), "=", fontsize=size, fontname="helv")
    matrix(x + 24, prod)
    _write(page, shape, texts)
    return _finish(doc, page, top + 5 * gap_y, "Figure 1: The product of a matrix and a vector.", seed, path)


LAYERS = ("2×2 Max-pooling", "1×1 Convolution", "3×3 Convolution", "3×3 Convolution")


def layer_stack(path: Path, seed: int = 0, columns: int = 3) -> Path:
    """A network drawn as stacks of labelled layer boxes, one stack a column, joined by arrows,
    each box's output size beside it on two lines ("17×30" over "2048", then "8×15" over "384"
    down the stack: arXiv 1805.05760's Figures 2 and 3). The numbers beside the boxes form
    columns, and a column of two sizes reads like a y axis. No axis: a diagram."""
    rng = random.Random(seed)
    doc, page, y = _page(seed)
    shape, texts = page.new_shape(), []
    size = rng.choice([6, 7])
    box_w, box_h, step = rng.uniform(80, 95), rng.uniform(13, 15), rng.uniform(24, 28)
    palette = [(0.2, 0.9, 0.6), (0.95, 0.3, 0.3), (0.8, 0.1, 0.4), (0.2, 0.5, 0.9)]
    top = y + 20
    bottom = top
    for col in range(columns):
        x0 = MARGIN + col * (box_w + 55)
        first = 2048 if col == 0 else 1024
        rows = [("ResNet", "17×30", first)] + [(LAYERS[k % 4], f"{8 >> (k // 4)}×{15 >> (k // 4)}", 384)
                                               for k in range(8)]
        _put(texts, (x0 + 10, top + 8), "RGB Image", fontsize=size + 1, fontname="helv")
        _put(texts, (x0 + box_w + 4, top + 8), "540×960", fontsize=size, fontname="helv")
        _put(texts, (x0 + box_w + 4, top + 8 + size + 1), "3", fontsize=size, fontname="helv")
        for k, (name, dims, channels) in enumerate(rows):
            by = top + 24 + k * step
            box = pymupdf.Rect(x0, by, x0 + box_w, by + box_h)
            shape.draw_rect(box)
            shape.finish(color=(0, 0, 0), fill=(1, 1, 1) if k == 0 else palette[(k - 1) // 3 % 4], width=0.5)
            _put(texts, (x0 + 8, by + box_h - 4), name, fontsize=size + 1, fontname="helv")
            _put(texts, (x0 + box_w + 4, by + size), dims, fontsize=size, fontname="helv")
            _put(texts, (x0 + box_w + 4, by + 2 * size + 1), str(channels), fontsize=size, fontname="helv")
            cx = x0 + box_w / 2
            shape.draw_line((cx, by - step + box_h), (cx, by - 3))    # an arrow down into the box
            shape.finish(color=(0, 0, 0), width=0.6)
            shape.draw_polyline([(cx - 2.5, by - 4), (cx + 2.5, by - 4), (cx, by), (cx - 2.5, by - 4)])
            shape.finish(color=(0, 0, 0), fill=(0, 0, 0), width=0.3, closePath=True)
            bottom = max(bottom, by + box_h)
    _write(page, shape, texts)
    return _finish(doc, page, bottom + 10, "Figure 1: The networks compared, layer by layer.", seed, path)


def indexed_symbols(path: Path, seed: int = 0) -> Path:
    """A model drawn as boxes in a column, each joined by an arrow to a symbol with a smaller,
    lowered index beside it (s₁, s₂, s₃ one above the other): the indices form an evenly spaced
    column of 1, 2, 3 that reads like a y axis. No axis: a diagram."""
    rng = random.Random(seed)
    doc, page, y = _page(seed)
    shape, texts = page.new_shape(), []
    size, step = rng.choice([10, 11, 12]), rng.uniform(30, 40)
    top = y + 20
    x0 = MARGIN + 60
    for k in range(3):
        by = top + k * step
        box = pymupdf.Rect(x0, by, x0 + 110, by + 20)
        shape.draw_rect(box)
        shape.finish(color=(0, 0, 0), fill=(0.85, 0.9, 1.0), width=0.6)
        _put(texts, (x0 + 10, by + 14), "encoder block", fontsize=size - 1, fontname="helv")
        shape.draw_line((box.x1, by + 10), (box.x1 + 40, by + 10))
        shape.finish(color=(0, 0, 0), width=0.6)
        _put(texts, (box.x1 + 46, by + 14), "s", fontsize=size, fontname="helv")
        if k:
            shape.draw_line((x0 + 55, by - step + 20), (x0 + 55, by))
            shape.finish(color=(0, 0, 0), width=0.6)
    # the indices in a text object of their own, after the symbols (as drawing programs write
    # them): MuPDF reads each index as a line of its own, a number
    w = pymupdf.get_text_length("s", "helv", size)
    for k in range(3):
        _put(texts, (x0 + 156 + w + 0.3, top + k * step + 14 + 0.25 * size), str(k + 1), fontsize=0.7 * size,
                         fontname="helv")
    _write(page, shape, texts)
    return _finish(doc, page, top + 3 * step, "Figure 1: The encoder and its states.", seed, path)
