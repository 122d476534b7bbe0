"""Tables: found next to their captions, read into cells, kept out of the body, ranked, exported.

Truth is known by construction: tables drawn with PyMuPDF (:mod:`tests.tablebuild`) and tables
typeset by LaTeX (:mod:`tests.latexbuild`, skipped where TeX Live is not installed).
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from mmsum.cli import main
from mmsum.document import Table
from mmsum.ingest import read_document
from mmsum.ingest.table_grid import Piece, aligned_grid
from tests import latexbuild
from tests.tablebuild import (HEADER, NOTATION_HEADER, NOTATION_ROWS, ROWS, caption_without_table, table_paper,
                              two_tables_paper)

CELL_WORDS = ("81.2", "79.0", "Baseline", "augmentation")


def _grid(t: Table) -> list[list[str]]:
    return t.header + (t.rows or [])


@pytest.mark.parametrize("style", ["ruled", "booktabs", "borderless"])
@pytest.mark.parametrize("above", [True, False], ids=["caption-above", "caption-below"])
def test_drawn_tables_are_read_cell_by_cell(tmp_path, style, above):
    truth = table_paper(tmp_path / "t.pdf", style, caption_above=above)
    doc = read_document(tmp_path / "t.pdf", render_figures=False)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.label, t.page, t.unread) == ("Table 1", 0, None)
    assert t.caption == truth.caption
    assert _grid(t) == truth.header + truth.rows
    # the box holds the table and nothing of the paragraphs around it
    assert all(abs(a - b) <= 2 or (style == "borderless" and inner)
               for a, b, inner in zip(t.bbox, truth.bbox, (t.bbox[0] >= truth.bbox[0], t.bbox[1] >= truth.bbox[1] - 2,
                                                        t.bbox[2] <= truth.bbox[2], t.bbox[3] <= truth.bbox[3] + 2)))
    assert t.kind == ("lines" if style == "ruled" else "aligned")
    assert not doc.figures


def test_table_cells_stay_out_of_the_body_sentences(tmp_path):
    table_paper(tmp_path / "t.pdf", "booktabs")
    doc = read_document(tmp_path / "t.pdf", render_figures=False)
    assert doc.sentences
    assert not [s.text for s in doc.sentences if any(w in s.text for w in CELL_WORDS)]
    assert any("Table 1 shows" in s.text for s in doc.sentences)


def test_a_sentence_that_cites_the_table_is_its_mention(tmp_path):
    two_tables_paper(tmp_path / "two.pdf")
    doc = read_document(tmp_path / "two.pdf", render_figures=False)
    results = next(t for t in doc.tables if t.label == "Table 2")
    assert [doc.sentences[m.sentence].table_ids for m in results.mentions] == [["tab-2"], ["tab-2"]]


def test_a_table_set_as_an_image_is_read_by_ocr(tmp_path):
    from mmsum.ingest.ocr import engine_available

    if engine_available():
        pytest.skip(f"no OCR engine: {engine_available()}")
    truth = table_paper(tmp_path / "t.pdf", "image")
    t = read_document(tmp_path / "t.pdf", render_figures=True).tables[0]
    assert t.kind == "image" and t.unread is None
    assert _grid(t) == truth.header + truth.rows
    assert t.image_png and t.image_png.startswith(b"\x89PNG")


def test_an_image_table_without_ocr_keeps_its_crop_and_says_why(tmp_path):
    table_paper(tmp_path / "t.pdf", "image")
    t = read_document(tmp_path / "t.pdf", ocr=False).tables[0]
    assert t.rows is None and "OCR is turned off" in t.unread
    assert t.image_png


def test_a_caption_without_a_table_keeps_the_caption_and_says_why(tmp_path):
    doc = read_document(caption_without_table(tmp_path / "c.pdf"))
    t = doc.tables[0]
    assert t.rows is None and t.unread == "no table was found next to its caption"
    assert t.caption.startswith("Table 1: Results") and t.label == "Table 1"
    assert len(doc.sentences) >= 6  # the paragraph under the caption is still body text


def test_aligned_grid_repeats_spanning_and_multirow_cells():
    def p(x0, y0, x1, text):
        return Piece((x0, y0, x1, y0 + 9), text)

    pieces = [p(10, 0, 40, "Model"), p(100, 0, 140, "CIFAR"),  # "CIFAR" over Top-1 | Top-5 by a short rule
              p(80, 12, 100, "Top-1"), p(130, 12, 150, "Top-5"),
              p(10, 30, 30, "Small"),  # a multirow cell between its two rows
              p(50, 25, 70, "A"), p(80, 25, 100, "1.0"), p(130, 25, 150, "2.0"),
              p(50, 36, 70, "B"), p(80, 36, 100, "3.0"), p(130, 36, 150, "4.0")]
    rules = [(0, -3, 160, -3), (78, 10, 152, 10), (0, 23, 160, 23), (0, 47, 160, 47)]
    g = aligned_grid(pieces, rules)
    assert g.header == [["Model", "", "CIFAR", "CIFAR"], ["", "", "Top-1", "Top-5"]]
    assert g.rows == [["Small", "A", "1.0", "2.0"], ["Small", "B", "3.0", "4.0"]]


def test_text_that_is_no_grid_gives_none():
    assert aligned_grid([Piece((0, 0, 300, 9), "one line of prose only")], []) is None


# --- LaTeX-built truth ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def latex_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("latex")


@pytest.mark.parametrize("kind", list(latexbuild.KINDS))
def test_latex_tables_are_read_cell_by_cell(latex_dir, kind):
    table = latexbuild.KINDS[kind]()
    missing = latexbuild.latex_missing(table.engine)
    if missing:
        pytest.skip(missing)
    pdf = latexbuild.build(latex_dir / f"{kind}.pdf", [table])
    doc = read_document(pdf, render_figures=False)
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert t.label == table.label
    assert _grid(t) == table.grid
    cells = {c for row in table.rows for c in row if len(c) > 2}
    assert not [s.text for s in doc.sentences if any(c in s.text.split() for c in cells)]
    assert t.notes == table.notes  # notes are neither rows nor body sentences
    assert not [s.text for s in doc.sentences if any(n[3:30] in s.text for n in table.notes)]
    if kind in ("split", "continued", "caption-last", "continued-only"):
        assert t.pages == [0, 1]
    if kind in ("columns", "hand-columns"):  # its rows in both columns of the first page
        assert t.pages == [0] and t.bbox[2] < 306


def test_a_table_broken_by_hand_goes_on_under_no_header_where_its_columns_stand(latex_dir):
    """The right column's part repeats no header: its columns, set where the left part's are,
    make it the table's."""
    table = latexbuild.hand_split(head_again=False)
    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    t = read_document(latexbuild.build(latex_dir / "nohead.pdf", [table]), render_figures=False).tables[0]
    assert _grid(t) == table.grid


