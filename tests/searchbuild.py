"""PDFs for search and the figure channels, with their truth by construction.

:func:`channel_paper` sets three vector plots on three pages whose captions say nothing of what
they show ("Figure N: Results of trial N.") while their axis titles and legends do; one
sentence on each page is the answer to a query about one topic. :func:`raster_paper` pastes
pictures: a plot whose words exist only as pixels (for OCR), its exact copy, and a different one.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from tests.figurebuild import MARGIN, H, W, caption, labelled_plot, paragraph
from tests.pdfbuild import gradient_pixmap

# (x-axis title, y-axis title, legend): what each figure shows, in its own words only
TOPICS = [("Month of year", "Rainfall (mm)", "Rain gauge"),
          ("Wind speed (m/s)", "Turbine power (kW)", "Wind turbine"),
          ("Charge cycles", "Battery voltage (V)", "Lithium cell")]
ANSWERS = ["Rain fell mostly in the wet months, up to two hundred millimetres in a month.",
           "The turbine delivered more power as the wind grew stronger.",
           "The voltage of the lithium battery dropped slowly over many charge cycles."]
# running text on none of the topics
FILLER = ["The committee met twice in the spring to agree on the plan of the study.",
          "Each team wrote a short report that the editors read before the meeting.",
          "The library kept printed copies of every document for later reference.",
          "Volunteers from the town helped to organise the visits and the travel.",
          "A second reading of the protocol removed several ambiguous phrases.",
          "The archive lists the names of all participants in alphabetical order."]


def lorem(n: int, start: int = 0) -> str:
    """``n`` filler sentences, numbered so that none repeats."""
    return " ".join(FILLER[i % len(FILLER)][:-1] + f" in round {i + 1}." for i in range(start, start + n))
QUERIES = ["monthly rain in millimetres", "power of a wind turbine", "voltage of a lithium battery"]


@dataclass
class ChannelTruth:
    labels: list[str]       # "Figure 1", ... one per figure, figure k on page k
    queries: list[str]      # query k is about figure k
    answers: list[str]      # sentence k (on page k) answers query k


def channel_paper(path: Path) -> ChannelTruth:
    doc = pymupdf.open()
    for k, (xt, yt, legend) in enumerate(TOPICS):
        page = doc.new_page(width=W, height=H)
        y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3, 7 * k))
        y = paragraph(page, MARGIN, y + 6, W - MARGIN, ANSWERS[k])
        r = pymupdf.Rect(MARGIN + 70, y + 30, W - MARGIN - 90, y + 200)
        box = labelled_plot(page, r, xtitle=xt, ytitle=yt, legend=legend, seed=k)
        caption(page, MARGIN, box.y1 + 10, W - MARGIN, f"Figure {k + 1}: Results of trial {k + 1}.")
        paragraph(page, MARGIN, box.y1 + 40, W - MARGIN, lorem(3, 7 * k + 3))
    doc.save(path)
    doc.close()
    return ChannelTruth([f"Figure {k + 1}" for k in range(len(TOPICS))], list(QUERIES), list(ANSWERS))


def words_picture(words: str, width: int = 420, height: int = 240, tint: float = 0.8) -> bytes:
    """A PNG plot whose axis title is set in its pixels (no text layer): a frame, a curve and
    ``words`` in large type under it."""
    src = pymupdf.open()
    page = src.new_page(width=width / 2, height=height / 2)
    shape = page.new_shape()
    r = pymupdf.Rect(20, 10, width / 2 - 10, height / 2 - 40)
    shape.draw_rect(r)
    shape.finish(color=(0, 0, 0), width=1)
    shape.draw_polyline([pymupdf.Point(r.x0 + i * r.width / 10, r.y1 - (i % 4) * r.height / 5) for i in range(11)])
    shape.finish(color=(0.1, 0.2, tint), width=1.5, closePath=False)
    shape.commit()
    page.insert_text((40, height / 2 - 14), words, fontsize=13)
    png = page.get_pixmap(dpi=144).tobytes("png")
    src.close()
    return png


def raster_paper(path: Path, words: str = "Soil moisture", panels: bool = False) -> list[str]:
    """Figure 1 a picture with ``words`` in its pixels; Figure 2 the same picture with the curve
    a little darker (a look-alike, not a byte copy: a copy would read as a repeated logo);
    Figure 3 a different one. With ``panels``, Figure 1 has panel labels "(a)" to "(d)" in the
    text layer over its picture, as LaTeX subfigures set them. Returns the labels."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2))
    pictures = [words_picture(words), words_picture(words, tint=0.7), gradient_pixmap(420, 240, 5).tobytes("png")]
    for k, png in enumerate(pictures):
        r = pymupdf.Rect(MARGIN + 90, y + 16, W - MARGIN - 90, y + 16 + 150)
        page.insert_image(r, stream=png)
        if panels and k == 0:
            for i, label in enumerate(("(a)", "(b)", "(c)", "(d)")):
                page.insert_text((r.x0 + 4 + i * r.width / 4, r.y0 + 12), label, fontsize=9)
        cap = caption(page, MARGIN, r.y1 + 8, W - MARGIN, f"Figure {k + 1}: Measured in field {k + 1}.")
        y = cap[3] + 4
        if k == 0:
            page = doc.new_page(width=W, height=H)
            y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(2, 3))
    doc.save(path)
    doc.close()
    return [f"Figure {k + 1}" for k in range(3)]


def outlined_plot(page: pymupdf.Page, r: pymupdf.Rect, **plot) -> pymupdf.Rect:
    """A labelled plot (see :func:`~tests.figurebuild.labelled_plot`) set in ``r`` with every
    label drawn as outlines (paths, no text layer), as many plotting tools export them.
    Returns the box it was set in."""
    src = pymupdf.open()
    scratch = src.new_page(width=r.width + 160, height=r.height + 80)
    box = labelled_plot(scratch, pymupdf.Rect(70, 10, r.width + 40, r.height), size=11, **plot)
    scratch.set_cropbox((box + (-4, -4, 4, 4)) & scratch.rect)
    svg = scratch.get_svg_image(text_as_path=True)
    src.close()
    vec = pymupdf.open("svg", svg.encode())
    pdf = pymupdf.open("pdf", vec.convert_to_pdf())
    target = pymupdf.Rect(r.x0, r.y0, r.x0 + r.width, r.y0 + r.width * pdf[0].rect.height / pdf[0].rect.width)
    page.show_pdf_page(target, pdf, 0)
    vec.close()
    pdf.close()
    return target


def outlined_paper(path: Path) -> ChannelTruth:
    """As :func:`channel_paper`, but each plot's labels are outlines: the words that say what a
    figure shows exist only as drawn shapes."""
    doc = pymupdf.open()
    for k, (xt, yt, legend) in enumerate(TOPICS):
        page = doc.new_page(width=W, height=H)
        y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3, 7 * k))
        r = outlined_plot(page, pymupdf.Rect(MARGIN + 40, y + 30, W - MARGIN - 40, y + 230),
                          xtitle=xt, ytitle=yt, legend=legend, seed=k)
        caption(page, MARGIN, r.y1 + 10, W - MARGIN, f"Figure {k + 1}: Results of trial {k + 1}.")
        paragraph(page, MARGIN, r.y1 + 40, W - MARGIN, lorem(3, 7 * k + 3))
    doc.save(path)
    doc.close()
    return ChannelTruth([f"Figure {k + 1}" for k in range(len(TOPICS))], list(QUERIES), list(ANSWERS))
