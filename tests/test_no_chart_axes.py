"""Numbers that are no axis: a chart's axis has tick labels that progress, each at a tick mark
or grid line, and no symbol's index is a tick label. Grids of numbers in cells, matrices,
stacks of layer boxes with their sizes beside them and indexed symbols had been read as axes
(nndl's Figure 5.2 a histogram, arXiv 1805.05760's Figure 3 a heat map); none is a chart."""
from __future__ import annotations

import pymupdf
import pytest

from mmsum.export.figures import figure_record
from mmsum.ingest import read_document
from mmsum.ingest.charts import read_chart
from mmsum.ingest.kind_measures import MEASURES
from tests.chartbuild import nudged_label_chart, score, split_power_chart
from tests.kindbuild import indexed_symbols, layer_stack, number_grids, typeset_matrix

CHART_KINDS = ("line", "scatter", "bar", "histogram", "box", "heatmap", "pie")


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("build", [number_grids, typeset_matrix, layer_stack, indexed_symbols],
                         ids=["number grids", "typeset matrix", "layer stack", "indexed symbols"])
def test_numbers_that_are_no_axis_make_no_chart(tmp_path, build, seed):
    path = build(tmp_path / "figure.pdf", seed)
    doc = read_document(path, ocr=False)
    assert len(doc.figures) == 1
    figure = doc.figures[0]
    assert read_chart(pymupdf.open(path)[figure.page], figure.bbox) is None
    rec = figure_record(figure)
    assert not rec.get("axes") and not rec.get("series"), rec
    assert rec["kind"] not in CHART_KINDS, rec


@pytest.mark.parametrize("seed", [0, 1])
def test_powers_whose_exponents_are_set_apart_make_a_log_axis(tmp_path, seed):
    # MATLAB writes a log tick's exponent as a text object of its own: MuPDF reads "10" and
    # "-2" as two lines, and the exponents alone had made a linear axis of 0.0001 to 0.01
    truth = split_power_chart(tmp_path / "log.pdf", seed)
    rec = figure_record(read_document(truth.path, ocr=False, render_figures=False).figures[0])
    y = rec["axes"]["y"]
    assert y["scale"] == "log" and y["range"] == [1e-4, 1e4], y
    sc = score(truth, rec)
    assert sc.found == sc.total == 1 and sc.error < 0.01 and rec["kind"] == "line", rec


@pytest.mark.parametrize("seed", [0, 1])
def test_a_tick_label_nudged_off_its_tick_keeps_its_axis(tmp_path, seed):
    # IDL sets the lowest y label above its tick, clear of the x axis's labels: the labels'
    # places no longer fit a line, and arXiv 1607.01329's light curves had been read as no chart
    truth = nudged_label_chart(tmp_path / "idl.pdf", seed)
    rec = figure_record(read_document(truth.path, ocr=False, render_figures=False).figures[0])
    y = rec["axes"]["y"]
    assert y["scale"] == "linear" and y["range"] == [0.0, 1.0], y
    sc = score(truth, rec)
    assert sc.found == sc.total == 1 and sc.error < 0.01 and rec["kind"] == "line", rec


def test_a_label_far_off_any_tick_makes_no_axis(tmp_path):
    # a label whose box does not hold the place its value has on the axis is no tick label
    truth = nudged_label_chart(tmp_path / "off.pdf", 0, nudge=9.0)
    rec = figure_record(read_document(truth.path, ocr=False, render_figures=False).figures[0])
    assert (rec.get("axes") or {}).get("y", {}).get("range") != [0.0, 1.0], rec


def test_a_page_of_too_many_paths_keeps_its_tick_labels_axes(tmp_path, monkeypatch):
    # where the page's drawings are too many to read (a map, a mesh), no tick mark can be asked
    # of an axis: its tick labels still make it, for the kind's measures
    from mmsum.ingest import figure_content, reader
    from tests.chartbuild import plain_chart

    truth = plain_chart(tmp_path / "chart.pdf", 0)
    monkeypatch.setattr(reader, "MAX_PATHS", 3)
    monkeypatch.setattr(figure_content, "MAX_PATHS", 3)
    c = read_document(truth.path, ocr=False, render_figures=False).figures[0].content
    assert c.measures[MEASURES.index("chart")] == 1.0 and not c.series, c


@pytest.mark.parametrize("seed", [0, 1])
def test_labels_midway_between_ticks_make_an_axis(tmp_path, seed):
    # a histogram's x labels set between the tick marks at its bins' edges (pgfplots' ybar
    # interval): each label stands midway between two ticks, none at one
    from tests.chartbuild import interval_histogram

    truth = interval_histogram(tmp_path / "histogram.pdf", seed)
    rec = figure_record(read_document(truth.path, ocr=False, render_figures=False).figures[0])
    assert rec["axes"]["x"]["range"] == [0.0, 7.0] and rec["axes"]["y"]["range"] == [0.0, 40.0], rec["axes"]
    assert rec["kind"] == "histogram" and rec["series"], rec


def test_a_run_of_digit_markers_is_no_tick_label():
    # R draws points as digits (pch "1"): MuPDF reads a row of them as one "number" of 51 digits,
    # which with another digit below it had made a y axis beside the real one (gsubfn's Figure 3
    # lost its series to it)
    from mmsum.ingest.chart_axes import TextLine, find_axes

    run = TextLine("1" * 51, (200.0, 100.0, 460.0, 110.0), value=float("1" * 51))
    three = TextLine("3", (200.0, 160.0, 205.0, 170.0), value=3.0)
    ticks = [(195.0, 105.0, 199.0, 105.0), (195.0, 165.0, 199.0, 165.0)]   # strokes ending by both
    assert find_axes([run, three], ticks) == ([], [])
    assert find_axes([TextLine("10", run.bbox[:2] + (210.0, 110.0), value=10.0), three], ticks)[1]
