"""A figure's kind: the shipped learned model names figures whose chart is not read from their
drawings (raster charts, pies, heat maps, photographs); a chart read keeps the rules' kind."""
from __future__ import annotations

import json
import math
import random

import numpy as np
import pymupdf
import pytest

from mmsum.ingest import read_document
from mmsum.ingest.kind_measures import DRAWING_MEASURES, MEASURES, PIXEL_MEASURES, pixel_measures
from mmsum.ingest.kind_model import BUNDLED, KindModel, bundled_model

pytest.importorskip("matplotlib")


def _raster_figure_pdf(path, kind: str, seed: int) -> None:
    """One page with a matplotlib chart of ``kind`` set as a PNG image, captioned Figure 1."""
    from mmsum.train.kind_data import place_figure
    from mmsum.train.kind_figures import matplotlib_figure

    rng = random.Random(seed)
    _, data, fmt = matplotlib_figure(rng, kind, raster=True)
    doc = pymupdf.open()
    place_figure(doc, rng, 1, data, fmt)
    doc.save(path)


def test_shipped_weights_load_and_fit_the_measures():
    model = bundled_model()
    assert model is not None, f"{BUNDLED} is missing or was made for other measures"
    assert model.measures == MEASURES == DRAWING_MEASURES + PIXEL_MEASURES
    assert {"line", "bar", "pie", "heatmap", "box", "diagram", "photo"} <= set(model.kinds)
    card = BUNDLED.with_name("MODEL_CARD.md").read_text(encoding="utf-8")
    assert "python -m mmsum.train.kinds" in card


@pytest.mark.parametrize("kind", ["pie", "heatmap", "bar"])
def test_a_fresh_raster_chart_is_named_by_the_learned_model(tmp_path, kind):
    # seeds far from the training's: these figures were never seen in training
    _raster_figure_pdf(tmp_path / f"{kind}.pdf", kind, seed=2029)
    doc = read_document(tmp_path / f"{kind}.pdf", ocr=False)
    assert len(doc.figures) == 1
    c = doc.figures[0].content
    assert c.kind == kind, c
    assert "kind" in c.read and c.description.split()[0] in ("Pie", "Heat", "Bar")


def test_a_chart_read_from_its_drawings_keeps_the_rules_kind(tmp_path):
    from tests.chartbuild import matplotlib_chart

    truth = matplotlib_chart(tmp_path / "line.pdf", "line", 1)
    doc = read_document(truth.path, ocr=False)
    c = doc.figures[0].content
    assert c.kind == "line" and "series" in c.read
    assert c.description.startswith("Line chart of Battery voltage (V)")


def test_weights_round_trip_and_stale_weights_are_refused():
    rng = np.random.default_rng(0)
    kinds = ("line", "pie")
    model = KindModel(kinds, MEASURES, rng.normal(size=len(MEASURES)), np.ones(len(MEASURES)),
                      rng.normal(size=(2, len(MEASURES))), np.zeros(2))
    again = KindModel.from_json(json.loads(json.dumps(model.to_json())))
    x = rng.normal(size=len(MEASURES)).tolist()
    assert again.predict(x) == model.predict(x)
    p = model.probabilities(np.asarray([x, x]))
    assert p.shape == (2, 2) and np.allclose(p.sum(axis=1), 1.0)
    stale = {**model.to_json(), "measures": list(MEASURES[:-1])}
    with pytest.raises(ValueError, match="rebuild"):
        KindModel.from_json(stale)


def test_pixel_measures_of_any_crop():
    assert pixel_measures(np.zeros((0, 0, 3), np.uint8)) == [0.0] * len(PIXEL_MEASURES)
    white = pixel_measures(np.full((50, 80, 3), 255, np.uint8))
    assert white[PIXEL_MEASURES.index("white")] == 1.0 and white[PIXEL_MEASURES.index("edges")] == 0.0
    big = pixel_measures(np.random.default_rng(1).integers(0, 255, (900, 1200, 3), dtype=np.uint8))
    assert len(big) == len(PIXEL_MEASURES) and big[PIXEL_MEASURES.index("white")] < 0.1


def test_a_chart_read_as_lines_is_no_histogram():
    # the sample report's current trace and voltage curves (resources/make_sample.py draws them
    # with lines): the model had called them histograms from their pixels
    from pathlib import Path

    doc = read_document(Path(__file__).resolve().parents[1] / "resources" / "sample-report.pdf")
    kinds = {f.label: f.content.kind for f in doc.figures}
    assert kinds["Figure 2"] == "line" and kinds["Figure 4"] == "line" and kinds["Figure 3"] == "bar"