def test_a_table_ending_its_column_is_not_joined_to_other_columns_after_it(latex_dir):
    """The right column opens with a tabular of other columns and no header: not the table's."""
    other = [["alpha", "the first phase of the protocol", "x"], ["beta", "the second phase", "y"]] * 3
    table = latexbuild.hand_split(head_again=False, other=other)
    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    doc = read_document(latexbuild.build(latex_dir / "other.pdf", [table]), render_figures=False)
    assert _grid(doc.tables[0]) == table.grid


def test_a_table_of_formulae_is_no_paragraph(latex_dir):
    """Columns of formulae that MuPDF stacks into blocks of their own (many parts, no words)
    are the table's, not running text that ends it."""
    table = latexbuild.staggered_formulae()
    if latexbuild.latex_missing():
        pytest.skip(latexbuild.latex_missing())
    t = read_document(latexbuild.build(latex_dir / "formulae.pdf", [table]), render_figures=False).tables[0]
    assert t.unread is None and t.header == table.header
    for c in range(2):
        assert list(dict.fromkeys(r[c] for r in t.rows if r[c])) == [r[c] for r in table.rows if r[c]]


def test_a_wrapped_paragraph_cell_is_one_cell_and_a_multirow_group_stays_rows():
    """Lines that go on a paragraph cell join its row; a row of single words under a row of
    single words (the next row of a multirow group) does not, though it leaves a cell empty."""
    def p(x0, y0, x1, text):
        return Piece((x0, y0, x1, y0 + 9), text)

    pieces = [p(0, 0, 30, "Name"), p(60, 0, 110, "Description"), p(200, 0, 220, "Acc"),
              p(0, 12, 30, "ours"), p(60, 12, 80, "reads"), p(84, 12, 104, "every"), p(108, 12, 150, "sentence"),
              p(200, 12, 220, "0.9"),
              p(60, 24, 80, "twice"), p(84, 24, 100, "over"),  # "twice" would not fit after "sentence"
              p(0, 36, 30, "base"), p(60, 36, 80, "one"), p(200, 36, 220, "0.8"),
              p(60, 48, 80, "two"), p(200, 48, 220, "0.7")]  # a single word under a single word: a row
    g = aligned_grid(pieces, [])
    assert g.header == [["Name", "Description", "Acc"]]
    assert g.rows == [["ours", "reads every sentence twice over", "0.9"], ["base", "one", "0.8"], ["", "two", "0.7"]]


# --- ranking --------------------------------------------------------------------------------

