"""What figures show, in the library and in search: each figure's kind and description stored,
the description as the image's alt text in every Markdown export, and queries that name a
kind of figure ("bar charts of energy per node") read as asking what figures show. The charts
are drawn with matplotlib, so what each shows is known by construction."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mmsum.batch import InProcessEngine
from mmsum.library import add_to_library
from mmsum.library.search import search_library
from mmsum.options import ModelOptions, SummaryOptions
from mmsum.search.figure_kinds import CHART_KINDS, query_kinds
from tests.chartbuild import KINDS_PAPER, kinds_paper
from tests.encoders import summarizer

ROOT = Path(__file__).resolve().parents[1]
MODELS = ModelOptions(device="cpu")
OPTIONS = SummaryOptions(words=40, figures=2)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("kinds-in")
    kinds_paper(d / "charts.pdf")
    library = tmp_path_factory.mktemp("kinds-lib") / "papers.sqlite"
    report = add_to_library(library, [d], models=MODELS, options=OPTIONS, engine=InProcessEngine(summarizer()),
                            use_cache=False)
    assert len(report.stored) == 1, [r.message for r in report.results]
    return d / "charts.pdf", library


def test_a_query_names_kinds_of_figure():
    assert query_kinds("bar charts of energy per node") == (frozenset({"bar"}), "energy per node")
    assert query_kinds("Scatter plots showing current against temperature") == \
        (frozenset({"scatter"}), "current against temperature")
    assert query_kinds("heat maps and line graphs of attention") == (frozenset({"heatmap", "line"}), "attention")
    assert query_kinds("plots of latency") == (frozenset(CHART_KINDS), "latency")
    for plain in ("energy per node", "feature map size", "the bar exam"):
        assert query_kinds(plain) == (frozenset(), plain)


def test_kind_and_description_are_stored_for_every_figure(built):
    _, library = built
    rows = sqlite3.connect(library).execute("SELECT label, kind, description FROM figures ORDER BY idx").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(c.label, c.kind) for c in KINDS_PAPER]
    assert rows[0][2].startswith("Bar chart of Energy per node (J)") and "sleep scheduling" in rows[0][2]
    assert rows[2][2].startswith("Line chart of Throughput (kb/s)")


def _labels(results: list[dict]) -> list[str]:
    return [r["label"] for r in results]


def test_what_a_chart_shows_outranks_what_a_caption_mentions(built):
    """Figure 1 is a bar chart whose axis says "Energy per node"; Figure 3 a line chart whose
    caption alone mentions it; Figure 2 a bar chart of latency."""
    from mmsum.search.query import DocumentSearch

    pdf, library = built
    search = DocumentSearch(summarizer())
    search.add(pdf)
    queries = ["bar charts of energy per node", "line charts of throughput", "bar charts of latency"]
    in_doc = search.search(queries, kind="figure")
    in_library = search_library(library, queries, kind="figure", models=MODELS)
    for answers in (in_doc, in_library):
        energy, throughput, latency = (_labels(a["results"]) for a in answers)
        assert energy[0] == "Figure 1" and energy.index("Figure 3") > energy.index("Figure 1")
        assert throughput[0] == "Figure 3"
        assert latency[0] == "Figure 2"
    # each figure found says what it shows, in the library as in the document
    for answers in (in_doc, in_library):
        top = answers[0]["results"][0]
        assert (top["figure_kind"], top["description"][:39]) == ("bar", "Bar chart of Energy per node (J) over 4")
    assert [(r["label"], r["figure_kind"], r["description"]) for r in in_library[1]["results"]] == \
        [(r["label"], r["figure_kind"], r["description"]) for r in in_doc[1]["results"]]
    # the kind word is what sends Figure 1 up: asked without it, the caption's mention counts as much
    assert {r["label"]: r["score"] for r in in_doc[0]["results"]}["Figure 1"] > \
        {r["label"]: r["score"] for r in search.search(["energy per node"], kind="figure")[0]["results"]}["Figure 1"]


def test_the_description_is_the_alt_text_in_summaries_and_library_exports(built, tmp_path):
    from mmsum.export import write_summary

    pdf, library = built
    direct = tmp_path / "direct"
    write_summary(summarizer().summarize(pdf, OPTIONS), direct, ("md",))
    md = (direct / "charts.md").read_text()
    assert "![Bar chart of Energy per node (J) over 4 categories (node A, node B, node C, node D)" in md
    out = tmp_path / "export"
    run = subprocess.run([sys.executable, "-m", "mmsum", "library", "export", str(out), "--library", str(library)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (out / "charts.md").read_text() == md


def test_alt_text_is_escaped_and_on_one_line():
    from mmsum.document import FigureContent
    from mmsum.export.markdown import render_markdown
    from mmsum.summary import ScoredFigure, Summary
    from tests.encoders import make_document

    doc = make_document(["Wind drives the turbine."], figures=[{"caption": "Figure 1: Output."}])
    fig = doc.figures[0]
    fig.label = "Figure 1"
    fig.content = FigureContent("bar", "Bar chart of *output* [kW]\nper ](site) #1.")
    md = render_markdown(Summary(doc, "extractive", "Wind drives the turbine.", [], [ScoredFigure(fig, 1.0)], {}),
                         {fig.id: "x_figures/a b/f1.png"})
    assert r"![Bar chart of \*output\* \[kW\] per \](site) #1.](x_figures/a%20b/f1.png)" in md
    fig.content = None  # nothing read: the label
    md = render_markdown(Summary(doc, "extractive", "Wind drives the turbine.", [], [ScoredFigure(fig, 1.0)], {}),
                         {fig.id: "f1.png"})
    assert "![Figure 1](f1.png)" in md
