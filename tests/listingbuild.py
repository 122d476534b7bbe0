"""One-page PDFs of figures made only of text (code listings), with their truth by construction.

Each builder sets running text (10 pt Helvetica) around a listing of monospaced code lines
captioned "Figure N: ...", and returns the truth: the box the figure's crop must hold, in PDF
points, origin top-left, and the caption (see :mod:`tests.figurebuild`). Nothing but text and
horizontal rules is drawn.
"""
from __future__ import annotations

from pathlib import Path

import pymupdf

from tests.figurebuild import BODY, H, MARGIN, W, Expect, _save, caption, labelled_plot, paragraph
from tests.pdfbuild import gradient_pixmap, lorem

CODE = [
    "#include <RcppEigen.h>",
    "typedef Eigen::Map<Eigen::MatrixXi> MapMati;",
    "const MapMati B(as<MapMati>(BB));",
    "const MapMati C(as<MapMati>(CC));",
    "return List::create(Named(\"B %*% C\") = B * C,",
    "                    Named(\"crossprod(B, C)\") = B.adjoint() * C);",
    "for (int i = 0; i < n; ++i) {",
    "    di[i] = d[i] < comp ? 0. : 1./d[i];",
    "}",
]
CODE_SIZE = BODY  # as TeX sets verbatim code: the body's size, apart from the captions'
LEAD = 12.0  # points from one code line to the next
RULE_GAP = 4.0  # points between a rule and the code next to it


def code(page: pymupdf.Page, x0: float, y0: float, lines: list[str]) -> pymupdf.Rect:
    """Monospaced code lines (Courier) from ``y0`` down; returns the box of their glyphs."""
    font = pymupdf.Font("cour")
    box = pymupdf.Rect()
    for i, ln in enumerate(lines):
        base = y0 + CODE_SIZE + i * LEAD
        page.insert_text((x0, base), ln, fontsize=CODE_SIZE, fontname="cour")
        box |= pymupdf.Rect(x0, base - CODE_SIZE * 0.8, x0 + font.text_length(ln, CODE_SIZE), base + CODE_SIZE * 0.25)
    return box


def rule(page: pymupdf.Page, x0: float, x1: float, y: float) -> None:
    page.draw_line((x0, y), (x1, y), width=0.4)


def ruled_listing(page: pymupdf.Page, x0: float, x1: float, top: float, lines: list[str]) -> pymupdf.Rect:
    """Code between two rules from ``top`` down; returns the frame's box (rule to rule)."""
    rule(page, x0, x1, top)
    body = code(page, x0 + 4, top + RULE_GAP, lines)
    bottom = body.y1 + RULE_GAP
    rule(page, x0, x1, bottom)
    return pymupdf.Rect(x0, top, x1, bottom)


def listing_caption_below(path: Path) -> tuple[list[Expect], Path]:
    """A ruled listing at the top of the page with its caption under the lower rule, running
    text below: the figure is the frame, not a line at the rule nor the page below the caption."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    frame = ruled_listing(page, MARGIN, W - MARGIN, MARGIN, CODE[1:6])
    cap_text = "Figure 3: crossprodCpp: Cross-product and transposed cross-product of a single matrix."
    cap = caption(page, MARGIN + 40, frame.y1 + 9, W - MARGIN - 40, cap_text)
    paragraph(page, MARGIN, cap[3] + 20, W - MARGIN, lorem(14, 3))
    return [Expect("Figure 3", tuple(frame), cap_text)], _save(doc, path)


def listing_caption_above(path: Path) -> tuple[list[Expect], Path]:
    """Running text, then a caption with a ruled listing under it, then running text: the
    figure is the frame below the caption."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(8, 1))
    cap_text = "Figure 1: transCpp: Transpose a matrix of integers."
    cap = caption(page, MARGIN, y + 16, W - MARGIN, cap_text)
    frame = ruled_listing(page, MARGIN, W - MARGIN, cap[3] + 8, CODE[:4])
    paragraph(page, MARGIN, frame.y1 + 18, W - MARGIN, lorem(8, 9))
    return [Expect("Figure 1", tuple(frame), cap_text)], _save(doc, path)


def listing_at_page_foot(path: Path) -> tuple[list[Expect], Path]:
    """Running text, then a ruled listing with its caption at the foot of the page (nothing
    below it): the figure is the frame above, not the page's bottom margin."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(30, 2))
    frame = ruled_listing(page, MARGIN, W - MARGIN, H - MARGIN - 120, CODE[2:8])
    cap_text = "Figure 10: SVDLSCpp: Least squares using the SVD."
    caption(page, MARGIN + 100, frame.y1 + 9, W - MARGIN - 100, cap_text)
    return [Expect("Figure 10", tuple(frame), cap_text)], _save(doc, path)


def two_column_listing(path: Path) -> tuple[list[Expect], Path]:
    """Two columns of running text; in the right one, a ruled listing with its caption below
    and text above and below: the figure stays in its column."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    mid, gutter = W / 2, 12.0
    paragraph(page, MARGIN - 20, MARGIN, mid - gutter, lorem(40, 0))
    right = (mid + gutter, W - MARGIN + 20)
    y = paragraph(page, right[0], MARGIN, right[1], lorem(9, 5))
    lines = [ln[:30] for ln in CODE[2:7]]
    frame = ruled_listing(page, right[0], right[1], y + 14, lines)
    cap_text = "Figure 2: prodCpp: Product of two matrices."
    cap = caption(page, right[0], frame.y1 + 8, right[1], cap_text)
    paragraph(page, right[0], cap[3] + 16, right[1], lorem(16, 11))
    return [Expect("Figure 2", tuple(frame), cap_text)], _save(doc, path)