def test_the_model_names_a_histogram_only_where_bars_were_read():
    from mmsum.ingest.figure_kinds import model_may_overrule

    lines = [0.0] * len(MEASURES)
    bars = list(lines)
    bars[MEASURES.index("bar_series")] = 1.0
    assert not model_may_overrule("histogram", lines, chart_read=True)
    assert model_may_overrule("histogram", bars, chart_read=True)
    glyphs = list(lines)
    glyphs[MEASURES.index("box_glyphs")] = math.log1p(1)
    assert model_may_overrule("box", glyphs, chart_read=True) and not model_may_overrule("line", bars, chart_read=True)
    # a vector chart without a box-and-whisker glyph is no box plot (real line charts had been)
    assert not model_may_overrule("box", lines, chart_read=True)
    raster = list(lines)
    raster[MEASURES.index("raster")] = 1.0
    assert model_may_overrule("histogram", raster, chart_read=False)  # a raster chart: the model decides


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_map_without_axes_or_words_is_no_chart(tmp_path, seed):
    # a raster field with vector symbols over it and no text (the sample's vineyard): the model,
    # which never saw such a drawing, had called it a histogram or a scatter plot
    from mmsum.ingest.figure_kinds import KINDS
    from tests.figurebuild import field_map

    _, path = field_map(tmp_path / "map.pdf", seed)
    doc = read_document(path, ocr=False)
    assert len(doc.figures) == 1
    c = doc.figures[0].content
    assert c.kind in KINDS and c.kind not in ("line", "scatter", "bar", "histogram", "box", "heatmap", "pie"), c
    assert not c.description.startswith(("Histogram", "Scatter", "Bar", "Line", "Box", "Heat", "Pie")), c


def test_the_sample_maps_figure_is_no_chart():
    from pathlib import Path

    doc = read_document(Path(__file__).resolve().parents[1] / "resources" / "sample-report.pdf")
    c = next(f.content for f in doc.figures if f.label == "Figure 1")
    assert c.kind == "other" and c.description.startswith("Figure: Layout of the 24 nodes"), c


def test_a_drawing_without_axes_takes_no_kind_drawn_on_axes():
    from mmsum.ingest.figure_kinds import model_may_overrule

    def drawing(**values: float) -> list[float]:
        m = [0.0] * len(MEASURES)
        for k, v in values.items():
            m[MEASURES.index(k)] = v
        return m

    words = drawing(text_lines=2.0, numeric_share=0.0, rule_share=0.5)   # a diagram's boxes and labels
    numbered = drawing(text_lines=2.0, numeric_share=0.6, rule_share=0.5)  # numbers at no tick: no axis
    charted = drawing(text_lines=2.0, numeric_share=0.6, rule_share=0.5, chart=1.0)
    bare = drawing(marker_share=0.7, bar_share=0.3)                        # symbols alone: a map
    wedged = drawing(text_lines=2.0, numeric_share=0.0, rule_share=0.5, wedges=1.0)
    assert not model_may_overrule("bar", words, chart_read=False) and model_may_overrule("pie", wedged, chart_read=False)
    assert not model_may_overrule("pie", words, chart_read=False)  # no wedge: no pie
    assert not model_may_overrule("line", numbered, chart_read=False) and not model_may_overrule("bar", numbered, False)
    assert model_may_overrule("line", charted, chart_read=False)          # axes read, their series not
    lying = drawing(text_lines=2.0, numeric_share=0.6, rule_share=0.5, axes=math.log1p(1))
    assert model_may_overrule("bar", lying, chart_read=False)             # an x axis alone: bars lying along it
    assert not model_may_overrule("histogram", bare, chart_read=False)
    assert not model_may_overrule("heatmap", bare, chart_read=False) and model_may_overrule("photo", bare, chart_read=False)
    raster = drawing(raster=1.0)
    assert model_may_overrule("scatter", raster, chart_read=False)       # pixels are all a raster chart has


@pytest.mark.skipif(not __import__("shutil").which("Rscript"), reason="R is not installed (apt-get install r-base-core)")
def test_r_draws_a_figure_of_every_kind_for_the_training(tmp_path):
    from mmsum.train.kind_data import place_figure
    from mmsum.train.kind_r import R_KINDS, r_figures

    rng = random.Random(5)
    jobs = [(k, i % 3 == 2) for i, k in enumerate(R_KINDS)]
    made = r_figures(rng, "r-base", jobs)
    assert [k for k, _, _ in made] == list(R_KINDS)
    assert [fmt for _, _, fmt in made] == ["png" if raster else "pdf" for _, raster in jobs]
    doc = pymupdf.open()
    for i, (_, data, fmt) in enumerate(made):
        place_figure(doc, rng, i + 1, data, fmt)
    doc.save(tmp_path / "r.pdf")
    figures = read_document(tmp_path / "r.pdf", ocr=False).figures
    assert sorted(f.number for f in figures) == list(range(1, len(R_KINDS) + 1))
    line = next(f for f in figures if f.number == 1)
    assert line.kind == "vector" and line.content.kind == "line", line.content


