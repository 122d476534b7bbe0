"""Running headers and page numbers set far from the page's edge (wide A4 margins) are no part
of the text: none is a sentence, and no sentence is broken or joined at a page break by them,
in the reader and in a library's search."""
from __future__ import annotations

import sqlite3

from mmsum.batch import InProcessEngine
from mmsum.ingest import read_document
from mmsum.ingest.sentences import split_text
from mmsum.library import add_to_library
from mmsum.library.search import search_library
from mmsum.options import ModelOptions, SummaryOptions
from tests.encoders import summarizer
from tests.pdfbuild import wide_margin_report


def test_headers_and_page_numbers_within_wide_margins_stay_out_of_the_sentences(tmp_path):
    pdf = tmp_path / "report.pdf"
    truth = wide_margin_report(pdf, pages=6)
    want = [x for _, par in truth.paragraphs for x in split_text(par)]
    doc = read_document(pdf)
    assert truth.pages >= 3 and [s.text for s in doc.sentences] == want
    library = tmp_path / "lib.sqlite"
    add_to_library(library, [pdf], models=ModelOptions(device="cpu"), options=SummaryOptions(words=40),
                   engine=InProcessEngine(summarizer()), use_cache=False)
    stored = [t for (t,) in sqlite3.connect(library).execute("SELECT text FROM sentences ORDER BY idx")]
    assert stored == want
    # the last sentence of each page (it runs over the break) is found whole
    queries = [a.text for a, b in zip(doc.sentences, doc.sentences[1:]) if b.page > a.page]
    assert queries
    for q, answer in zip(queries, search_library(library, queries, kind="sentence", top=3,
                                                 models=ModelOptions(device="cpu"))):
        assert answer["results"][0]["text"] == q