def short_listing(path: Path) -> tuple[list[Expect], Path]:
    """Two code lines, no rules, under running text and over their caption, running text
    below: the figure is the two lines, not the band across the page's margins."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(8, 4))
    body = code(page, MARGIN, y + 14, ["const MapMati A(as<MapMati>(AA));", "return wrap(A.transpose());"])
    cap_text = "Figure 13: badtransCpp: Transpose producing a run-time error."
    cap = caption(page, MARGIN, body.y1 + 16, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 20, W - MARGIN, lorem(8, 12))
    return [Expect("Figure 13", tuple(body), cap_text)], _save(doc, path)


def listing_under_caption(path: Path) -> tuple[list[Expect], Path]:
    """Running text, a caption, then nine code lines with no rules (MuPDF reads them as one
    block of many words, as it reads a paragraph), then running text: the figure is the code."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(8, 2))
    cap_text = "Figure 5: cholCpp: Cholesky decomposition of a cross-product."
    cap = caption(page, MARGIN, y + 16, W - MARGIN, cap_text)
    body = code(page, MARGIN, cap[3] + 10, CODE)
    paragraph(page, MARGIN, body.y1 + 18, W - MARGIN, lorem(8, 7))
    return [Expect("Figure 5", tuple(body), cap_text)], _save(doc, path)


def plot_far_above_caption(path: Path) -> tuple[list[Expect], Path]:
    """Running text, an R command, then a plot whose x-axis title is a line of eight words
    (read as a paragraph) and whose frame ends 60 pt and more above its caption, then running
    text: the figure is the plot with its labels, neither the command above it nor nothing."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(3, 6))
    command = code(page, MARGIN, y + 12, ["> plotGOF(lrres.rasch, beta.subset = c(14, 5, 18, 7, 1),",
                                          "+   tlab = \"item\", conf = list(ia = FALSE, col = \"blue\"))"])
    plot = labelled_plot(page, pymupdf.Rect(MARGIN + 120, command.y1 + 40, W - MARGIN - 120, command.y1 + 240),
                         xtitle="Beta for Group: Raw Scores below the Mean", legend=None)
    cap_text = "Figure 3: Goodness-of-fit plot for some items with confidence ellipses."
    cap = caption(page, MARGIN, plot.y1 + 30, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 18, W - MARGIN, lorem(6, 10))
    return [Expect("Figure 3", tuple(plot), cap_text)], _save(doc, path)


def image_far_above_caption(path: Path) -> tuple[list[Expect], Path]:
    """A page with no running text: an image with a letter set large beside it and one under it
    (axis names), its caption 200 pt under the image, the page number at the foot: the figure
    is the image with its letters, not the strip between the caption and the page number."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    image = pymupdf.Rect(150, 104, 500, 366.5)  # the pixmap's 4:3
    page.insert_image(image, pixmap=gradient_pixmap())
    box = pymupdf.Rect(image)
    font = pymupdf.Font("helv")
    for (x, y), letter in (((107, 240), "p"), ((317, 396), "R")):
        page.insert_text((x, y), letter, fontsize=24)
        box |= pymupdf.Rect(x, y - 24, x + font.text_length(letter, 24), y + 6)
    cap_text = "Figure 3: Set of 36 trajectories for a mixing rate of 0.3; indigo paths touch one wall only."
    caption(page, MARGIN, image.y1 + 224, W - MARGIN, cap_text)
    page.insert_text((W / 2 - 6, H - 44), "28", fontsize=BODY)
    return [Expect("Figure 3", tuple(box), cap_text)], _save(doc, path)


def blank_figure_space(path: Path) -> tuple[list[Expect], Path]:
    """Running text, a blank band where the figure would be (a PDF that draws it in a way no
    reader sees: image masks, a font of shapes), its caption, running text: the figure is the
    band between the text's margins, not out to the page's edges."""
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    y = paragraph(page, MARGIN, MARGIN, W - MARGIN, lorem(8, 6))
    band = pymupdf.Rect(MARGIN, y, W - MARGIN, y + 150)
    cap_text = "Figure 4: The contents of the character vector."
    cap = caption(page, MARGIN, band.y1, W - MARGIN, cap_text)
    paragraph(page, MARGIN, cap[3] + 20, W - MARGIN, lorem(8, 13))
    return [Expect("Figure 4", tuple(band), cap_text)], _save(doc, path)


BUILDERS = (listing_caption_below, listing_caption_above, listing_at_page_foot, two_column_listing, short_listing,
            listing_under_caption, plot_far_above_caption, image_far_above_caption, blank_figure_space)
__all__ = ["BUILDERS", "H", "BODY", *[b.__name__ for b in BUILDERS]]
