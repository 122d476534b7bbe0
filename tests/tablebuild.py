"""Table PDFs drawn with PyMuPDF, fast, whose cells and boxes are known by construction.

:func:`table_paper` sets paragraphs, a "Table N" caption (above or below) and a table drawn in
one of the styles a paper uses: "ruled" (every cell boxed), "booktabs" (three rules),
"borderless" (whitespace only) or "image" (the table rendered and placed as a picture, as a
scan or a pasted screenshot is). It returns the PDF and a :class:`TableTruth`: the table's
box (PDF points, origin top-left), its caption, label, header and rows. The LaTeX-built set
(:mod:`tests.latexbuild`) covers what LaTeX typesets; this one runs in milliseconds.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf

from tests.figurebuild import paragraph
from tests.pdfbuild import lorem

HEADER = ["Method", "Accuracy", "F1 score", "Time (s)"]
ROWS = [["Baseline", "81.2", "79.0", "12.5"], ["Ours", "88.4", "86.1", "14.0"],
        ["Ours + augmentation", "89.0", "87.3", "15.2"]]
NOTATION_HEADER = ["Symbol", "Meaning"]
NOTATION_ROWS = [["N", "number of nodes in the network"], ["T", "length of the duty cycle"],
                 ["E", "energy stored in the battery"]]
WIDTHS = (120.0, 70.0, 70.0, 70.0)
ROW_HEIGHT = 15.0
SIZE = 9.0


@dataclass
class TableTruth:
    label: str
    caption: str
    bbox: tuple[float, float, float, float]
    header: list[list[str]]
    rows: list[list[str]]
    page: int = 0


def draw_table(page: pymupdf.Page, x0: float, y0: float, header: list[str], rows: list[list[str]],
               style: str, widths: tuple[float, ...] = WIDTHS,
               bold: frozenset[tuple[int, int]] = frozenset()) -> tuple[float, float, float, float]:
    """Draw a table with its top-left corner at (x0, y0); its box. ``bold``: (row, column) of
    the body cells set in Helvetica Bold."""
    widths = widths[:len(header)]
    grid = [header] + rows
    x1 = x0 + sum(widths)
    y1 = y0 + ROW_HEIGHT * len(grid)
    if style == "image":
        scratch = pymupdf.open()
        sp = scratch.new_page(width=x1 - x0 + 4, height=y1 - y0 + 4)
        draw_table(sp, 2, 2, header, rows, "booktabs", widths)
        pix = sp.get_pixmap(dpi=200)
        page.insert_image(pymupdf.Rect(x0 - 2, y0 - 2, x1 + 2, y1 + 2), pixmap=pix)
        return (x0 - 2, y0 - 2, x1 + 2, y1 + 2)
    for r, row in enumerate(grid):
        x = x0
        for c, cell in enumerate(row):
            page.insert_text((x + 4, y0 + r * ROW_HEIGHT + 11), cell, fontsize=SIZE,
                             fontname="hebo" if (r - 1, c) in bold else "helv")
            x += widths[c]
    if style == "ruled":
        for r in range(len(grid) + 1):
            page.draw_line((x0, y0 + r * ROW_HEIGHT), (x1, y0 + r * ROW_HEIGHT), width=0.5)
        x = x0
        for w in (0.0, *widths):
            x += w
            page.draw_line((x, y0), (x, y1), width=0.5)
    elif style == "booktabs":
        page.draw_line((x0, y0), (x1, y0), width=1.0)
        page.draw_line((x0, y0 + ROW_HEIGHT), (x1, y0 + ROW_HEIGHT), width=0.5)
        page.draw_line((x0, y1), (x1, y1), width=1.0)
    return (x0, y0, x1, y1)


def table_paper(path: Path, style: str = "booktabs", *, caption_above: bool = True,
                header: list[str] = HEADER, rows: list[list[str]] = ROWS,
                caption: str = "Table 1: Accuracy of each method on the test set.",
                cite: str = "Table 1 shows that our method is more accurate than the baseline.",
                bold: frozenset[tuple[int, int]] = frozenset()) -> TableTruth:
    """A one-page paper: a paragraph citing the table, the table with its caption, a paragraph;
    ``bold``: (row, column) of the body cells set in bold."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, lorem(3) + " " + cite) + 14
    x0 = 72 + (468 - sum(WIDTHS[:len(header)])) / 2
    if caption_above:
        page.insert_text((72, y + 9), caption, fontsize=SIZE)
        y += 18
        box = draw_table(page, x0, y, header, rows, style, bold=bold)
        y = box[3] + 16
    else:
        box = draw_table(page, x0, y, header, rows, style, bold=bold)
        page.insert_text((72, box[3] + 16), caption, fontsize=SIZE)
        y = box[3] + 32
    paragraph(page, 72, y, 540, lorem(3, start=3))
    doc.save(path)
    label = caption.split(":")[0]
    return TableTruth(label, caption, box, [header], rows)


