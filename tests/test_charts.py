"""Vector charts read exactly: axes, series and data against charts built with known data."""
from __future__ import annotations

import csv
import json

import pytest

from mmsum.cli import main
from mmsum.export.figures import figure_record
from mmsum.ingest import read_document
from mmsum.ingest.chart_axes import parse_number, split_unit
from tests.chartbuild import KINDS, matplotlib_chart, plain_chart, score

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
