"""Footnotes are searchable: kept on the Document apart from its sentences, found by a search of
one document and of a library (with their page), said to be footnotes, and still in no sentence
and no summary. Papers built with real LaTeX (:mod:`tests.footnotebuild`), the bundled encoders,
real library files (one made by the library version before footnotes were kept)."""
from __future__ import annotations

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
from tests.footnotebuild import NOTES, footnoted_paper

pytestmark = pytest.mark.skipif(shutil.which("pdflatex") is None,
                                reason="pdflatex is not installed (apt-get install texlive-latex-extra)")

DATA = Path(__file__).parent / "data"
MODELS = ModelOptions(device="cpu")
OPTIONS = SummaryOptions(words=40, figures=1)
# words that only a footnote holds (NOTES[1] and NOTES[4]), and the footnote that holds them
QUERIES = {"pump house": NOTES[1], "firmware image and scripts": NOTES[4]}


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    d = tmp_path_factory.mktemp("fn-search")
    return {cols: footnoted_paper(d / f"notes{cols}.pdf", cols) for cols in (1, 2)}


def add(library: Path, paths, **kw):
    return add_to_library(library, paths, models=MODELS, options=OPTIONS, engine=InProcessEngine(summarizer()),
                          use_cache=False, **kw)


@pytest.mark.parametrize("columns", [1, 2])
def test_each_footnote_is_kept_whole_with_its_page_and_box_and_is_no_sentence(papers, columns):
    from mmsum.ingest import read_document

    paper = papers[columns]
    doc = read_document(paper.path, render_figures=False)
    assert [f.text for f in doc.footnotes] == paper.notes  # one entry each, its lines joined, no mark
    for f in doc.footnotes:
        page = doc.pages[f.page]
        x0, y0, x1, y1 = f.bbox
        assert 0 <= x0 < x1 <= page.width and page.height / 2 < y0 < y1 <= page.height
    assert [s.text for s in doc.sentences] == paper.sentences


def _footnote_page(path: Path, note: str) -> int:
    from mmsum.ingest import read_document

    return next(f.page for f in read_document(path, render_figures=False).footnotes if f.text == note)


@pytest.mark.parametrize("columns", [1, 2])
def test_searching_a_document_finds_the_words_only_a_footnote_holds(papers, columns):
    from mmsum.search import DocumentSearch

    paper = papers[columns]
    search = DocumentSearch(summarizer())
    ix = search.add(paper.path)
    for kind in ("all", "sentence"):
        answers = search.search(list(QUERIES), kind=kind, top=5)
        for answer in answers:
            top = answer["results"][0]
            note = QUERIES[answer["query"]]
            assert top["kind"] == "footnote" and top["text"] == note, answer
            assert top["page"] == _footnote_page(paper.path, note)
            assert top["bbox"] == [round(v, 2) for v in next(f.bbox for f in ix.document.footnotes if f.text == note)]
    # a footnote is no sentence and no part of the summary
    assert not [s for s in ix.document.sentences if any(n[:30] in s.text for n in NOTES)]
    summary = summarizer().summarize(paper.path, OPTIONS)
    assert not [n for n in NOTES if n[:30] in summary.text]


def test_a_library_finds_footnotes_and_says_so(papers, tmp_path):
    paper = papers[2]
    library = tmp_path / "notes.sqlite"
    assert len(add(library, [paper.path]).stored) == 1
    db = sqlite3.connect(library)
    stored = db.execute("SELECT text, page, vec IS NOT NULL FROM footnotes ORDER BY idx").fetchall()
    assert [t for t, _, _ in stored] == paper.notes and all(v for _, _, v in stored)
    summary, = db.execute("SELECT summary FROM documents").fetchone()
    assert not [n for n in NOTES if n[:30] in summary]
    assert not db.execute("SELECT count(*) FROM sentences WHERE text LIKE '%pump house%'").fetchone()[0]
    db.close()
    for kind in ("all", "sentence"):
        for answer in search_library(library, list(QUERIES), kind=kind, top=5, models=MODELS):
            top = answer["results"][0]
            note = QUERIES[answer["query"]]
            assert top["kind"] == "footnote" and top["text"] == note
            assert top["page"] == _footnote_page(paper.path, note) and len(top["bbox"]) == 4
    assert all(r["kind"] == "figure" for r in search_library(library, ["pump house"], kind="figure",
                                                             models=MODELS)[0]["results"])
    run = subprocess.run([sys.executable, "-m", "mmsum", "library", "search", "--library", str(library),
                          "--query", "pump house", "--top", "1"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    page = _footnote_page(paper.path, NOTES[1])
    assert f"footnote, p. {page + 1}  {NOTES[1]}" in run.stdout


def test_a_library_made_before_footnotes_were_kept_is_searched_and_gets_them_on_the_next_add(papers, tmp_path):
    """tests/data/library-v4.sqlite was made by ``library add`` of the version before footnotes
    were kept (commit e53da83, library version 4), from ``footnoted_paper(..., 1)``."""
    paper = papers[1]
    library = tmp_path / "old.sqlite"
    shutil.copy(DATA / "library-v4.sqlite", library)
    db = sqlite3.connect(library)  # as if the user had added the file from where it is now
    db.execute("UPDATE documents SET path = ?", (str(paper.path.resolve()),))
    db.commit()
    db.close()
    # read as it is (a search opens it read-only): its sentences are found, without a word of warning
    found = search_library(library, ["pump house", "duty cycling"], models=MODELS)
    assert all(r["kind"] == "sentence" for a in found for r in a["results"]) and found[1]["results"]
    with Library(library) as lib:  # opened for writing: brought up to date, the document read again next
        version, = lib.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert int(version) == 5 and lib.known()[str(paper.path.resolve())]["current"] is False
    report = add(library, [paper.path])
    assert len(report.stored) == 1 and not report.failed
    top = search_library(library, ["pump house"], models=MODELS)[0]["results"][0]
    assert top["kind"] == "footnote" and top["text"] == NOTES[1]
    assert add(library, [paper.path]).unchanged == [str(paper.path.resolve())]