def two_tables_paper(path: Path) -> Path:
    """A results table and a notation table on one page, the notation table first; the text
    says what the paper finds, in terms of the results table."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, "We propose a duty cycling method that improves accuracy and F1 score "
                  "of energy prediction over the baseline. Table 2 shows that our method is more accurate, "
                  "and the augmentation adds further accuracy. " + lorem(2)) + 14
    page.insert_text((72, y + 9), "Table 1: Notation used throughout the paper.", fontsize=SIZE)
    box = draw_table(page, 150, y + 18, NOTATION_HEADER, NOTATION_ROWS, "booktabs", (60.0, 200.0))
    y = paragraph(page, 72, box[3] + 16, 540, lorem(2, start=2) + " The symbols of Table 1 are used below.") + 14
    page.insert_text((72, y + 9), "Table 2: Accuracy and F1 score of each method on the test set.", fontsize=SIZE)
    box = draw_table(page, 129, y + 18, HEADER, ROWS, "booktabs")
    paragraph(page, 72, box[3] + 16, 540, lorem(3, start=4) + " In conclusion, Table 2 confirms the accuracy gain.")
    doc.save(path)
    return Path(path)


def caption_without_table(path: Path) -> Path:
    """A "Table 1:" caption followed by nothing that makes a table: a paragraph right under it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, lorem(3)) + 14
    page.insert_text((72, y + 9), "Table 1: Results that the publisher left out of this version.", fontsize=SIZE)
    paragraph(page, 72, y + 40, 540, lorem(4, start=3))
    doc.save(path)
    return Path(path)


LABEL_PARAGRAPH = ("Table 1. Next, we look at the time each method takes to train, which grows with the size of "
                   "the training set and with the number of parameters of the model.")


def paragraph_starting_with_label(path: Path, caption_above: bool = True) -> TableTruth:
    """A table whose caption is set in the body's size (as LaTeX's article class sets it), and
    a paragraph beside the table, on its other side, that starts with the same label
    ("Table 1. Next, we …", as a paragraph continued in a new column after "… shown in"
    does); a second such paragraph further down, away from any table."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, lorem(3) + " The accuracy of every method is given in Table 1.") + 14
    x0 = 72 + (468 - sum(WIDTHS)) / 2
    caption = "Table 1: Accuracy of each method on the test set."
    if caption_above:
        page.insert_text((72, y + 10), caption, fontsize=10)
        box = draw_table(page, x0, y + 18, HEADER, ROWS, "booktabs")
        y = paragraph(page, 72, box[3] + 16, 540, LABEL_PARAGRAPH) + 14
    else:
        y = paragraph(page, 72, y, 540, LABEL_PARAGRAPH) + 14
        box = draw_table(page, x0, y, HEADER, ROWS, "booktabs")
        page.insert_text((72, box[3] + 16), caption, fontsize=10)
        y = box[3] + 32
    y = paragraph(page, 72, y, 540, lorem(3, start=3)) + 14
    paragraph(page, 72, y, 540, LABEL_PARAGRAPH.replace("Next", "Last") + " " + lorem(2, start=1))
    doc.save(path)
    return TableTruth("Table 1", caption, box, [HEADER], ROWS)


def table_after_aligned_lines(path: Path) -> TableTruth:
    """A page that ends with lines of numbers aligned in columns but no caption (a display of
    values, as wide as the table), and a next page that opens with a table under its caption:
    a caption above its table opens it, so the lines are no part of it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, lorem(12)) + 14
    x0 = 72 + (468 - sum(WIDTHS)) / 2
    values = [["Site A", "1.0", "2.0", "3.0"], ["Site B", "4.0", "5.0", "6.0"], ["Site C", "7.0", "8.0", "9.0"]]
    draw_table(page, x0, 792 - 72 - ROW_HEIGHT * 4, ["Site", "Mean", "Median", "Mode"], values, "borderless")
    page = doc.new_page(width=612, height=792)
    caption = "Table 1: Accuracy of each method on the test set."
    page.insert_text((72, 72 + 9), caption, fontsize=SIZE)
    box = draw_table(page, x0, 90, HEADER, ROWS, "booktabs")
    paragraph(page, 72, box[3] + 16, 540, lorem(3, start=3))
    doc.save(path)
    return TableTruth("Table 1", caption, box, [HEADER], ROWS, page=1)


def caption_inside_table(path: Path, where: str) -> TableTruth:
    """A table whose caption stands inside its own rules: in one frame with it (``"frame"``),
    as its first row spanning every column (``"row"``), or between the top rule and the header
    (``"booktabs"``), as some journals and word processors set it."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, lorem(3) + " Table 1 shows that our method is more accurate than the baseline.") + 14
    x0 = 72 + (468 - sum(WIDTHS)) / 2
    x1 = x0 + sum(WIDTHS)
    caption = "Table 1: Accuracy of each method on the test set."
    if where == "frame":
        page.insert_text((x0 + 4, y + 12), caption, fontsize=SIZE)
        box = draw_table(page, x0, y + 18, HEADER, ROWS, "ruled")
        page.draw_rect(pymupdf.Rect(x0, y, x1, box[3]), width=0.5)
    elif where == "row":
        page.insert_text((x0 + 4, y + 11), caption, fontsize=SIZE)
        box = draw_table(page, x0, y + ROW_HEIGHT, HEADER, ROWS, "ruled")
        page.draw_line((x0, y), (x1, y), width=0.5)
        for x in (x0, x1):
            page.draw_line((x, y), (x, box[1]), width=0.5)
    else:
        page.draw_line((x0, y), (x1, y), width=1.0)
        page.insert_text((x0 + 4, y + 11), caption, fontsize=SIZE)
        box = draw_table(page, x0, y + ROW_HEIGHT, HEADER, ROWS, "booktabs")
    paragraph(page, 72, box[3] + 16, 540, lorem(3, start=3))
    doc.save(path)
    return TableTruth("Table 1", caption, box, [HEADER], ROWS)