def test_a_results_table_ranks_above_a_notation_table(tmp_path):
    from mmsum.rank.tables import rank_tables, table_role

    doc = read_document(two_tables_paper(tmp_path / "two.pdf"), render_figures=False)
    assert [table_role(t) for t in doc.tables] == ["setup", "results"]
    ranked = rank_tables(doc, np.linspace(1, 0, len(doc.sentences)).astype(np.float32))
    assert [s.table.label for s in ranked] == ["Table 2", "Table 1"]
    assert ranked[0].why and ranked[1].why[0].signal == "setup"


def test_table_role_reads_numbers_and_words():
    from mmsum.rank.tables import table_role

    results = Table("tab-1", 0, (0, 0, 1, 1), caption="Table 1: Scores.", header=[["Model", "A", "B"]],
                    rows=[["x", "1.0", "2.5%"], ["y", "0.91±0.02", "3"]])
    hyper = Table("tab-2", 0, (0, 0, 1, 1), caption="Table 2: Hyper-parameters of training.",
                  header=[["Name", "Value"]], rows=[["learning rate", "0.001"], ["batch size", "64"]])
    assert (table_role(results), table_role(hyper)) == ("results", "setup")


# --- outputs --------------------------------------------------------------------------------

def test_mmsum_tables_writes_markdown_csv_and_json(tmp_path, capsys):
    truth = table_paper(tmp_path / "paper.pdf", "ruled")
    out = tmp_path / "out"
    assert main(["tables", str(tmp_path / "paper.pdf"), "--out-dir", str(out), "--format", "md,csv,json"]) == 0
    rows = list(csv.reader(io.StringIO((out / "paper-tab-1.csv").read_text("utf-8"))))
    assert rows == truth.header + truth.rows
    md = (out / "paper-tab-1.md").read_text("utf-8")
    assert "| Method | Accuracy | F1 score | Time (s) |" in md and "| Ours + augmentation | 89.0 |" in md
    data = json.loads((out / "paper.json").read_text("utf-8"))
    rec = data["tables"][0]
    assert {"id", "label", "page", "bbox", "caption", "header", "rows", "score", "image"} <= rec.keys()
    assert rec["header"] == truth.header and rec["rows"] == truth.rows
    assert (out / rec["image"]).is_file()
    assert f"![Table 1]({rec['image']})" in md


