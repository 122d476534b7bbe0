"""One-page PDFs for the recurring figure-geometry defects, each with its truth by construction.

Every builder writes a page of running text (10 pt Helvetica) around one or more figures and
returns the truth: the box the figure's crop must hold (graphics and their labels), in PDF
points, origin top-left, and the caption. The geometry is written out, not flowed, so that
each case is exactly the defect it names.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

from tests.pdfbuild import gradient_pixmap, lorem

W, H = 612.0, 792.0
MARGIN = 72.0
BODY = 10.0


@dataclass
class Expect:
    """A figure the reader must find: ``bbox`` is what the crop must hold."""

    label: str | None
    bbox: tuple[float, float, float, float]
    caption: str = ""
    words: list[str] = field(default_factory=list)  # words of the figure's own text


def paragraph(page: pymupdf.Page, x0: float, y0: float, x1: float, text: str, size: float = BODY) -> float:
    """Running text from ``y0`` down; returns the bottom of the last line."""
    font = pymupdf.Font("helv")
    lead = size * 1.25
    y = y0
    line = ""
    for word in text.split():
        cand = f"{line} {word}".strip()
        if font.text_length(cand, size) > x1 - x0 and line:
            page.insert_text((x0, y + size), line, fontsize=size)
            y += lead
            line = word
        else:
            line = cand
    if line:
        page.insert_text((x0, y + size), line, fontsize=size)
        y += lead
    return y


def caption(page: pymupdf.Page, x0: float, y0: float, x1: float, text: str) -> tuple[float, float, float, float]:
    bottom = paragraph(page, x0, y0, x1, text, size=BODY - 1)
    return (x0, y0, x1, bottom)


def frame_plot(page: pymupdf.Page, r: pymupdf.Rect, seed: int = 0) -> None:
    """A plot frame with a curve, drawn exactly inside ``r`` (no labels)."""
    shape = page.new_shape()
    shape.draw_rect(r)
    shape.finish(color=(0, 0, 0), width=0.6)
    pts = [pymupdf.Point(r.x0 + t / 40 * r.width, r.y1 - r.height * (0.5 + 0.4 * math.sin(t / 6 + seed)))
           for t in range(41)]
    shape.draw_polyline(pts)
    shape.finish(color=(0.8, 0.1, 0.1), width=1.0, closePath=False)
    shape.commit()


def labelled_plot(page: pymupdf.Page, r: pymupdf.Rect, *, xtitle: str = "Time (s)", ytitle: str = "Energy (J)",
                  legend: str | None = "Node A", seed: int = 0, size: float = 7.0) -> pymupdf.Rect:
    """A plot frame in ``r`` with tick labels 3 pt outside it, a turned y-axis title 14 pt left
    of the tick labels, an x-axis title 10 pt below them and a legend 8 pt right of the frame.
    Returns the box of everything drawn."""
    frame_plot(page, r, seed)
    out = pymupdf.Rect(r)
    font = pymupdf.Font("helv")
    for i in range(5):
        x = r.x0 + i * r.width / 4
        t = str(i * 20)
        tw = font.text_length(t, size)
        page.insert_text((x - tw / 2, r.y1 + 3 + size), t, fontsize=size)
        out |= pymupdf.Rect(x - tw / 2, r.y1 + 3, x + tw / 2, r.y1 + 3 + size * 1.2)
        y = r.y1 - i * r.height / 4
        t = f"{i * 0.5:.1f}"
        tw = font.text_length(t, size)
        page.insert_text((r.x0 - 3 - tw, y + size / 3), t, fontsize=size)
        out |= pymupdf.Rect(r.x0 - 3 - tw, y - size, r.x0 - 3, y + size / 2)
    tick_left = out.x0
    # x-axis title 10 pt below the tick labels
    tw = font.text_length(xtitle, size + 1)
    ty = r.y1 + 3 + size * 1.2 + 10
    page.insert_text((r.x0 + r.width / 2 - tw / 2, ty + size + 1), xtitle, fontsize=size + 1)
    out |= pymupdf.Rect(r.x0 + r.width / 2 - tw / 2, ty, r.x0 + r.width / 2 + tw / 2, ty + (size + 1) * 1.25)
    # turned y-axis title 14 pt left of the tick labels
    tw = font.text_length(ytitle, size + 1)
    x = tick_left - 14
    page.insert_text((x, r.y0 + r.height / 2 + tw / 2), ytitle, fontsize=size + 1, rotate=90)
    out |= pymupdf.Rect(x - (size + 1) * 1.2, r.y0 + r.height / 2 - tw / 2, x + 1, r.y0 + r.height / 2 + tw / 2)
    if legend:
        lx = r.x1 + 8
        page.insert_text((lx, r.y0 + 12), legend, fontsize=size)
        out |= pymupdf.Rect(lx, r.y0 + 12 - size, lx + font.text_length(legend, size), r.y0 + 12 + size * 0.3)
    return out


def _save(doc: pymupdf.Document, path: Path) -> Path:
    doc.save(path)
    doc.close()
    return path


def labels_outside_frame(path: Path) -> tuple[list[Expect], Path]:
    """Class 1: axis titles (one turned), tick labels and a legend outside the plot frame, in a
    one-column page, caption below; a second plot in the left column of a two-column part,
    with the right column's text beside its legend."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(4))
    r = pymupdf.Rect(MARGIN + 70, y + 30, W - MARGIN - 90, y + 200)
    box = labelled_plot(page, r)
    cap_text = "Figure 1: Energy over time for node A, measured every second."
    cap = caption(page, MARGIN, box.y1 + 10, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 14, W - MARGIN, lorem(4, 4))
    return [Expect("Figure 1", tuple(box), cap_text, ["Time", "Energy", "Node"])], _save(doc, path)


