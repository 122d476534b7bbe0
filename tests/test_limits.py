"""Bounds on the work per document: a long document is ranked on an evenly spread part of it,
a catalogue of figures on its captioned figures first, and the output says so."""
from __future__ import annotations

import json

import numpy as np
import pytest

import mmsum.limits as limits
from mmsum.limits import spread, within_limits
from mmsum.options import SummaryOptions
from tests.batching import batch_here
from tests.encoders import make_document, summarizer
from tests.pdfbuild import many_pages


def test_spread_keeps_both_ends_and_the_order():
    picked = spread(np.arange(0, 1000, 3), 10)
    assert len(picked) == 10 and picked[0] == 0 and picked[-1] == 999 and list(picked) == sorted(picked)
    assert list(spread(np.arange(5), 10)) == [0, 1, 2, 3, 4]


def test_a_document_within_the_bounds_is_left_alone():
    doc = make_document([f"Sentence number {i} is about the topic." for i in range(12)])
    view, notes = within_limits(doc, np.ones(12, bool), max_sentences=12, max_figures=1)
    assert view is doc and notes == []


def test_the_view_is_reindexed_and_keeps_mentions():
    texts = [f"Sentence number {i} is about the topic." for i in range(40)]
    figures = [{"caption": f"Figure {k + 1}: a plot.", "label": f"Figure {k + 1}", "mentions": [k * 4]}
               for k in range(6)] + [{"caption": ""}, {"caption": ""}]
    doc = make_document(texts, figures=figures)
    worth = np.ones(40, bool)
    worth[1::2] = False  # only the even sentences can matter
    view, notes = within_limits(doc, worth, max_sentences=8, max_figures=4)
    assert len(view.sentences) == 8 and [s.index for s in view.sentences] == list(range(8))
    assert view.sentences[0].text == texts[0] and view.sentences[-1].text == texts[38]
    assert all(int(s.text.split()[2]) % 2 == 0 for s in view.sentences)
    assert len(view.figures) == 4 and all(f.caption for f in view.figures)  # captioned ones first
    for f in view.figures:
        for m in f.mentions:
            assert view.sentences[m.sentence].text == m.text
    assert len(notes) == 2 and "20 sentences" in notes[0] and "limit 8" in notes[0] and "8 figures" in notes[1]
    assert len(doc.sentences) == 40 and doc.sentences[3].index == 3  # the document itself is unchanged


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    many_pages(path, 24, figure_every=3)
    return path


def test_a_long_document_is_summarized_within_the_bounds(long_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SENTENCES", 30)
    monkeypatch.setattr(limits, "MAX_FIGURES", 3)
    rendered = []
    import mmsum.ingest.render as render

    real = render.render_crops

    def counting(doc, figs, *a, **k):
        rendered.extend(figs)
        return real(doc, figs, *a, **k)

    monkeypatch.setattr(render, "render_crops", counting)
    (result,) = batch_here([long_pdf], SummaryOptions(words=80, figures=2), summarizer(), tmp_path, ["json"])
    assert result.status.value == "partial" and "limit 30 per document" in result.message
    assert [r.stage for r in result.reasons if "limit 30" in r.message] == ["read"]  # one place: the document's
    data = json.loads((tmp_path / "long.json").read_text())
    assert any("limit 3 per document" in w for w in data["warnings"])
    assert len(rendered) == 3  # only the figures ranked were rendered
    assert data["source"]["pages"] == 24 and data["summary"]["text"] and len(data["figures"]) == 2
    pages = {s["page"] for s in data["sentences"]}
    assert pages and max(pages) < 24


def test_figures_out_dir_writes_a_bounded_number_of_crops(tmp_path, monkeypatch, capsys):
    from mmsum.cli import main

    pdf = tmp_path / "long.pdf"
    many_pages(pdf, 9, figure_every=1)
    monkeypatch.setattr(limits, "MAX_CROPS", 4)
    assert main(["figures", str(pdf), "--out-dir", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert len(data["figures"]) == 9 and sum(1 for f in data["figures"] if f["image"]) == 4
    assert "crops were written for 4 of them" in err and err.count("\n") == 1


def test_search_reads_a_long_document_as_a_summary_does(long_pdf, monkeypatch):
    from mmsum.search.index import index_document

    monkeypatch.setattr(limits, "MAX_SENTENCES", 30)
    summary = summarizer().summarize(long_pdf, SummaryOptions(words=40, figures=1))
    indexed = index_document(summarizer(), long_pdf, figure_ocr=False)
    assert [s.text for s in indexed.document.sentences] == [s.text for s in summary.document.sentences]
    said = [w for w in summary.document.warnings if "limit 30" in w]
    assert len(said) == 1 and said == [w for w in indexed.document.warnings if "limit 30" in w]
    assert not [w for w in summary.warnings if "limit 30" in w]
