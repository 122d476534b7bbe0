"""Key figures on built PDFs whose truth is known by construction: the overview figure the
introduction cites beats Figure 1 and the later results plots; a logo repeated on every page,
a table set as an image and a figure whose crop failed are never key figures; and the choice
is explained in the summary, the JSON and the figure card."""
from __future__ import annotations

import json

import numpy as np
import pymupdf
import pytest

from mmsum.document import Figure
from mmsum.options import SummaryOptions
from mmsum.rank.figure_checks import is_table, ruled_text
from mmsum.rank.terms import caption_body, terms
from tests.encoders import summarizer
from tests.pdfbuild import PaperBuilder, draw_plot, gradient_pixmap

INTRO = [
    "Dust on solar panels lowers their power output by up to a quarter in desert climates.",
    "Cleaning the panels by hand is costly and uses scarce water.",
    "In this paper we propose a robotic cleaning schedule that keeps dusty solar panels productive without water.",
    "Figure 2 gives an overview of our approach: a dust sensor, a soiling forecast and a cleaning robot.",
    "We show that scheduled robotic cleaning restores nearly all of the power output lost to dust.",
]
SITE = [
    "The test site lies at the edge of a desert where sand storms are frequent in spring.",
    "Figure 1 shows the weather station that stands beside the test site.",
    "The station records wind speed, humidity and air temperature every ten minutes.",
]
METHOD = [
    "The dust sensor measures how much light a glass plate beside the panels scatters.",
    "A soiling forecast predicts from the sensor and the weather when the power loss will exceed a threshold.",
    "The cleaning robot then brushes the panels during the night, when they produce no power.",
    "The schedule balances the energy the robot uses against the power output it restores.",
]
RESULTS = [
    "Figure 3 shows the daily energy of the panels in the first month of trials.",
    "The energy varies with the cloud cover and the length of the day.",
    "Figure 4 shows the daily energy of the panels in the second month of trials.",
    "In both months the cleaned panels produced more energy than the panels left dusty.",
]
CONCLUSION = [
    "We presented a robotic cleaning schedule that keeps dusty solar panels productive without water.",
    "The robot restores nearly all of the lost power output at a small cost in energy.",
]


def page_png(width: float, height: float, draw) -> bytes:
    """What ``draw(page)`` puts on a blank page of ``width`` x ``height`` points, as a PNG at 144 dpi."""
    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    draw(page)
    png = page.get_pixmap(dpi=144).tobytes("png")
    doc.close()
    return png


def table_png(width: float = 300, rows: int = 5, grid: bool = False) -> bytes:
    """A table of words and numbers between rules (booktabs) or in ruled cells, as a PNG."""
    height = 30 + rows * 16

    def draw(page: pymupdf.Page) -> None:
        shape = page.new_shape()
        ys = [6, 24, 24 + rows * 16] if not grid else [6 + 18 * r for r in range(rows + 2)]
        for y in ys:
            shape.draw_line((4, y), (width - 4, y))
        if grid:
            for x in np.linspace(4, width - 4, 4):
                shape.draw_line((x, ys[0]), (x, ys[-1]))
        shape.finish(color=(0, 0, 0), width=0.8)
        shape.commit()
        heads = ("Site", "Energy (kWh)", "Loss (%)")
        for c, head in enumerate(heads):
            page.insert_text((10 + c * (width - 8) / 3, 19), head, fontsize=8)
        for r in range(rows):
            y = (38 if not grid else 37) + r * (16 if not grid else 18)
            for c, cell in enumerate((f"Node {r + 1}", f"{12.5 + r:.1f}", f"{3 + r * 1.5:.1f}")):
                page.insert_text((10 + c * (width - 8) / 3, y), cell, fontsize=8)

    return page_png(width, height, draw)


def plot_png(panels: int = 1) -> bytes:
    """Line plots (stacked ``panels``, each framed) as a PNG."""
    def draw(page: pymupdf.Page) -> None:
        for p in range(panels):
            r = pymupdf.Rect(4, 4 + 120 * p, 256, 116 + 120 * p)
            page.draw_rect(r, color=(0, 0, 0), width=0.8)
            draw_plot(page, r + (6, 6, -6, -6), seed=p)

    return page_png(260, 120 * panels, draw)


def mosaic_png() -> bytes:
    """A mosaic plot: rows of grey tiles with dark edges across the whole width."""
    def draw(page: pymupdf.Page) -> None:
        y = 4
        for r, widths in enumerate(((60, 120, 72), (150, 40, 62), (90, 90, 72), (30, 200, 22))):
            x = 4
            for k, w in enumerate(widths):
                page.draw_rect(pymupdf.Rect(x, y, x + w, y + 40), color=(0, 0, 0), fill=(0.55 + 0.1 * k,) * 3, width=1)
                x += w
            y += 48

    return page_png(260, 200, draw)