def multi_row(path: Path) -> tuple[list[Expect], Path]:
    """Class 2: a figure of three rows of two panels; rows 48 pt apart (more than panels of one
    row), body-size "(a) ..." sub-captions between the rows, and the paragraph above set so
    close that the first panel title joins its text block."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    # the first row's panel titles, right under the paragraph, at body size
    top = y + 1
    page.insert_text((MARGIN + 40, top + BODY), "Panel titles: energy and power", fontsize=BODY)
    y = top + BODY * 1.25 + 4
    pw = (W - 2 * MARGIN - 60) / 2
    box = pymupdf.Rect(MARGIN + 20, top, MARGIN + 20 + 2 * pw + 20, y)
    letters = iter("abcdef")
    for row in range(3):
        for col in range(2):
            r = pymupdf.Rect(MARGIN + 20 + col * (pw + 20), y, MARGIN + 20 + col * (pw + 20) + pw, y + 90)
            frame_plot(page, r, seed=row * 2 + col)
            box |= r
        y += 90
        if row < 2:
            # sub-captions in the gap before the next row
            for col in range(2):
                text = f"({next(letters)}) Run time of setting {row * 2 + col + 1}"
                page.insert_text((MARGIN + 30 + col * (pw + 20), y + 16), text, fontsize=BODY)
            y += 48
        else:
            for col in range(2):
                text = f"({next(letters)}) Run time of setting {row * 2 + col + 1}"
                page.insert_text((MARGIN + 30 + col * (pw + 20), y + 14), text, fontsize=BODY)
                tw = pymupdf.Font("helv").text_length(text, BODY)
                box |= pymupdf.Rect(MARGIN + 30 + col * (pw + 20), y + 6, MARGIN + 30 + col * (pw + 20) + tw, y + 16)
            y += 20
    cap_text = "Figure 1: Run time of the six settings, in three rows."
    cap = caption(page, MARGIN, y + 8, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 14, W - MARGIN, lorem(3, 3))
    return [Expect("Figure 1", tuple(box), cap_text)], _save(doc, path)


def hairline_frames(path: Path) -> tuple[list[Expect], Path]:
    """Class 3: two raster figures, each in a hairline frame: the first frame holds the image
    alone, the second the image and its caption."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2))
    img = pymupdf.Rect(MARGIN + 80, y + 20, W - MARGIN - 80, y + 170)
    page.insert_image(img, pixmap=gradient_pixmap(seed=1), keep_proportion=False)
    frame = img + (-8, -8, 8, 8)
    page.draw_rect(frame, color=(0, 0, 0), width=0.3)
    cap1 = "Figure 1: Thermal image of the enclosure at noon."
    c = caption(page, MARGIN, frame.y1 + 8, W - MARGIN, cap1)
    y = paragraph(page, MARGIN, c[3] + 12, W - MARGIN, lorem(2, 2))
    img2 = pymupdf.Rect(MARGIN + 80, y + 24, W - MARGIN - 80, y + 174)
    page.insert_image(img2, pixmap=gradient_pixmap(seed=2), keep_proportion=False)
    cap2 = "Figure 2: The same enclosure at night."
    c2 = caption(page, MARGIN + 20, img2.y1 + 8, W - MARGIN - 20, cap2)
    page.draw_rect(pymupdf.Rect(MARGIN + 10, img2.y0 - 10, W - MARGIN - 10, c2[3] + 8), color=(0, 0, 0), width=0.3)
    paragraph(page, MARGIN, c2[3] + 24, W - MARGIN, lorem(2, 4))
    return [Expect("Figure 1", tuple(frame), cap1), Expect("Figure 2", tuple(img2), cap2)], _save(doc, path)


