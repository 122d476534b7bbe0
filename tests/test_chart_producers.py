"""Charts from gnuplot, TikZ/pgfplots and R read exactly: each draws its legend, markers and
category axis its own way (gnuplot's key puts the sample right of the name, and it draws each
stroke of a "+" or "x" point as a path of its own; pgfplots fills
marks with a darker shade of the line and draws a bar legend as small bars of unequal height;
ggplot2 sets its legend's samples on grey squares and its data on a grey panel; R's base
graphics set "-" as a minus sign and draw a line of type "b" as segments stopping short of
each point)."""
from __future__ import annotations

import pytest

from mmsum.export.figures import figure_record
from mmsum.ingest import read_document
from tests.chartbuild import score
from tests.chartproducers import (PRODUCER_KINDS, ggplot_available, ggplot_chart, gnuplot_available, gnuplot_chart,
                                  pgfplots_available, pgfplots_chart, pgfplots_close_ticks, pgfplots_shared_legend,
                                  r_available, r_base_chart)

NO_R = pytest.mark.skipif(not r_available(), reason="R is not installed (apt-get install r-base-core)")

PRODUCERS = [
    pytest.param(gnuplot_chart, marks=pytest.mark.skipif(not gnuplot_available(), reason="gnuplot is not installed "
                                                                                          "(apt-get install gnuplot-nox)"), id="gnuplot"),
    pytest.param(pgfplots_chart, marks=pytest.mark.skipif(not pgfplots_available(), reason="TeX Live with pgfplots is "
                                                                                            "not installed"), id="pgfplots"),
    pytest.param(ggplot_chart, marks=pytest.mark.skipif(not ggplot_available(), reason="R with ggplot2 is not installed "
                                                                                        "(apt-get install r-cran-ggplot2)"), id="ggplot2"),
]


def _check(tmp_path, build, kind, seed):
    truth = build(tmp_path / f"{kind}.pdf", kind, seed)
    doc = read_document(truth.path, render_figures=False, ocr=False)
    assert len(doc.figures) == 1
    rec = figure_record(doc.figures[0])
    sc = score(truth, rec)
    assert sc.found == sc.total, (rec["series"], truth.series)
    assert sc.error is not None and sc.error < 0.01
    assert sc.titles_exact == sc.titles_total, rec["axes"]
    assert sc.names_exact == sc.names_total, [s["name"] for s in rec["series"]]
    assert len(rec["series"]) == len(truth.series), [s["name"] for s in rec["series"]]
    assert sc.kind_ok, rec["kind"]


@pytest.mark.parametrize("kind", PRODUCER_KINDS)
@pytest.mark.parametrize("build", PRODUCERS)
def test_chart_of_another_producer_read_within_one_percent(tmp_path, build, kind):
    _check(tmp_path, build, kind, 0)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("kind", PRODUCER_KINDS)
@pytest.mark.parametrize("build", PRODUCERS)
def test_chart_of_another_producer_in_other_styles(tmp_path, build, kind, seed):
    _check(tmp_path, build, kind, seed)


@pytest.mark.skipif(not gnuplot_available(), reason="gnuplot is not installed (apt-get install gnuplot-nox)")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gnuplot_scatter_of_stroked_points(tmp_path, seed):
    """Plus and cross points (each stroke a path of its own), open squares and stars are a
    scatter plot's points, not ticks, short lines or frames."""
    _check(tmp_path, gnuplot_chart, "scatter", seed)


@NO_R
@pytest.mark.parametrize("kind, seed", [("line", 0), ("line", 1), ("line", 2), ("scatter", 0), ("scatter", 1)])
def test_r_base_graphics_chart(tmp_path, kind, seed):
    """Including a legend set outside the plot in the tick labels' size, which is the body's."""
    _check(tmp_path, r_base_chart, kind, seed)