def panels_png() -> bytes:
    """Plots in a grid of framed panels, each under a strip label: ruled like a table, but not one."""
    def draw(page: pymupdf.Page) -> None:
        for r in range(2):
            for c in range(3):
                x, y = 4 + 97 * c, 4 + 96 * r
                page.draw_rect(pymupdf.Rect(x, y, x + 97, y + 12), color=(0, 0, 0), fill=(0.9, 0.9, 0.9), width=0.8)
                page.insert_text((x + 30, y + 9), f"Dept = {'ABCDEF'[3 * r + c]}", fontsize=7)
                page.draw_rect(pymupdf.Rect(x, y + 12, x + 97, y + 96), color=(0, 0, 0), width=0.8)
                draw_plot(page, pymupdf.Rect(x + 6, y + 18, x + 91, y + 90), seed=r * 3 + c, tick_labels=True)

    return page_png(300, 200, draw)


def _rgb(png: bytes) -> np.ndarray:
    pix = pymupdf.Pixmap(png)
    if pix.alpha or pix.n != 3:
        pix = pymupdf.Pixmap(pymupdf.csRGB, pix, 0)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, 3)


def test_tables_set_as_images_are_told_from_plots():
    assert ruled_text(_rgb(table_png()))
    assert ruled_text(_rgb(table_png(grid=True)))
    # a framed plot, and framed plots stacked (four full-width rules) are not tables
    assert not ruled_text(_rgb(plot_png(1)))
    assert not ruled_text(_rgb(plot_png(3)))
    assert not ruled_text(_rgb(mosaic_png()))
    assert not ruled_text(_rgb(panels_png()))
    assert not ruled_text(_rgb(gradient_pixmap(200, 120).tobytes("png")))
    assert is_table(Figure("t", 0, (0, 0, 1, 1), caption="Table 2: Energy per node."))
    assert is_table(Figure("t", 0, (0, 0, 1, 1), image_png=table_png()))
    assert not is_table(Figure("f", 0, (0, 0, 1, 1), caption="Figure 2: A table-top experiment.",
                               image_png=plot_png()))


def test_terms_pair_neighbours_and_drop_labels():
    assert caption_body("Figure 3: Overview of the system.") == "Overview of the system."
    t = terms("Conditional inference trees for the data")
    assert {"conditional", "inference", "tree", "conditional inference", "inference tree", "data"} <= t
    assert "tree data" not in t  # "for the" breaks the run
    assert {"太阳", "阳能"} <= terms("太阳能")