def clipped_image(path: Path) -> tuple[list[Expect], Path]:
    """Class 4: an image placed 460 x 340 pt but clipped to a 300 x 160 pt window."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2))
    visible = pymupdf.Rect(MARGIN + 80, y + 20, MARGIN + 380, y + 180)
    placed = pymupdf.Rect(visible.x0 - 80, visible.y0 - 120, visible.x0 + 380, visible.y0 + 220)
    page.insert_image(placed, pixmap=gradient_pixmap(seed=3), keep_proportion=False)
    # wrap the image's drawing in a clipping path (PDF coordinates: origin bottom-left)
    xref = page.get_contents()[-1]
    stream = doc.xref_stream(xref)
    clip = f"q {visible.x0} {H - visible.y1} {visible.width} {visible.height} re W n ".encode()
    doc.update_stream(xref, clip + stream + b" Q")
    cap_text = "Figure 1: A detail of the enclosure."
    c = caption(page, MARGIN, visible.y1 + 8, W - MARGIN, cap_text)
    paragraph(page, MARGIN, c[3] + 14, W - MARGIN, lorem(2, 2))
    return [Expect("Figure 1", tuple(visible), cap_text)], _save(doc, path)


def landscape_figure(path: Path) -> tuple[list[Expect], Path]:
    """Class 5: a landscape figure on a portrait page, its caption turned with it (read bottom
    to top) to the right of the plot."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    plot = pymupdf.Rect(MARGIN + 20, MARGIN + 20, W - MARGIN - 80, H - MARGIN - 20)
    frame_plot(page, plot)
    cap_text = "Figure 1: Energy of every node over the whole season, one curve per node."
    page.insert_text((plot.x1 + 30, plot.y1 - 10), cap_text, fontsize=BODY - 1, rotate=90)
    return [Expect("Figure 1", tuple(plot), cap_text)], _save(doc, path)


def body_line_label(path: Path) -> tuple[list[Expect], Path]:
    """Class 6: a paragraph whose line after a break starts with "Figure 1." while the real
    caption "Figure 1." sits under the figure, at the same size as the body text."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    lines = ["The nodes were placed along the valley floor and left there for the season.",
             "Figure 1. shows where they stood and which of them relayed the most packets.",
             "Nodes near the gateway relayed more and ran out of energy first."]
    y = MARGIN
    for ln in lines:
        page.insert_text((MARGIN, y + BODY), ln, fontsize=BODY)
        y += BODY * 1.25
    y = paragraph(page, MARGIN, y + 6, W - MARGIN, lorem(2))
    r = pymupdf.Rect(MARGIN + 60, y + 24, W - MARGIN - 60, y + 180)
    page.insert_image(r, pixmap=gradient_pixmap(seed=5), keep_proportion=False)
    cap_text = "Figure 1. Map of the nodes in the valley."
    c = (MARGIN, r.y1 + 8, W - MARGIN, r.y1 + 8 + BODY * 1.25)
    page.insert_text((MARGIN, r.y1 + 8 + BODY), cap_text, fontsize=BODY)
    paragraph(page, MARGIN, c[3] + 14, W - MARGIN, lorem(2, 2))
    return [Expect("Figure 1", tuple(r), cap_text)], _save(doc, path)


def side_by_side_and_beside(path: Path) -> tuple[list[Expect], Path]:
    """Two figures side by side in one column, each with its own caption under it; then a
    figure with its caption beside it (to its right)."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2))
    half = (W - 2 * MARGIN - 20) / 2
    r1 = pymupdf.Rect(MARGIN + 10, y + 20, MARGIN + half - 10, y + 150)
    r2 = pymupdf.Rect(MARGIN + half + 30, y + 20, W - MARGIN - 10, y + 150)
    page.insert_image(r1, pixmap=gradient_pixmap(seed=6), keep_proportion=False)
    frame_plot(page, r2)
    c1 = "Figure 1: Left view."
    c2 = "Figure 2: Right view."
    caption(page, MARGIN + 10, r1.y1 + 8, MARGIN + half - 10, c1)
    caption(page, MARGIN + half + 30, r2.y1 + 8, W - MARGIN - 10, c2)
    y = paragraph(page, MARGIN, r1.y1 + 40, W - MARGIN, lorem(2, 2))
    r3 = pymupdf.Rect(MARGIN, y + 20, MARGIN + 300, y + 200)
    page.insert_image(r3, pixmap=gradient_pixmap(seed=7), keep_proportion=False)
    c3 = "Figure 3: A figure with its caption set beside it."
    caption(page, r3.x1 + 14, r3.y1 - 40, W - MARGIN, c3)
    paragraph(page, MARGIN, r3.y1 + 20, W - MARGIN, lorem(2, 4))
    return ([Expect("Figure 1", tuple(r1), c1), Expect("Figure 2", tuple(r2), c2), Expect("Figure 3", tuple(r3), c3)],
            _save(doc, path))


