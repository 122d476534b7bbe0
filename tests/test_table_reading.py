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


def test_a_tables_notes_are_written_with_it(tmp_path):
    import json

    from mmsum.cli import main
    from tests import latexbuild

    table = latexbuild.notes_over_caption()
    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    pdf = latexbuild.build(tmp_path / "paper.pdf", [table])
    out = tmp_path / "out"
    assert main(["tables", str(pdf), "--out-dir", str(out), "--format", "md,json"]) == 0
    rec = json.loads((out / "paper.json").read_text("utf-8"))["tables"][0]
    assert rec["notes"] == latexbuild.TABLE_NOTES and rec["rows"] == table.rows
    md = (out / "paper-tab-1.md").read_text("utf-8")
    assert md.index("| Oracle |") < md.index("Note: accuracy and F1 are averaged") < md.index("0.05 against the baseline")
