"""Footnotes on papers built with real LaTeX (:mod:`tests.footnotebuild`): their text is no
sentence of the body, their marks are no part of a word, and the paragraphs they interrupt at
a page's foot read whole; exponents that look like marks stay."""
from __future__ import annotations

import shutil

import pytest

from mmsum.ingest import read_document
from mmsum.ingest.footnotes import line_text, opening_mark
from mmsum.ingest.layout import Role
from tests.footnotebuild import footnoted_paper

needs_latex = pytest.mark.skipif(shutil.which("pdflatex") is None,
                                 reason="pdflatex is not installed (apt-get install texlive-latex-extra)")


@needs_latex
@pytest.mark.parametrize("columns", [1, 2])
def test_footnotes_are_no_body_text_and_their_marks_no_part_of_words(tmp_path, columns):
    paper = footnoted_paper(tmp_path / "notes.pdf", columns)
    doc = read_document(paper.path, render_figures=False)
    read = [s.text for s in doc.sentences]
    assert [s for s in paper.sentences if s not in read] == []  # every sentence whole, no mark in it
    assert not [s for s in read if any(note[:40] in s for note in paper.notes)]
    assert len(read) == len(paper.sentences)  # and nothing else: the notes' sentences are gone
    assert "The area of each plot was 40 m2 and the soil moisture varied as (x + y)2 across 102 rows." in read


def _span(text, size, y, superscript=False):
    return {"text": text, "size": size, "flags": 1 if superscript else 0, "origin": (0.0, y)}


def test_a_mark_is_dropped_after_a_word_or_a_stop_and_kept_as_an_exponent():
    line = {"spans": [_span("on sensing.", 10.9, 100), _span("1", 8.0, 96, True), _span(" We measured", 10.9, 100)]}
    assert line_text(line, {"1"}) == "on sensing. We measured"
    assert line_text(line, set()) == "on sensing.1 We measured"  # no footnote 1 on the page: kept
    for before in ("an area of 40 m", "as (x + y)", "across 10"):
        line = {"spans": [_span(before, 10.9, 100), _span("2", 8.0, 96, True), _span(" rows", 10.9, 100)]}
        assert line_text(line, {"2"}) == before + "2 rows"
    cited = {"spans": [_span("as measured (Smith 2000)", 10.9, 100), _span("3", 8.0, 96, True), _span(".", 10.9, 100)]}
    assert line_text(cited, {"3"}) == "as measured (Smith 2000)."


def test_a_footnote_opens_with_a_raised_mark():
    note = {"spans": [_span("1", 6.0, 705.2), _span("Eric Brewer measured this", 9.0, 709.0)]}
    assert opening_mark(note) == "1"
    numbered = {"spans": [_span("1", 9.0, 709.0), _span(" Eric Brewer measured this", 9.0, 709.0)]}
    assert opening_mark(numbered) is None  # a list's number on the text's baseline
    assert Role("footnote") is Role.FOOTNOTE