def table_image(path: Path) -> tuple[list[Expect], Path]:
    """A table set as an image under its "Table 1" caption, and an unruled table of numbers:
    neither is a figure. One real figure below them."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2))
    caption(page, MARGIN, y + 10, W - MARGIN, "Table 1: Configurations of the deployments.")
    timg = pymupdf.Rect(MARGIN + 40, y + 30, W - MARGIN - 40, y + 150)
    page.insert_image(timg, pixmap=gradient_pixmap(seed=8), keep_proportion=False)
    y = paragraph(page, MARGIN, timg.y1 + 14, W - MARGIN, lorem(2, 2))
    caption(page, MARGIN, y + 10, W - MARGIN, "Table 2: Energy per node.")
    for r in range(4):
        for c in range(4):
            page.insert_text((MARGIN + 40 + c * 100, y + 40 + r * 14), f"{r * 4 + c:.2f}", fontsize=BODY - 1)
    y = paragraph(page, MARGIN, y + 110, W - MARGIN, lorem(2, 4))
    r = pymupdf.Rect(MARGIN + 60, y + 20, W - MARGIN - 60, y + 150)
    frame_plot(page, r)
    cap_text = "Figure 1: Energy per day."
    caption(page, MARGIN, r.y1 + 8, W - MARGIN, cap_text)
    return [Expect("Figure 1", tuple(r), cap_text)], _save(doc, path)


def scanned(source: Path, path: Path, *, strips: int = 0, text_layer: bool = True, dpi: int = 100) -> Path:
    """A scan of ``source``: each page rendered grey at ``dpi`` and placed as one image (or
    ``strips`` page-wide strips), with the source's words as an invisible text layer (as OCR
    leaves them) when ``text_layer``."""
    src = pymupdf.open(source)
    doc = pymupdf.open()
    for sp in src:
        page = doc.new_page(width=sp.rect.width, height=sp.rect.height)
        if strips:
            step = sp.rect.height / strips
            for i in range(strips):
                clip = pymupdf.Rect(0, i * step, sp.rect.width, (i + 1) * step)
                pix = sp.get_pixmap(dpi=dpi, clip=clip, colorspace=pymupdf.csGRAY)
                page.insert_image(clip, pixmap=pix)
        else:
            page.insert_image(sp.rect, pixmap=sp.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY))
        if text_layer:
            for block in sp.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    turned = abs(line["dir"][1]) > 0.5
                    for span in line["spans"]:
                        page.insert_text(span["origin"], span["text"], fontsize=span["size"], render_mode=3,
                                         rotate=90 if turned else 0)
    src.close()
    return _save(doc, path)


def two_figures_page(path: Path) -> tuple[list[Expect], Path]:
    """Scan source: one column of text with two figures side by side (own captions) and one
    full-width plot, and a running header."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.insert_text((MARGIN, 40), "Journal of Tests, volume 3", fontsize=8)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    half = (W - 2 * MARGIN - 30) / 2
    r1 = pymupdf.Rect(MARGIN + 10, y + 20, MARGIN + half - 10, y + 150)
    r2 = pymupdf.Rect(MARGIN + half + 40, y + 20, W - MARGIN - 10, y + 150)
    frame_plot(page, r1, 1)
    frame_plot(page, r2, 2)
    c1 = "Figure 1: Left plot."
    c2 = "Figure 2: Right plot."
    caption(page, MARGIN + 10, r1.y1 + 8, MARGIN + half - 10, c1)
    caption(page, MARGIN + half + 40, r2.y1 + 8, W - MARGIN - 10, c2)
    y = paragraph(page, MARGIN, r1.y1 + 36, W - MARGIN, lorem(3, 3))
    r3 = pymupdf.Rect(MARGIN + 40, y + 20, W - MARGIN - 40, y + 200)
    frame_plot(page, r3, 3)
    c3 = "Figure 3: Full width plot."
    c = caption(page, MARGIN, r3.y1 + 8, W - MARGIN, c3)
    paragraph(page, MARGIN, c[3] + 14, W - MARGIN, lorem(3, 6))
    return ([Expect("Figure 1", tuple(r1), c1), Expect("Figure 2", tuple(r2), c2), Expect("Figure 3", tuple(r3), c3)],
            _save(doc, path))


def cover_page(path: Path) -> Path:
    """Scan source: a cover with four flat colour bands, a title and no figure."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    for i, col in enumerate([(0.2, 0.3, 0.6), (0.8, 0.4, 0.1), (0.3, 0.6, 0.3), (0.5, 0.5, 0.5)]):
        page.draw_rect(pymupdf.Rect(0, 300 + i * 70, W, 360 + i * 70), color=None, fill=col)
    page.insert_text((MARGIN, 150), "Annual Report", fontsize=36)
    page.insert_text((MARGIN, 200), "of the Sensor Network Project", fontsize=18)
    return _save(doc, path)


def caption_runs_into_text(path: Path) -> tuple[list[Expect], Path]:
    """A caption (9 pt) with the column's running text (10 pt) set right under it at the
    caption's own leading, so that MuPDF gives both as one block; the text goes on mid-word
    from the previous column ("...Oper-" / "ating Systems ...")."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    r = pymupdf.Rect(MARGIN + 60, y + 20, W - MARGIN - 60, y + 170)
    frame_plot(page, r)
    cap_text = ("Figure 1: A scatter plot of the grades of forty participants comparing their performance "
                "on each exam. Points above the diagonal represent participants who scored higher.")
    bottom = caption(page, MARGIN, r.y1 + 8, W - MARGIN, cap_text)[3]
    paragraph(page, MARGIN, bottom + 1, W - MARGIN, "ating Systems course at a university and a Distributed "
              "Computing course elsewhere. " + lorem(3, 5))
    return [Expect("Figure 1", tuple(r), cap_text)], _save(doc, path)


CAPTION_INK = (0.0, 0.0, 1.0)  # captions of caption_hugs_figure are blue: no crop may show blue


def blue_caption(page: pymupdf.Page, x0: float, y0: float, x1: float, text: str) -> tuple[float, float, float, float]:
    """A 9 pt caption in pure blue, one line, its line box from ``y0``."""
    page.insert_text((x0, y0 + (BODY - 1) * 1.0), text, fontsize=BODY - 1, color=CAPTION_INK)
    return (x0, y0, x1, y0 + (BODY - 1) * 1.25)


