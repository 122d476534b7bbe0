"""Vector charts read exactly: axes, series and data against charts built with known data."""
from __future__ import annotations

import csv
import json

import pytest

from mmsum.cli import main
from mmsum.export.figures import figure_record
from mmsum.ingest import read_document
from mmsum.ingest.chart_axes import parse_number, split_unit
from tests.chartbuild import KINDS, field_chart, matplotlib_chart, plain_chart, score

pytest.importorskip("matplotlib")


def _read(truth):
    doc = read_document(truth.path, render_figures=False, ocr=False)
    assert len(doc.figures) == 1
    return doc, figure_record(doc.figures[0])


@pytest.mark.parametrize("seed", [0, 2])
@pytest.mark.parametrize("kind", KINDS)
def test_matplotlib_chart_read_within_one_percent(tmp_path, kind, seed):
    truth = matplotlib_chart(tmp_path / f"{kind}.pdf", kind, seed)
    _, rec = _read(truth)
    sc = score(truth, rec)
    assert sc.found == sc.total, (rec["series"], truth.series)
    assert sc.error is not None and sc.error < 0.01
    assert sc.titles_exact == sc.titles_total, rec["axes"]
    assert sc.names_exact == sc.names_total, [s["name"] for s in rec["series"]]
    assert sc.kind_ok, rec["kind"]
    assert {"kind", "axes", "series"} <= set(rec["read"])
    assert rec["axes"]["y"]["scale"] == truth.y_scale


def test_chart_drawn_by_another_producer(tmp_path):
    truth = plain_chart(tmp_path / "plain.pdf", seed=1)
    _, rec = _read(truth)
    sc = score(truth, rec)
    assert (sc.found, sc.total) == (2, 2) and sc.error < 0.01
    assert rec["axes"]["x"] == {"title": "Load", "unit": "kW", "scale": "linear", "range": [0.0, 10.0]}
    assert rec["axes"]["y"]["title"] == "Efficiency" and rec["axes"]["y"]["unit"] == "%"
    assert sorted(s["name"] for s in rec["series"]) == sorted(n for n, _ in truth.series)


@pytest.mark.parametrize("offset", [0.0, 0.5])
def test_labels_set_twice_at_one_place_are_read_once(tmp_path, offset):
    # every tick label, title and legend name set again after the chart, on the spot (as IDL
    # sets arXiv 1607.01329's) or half a point off: the chart reads as the one set once
    once = plain_chart(tmp_path / "once.pdf", seed=1)
    truth = plain_chart(tmp_path / "twice.pdf", seed=1, twice=offset)
    _, rec = _read(truth)
    sc = score(truth, rec)
    assert (sc.found, sc.total) == (2, 2) and sc.error < 0.01, rec["series"]
    assert rec["axes"]["x"] == {"title": "Load", "unit": "kW", "scale": "linear", "range": [0.0, 10.0]}
    assert rec["axes"]["y"] == {"title": "Efficiency", "unit": "%", "scale": "linear", "range": [0.0, 100.0]}
    assert sc.names_exact == sc.names_total == 2 and sc.kind_ok, rec["kind"]
    _, ref = _read(once)
    assert (rec["kind"], rec["axes"], rec["series"]) == (ref["kind"], ref["axes"], ref["series"])


def test_description_says_what_the_chart_shows(tmp_path):
    truth = plain_chart(tmp_path / "plain.pdf", seed=1)
    _, rec = _read(truth)
    d = rec["description"]
    assert d.startswith("Line chart of Efficiency (%) against Load (kW) (0–10) for 2 series")
    high = max(truth.series, key=lambda s: s[1][-1][1])
    assert f"{high[0]} ends highest, near {high[1][-1][1]:.4g}%" in d


def test_figure_that_is_no_chart_is_described_from_its_caption(tmp_path):
    truth = _raster_paper(tmp_path / "paper.pdf")
    doc = read_document(truth.path, render_figures=False, ocr=False)
    assert len(doc.figures) == 1
    rec = figure_record(doc.figures[0])
    assert rec["axes"] is None and rec["series"] is None and "series" not in rec["read"]
    assert rec["description"].endswith(": The field site seen from the north.")


def test_figures_data_writes_csv_per_chart(tmp_path, capsys):
    truth = plain_chart(tmp_path / "plain.pdf", seed=1)
    assert main(["figures", str(truth.path), "--data", str(tmp_path / "data")]) == 0
    data = json.loads(capsys.readouterr().out)
    fig = data["figures"][0]
    with (tmp_path / "data" / f"{fig['id']}.csv").open() as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["series", "Load (kW)", "Efficiency (%)"]
    name, pts = truth.series[0]
    got = [(float(x), float(y)) for s, x, y in rows[1:] if s == name]
    assert got == [(float(x), float(y)) for x, y in pts]


