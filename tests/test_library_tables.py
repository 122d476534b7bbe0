"""Tables in the library: stored with their cells, found by what is in them (``--kind table``,
one result rule with ``mmsum search``), exported as ``summarize`` writes them; a library file
made before tables were kept is upgraded in place and its documents read again."""
from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mmsum.batch import InProcessEngine
from mmsum.library import Library, add_to_library
from mmsum.library.search import search_library
from mmsum.options import ModelOptions, SummaryOptions
from tests.encoders import summarizer
from tests.tablebuild import NOTATION_ROWS, table_paper, two_tables_paper

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
MODELS = ModelOptions(device="cpu")
OPTIONS = SummaryOptions(words=40, figures=1)
IMAGENET_HEADER = ["Dataset", "Accuracy", "Top-5 accuracy", "Images"]
IMAGENET_ROWS = [["CIFAR-10", "95.2", "99.8", "60,000"], ["ImageNet", "76.1", "92.9", "1.28 M"],
                 ["Places365", "55.4", "85.1", "1.8 M"]]


def add(library: Path, paths, options: SummaryOptions = OPTIONS):
    return add_to_library(library, paths, models=MODELS, options=options, engine=InProcessEngine(summarizer()),
                          use_cache=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("tables-in")
    two_tables_paper(d / "two.pdf")
    truth = table_paper(d / "results.pdf", "ruled", header=IMAGENET_HEADER, rows=IMAGENET_ROWS,
                        caption="Table 1: How well the classifier does on three benchmarks.",
                        cite="Table 1 shows the classifier on three benchmarks.")
    library = tmp_path_factory.mktemp("tables-lib") / "papers.sqlite"
    report = add(library, [d])
    assert len(report.stored) == 2, [r.message for r in report.results]
    return d, library, truth


def test_tables_are_stored_with_their_cells(built):
    d, library, truth = built
    db = sqlite3.connect(library)
    rows = db.execute("SELECT d.path, t.label, t.page, t.x0, t.y0, t.x1, t.y1, t.header, t.body, length(t.vec) "
                      "FROM tables t JOIN documents d ON d.id = t.doc_id ORDER BY d.path, t.idx").fetchall()
    by_doc: dict[str, list] = {}
    for r in rows:
        by_doc.setdefault(Path(r[0]).name, []).append(r)
    assert [r[1] for r in by_doc["two.pdf"]] == ["Table 1", "Table 2"]  # every table, not only the key one
    (res,) = by_doc["results.pdf"]
    assert json.loads(res[7]) == [IMAGENET_HEADER] and json.loads(res[8]) == IMAGENET_ROWS
    assert res[2] == 0 and all(abs(a - b) < 6 for a, b in zip(res[3:7], truth.bbox))
    assert json.loads(by_doc["two.pdf"][0][8]) == NOTATION_ROWS
    assert {r[9] for r in rows} == {384 * 4}  # each embedded in the documents' text encoder


def test_search_finds_a_table_by_what_is_in_it(built):
    d, library, truth = built
    [imagenet, battery] = search_library(library, ["accuracy on ImageNet", "energy stored in the battery"],
                                         kind="table", top=3, models=MODELS)
    top = imagenet["results"][0]
    assert all(r["kind"] == "table" for r in imagenet["results"] + battery["results"])
    assert (Path(top["document"]).name, top["label"], top["id"], top["page"]) == ("results.pdf", "Table 1",
                                                                                   "tab-1", 0)
    assert all(abs(a - b) < 6 for a, b in zip(top["bbox"], truth.bbox))
    assert "ImageNet | 76.1 | 92.9" in top["text"] and top["text"].startswith("Dataset | Accuracy")
    top = battery["results"][0]
    assert (Path(top["document"]).name, top["label"]) == ("two.pdf", "Table 1")  # the notation table
    assert "E | energy stored in the battery" in top["text"]
    # beside sentences and figures, in one ranking
    [everything] = search_library(library, ["accuracy on ImageNet"], kind="all", top=20, models=MODELS)
    assert "table" in {r["kind"] for r in everything["results"]}


def test_the_library_and_a_single_document_give_a_table_the_same_result(built):
    from mmsum.search.query import DocumentSearch

    d, library, _ = built
    search = DocumentSearch(summarizer())
    search.add(d / "results.pdf")
    [one] = search.search(["accuracy on ImageNet"], kind="table", top=1)
    [many] = search_library(library, ["accuracy on ImageNet"], kind="table", top=1, models=MODELS)
    a, b = one["results"][0], many["results"][0]
    assert Path(a["document"]).resolve() == Path(b["document"])
    assert {k: v for k, v in a.items() if k not in ("document", "score")} == \
        {k: v for k, v in b.items() if k not in ("document", "score")}
    assert abs(a["score"] - b["score"]) < 1e-3


def test_the_cli_searches_tables_in_a_library(built):
    _, library, _ = built
    for args in (["library", "search", "--library", str(library)], ["search", "--library", str(library)]):
        run = subprocess.run([sys.executable, "-m", "mmsum", *args, "--query", "accuracy on ImageNet", "--kind",
                              "table", "--top", "2", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        top = json.loads(run.stdout)["queries"][0]["results"][0]
        assert top["kind"] == "table" and top["label"] == "Table 1" and "ImageNet" in top["text"]
    run = subprocess.run([sys.executable, "-m", "mmsum", "library", "search", "--library", str(library), "--query",
                          "accuracy on ImageNet", "--kind", "table", "--top", "1"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0 and "Table 1: Dataset | Accuracy" in run.stdout, run.stderr


def test_export_writes_the_key_table_as_summarize_does(built, tmp_path):
    from mmsum.export import write_summary

    d, library, _ = built
    out = tmp_path / "export"
    run = subprocess.run([sys.executable, "-m", "mmsum", "library", "export", str(out), "--library", str(library)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    direct = tmp_path / "direct"
    write_summary(summarizer().summarize(d / "results.pdf", OPTIONS), direct, ("md",))
    exported = (out / "results.md").read_text()
    assert "## Key tables" in exported and "| ImageNet | 76.1 | 92.9 | 1.28 M |" in exported
    assert exported == (direct / "results.md").read_text()
    crops = sorted(p.name for p in (out / "results_figures").rglob("*.png"))
    assert "tab-1.png" in crops and crops == sorted(p.name for p in (direct / "results_figures").rglob("*.png"))


def test_a_library_made_before_tables_is_upgraded_in_place(tmp_path):
    """tests/data/library-v1.sqlite was made by ``mmsum library add`` of the version before tables
    and figure kinds were kept (commit 2d96b53), from tests/data/library-v1-results.pdf (a
    table_paper)."""
    pdf = tmp_path / "results.pdf"
    shutil.copy(DATA / "library-v1-results.pdf", pdf)
    library = tmp_path / "old.sqlite"
    shutil.copy(DATA / "library-v1.sqlite", library)
    db = sqlite3.connect(library)  # as if the user had added the file from where it is now
    db.execute("UPDATE documents SET path = ?", (str(pdf.resolve()),))
    db.commit()
    summary = db.execute("SELECT summary FROM documents").fetchone()[0]
    db.close()
    with Library(library) as lib:  # opened for writing: migrated, its documents kept
        version = lib.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert int(version) >= 2
        assert [d["summary"] for d in lib.documents()] == [summary]
        assert lib.known()[str(pdf.resolve())]["current"] is False
        figure_columns = {r[1] for r in lib.db.execute("PRAGMA table_info(figures)")}
        assert {"kind", "description"} <= figure_columns
        # its sentences are indexed by word too (found so when stored without a vector)
        assert lib.db.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'accurate'").fetchone()[0]
    assert search_library(library, ["accuracy"], kind="table", models=MODELS)[0]["results"] == []
    made_with = dataclasses.replace(OPTIONS, ranker="heuristic")  # the default ranker of that version
    report = add(library, [pdf], made_with)  # stored before tables were kept: read again, though unchanged
    assert report.upgraded == [str(pdf.resolve())] and len(report.stored) == 1
    top = search_library(library, ["accuracy of each method"], kind="table", models=MODELS)[0]["results"][0]
    assert top["label"] == "Table 1" and "Ours | 88.4" in top["text"]
    report = add(library, [pdf], made_with)
    assert report.unchanged == [str(pdf.resolve())] and not report.upgraded