@NO_R
@pytest.mark.parametrize("kind, seed", [("bar", 0), ("scatter", 2)])
def test_r_base_graphics_text_is_no_title(tmp_path, kind, seed):
    """On a page without a title, chart text set larger than the body (category names under
    bars, a legend over the plot's edge) stays the figure's, not the document's title."""
    _check(tmp_path, r_base_chart, kind, seed)
    assert read_document(tmp_path / f"{kind}.pdf", render_figures=False, ocr=False).title is None


@pytest.mark.skipif(not pgfplots_available(), reason="TeX Live with pgfplots is not installed")
def test_tex_log_ticks_symbol_names_and_a_legend_shared_by_two_panels(tmp_path):
    # 10^{-6} is "10", "−", "6" (two raised spans: the axis had been read as linear from the
    # positive powers alone); "K → ∞" in TeX's symbol font has an em-deep box (no sample beside
    # its middle: no name); the lower panel's curves had no name (each entry named one series);
    # the y title ⟨p⟩(L) is a function of L, with no unit "L"
    truth = pgfplots_shared_legend(tmp_path / "shared.pdf")
    rec = figure_record(read_document(truth.path, render_figures=False, ocr=False).figures[0])
    y = rec["axes"]["y"]
    assert (y["title"], y["unit"], y["scale"], y["range"]) == ("⟨p⟩(L)", None, "log", [1e-06, 100.0]), y
    assert [s["name"] for s in rec["series"]] == [n for n, _ in truth.series]
    sc = score(truth, rec)
    assert sc.found == sc.total and sc.error < 0.01, sc


@pytest.mark.skipif(not pgfplots_available(), reason="TeX Live with pgfplots is not installed")
@pytest.mark.parametrize("width_cm,powers,scale,labels", [(4.0, False, "linear", [0.08, 0.16]), (4.5, False, "linear", [0.08, 0.16]),
                                                          (6.0, False, "linear", [0.08, 0.16]), (4.0, True, "log", [2e4, 7e4])])
def test_x_tick_labels_read_as_one_line_part_into_ticks(tmp_path, width_cm, powers, scale, labels):
    # at 4 and 4.5 cm MuPDF reads the x ticks as one line ("8 · 10−20.1 0.12 0.14 0.16", at 4
    # cm the labels even overlap): no x axis was read, and no series; at 6 cm they are apart.
    # Two powers read as one line ("2 · 1044 · 104", arXiv 1708.00745's inset) had been one
    # label of 2 · 10⁴⁸
    truth = pgfplots_close_ticks(tmp_path / "ticks.pdf", width_cm, powers)
    rec = figure_record(read_document(truth.path, render_figures=False, ocr=False).figures[0])
    x = rec["axes"]["x"]
    assert (x["title"], x["scale"]) == ("Step size", scale) and x["range"] == pytest.approx(labels), x
    sc = score(truth, rec)
    assert sc.found == sc.total and sc.error < 0.01, sc


@NO_R
@pytest.mark.parametrize("seed", [4, 5])
def test_r_legend_of_one_series_beside_the_plot(tmp_path, seed):
    # a scatter plot of one series, its legend of one short line set right of the plot (xpd):
    # the figure's crop took no one-line block of the labels' size, so the name was lost
    truth = r_base_chart(tmp_path / "scatter.pdf", "scatter", seed)
    assert len(truth.series) == 1
    fig = read_document(truth.path, render_figures=False, ocr=False).figures[0]
    assert "baseline" in fig.text.split()
    assert [s["name"] for s in figure_record(fig)["series"]] == [truth.series[0][0]]


@pytest.mark.skipif(not pgfplots_available(), reason="TeX Live with pgfplots is not installed")
def test_category_labels_set_as_one_line_part_between_their_bars(tmp_path):
    # seed 5 sets "gamma" and "delta" so close that MuPDF reads one line "gamma delta": both
    # bars had taken it as their category
    _check(tmp_path, pgfplots_chart, "bar", 5)