def _raster_paper(path):
    from tests.pdfbuild import PaperBuilder, lorem

    b = PaperBuilder()
    b.title("A field study")
    b.paragraph(lorem(4) + " The site is shown in Figure 1.")
    b.figure("raster", "Figure 1: The field site seen from the north. Nodes stand on poles.")
    b.paragraph(lorem(4, start=4))
    return b.save(path)


def test_figures_data_without_charts_says_so(tmp_path, capsys):
    truth = _raster_paper(tmp_path / "paper.pdf")
    assert main(["figures", str(truth.path), "--data", str(tmp_path / "data")]) == 0
    err = capsys.readouterr().err
    assert "no chart's data could be read" in err


@pytest.mark.parametrize("text,value", [("−2.5", -2.5), ("1,000", 1000.0), ("20%", 20.0), ("1e-3", 1e-3),
                                        ("10³", 1000.0), ("10^{-2}", 0.01), ("2×10^3", 2000.0), ("0,5", 0.5),
                                        ("Day", None), ("(a)", None), ("1-2", None)])
def test_tick_label_numbers(text, value):
    assert parse_number(text) == value


def test_units_split_from_axis_titles():
    assert split_unit("Voltage (V)") == ("Voltage", "V")
    assert split_unit("Time [s]") == ("Time", "s")
    assert split_unit("Day of trial") == ("Day of trial", None)
    assert split_unit("t (s)") == ("t", "s") and split_unit("Time(s)") == ("Time", "s")
    # a bracket set close after a symbol holds its arguments: the expected loss ⟨p⟩(L) of L
    assert split_unit("⟨p⟩(L)") == ("⟨p⟩(L)", None) and split_unit("f(x)") == ("f(x)", None)
    assert split_unit("P[X]") == ("P[X]", None)


def test_description_stays_out_of_the_figure_text(tmp_path):
    # measured: with the description's words a citing sentence found its figure less often
    from mmsum.document import FigureContent
    from mmsum.ingest.figure_content import figure_words
    from tests.encoders import make_document, png

    doc = make_document(["Wind drives the turbine.", "The film works in snow."],
                        figures=[{"id": "f1", "label": "Figure 1", "number": 1, "page": 0,
                                  "caption": "Figure 1: Output.", "image_png": png(1)}])
    fig = doc.figures[0]
    fig.text = "Output (kW)"
    fig.content = FigureContent("line", "Line chart of Output (kW) against Wind speed (m/s) (0–20) for 2 series.")
    assert figure_words(fig) == "Output (kW)"


def test_a_function_of_a_variable_is_no_unit(tmp_path):
    # "p(L)": the loss's probability as a function of L; "L" had been read as its unit (litres),
    # and the description said "ends near 50 L"
    from tests.chartbuild import _place, line_chart_pdf

    xs = list(range(0, 11))
    buf = line_chart_pdf(xs, [("N = 3", [80 - 3 * x for x in xs]), ("N = 10", [60 - 2 * x for x in xs])],
                         x_ticks=list(range(0, 11, 2)), y_ticks=list(range(0, 101, 20)), x_title="Threshold",
                         y_title="p(L)")
    _place(tmp_path / "f.pdf", buf, (360, 240), "Figure 1: The expected loss for each N.")
    c = read_document(tmp_path / "f.pdf", ocr=False).figures[0].content
    assert c.axes["y"].title == "p(L)" and c.axes["y"].unit is None, c.axes
    assert c.description.startswith("Line chart of p(L) against Threshold"), c.description
    assert "near 50;" in c.description and " L" not in c.description, c.description


class _Page:
    """A page double giving ``get_text("rawdict")`` one block of the given lines."""

    def __init__(self, lines: list[dict]):
        self.lines = lines

    def get_text(self, kind, clip=None, flags=0):
        return {"blocks": [{"lines": self.lines}]}


def _span(text: str, box, origin, size=11.5):
    x0, y0, x1, y1 = box
    w = (x1 - x0) / len(text)
    chars = [{"c": c, "bbox": (x0 + i * w, y0, x0 + (i + 1) * w, y1), "origin": (x0 + i * w, origin[1])}
             for i, c in enumerate(text)]
    return {"text": text, "bbox": box, "origin": origin, "size": size, "chars": chars}