def test_mmsum_tables_on_bad_input_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    assert main(["tables", str(bad), "--out-dir", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("mmsum: ") and "Traceback" not in err[0]
    assert main(["tables", str(bad), "--format", "xls"]) == 2


def test_an_unread_table_is_null_rows_with_its_reason(tmp_path):
    from mmsum.export.tables import table_csv, table_markdown, table_record

    doc = read_document(caption_without_table(tmp_path / "c.pdf"))
    rec = table_record(doc.tables[0])
    assert rec["rows"] is None and rec["unread"] == "no table was found next to its caption"
    assert table_markdown(doc.tables[0]) == "" and table_csv(doc.tables[0]) == ""


def test_summary_outputs_show_the_key_table(tmp_path):
    from mmsum.export import write_summary
    from mmsum.summary import ScoredSentence, ScoredTable, Summary

    table_paper(tmp_path / "t.pdf", "booktabs")
    doc = read_document(tmp_path / "t.pdf")
    summary = Summary(document=doc, mode="extractive", text=doc.sentences[0].text,
                      sentences=[ScoredSentence(doc.sentences[0], 1.0)], figures=[], models={"text": "m"},
                      tables=[ScoredTable(doc.tables[0], 0.8)])
    write_summary(summary, tmp_path / "out", ["md", "json"])
    md = (tmp_path / "out" / "t.md").read_text("utf-8")
    assert md.index("## Key tables") > md.index("## Summary")
    assert "### Table 1 (p. 1)" in md and "| Baseline | 81.2 | 79.0 | 12.5 |" in md
    data = json.loads((tmp_path / "out" / "t.json").read_text("utf-8"))
    assert data["tables"][0]["rows"][0] == ["Baseline", "81.2", "79.0", "12.5"]
    assert data["tables"][0]["score"] == 0.8
    assert (tmp_path / "out" / data["tables"][0]["image"]).is_file()


def test_a_summary_shows_the_results_table_and_none_with_tables_0(tmp_path):
    from mmsum.options import SummaryOptions
    from tests.encoders import summarizer

    path = two_tables_paper(tmp_path / "two.pdf")
    summary = summarizer().summarize(path, SummaryOptions())
    assert [t.table.label for t in summary.tables] == ["Table 2"]
    assert summary.tables[0].table.image_png  # its crop, for the Markdown
    assert not [s for s in summary.sentences if "81.2" in s.sentence.text]
    assert summarizer().summarize(path, SummaryOptions(tables=0)).tables == []
    assert [t.table.label for t in summarizer().summarize(path, SummaryOptions(tables=2)).tables] \
        == ["Table 2", "Table 1"]


def test_search_finds_a_table_by_its_cells(tmp_path):
    from mmsum.search.query import DocumentSearch
    from tests.encoders import summarizer

    search = DocumentSearch(summarizer())
    search.add(two_tables_paper(tmp_path / "two.pdf"))
    [answer] = search.search(["energy stored in the battery"], kind="table")
    top = answer["results"][0]
    assert (top["kind"], top["label"]) == ("table", "Table 1")  # a cell of the notation table says it
    assert "E | energy stored in the battery" in top["text"]
    [answer] = search.search(["accuracy of augmentation"], kind="all", top=20)
    assert "table" in {r["kind"] for r in answer["results"]}


def test_faithfulness_accepts_a_number_the_cited_table_holds(tmp_path):
    from mmsum.generate.faithfulness import sentence_problems
    from mmsum.generate.generative import source_index, table_evidence
    from mmsum.generate.rewrite import ALLOWED

    doc = read_document(two_tables_paper(tmp_path / "two.pdf"), render_figures=False)
    source = next(s for s in doc.sentences if s.table_ids == ["tab-2"])
    table = next(t for t in doc.tables if t.id == "tab-2")
    index = source_index(doc)
    said = "Table 2 shows that our method reaches 88.4 accuracy."
    assert "88.4 (not in its source)" in sentence_problems(said, [source.text], index, ALLOWED)
    assert not [p for p in sentence_problems(said, [source.text, *table_evidence(table)], index, ALLOWED)
                if "88.4" in p]
    # a number the table does not hold is still caught
    assert [p for p in sentence_problems(said.replace("88.4", "91.7"), [source.text, *table_evidence(table)], index,
                                         ALLOWED) if "91.7" in p]


@pytest.mark.parametrize("style", ["ruled", "booktabs"])
def test_an_accent_set_above_a_letter_joins_it(tmp_path, style):
    """TeX sets "\\bar{s}" as a macron glyph above the "s": the heading reads "s̄", not "¯s"."""
    import pymupdf

    from tests.tablebuild import ROW_HEIGHT, SIZE

    header = ["Method", "s", "tau"]
    truth = table_paper(tmp_path / "t.pdf", style, header=header, rows=[["ours", "0.91", "12"], ["base", "0.85", "15"]])
    with pymupdf.open(tmp_path / "t.pdf") as doc:
        page = doc[0]
        hit = [w for w in page.get_text("words") if w[4] == "s" and truth.bbox[1] <= w[1] <= truth.bbox[1] + ROW_HEIGHT]
        x0, y0 = hit[0][0], hit[0][1]
        page.insert_text((x0, y0 + 3), "¯", fontsize=SIZE)  # the macron's glyph, just above the letter
        doc.save(tmp_path / "accent.pdf")
    t = read_document(tmp_path / "accent.pdf", render_figures=False).tables[0]
    assert t.header == [["Method", "s\u0304", "tau"]]
    assert t.rows == [["ours", "0.91", "12"], ["base", "0.85", "15"]]


def test_an_accent_read_ahead_of_its_letter_follows_it():
    from mmsum.ingest.accents import with_accents

    box = (0.0, 0.0, 10.0, 8.0)
    assert [t for _, t in with_accents([(box, "¯si"), (box, "¯τ"), (box, "~"), (box, "x")])][:2] == \
        ["s\u0304i", "τ\u0304"]
    # an arrow read ahead of a word is an arrow: "Angscht →Angst" (a spelling and what it becomes)
    assert [t for _, t in with_accents([(box, "→Angst")])] == ["→Angst"]


def test_the_table_a_summary_sentence_cites_is_shown_first(tmp_path):
    from mmsum.options import SummaryOptions
    from mmsum.rank.tables import cited_first
    from mmsum.summary import ScoredTable
    from tests.encoders import summarizer

    summary = summarizer().summarize(two_tables_paper(tmp_path / "two.pdf"), SummaryOptions(tables=2))
    assert any(s.sentence.table_ids == ["tab-2"] for s in summary.sentences)  # "Table 2 shows that ..."
    assert summary.tables[0].table.label == "Table 2" and summary.tables[0].why[0].signal == "cited_by_summary"
    assert "cited_by_summary" not in [w.signal for w in summary.tables[1].why]
    # a results table cited moves before a more salient one; a table of notation keeps its place
    results = [Table(f"tab-{i}", 0, (0, 0, 1, 1), label=f"Table {i}", header=[HEADER], rows=ROWS) for i in (1, 2)]
    notation = Table("tab-3", 0, (0, 0, 1, 1), label="Table 3", header=[NOTATION_HEADER], rows=NOTATION_ROWS)
    ranked = [ScoredTable(results[0], 0.9), ScoredTable(notation, 0.5), ScoredTable(results[1], 0.4)]
    assert [s.table.id for s in cited_first(ranked, ["tab-3", "tab-2"])] == ["tab-2", "tab-1", "tab-3"]