def caption_hugs_figure(path: Path) -> tuple[list[Expect], Path]:
    """Two figures whose captions (in blue) sit as close as typesetters put them: a grey image
    whose lower edge runs 2 pt into the first caption's line box, and a plot frame 1.5 pt
    above the second caption. A crop padded evenly would show the caption's first line."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    gray = pymupdf.Pixmap(pymupdf.csGRAY, gradient_pixmap())
    r1 = pymupdf.Rect(MARGIN + 60, y + 20, W - MARGIN - 60, y + 160)
    page.insert_image(r1, pixmap=gray, keep_proportion=False)
    c1 = "Figure 1: A grey field."
    cap1 = blue_caption(page, MARGIN, r1.y1 - 2, W - MARGIN, c1)
    y = paragraph(page, MARGIN, cap1[3] + 14, W - MARGIN, lorem(2, 3))
    r2 = pymupdf.Rect(MARGIN + 60, y + 20, W - MARGIN - 60, y + 160)
    frame_plot(page, r2)
    c2 = "Figure 2: A plot."
    cap2 = blue_caption(page, MARGIN, r2.y1 + 1.5, W - MARGIN, c2)
    paragraph(page, MARGIN, cap2[3] + 14, W - MARGIN, lorem(2, 5))
    return [Expect("Figure 1", tuple(r1), c1), Expect("Figure 2", tuple(r2), c2)], _save(doc, path)


def panel_titles(path: Path) -> tuple[list[Expect], Path]:
    """Three image panels in a row, each under its title set in the body's size 10 pt above it
    ("Rytov Approximation", "Ours", "SEAGLE"), tick labels under them, caption below; 22 pt
    above the titles ends a table of numbers, which is no part of the figure."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2))
    font = pymupdf.Font("helv")
    rows = [["Method", "Ours", "[7]", "Ours", "[7]"], ["Time (min)", "9", "35", "12", "72"],
            ["SNR (dB)", "43.96", "43.76", "45.44", "45.48"]]
    ty = y + 16
    for row in rows:
        for i, cell in enumerate(row):
            page.insert_text((MARGIN + 60 + i * 70, ty + BODY), cell, fontsize=BODY)
        ty += BODY * 1.5
    page.draw_line((MARGIN + 50, ty + 2), (W - MARGIN - 50, ty + 2), width=0.6)
    title_top = ty + 22
    box = pymupdf.Rect(W, H, 0, 0)
    for k, title in enumerate(["Rytov Approximation", "Ours", "SEAGLE"]):
        r = pymupdf.Rect(MARGIN + 20 + k * 160, title_top + 22, MARGIN + 120 + k * 160, title_top + 122)
        page.insert_image(r, pixmap=pymupdf.Pixmap(pymupdf.csGRAY, gradient_pixmap(seed=k)), keep_proportion=False)
        tw = font.text_length(title, BODY)
        page.insert_text(((r.x0 + r.x1) / 2 - tw / 2, title_top + BODY), title, fontsize=BODY)
        box |= pymupdf.Rect((r.x0 + r.x1) / 2 - tw / 2, title_top, (r.x0 + r.x1) / 2 + tw / 2, title_top + BODY * 1.2)
        box |= r
        for j, tick in enumerate(["-5", "0", "5"]):
            x = r.x0 + j * r.width / 2 - font.text_length(tick, BODY) / 2
            page.insert_text((x, r.y1 + 3 + BODY), tick, fontsize=BODY)
            box |= pymupdf.Rect(x, r.y1 + 3, x + font.text_length(tick, BODY), r.y1 + 3 + BODY * 1.2)
    cap_text = "Figure 1: Reconstructions obtained by the three methods."
    cap = caption(page, MARGIN, box.y1 + 12, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 14, W - MARGIN, lorem(3, 4))
    return [Expect("Figure 1", tuple(box), cap_text)], _save(doc, path)


def _node_graph(page: pymupdf.Page, nodes: dict[str, tuple[float, float]], edges: list[tuple[str, str]],
                size: float = BODY) -> pymupdf.Rect:
    """A drawing of nodes (circles) joined by thick edges, each node named by a short label
    right of it, as in a 1989 report's network figures. Returns the box of all of it."""
    shape = page.new_shape()
    for a, b in edges:
        shape.draw_line(nodes[a], nodes[b])
    shape.finish(color=(0, 0, 0), width=2.5)
    for x, y in nodes.values():
        shape.draw_circle((x, y), 6)
    shape.finish(color=(0, 0, 0), fill=(1, 1, 1), width=1.5)
    shape.commit()
    box = pymupdf.Rect(W, H, 0, 0)
    font = pymupdf.Font("helv")
    for name, (x, y) in nodes.items():
        box |= pymupdf.Rect(x - 7, y - 7, x + 7, y + 7)
        page.insert_text((x + 9, y + size / 3), name, fontsize=size)
        box |= pymupdf.Rect(x + 9, y - size * 0.75, x + 9 + font.text_length(name, size), y + size * 0.45)
    return box