def test_a_symbol_fonts_deep_box_does_not_move_the_line():
    # arXiv 1601.03015's legend "K →∞": TeX's symbol font gives → and ∞ a box an em deep
    # (256.9-276.9 on a baseline at 265.8); the line's middle fell 5 pt below its sample
    from mmsum.ingest.charts import figure_lines

    legend = {"dir": (1, 0), "bbox": (430.8, 256.9, 470.9, 276.9), "spans": [
        _span("K", (430.8, 257.2, 440.6, 268.7), (430.8, 265.8)),
        _span("→∞", (444.6, 256.9, 470.9, 276.9), (444.6, 265.8))]}
    # a turned title running up the page, its symbol's box reaching right onto the tick labels
    title = {"dir": (0, -1), "bbox": (114.3, 338.0, 134.2, 393.0), "spans": [
        _span("⟨p⟩", (114.3, 380.0, 134.2, 393.0), (123.5, 393.0), size=10.0)]}
    title["spans"][0]["chars"] = [{"c": c, "bbox": (114.3, 393.0 - 4 * (i + 1), 134.2, 393.0 - 4 * i),
                                   "origin": (123.5, 393.0 - 4 * i)} for i, c in enumerate("⟨p⟩")]
    # a Type 3 font's size is in its own units (0.7 for a 7 pt superscript): its box is kept
    type3 = {"dir": (1, 0), "bbox": (201.0, 297.2, 214.5, 306.7),
             "spans": [{**_span("max", (201.0, 297.2, 214.5, 306.7), (201.0, 304.1), size=0.7), "font": "Type3 (107 0 R)"}]}
    lines = figure_lines(_Page([legend, title, type3]), (100, 200, 500, 400))
    by_text = {t.text: t for t in lines}
    assert abs(by_text["K→∞"].cy - 262.0) < 1.5, by_text["K→∞"].bbox   # the sample's middle: 261.9
    assert by_text["⟨p⟩"].bbox[2] <= 123.5 + 3.0 + 1e-6, by_text["⟨p⟩"].bbox
    assert by_text["max"].bbox == (201.0, 297.2, 214.5, 306.7)


def _within(got: list[float], want: tuple[float, float]) -> bool:
    span = want[1] - want[0]
    return all(abs(g - w) <= 0.01 * span for g, w in zip(got, want))


@pytest.mark.parametrize("colorbar,mesh,cmap", [(False, False, "gray"), (True, False, "viridis"),
                                                (False, False, "Blues"), (False, True, "hot")])
def test_a_field_shown_in_vector_axes_is_a_heat_map_with_its_axes(tmp_path, colorbar, mesh, cmap):
    # a smooth field in two panels (matplotlib imshow, or pcolormesh's cells), with or without a
    # colour bar, as arXiv 1607.01329's Figure 2: its axes are read, its pixels are no series
    truth = field_chart(tmp_path / "field.pdf", seed=3, colorbar=colorbar, mesh=mesh, cmap=cmap)
    doc = read_document(truth.path, ocr=False)  # the crop rendered: the learned model has its say
    assert len(doc.figures) == 1
    rec = figure_record(doc.figures[0])
    assert rec["kind"] == "heatmap", rec
    if not mesh:  # a mesh on a grid may be read as cells (bars), as vector heat maps are
        assert rec["read"] == ["kind", "axes"] and rec["series"] is None
    x, y = rec["axes"]["x"], rec["axes"]["y"]
    assert (x["title"], y["title"]) == (truth.x_title, truth.y_title), rec["axes"]
    assert _within(x["range"], truth.x_range) and _within(y["range"], truth.y_range), rec["axes"]
    assert rec["description"].startswith("Heat map of Time against Coordinate along the loop (0–200)."), \
        rec["description"]


def test_a_raster_line_chart_in_vector_axes_is_no_heat_map(tmp_path):
    # a line chart rendered to a PNG (mostly white) and set in vector axes: an image over the
    # plot area, but no field
    truth = field_chart(tmp_path / "lines.pdf", seed=1, raster_line=True)
    _, rec = _read(truth)
    assert rec["kind"] != "heatmap", rec
    doc = read_document(truth.path, ocr=False)
    assert doc.figures[0].content.kind != "heatmap", doc.figures[0].content


def test_dense_bars_on_one_baseline_are_no_mesh():
    # rjss surveillance's Figure 12: hundreds of touching bars fill a histogram's plot area; a
    # mesh's cells lie on a grid
    from mmsum.ingest.chart_fields import is_mesh

    bars = [(10 + 2 * i, 100 - (37 * i) % 80, 12 + 2 * i, 100.0) for i in range(200)]
    cells = [(10 + 5 * i, 10 + 4 * j, 15 + 5 * i, 14 + 4 * j) for i in range(20) for j in range(15)]
    assert not is_mesh(bars) and is_mesh(cells)