def _paper(path, *, table_image: bool = True) -> None:
    b = PaperBuilder(columns=2, logo=True)
    b.title("Robotic Cleaning Schedules for Dusty Solar Panels")
    b.heading("1 Introduction")
    b.paragraph(" ".join(INTRO))
    b.heading("2 Test site")
    b.paragraph(" ".join(SITE))
    b.figure("raster", "Figure 1: The weather station beside the test site.", height=90)
    b.figure("raster", "Figure 2: Overview of the robotic cleaning schedule for dusty solar panels: the dust "
                       "sensor, the soiling forecast and the cleaning robot.", height=120)
    b.heading("3 Method")
    b.paragraph(" ".join(METHOD))
    if table_image:
        # a table set as an image, with no caption of its own
        b._advance(130)
        x0 = b._col_x(b.col)
        b.page.insert_image(pymupdf.Rect(x0 + 8, b.y + 6, x0 + b.col_width - 8, b.y + 110), stream=table_png())
        b.y += 120
    b.heading("4 Results")
    b.paragraph(" ".join(RESULTS))
    b.figure("vector", "Figure 3: Daily energy of the panels in the first month.")
    b.figure("vector", "Figure 4: Daily energy of the panels in the second month.")
    b.heading("5 Conclusion")
    b.paragraph(" ".join(CONCLUSION))
    b.save(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("keyfig") / "paper.pdf"
    _paper(path)
    return path, summarizer().summarize(path, SummaryOptions(figures=6))


def test_the_overview_figure_cited_in_the_introduction_comes_first(built):
    _, summary = built
    labels = [f.figure.label for f in summary.figures]
    assert labels[0] == "Figure 2", labels
    signals = {r.signal for r in summary.figures[0].why}
    assert 2 <= len(summary.figures[0].why) <= 3
    assert signals & {"claims", "cited_where", "cited_as"}
    assert all(0 <= r.value <= 1 and 0 < r.share <= 1 and r.note for r in summary.figures[0].why)


def test_the_figure_whose_caption_restates_the_opening_comes_first(tmp_path):
    # no overview cue, no citation in the introduction, not Figure 1, not on the first pages:
    # only its caption saying again what the opening says the paper found
    b = PaperBuilder(columns=1)
    b.title("Robotic Cleaning Schedules for Dusty Solar Panels")
    b.heading("1 Introduction")
    b.paragraph(" ".join(INTRO[:3] + INTRO[4:]))
    b.heading("2 Test site")
    b.paragraph(" ".join(SITE))
    b.figure("raster", "Figure 1: The weather station beside the test site, with its mast and sensors.", height=110)
    b.heading("3 Method")
    b.paragraph(" ".join(METHOD))
    b.figure("vector", "Figure 2: Wind speed and humidity at the station during the trials.")
    b.heading("4 Results")
    b.paragraph(" ".join(RESULTS))
    b.figure("vector", "Figure 3: Daily energy of the panels in the first month of trials.")
    b.figure("vector", "Figure 4: Scheduled robotic cleaning restores the power output that dusty solar panels "
                       "lose, without water.")
    b.heading("5 Conclusion")
    b.paragraph(" ".join(CONCLUSION))
    path = tmp_path / "restated.pdf"
    b.save(path)
    summary = summarizer().summarize(path, SummaryOptions(figures=3))
    top = summary.figures[0]
    assert top.figure.label == "Figure 4", [f.figure.label for f in summary.figures]
    opening = next(r for r in top.why if r.signal == "opening")
    assert opening.value == 1.0 and "restates the opening" in opening.note and "robotic cleaning" in opening.note


def test_phrase_pairs_compare_texts_phrase_by_phrase():
    from mmsum.rank.terms import phrase_pairs

    pairs = phrase_pairs("Conditional inference trees for the glaucoma data")
    assert {"conditional inference", "inference tree", "tree for", "glaucoma data"} <= pairs
    assert "for the" not in pairs  # two function words say nothing
    assert "太阳 阳能" in phrase_pairs("太阳能")


def test_decoration_and_tables_set_as_images_are_never_key_figures(built):
    _, summary = built
    doc = summary.document
    shown = {f.figure.id for f in summary.figures}
    assert all(f.label for f in (s.figure for s in summary.figures))  # only the four captioned figures
    tables = [f for f in doc.figures if is_table(f)]
    assert all(f.id not in shown for f in tables)
    # the logo, the same image on every page, never shows
    logo = [f for f in doc.figures if f.bbox[1] < 54 and not f.label]
    assert all(f.id not in shown for f in logo)


def test_a_figure_whose_crop_failed_is_not_shown(built, monkeypatch):
    import mmsum.ingest.render as render

    path, _ = built
    original = render.render_crops

    def fail_figure_2(doc, figures, **kwargs):
        warnings = original(doc, figures, **kwargs)
        for f in figures:
            if f.label == "Figure 2":
                f.image_png = None
        return warnings + ["page 1: figure image could not be rendered (test)"]

    monkeypatch.setattr(render, "render_crops", fail_figure_2)
    summary = summarizer().summarize(path, SummaryOptions(figures=6))
    labels = [f.figure.label for f in summary.figures]
    assert "Figure 2" not in labels and labels


def test_the_explanation_is_written_to_the_json(built, tmp_path):
    from mmsum.export import write_summary

    _, summary = built
    (js,) = write_summary(summary, tmp_path, ("json",))
    fig = json.loads(js.read_text())["figures"][0]
    assert fig["label"] == "Figure 2" and fig["score"] == 1.0
    assert fig["why"] and {"signal", "value", "share", "note"} <= set(fig["why"][0])
    assert fig["why"][0]["share"] >= fig["why"][-1]["share"]


def test_the_figure_card_tooltip_explains_the_choice(qtbot):
    from mmsum.summary import FigureReason, ScoredFigure
    from ui.figure_strip import FigureCard

    why = [FigureReason("cited_where", 1.0, 0.4, "cited in the introduction"),
           FigureReason("claims", 0.8, 0.35, "its caption names “solar panel”")]
    card = FigureCard(0, ScoredFigure(Figure("f", 0, (0, 0, 1, 1), label="Figure 2"), 0.87, why), None, 1.0)
    qtbot.addWidget(card)
    tip = card.toolTip()
    assert "Salience 0.87" in tip and "cited in the introduction" in tip and "40% of the score" in tip
    assert tip.index("cited in the introduction") < tip.index("solar panel")
    plain = FigureCard(0, ScoredFigure(Figure("g", 0, (0, 0, 1, 1)), 0.5), None, 1.0)
    qtbot.addWidget(plain)
    assert "Salience 0.50" in plain.toolTip() and "Chosen because" not in plain.toolTip()


def test_a_summary_opens_or_closes_and_the_introduction_is_found():
    from mmsum.rank.claims import sentence_places
    from tests.encoders import make_document

    sections = ["Summary"] * 2 + ["1 Introduction"] * 3 + ["2 Method"] * 10 + ["6 Summary"] * 5
    doc = make_document([f"Sentence {i} of the paper." for i in range(20)], sections=sections)
    places = sentence_places(doc)
    assert places[:5] == ["intro"] * 5 and set(places[5:15]) == {None} and places[15:] == ["conclusion"] * 5
    # no headings at all: the opening fifth is the introduction
    untitled = sentence_places(make_document([f"Sentence {i}." for i in range(20)]))
    assert untitled[:4] == ["intro"] * 4 and untitled[4:] == [None] * 16