def scanned_network_figures(path: Path) -> tuple[list[Expect], Path]:
    """Scan source: two network drawings side by side under labels-only captions set on one
    row above them ("Figure 1" ... "Figure 2"), their nodes named "s", "t", "u1" ...; running
    text below. Scanned, the names come back as lone words of the text layer."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    page.insert_text((MARGIN, 50), "20   EPIDEMIC ALGORITHMS FOR REPLICATED DATABASE MAINTENANCE", fontsize=9)
    page.insert_text((200, 84), "Figure 1", fontsize=12)
    page.insert_text((360, 84), "Figure 2", fontsize=12)
    b1 = _node_graph(page, {"s": (165, 130), "t": (165, 170), "c": (195, 150), "u1": (235, 115), "u2": (235, 140),
                            "um": (235, 185)},
                     [("s", "t"), ("s", "c"), ("t", "c"), ("c", "u1"), ("c", "u2"), ("c", "um")])
    b2 = _node_graph(page, {"s": (300, 160), "a": (325, 160), "b": (370, 160), "u0": (395, 160), "u1": (415, 125),
                            "u2": (415, 195), "u3": (440, 105), "u4": (440, 140), "u5": (440, 180), "u6": (440, 215)},
                     [("s", "a"), ("a", "b"), ("b", "u0"), ("u0", "u1"), ("u0", "u2"), ("u1", "u3"), ("u1", "u4"),
                      ("u2", "u5"), ("u2", "u6")])
    paragraph(page, MARGIN, 250, W - MARGIN, lorem(6))
    return [Expect("Figure 1", tuple(b1), "Figure 1"), Expect("Figure 2", tuple(b2), "Figure 2")], _save(doc, path)


def banded_cover(path: Path) -> Path:
    """Scan source: a report's cover, a dark, unevenly shaded band across the top and another
    across the bottom (off both sides of the sheet) with white lettering in them, the title and
    authors between."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    for top, bottom in ((0.0, 200.0), (530.0, H)):  # printed bands shade unevenly: no flat fill
        for i in range(40):
            shade = 0.1 + 0.3 * abs(math.sin(i / 4))
            step = (bottom - top) / 40
            page.draw_rect(pymupdf.Rect(0, top + i * step, W, top + (i + 1) * step + 0.5), color=None,
                           fill=(shade, shade, 0.6))
    page.insert_text((MARGIN, 60), "Palo Alto Research Center", fontsize=18, color=(1, 1, 1))
    page.insert_text((W - 160, 740), "XEROX", fontsize=28, color=(1, 1, 1))
    page.insert_text((MARGIN, 240), "Epidemic Algorithms for Replicated", fontsize=24)
    page.insert_text((MARGIN, 270), "Database Maintenance", fontsize=24)
    paragraph(page, MARGIN, 300, W - MARGIN, "Alan Demers, Mark Gealy, Dan Greene, Carl Hauser, Wes Irish, "
              "John Larson, Sue Manning, Scott Shenker", size=16)
    return _save(doc, path)


def qr_pixmap(text: str, scale: int = 8) -> pymupdf.Pixmap:
    """A QR code of ``text`` as a grey pixmap (OpenCV's encoder, ``scale`` pixels a module)."""
    import cv2
    import numpy as np

    code = cv2.QRCodeEncoder.create().encode(text)
    code = np.ascontiguousarray(np.kron(code, np.ones((scale, scale), dtype=np.uint8)))
    return pymupdf.Pixmap(pymupdf.csGRAY, code.shape[1], code.shape[0], code.tobytes(), False)


