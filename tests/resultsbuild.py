"""A paper whose results are only in a table and a chart, with known numbers, for the checks of
numbers a summary takes from what a sentence cites (:mod:`mmsum.generate.cited_numbers`).

:func:`results_paper` writes one page: a paragraph that cites Table 2 and Figure 1 without
giving any of their numbers, Table 2 (accuracy, F1 score and time of three methods, drawn as
booktabs), and Figure 1, a line chart of battery voltage over a 40-day trial for two policies
(drawn with PyMuPDF's shapes). The numbers are :data:`HEADER`/:data:`ROWS` and
:data:`DAYS`/:data:`VOLTAGE`, or drawn at random by a seed (:func:`random_results`); none of
them is in the text.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from tests.chartbuild import line_chart_pdf
from tests.figurebuild import paragraph
from tests.pdfbuild import lorem
from tests.tablebuild import HEADER, ROWS, SIZE, draw_table

DAYS = [0, 5, 10, 15, 20, 25, 30, 35, 40]
VOLTAGE = {"adaptive": [4.20, 4.18, 4.16, 4.15, 4.14, 4.13, 4.12, 4.11, 4.10],
           "10-minute": [4.20, 4.08, 3.98, 3.90, 3.83, 3.76, 3.70, 3.65, 3.60]}
Y_TICKS = [3.0, 3.5, 4.0, 4.5]  # the voltage axis: 1.5 V, so 1% of it is 0.015 V
TABLE_SENTENCE = "Table 2 shows that our method is more accurate than the baseline on the test set."
FIGURE_SENTENCE = "Figure 1 shows how the battery voltage of each policy changes over the trial."



@dataclass
class ResultsTruth:
    """What :func:`results_paper` wrote: Table 2's header and body, Figure 1's days and series."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    days: list[int]
    voltage: dict[str, list[float]]


def random_results(seed: int) -> tuple[list[list[str]], dict[str, list[float]]]:
    """Table 2's body and Figure 1's series drawn at random: accuracy and F1 from 60 to 95 (as
    fractions, "0.812", for an odd ``seed``), time from 5 to 30 s; two voltage curves falling
    from 4.2 V at different rates, inside the axis."""
    rng = random.Random(seed)
    rows = []
    for label in (r[0] for r in ROWS):
        acc, f1 = (round(rng.uniform(60, 95), 1) for _ in range(2))
        cells = [f"{acc / 100:.3f}", f"{f1 / 100:.3f}"] if seed % 2 else [f"{acc:.1f}", f"{f1:.1f}"]
        rows.append([label, *cells, f"{rng.uniform(5, 30):.1f}"])
    voltage = {}
    for name, rate in zip(VOLTAGE, (rng.uniform(0.001, 0.006), rng.uniform(0.01, 0.025))):
        v, ys = 4.2, []
        for _ in DAYS:
            ys.append(round(min(4.45, max(3.05, v)), 2))
            v -= rate * 5 * rng.uniform(0.5, 1.5)
        voltage[name] = ys
    return rows, voltage


def results_paper(path: Path, seed: int | None = None) -> ResultsTruth:
    """The one-page paper described above, with :data:`ROWS` and :data:`VOLTAGE`, or with
    :func:`random_results` of ``seed``."""
    rows, voltage = (ROWS, VOLTAGE) if seed is None else random_results(seed)
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    y = paragraph(page, 72, 72, 540, "We propose a duty cycling method for sensor networks that keeps the "
                  "battery charged and predicts energy accurately. " + TABLE_SENTENCE + " " + lorem(2)) + 14
    page.insert_text((72, y + 9), "Table 2: Accuracy and F1 score of each method on the test set.", fontsize=SIZE)
    box = draw_table(page, 129, y + 18, HEADER, rows, "booktabs")
    y = paragraph(page, 72, box[3] + 16, 540, lorem(2, start=2) + " " + FIGURE_SENTENCE) + 16
    chart = pymupdf.open("pdf", line_chart_pdf(DAYS, list(voltage.items()), x_ticks=[0, 10, 20, 30, 40],
                                               y_ticks=Y_TICKS, x_title="Day of trial", y_title="Voltage (V)",
                                               tick_format="{:.1f}"))
    rect = pymupdf.Rect(126, y, 126 + 360, y + 240)
    page.show_pdf_page(rect, chart, 0)
    y = paragraph(page, 72, rect.y1 + 10, 540, "Figure 1: Battery voltage of the two policies over the trial.",
                  size=9)
    paragraph(page, 72, y + 14, 540, lorem(2, start=5) + " In conclusion, the adaptive policy keeps the battery "
              "charged.")
    doc.save(path)
    return ResultsTruth(Path(path), HEADER, rows, DAYS, voltage)
