"""Sentences stored without a vector (``library add`` encodes those its summary needs) are
found by their words: a keyword index kept with the sentences, encoded when a search takes
them, ranked on the one relevance scale; ``--every-sentence`` stores every vector."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mmsum.batch import InProcessEngine
from mmsum.library import Library, add_to_library
from mmsum.library.keywords import match_expression
from mmsum.library.search import search_library
from mmsum.options import ModelOptions, SummaryOptions
from tests.encoders import summarizer
from tests.pdfbuild import many_pages

MODELS = ModelOptions(device="cpu")
OPTIONS = SummaryOptions(words=40, figures=1)


def add(library: Path, paths, **kw):
    return add_to_library(library, paths, models=MODELS, options=OPTIONS, engine=InProcessEngine(summarizer()),
                          use_cache=False, **kw)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("kw-in")
    many_pages(d / "long.pdf", 30, figure_every=6)  # 90 sentences: more than a summary encodes
    library = tmp_path_factory.mktemp("kw-lib") / "papers.sqlite"
    assert len(add(library, [d]).stored) == 1
    return d / "long.pdf", library


def _sentences(library: Path) -> list[tuple[int, str, bool]]:
    db = sqlite3.connect(library)
    return [(i, t, v) for i, t, v in db.execute("SELECT id, text, vec IS NOT NULL FROM sentences ORDER BY idx")]


def test_only_the_summarys_sentences_are_encoded_the_others_are_indexed_by_word(built):
    _, library = built
    rows = _sentences(library)
    encoded = sum(v for _, _, v in rows)
    assert 60 <= encoded < len(rows)  # the candidates, voters and mentions
    db = sqlite3.connect(library)
    for sid, text, _ in rows:
        found = db.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?",
                           (match_expression(text),)).fetchall()
        assert (sid,) in found


def test_a_sentence_without_a_vector_is_found_by_its_words(built):
    _, library = built
    plain = [t for _, t, v in _sentences(library) if not v]
    queries = [plain[0], plain[-1]]
    found = search_library(library, queries, kind="sentence", top=5, models=MODELS)
    for q, answer in zip(queries, found):
        top = answer["results"][0]
        assert top["text"] == q and top["score"] > 0.9 and top["page"] >= 0 and len(top["bbox"]) == 4
        scores = [r["score"] for r in answer["results"]]
        assert scores == sorted(scores, reverse=True)
    # function words alone match nothing by keyword (they would match every sentence)
    assert match_expression("the of and") is None


def test_every_sentence_stores_every_vector_and_reads_documents_again(built, tmp_path):
    pdf, library = built
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(library.read_bytes())
    report = add(copy, [pdf], every_sentence=True)  # other settings: read again
    assert len(report.stored) == 1
    assert all(v for _, _, v in _sentences(copy))
    assert add(copy, [pdf], every_sentence=True).unchanged == [str(pdf.resolve())]


def test_the_keyword_index_follows_removals_and_replacements(built, tmp_path):
    pdf, library = built
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(library.read_bytes())
    text = _sentences(copy)[0][1]
    with Library(copy) as lib:
        lib.remove([str(pdf.resolve())])
    db = sqlite3.connect(copy)
    assert db.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?",
                      (match_expression(text),)).fetchone()[0] == 0
    db.close()
    add(copy, [pdf])
    assert search_library(copy, [text], kind="sentence", top=1, models=MODELS)[0]["results"][0]["text"] == text
    db = sqlite3.connect(copy)
    db.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