def margin_link_code(path: Path) -> tuple[list[Expect], Path]:
    """A book page with a wide outer margin for notes: a plot in the text column, and beside
    it, in the margin, a note with a link and the link's QR code at the plot's height (as the
    Chinese textbook of the corpus sets them); caption below. The code is no part of the
    figure, and no figure of its own."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    x0, notes = 200.0, (50.0, 170.0)
    y = paragraph(page, x0, MARGIN, W - MARGIN, lorem(4))
    r = pymupdf.Rect(x0 + 60, y + 30, W - MARGIN - 70, y + 190)
    box = labelled_plot(page, r)
    url = "https://example.org/v/plot"
    page.insert_text((notes[0], r.y0 + 8), url, fontsize=7)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(notes[0], r.y0, notes[1], r.y0 + 10), "uri": url})
    page.insert_image(pymupdf.Rect(notes[0], r.y0 + 16, notes[0] + 68, r.y0 + 84), pixmap=qr_pixmap(url))
    cap_text = "Figure 1: Energy over time for node A, measured every second."
    cap = caption(page, x0, box.y1 + 10, W - MARGIN, cap_text)
    paragraph(page, x0, cap[3] + 14, W - MARGIN, lorem(4, 4))
    return [Expect("Figure 1", tuple(box), cap_text)], _save(doc, path)


def figure_far_above_caption(path: Path) -> tuple[list[Expect], Path]:
    """Three pages under a running header; on the second, a plot at the top of the page whose
    drawing ends 75 pt above its caption (an included file with a wide blank bottom margin, as
    R's graphics leave one), nothing between the header and the plot. The figure is the plot
    with its labels: neither the header nor the blank margin."""
    doc = pymupdf.open()
    expect: list[Expect] = []
    for number in range(1, 4):
        page = doc.new_page(width=W, height=H)
        page.insert_text((MARGIN, 44), f"Density-based Clustering in Practice {number}", fontsize=BODY - 1)
        if number != 2:
            paragraph(page, MARGIN, MARGIN + 10, W - MARGIN, lorem(12, number * 12))
            continue
        r = pymupdf.Rect(MARGIN + 90, MARGIN + 20, W - MARGIN - 90, MARGIN + 170)
        frame_plot(page, r)
        box = pymupdf.Rect(r)
        font = pymupdf.Font("helv")
        for i in range(4):  # tick labels on the left only: nothing bridges the blank margin below
            t = f"{i * 0.04:.2f}"
            tw = font.text_length(t, 7)
            y = r.y1 - i * r.height / 3
            page.insert_text((r.x0 - 3 - tw, y + 7 / 3), t, fontsize=7)
            box |= pymupdf.Rect(r.x0 - 3 - tw, y - 7, r.x0 - 3, y + 3.5)
        cap_text = "Figure 1: Reachability plot of the sample data."
        cap = caption(page, MARGIN, box.y1 + 75, W - MARGIN, cap_text)
        paragraph(page, MARGIN, cap[3] + 14, W - MARGIN, lorem(6, 4))
        expect.append(Expect("Figure 1", tuple(box), cap_text))
    return expect, _save(doc, path)


def _two_panels(page: pymupdf.Page, top: float, tags: list[str], gap: float, size: float) -> pymupdf.Rect:
    """Two image panels side by side from ``top``, each with its tag or panel caption set
    ``gap`` points under it in ``size``-point type; returns the box of all of it."""
    font = pymupdf.Font("helv")
    box = pymupdf.Rect(W, H, 0, 0)
    for k, tag in enumerate(tags):
        r = pymupdf.Rect(MARGIN + 40 + k * 240, top, MARGIN + 190 + k * 240, top + 120)
        page.insert_image(r, pixmap=pymupdf.Pixmap(pymupdf.csGRAY, gradient_pixmap(seed=k)), keep_proportion=False)
        tw = font.text_length(tag, size)
        x = (r.x0 + r.x1) / 2 - tw / 2
        page.insert_text((x, r.y1 + gap + size), tag, fontsize=size)
        box |= r
        box |= pymupdf.Rect(x, r.y1 + gap, x + tw, r.y1 + gap + size * 1.2)
    return box


def panel_tags_far_below(path: Path) -> tuple[list[Expect], Path]:
    """Panel tags "(a)", "(b)" in the body's size 26 pt under their panels (further than any
    tick label; the dbscan paper's Figure 1), caption 12 pt under the tags."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    box = _two_panels(page, y + 24, ["(a)", "(b)"], 26, BODY)
    cap_text = "Figure 1: Concepts used by the family of algorithms."
    cap = caption(page, MARGIN, box.y1 + 12, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 14, W - MARGIN, lorem(3, 4))
    return [Expect("Figure 1", tuple(box), cap_text)], _save(doc, path)


def long_panel_captions(path: Path) -> tuple[list[Expect], Path]:
    """Panel captions of seven words each, set small on one line under their panels (MuPDF
    reads the two as one block of fourteen words, more than a label has), caption below."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    box = _two_panels(page, y + 24, ["(a) convolution with stride one, no padding",
                                     "(b) transposed convolution with stride one, padding two"], 6, 8)
    cap_text = "Figure 1: A convolution and its transposed convolution."
    cap = caption(page, MARGIN, box.y1 + 14, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 14, W - MARGIN, lorem(3, 4))
    return [Expect("Figure 1", tuple(box), cap_text)], _save(doc, path)


def _stacked(path: Path, *, caption_gap: float, image_gap: float, cap_a: str, cap_b: str) -> tuple[list[Expect], Path]:
    """Two figures stacked in one column: a plot ``caption_gap`` pt above its caption, then an
    image ``image_gap`` pt under that caption, then the image's caption 10 pt under it."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2))
    a = pymupdf.Rect(MARGIN + 100, y + 20, W - MARGIN - 100, y + 150)
    frame_plot(page, a)
    ca = caption(page, MARGIN, a.y1 + caption_gap, W - MARGIN, cap_a)
    b = pymupdf.Rect(MARGIN + 100, ca[3] + image_gap, W - MARGIN - 100, ca[3] + image_gap + 140)
    page.insert_image(b, pixmap=pymupdf.Pixmap(pymupdf.csGRAY, gradient_pixmap(seed=3)), keep_proportion=False)
    cb = caption(page, MARGIN, b.y1 + 10, W - MARGIN, cap_b)
    paragraph(page, MARGIN, cb[3] + 14, W - MARGIN, lorem(2, 4))
    return [Expect("Figure 1", tuple(a), cap_a), Expect("Figure 2", tuple(b), cap_b)], _save(doc, path)


def figure_under_a_caption(path: Path) -> tuple[list[Expect], Path]:
    """Two figures stacked: the second's image starts 1 pt under the first's caption (an
    included file whose frame is flush with the text above it, as in the dbscan paper)."""
    return _stacked(path, caption_gap=10, image_gap=1, cap_a="Figure 1: Reachability plot of a hierarchical clustering.",
                    cap_b="Figure 2: Convex hulls of the clusters.")


def shaded_figure_and_caption(path: Path) -> tuple[list[Expect], Path]:
    """A plot and its caption on one shaded panel (the drawing runs under the caption, so no
    graphic lies clear beside it and the figure is found from its text): the turned y-axis
    title is in the crop with the tick labels, axis title and legend."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    top = y + 16
    r = pymupdf.Rect(MARGIN + 90, top + 20, W - MARGIN - 90, top + 170)
    cap_text = "Figure 1: Energy over time for node A, measured every second."
    shade = pymupdf.Rect(MARGIN - 6, top, W - MARGIN + 6, r.y1 + 80)
    page.draw_rect(shade, color=None, fill=(0.9, 0.9, 0.95))
    box = labelled_plot(page, r)
    cap = caption(page, MARGIN, box.y1 + 10, W - MARGIN, cap_text)
    paragraph(page, MARGIN, shade.y1 + 14, W - MARGIN, lorem(3, 4))
    assert cap[3] < shade.y1
    return [Expect("Figure 1", tuple(box), cap_text)], _save(doc, path)


def long_legend(path: Path) -> tuple[list[Expect], Path]:
    """A bar-chart-like plot with a legend of five entries of three words each beside it, set
    small and close (read as one block of fifteen words, more than one label has; Raft's
    Figure 14), caption below."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3))
    r = pymupdf.Rect(MARGIN + 60, y + 30, MARGIN + 260, y + 150)
    box = labelled_plot(page, r, legend=None)
    font = pymupdf.Font("helv")
    for k, entry in enumerate(["Paxos much easier", "Paxos somewhat easier", "Roughly equal too",
                               "Raft somewhat easier", "Raft much easier"]):
        ly = r.y0 + 20 + k * 7
        page.insert_text((r.x1 + 8, ly + 6), entry, fontsize=7)
        box |= pymupdf.Rect(r.x1 + 8, ly, r.x1 + 8 + font.text_length(entry, 7), ly + 7 * 1.2)
    cap_text = "Figure 1: Which algorithm the participants found easier to implement and to explain."
    cap = caption(page, MARGIN, box.y1 + 10, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 14, W - MARGIN, lorem(3, 4))
    return [Expect("Figure 1", tuple(box), cap_text)], _save(doc, path)


def far_figure_over_another(path: Path) -> tuple[list[Expect], Path]:
    """Two figures stacked: the first's drawing ends 66 pt above its caption (R's blank margin),
    and the second's image starts 30 pt under that caption, nearer than the first's drawing
    (the colorspace paper's Figures 8 and 9). Each caption gets its own figure, never a copy."""
    return _stacked(path, caption_gap=66, image_gap=30, cap_a="Figure 1: Extended mosaic display for the arthritis data.",
                    cap_b="Figure 2: Classification plot.")


def field_map(path: Path, seed: int = 0) -> tuple[list[Expect], Path]:
    """A map with no axes and no words: a smooth raster field (a terrain, a moisture map) with
    vector symbols over it (white circles and squares, one red box), as the sample report's
    Figure 1 draws its vineyard. It is no chart of any kind."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2, seed))
    r = pymupdf.Rect(MARGIN + 40, y + 20, W - MARGIN - 40, y + 20 + 260)
    w, h = 240, 160
    data = bytearray()
    for j in range(h):
        for i in range(w):
            u, v = i / w, j / h
            g = 0.35 + 0.3 * v + 0.25 * math.exp(-((u - 0.3 - 0.1 * seed) ** 2) / 0.02)
            data += bytes((int(190 - 140 * g), int(180 - 50 * g), int(110 + 120 * g)))
    page.insert_image(r, pixmap=pymupdf.Pixmap(pymupdf.csRGB, w, h, bytes(data), False), keep_proportion=False)
    shape = page.new_shape()
    for k in range(20):
        c = pymupdf.Point(r.x0 + (0.08 + 0.21 * (k % 5)) * r.width, r.y0 + (0.15 + 0.22 * (k // 5)) * r.height)
        if k % 4 == 1:
            shape.draw_rect(pymupdf.Rect(c.x - 3, c.y - 3, c.x + 3, c.y + 3))
        else:
            shape.draw_circle(c, 2.6)
        shape.finish(color=(0, 0, 0), fill=(1, 1, 1), width=0.6)
    top = pymupdf.Point(r.x0 + 0.5 * r.width, r.y0 + 5)
    shape.draw_rect(pymupdf.Rect(top.x - 5, top.y - 3, top.x + 5, top.y + 4))
    shape.finish(color=(0, 0, 0), fill=(0.85, 0.1, 0.1), width=0.6)
    shape.commit()
    cap_text = "Figure 1: Layout of the stations on the field; squares are relays."
    c = caption(page, MARGIN, r.y1 + 8, W - MARGIN, cap_text)
    paragraph(page, MARGIN, c[3] + 14, W - MARGIN, lorem(2, seed + 2))
    return [Expect("Figure 1", tuple(r), cap_text)], _save(doc, path)
