"""Tables read from what surrounds them: the real caption among paragraphs that start with its
label, notes set under a table, paragraph cells, a table continued from an uncaptioned part.

Truth is known by construction (:mod:`tests.tablebuild`, :mod:`tests.latexbuild`).
"""
from __future__ import annotations

import pytest

from mmsum.ingest import read_document
from tests.tablebuild import paragraph_starting_with_label


@pytest.mark.parametrize("above", [True, False], ids=["caption-above", "caption-below"])
def test_a_paragraph_starting_with_the_label_is_no_caption(tmp_path, above):
    truth = paragraph_starting_with_label(tmp_path / "t.pdf", caption_above=above)
    doc = read_document(tmp_path / "t.pdf", render_figures=False)
    assert [(t.label, t.caption) for t in doc.tables] == [("Table 1", truth.caption)]
    assert doc.tables[0].header + doc.tables[0].rows == truth.header + truth.rows
    text = " ".join(s.text for s in doc.sentences)
    assert "Next, we look at the time each method takes to train" in text
    assert "Last, we look at the time each method takes to train" in text