CHART_KINDS = ("line", "scatter", "bar", "histogram", "box", "heatmap", "pie")


@pytest.mark.parametrize("seed", [0, 1])
def test_a_drawing_without_wedges_is_no_pie(tmp_path, seed):
    # grids of filled cells drawn in perspective (a textbook's dilated convolution): the model
    # had called such drawings pies (nndl's Figure 5.18 at 0.97)
    from tests.kindbuild import perspective_grids

    path = perspective_grids(tmp_path / "drawing.pdf", seed)
    doc = read_document(path, ocr=False)
    assert len(doc.figures) == 1
    c = doc.figures[0].content
    assert c.kind not in CHART_KINDS, c


def test_wedges_are_told_from_rounded_boxes_and_quads():
    from mmsum.ingest.chart_series import classify
    from mmsum.ingest.kind_measures import is_wedge

    doc = pymupdf.open()
    page = doc.new_page()
    shape = page.new_shape()
    shape.draw_sector((200, 200), (260, 200), 50)      # a wedge of 50 degrees: its arc ends on its box
    shape.finish(color=(1, 1, 1), fill=(0.8, 0.2, 0.2), closePath=True)
    shape.draw_sector((200, 400), (260, 400), 200)     # more than half a turn
    shape.finish(color=(1, 1, 1), fill=(0.2, 0.2, 0.8), closePath=True)
    # a ring's segment (a donut's): two arcs of two curves each around (450, 200), joined by radii
    at = lambda r, deg: (450 + r * math.cos(math.radians(deg)), 200 - r * math.sin(math.radians(deg)))
    shape.draw_curve(at(50, 0), at(52, 15), at(50, 30))
    shape.draw_curve(at(50, 30), at(52, 45), at(50, 60))
    shape.draw_line(at(50, 60), at(30, 60))
    shape.draw_curve(at(30, 60), at(31, 45), at(30, 30))
    shape.draw_curve(at(30, 30), at(31, 15), at(30, 0))
    shape.draw_line(at(30, 0), at(50, 0))
    shape.finish(color=(1, 1, 1), fill=(0.2, 0.6, 0.2), closePath=True)
    shape.draw_rect(pymupdf.Rect(50, 500, 150, 540), radius=0.2)  # a rounded box
    shape.finish(color=(0, 0, 0), fill=(0.9, 0.8, 0.6))
    shape.draw_circle((300, 600), 30)
    shape.finish(color=(0, 0, 0), fill=(0.9, 0.8, 0.6))
    shape.draw_polyline([(50, 700), (150, 700), (170, 680), (70, 680), (50, 700)])  # a parallelogram
    shape.finish(color=(0, 0, 0), fill=(0.9, 0.8, 0.6))
    shape.commit()
    marks = [m for p in page.get_drawings() for m in classify(p) if m.kind == "shape"]
    wedges = [is_wedge(m) for m in marks]
    assert wedges == [True, True, True, False, False, False], [(m.kind, m.bbox) for m in marks]


def test_a_box_plot_drawn_by_hand_is_a_box_plot(tmp_path):
    # boxes, medians and whiskers drawn as no producer of the training draws them, upright or
    # lying, plain or notched: the notched upright ones were read as line charts (the rules had
    # no box plot, and the model was not sure)
    from tests.kindbuild import drawn_box_plot

    for lying in (False, True):
        for notched in (False, True):
            path = drawn_box_plot(tmp_path / f"box-{lying}-{notched}.pdf", 3, lying=lying, notched=notched)
            c = read_document(path, ocr=False).figures[0].content
            assert c.kind == "box" and c.description.startswith("Box plot"), (lying, notched, c)


@pytest.mark.skipif(not __import__("shutil").which("pdflatex"), reason="TeX Live is not installed")
@pytest.mark.parametrize("seed", [2030, 2031])
def test_surfaces_screenshots_and_tex_equations_are_no_charts(tmp_path, seed):
    # seeds far from the training's: a raster 3D surface had been a scatter plot or a pie, an
    # equation set by TeX a bar chart or "other" (real ones: arXiv 1606.02202 Figure 2, a
    # screenshot called a scatter plot, a matrix set as an equation called a bar chart)
    from mmsum.train.kind_data import place_figure
    from mmsum.train.kind_nocharts import nochart_figures

    rng = random.Random(seed)
    jobs = [("surface", True), ("screenshot", True), ("tex-equation", False), ("tex-equation", True)]
    made = nochart_figures(rng, jobs)
    assert [fmt for _, _, fmt in made] == ["png" if raster else "pdf" for _, raster in jobs]
    doc = pymupdf.open()
    for i, (_, data, fmt) in enumerate(made):
        place_figure(doc, rng, i + 1, data, fmt)
    doc.save(tmp_path / "nocharts.pdf")
    kinds = {f.number: f.content.kind for f in read_document(tmp_path / "nocharts.pdf", ocr=False).figures}
    assert kinds[1] not in CHART_KINDS and kinds[2] not in CHART_KINDS, kinds
    assert kinds[3] == kinds[4] == "equation", kinds


