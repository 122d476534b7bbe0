"""Tables read from what surrounds them: the real caption among paragraphs that start with its
label, notes set under a table, paragraph cells, a table continued from an uncaptioned part.

Truth is known by construction (:mod:`tests.tablebuild`, :mod:`tests.latexbuild`).
"""
from __future__ import annotations

import pytest

from mmsum.ingest import read_document
from tests.tablebuild import paragraph_starting_with_label, table_paper


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


BEST = frozenset({(2, 1), (2, 2)})  # "Ours + augmentation": accuracy and F1 in bold
NAMES_NO_ROW = "Table 1 compares every method on the test set."


@pytest.mark.parametrize("style", ["ruled", "booktabs"])
def test_a_tables_bold_numbers_are_read(tmp_path, style):
    from mmsum.generate.cited_numbers import CitedData

    table_paper(tmp_path / "t.pdf", style, bold=BEST | {(0, 3)})
    t = read_document(tmp_path / "t.pdf", render_figures=False).tables[0]
    assert t.bold == [(0, 3), (2, 1), (2, 2)]
    line = CitedData.of([t], []).data_line(NAMES_NO_ROW)
    assert line == "Table 1, in bold: Ours + augmentation: Accuracy 89.0, F1 score 87.3; Baseline: Time (s) 12.5."


def test_a_sentence_that_names_rows_is_shown_those_rows_not_the_bold_ones(tmp_path):
    from mmsum.generate.cited_numbers import CitedData

    table_paper(tmp_path / "t.pdf", "booktabs", bold=BEST)
    t = read_document(tmp_path / "t.pdf", render_figures=False).tables[0]
    line = CitedData.of([t], []).data_line("Table 1 shows the baseline's accuracy.")
    assert line.startswith("Table 1: Baseline: Accuracy 81.2") and "in bold" not in line
    plain = table_paper(tmp_path / "p.pdf", "booktabs")
    t = read_document(tmp_path / "p.pdf", render_figures=False).tables[0]
    assert plain.rows and t.bold == [] and CitedData.of([t], []).data_line(NAMES_NO_ROW) == ""


def test_a_p_cell_going_on_under_a_row_of_cells_is_no_centred_row():
    """p{} cells of three lines each, their last lines full: a line that goes on the paragraph
    above is never the first line of an m{} row whose other cells stand lower."""
    from mmsum.ingest.table_grid import Piece, aligned_grid

    def p(x0, y0, x1, text):
        return Piece((x0, y0, x1, y0 + 9), text)

    pieces = [p(10, 0, 50, "Formula"), p(200, 0, 300, "Accepts a mixed"), p(200, 12, 300, "data and other users"),
              p(200, 24, 300, "returns a list of objects"),
              p(10, 36, 55, "Objective"), p(200, 36, 290, "Accepts the results"),
              p(200, 48, 300, "and returns a function"), p(200, 60, 300, "late the deviance"),
              p(10, 72, 45, "Output"), p(200, 72, 280, "Accepts an optimized"), p(200, 84, 240, "function.")]
    g = aligned_grid(pieces, [])
    assert g.header + g.rows == [["Formula", "Accepts a mixed data and other users returns a list of objects"],
                                 ["Objective", "Accepts the results and returns a function late the deviance"],
                                 ["Output", "Accepts an optimized function."]]


def test_lines_ending_the_page_before_a_captioned_table_are_no_part_of_it(tmp_path):
    from tests.tablebuild import table_after_aligned_lines

    truth = table_after_aligned_lines(tmp_path / "t.pdf")
    t = read_document(tmp_path / "t.pdf", render_figures=False).tables[0]
    assert (t.page, t.pages) == (1, [1])
    assert t.header + t.rows == truth.header + truth.rows


def test_a_caption_set_right_under_the_last_rows_is_found(tmp_path):
    from tests import latexbuild

    table = latexbuild.long_caption_last()
    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    table.body = table.body.replace("\\noalign{\\vskip 8pt}", "")
    doc = read_document(latexbuild.build(tmp_path / "paper.pdf", [table]), render_figures=False)
    assert [t.label for t in doc.tables] == ["Table 1"]
    assert doc.tables[0].header + doc.tables[0].rows == table.grid


@pytest.mark.parametrize("where", ["frame", "row", "booktabs"])
def test_a_caption_inside_the_tables_own_rules_is_its_caption_not_a_row(tmp_path, where):
    from tests.tablebuild import caption_inside_table
    truth = caption_inside_table(tmp_path / f"{where}.pdf", where)
    (table,) = read_document(tmp_path / f"{where}.pdf", render_figures=False).tables
    assert table.caption == truth.caption and table.label == truth.label
    assert table.header == truth.header and table.rows == truth.rows