def test_text_set_in_a_monospaced_font_is_measured_as_code():
    from mmsum.ingest.chart_text import figure_lines
    from mmsum.ingest.kind_measures import drawing_measures
    from mmsum.document import Figure

    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(["for (int i = 0; i < n; ++i) {", "    sum += x[i];", "}"]):
        page.insert_text((72, 100 + 12 * i), line, fontsize=9, fontname="cour")
    page.insert_text((72, 150), "Listing of the loop", fontsize=9, fontname="helv")
    lines = figure_lines(page, (60, 80, 400, 160))
    assert [round(t.mono) for t in lines] == [1, 1, 1, 0]
    figure = Figure(id="fig-1", page=0, bbox=(60, 80, 400, 160), kind="vector", text="")
    share = drawing_measures(figure, [], lines)[MEASURES.index("mono_share")]
    code = sum(len(t.text) for t in lines[:3]) / sum(len(t.text) for t in lines)
    assert share == pytest.approx(code, abs=0.02) and share > 0.5, share


@pytest.mark.skipif(not __import__("shutil").which("pdflatex"), reason="TeX Live is not installed")
@pytest.mark.parametrize("seed", [2030, 2031])
def test_code_listings_are_no_equations(tmp_path, seed):
    # seeds far from the training's: RcppEigen's listings (C++ set in Latin Modern Mono) had
    # been called equations
    from mmsum.train.kind_data import place_figure
    from mmsum.train.kind_nocharts import mono_listing, tex_listings

    rng = random.Random(seed)
    made = tex_listings(rng, [False, False]) + [mono_listing(rng, False), mono_listing(rng, False)]
    doc = pymupdf.open()
    for i, (_, data, fmt) in enumerate(made):
        place_figure(doc, rng, i + 1, data, fmt)
    doc.save(tmp_path / "listings.pdf")
    figures = read_document(tmp_path / "listings.pdf", ocr=False).figures
    assert sorted(f.number for f in figures) == [1, 2, 3, 4]
    assert all(f.content.kind == "other" for f in figures), [(f.number, f.content.kind) for f in figures]
    # a listing's box is not always found whole; where it holds the listing, its type is code
    assert any(f.content.measures[MEASURES.index("mono_share")] > 0.9 for f in figures)


def test_training_judges_a_field_in_its_axes_as_the_reader_does():
    # a heat map of a chart read without series (a field's image in its axes) has its axes read:
    # the model may not rename it a diagram there, nor in the training's verdicts
    from mmsum.train.kind_data import Example
    from mmsum.train.kinds import verdicts

    class Sure:
        def predict(self, measures):
            return "diagram", 0.9

    m = [0.0] * len(MEASURES)
    m[MEASURES.index("chart")] = 1.0
    field = Example("matplotlib", "heatmap", m, "heatmap", "field#1")
    grid = list(m)
    grid[MEASURES.index("heatmap_rule")] = 1.0  # cells on a grid, none read as series: no axes given
    cells = Example("matplotlib", "heatmap", grid, "heatmap", "cells#1")
    assert verdicts(Sure(), [field, cells])["reader"] == ["heatmap", "diagram"]


def test_the_shipped_weights_are_measured_on_labelled_figures_without_a_fit(tmp_path, capsys):
    """``python -m mmsum.train.kinds --real-only`` reads the labelled figures with this reader and
    measures the shipped weights on them; it generates nothing and writes no weights."""
    from mmsum.ingest.kind_model import BUNDLED
    from mmsum.train.kinds import main
    from tests.kindbuild import drawn_box_plot

    drawn_box_plot(tmp_path / "box.pdf")
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"figures": [{"doc": "box.pdf", "label": "Figure 1", "kind": "box"}]}))
    before = BUNDLED.stat().st_mtime_ns
    assert main(["--real-only", "--real", str(labels), "--corpus", str(tmp_path),
                 "--out", str(tmp_path / "never.json")]) == 0
    out = capsys.readouterr().out
    assert "Hand-labelled real figures (1)" in out, out
    assert "| box | 1 |" in out, out
    assert "- box.pdf#Figure 1: true box" in out, out
    assert BUNDLED.stat().st_mtime_ns == before and not (tmp_path / "never.json").exists()
