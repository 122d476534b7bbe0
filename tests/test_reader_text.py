"""The reader's text side on built PDFs whose truth is known: MuPDF warnings, huge images, drop
caps, titles, caption label styles and mentions, Chinese books, garbage text layers."""
from __future__ import annotations

import pymupdf
import pytest

from mmsum.document import Status
from mmsum.errors import DocumentError
from mmsum.ingest import read_document
from mmsum.ingest.labels import figure_key
from mmsum.ingest.layout import Block, Role
from mmsum.ingest.mentions import cited_keys
from tests.pdfbuild import (BANDED_TITLE, LATIN, PaperBuilder, banded_title_paper, chinese_book, huge_image_page, lorem,
                            many_pages, wrong_stream_lengths)


def test_benign_mupdf_warnings_on_every_page_are_not_damage(tmp_path):
    src = many_pages(tmp_path / "m.pdf", 4).path
    bad = wrong_stream_lengths(src, tmp_path / "lengths.pdf")
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.reset_mupdf_warnings()
    with pymupdf.open(bad) as doc:
        for page in doc:
            page.get_text()
    assert "Length incorrect" in pymupdf.TOOLS.mupdf_warnings()  # the file really makes MuPDF warn
    pymupdf.TOOLS.mupdf_display_errors(True)
    doc = read_document(bad)
    assert doc.status is Status.SUCCESS and doc.warnings == []
    assert {s.page for s in doc.sentences} == {0, 1, 2, 3}
    assert [s.text for s in doc.sentences] == [s.text for s in read_document(src).sentences]


def test_huge_image_keeps_its_page_text(tmp_path):
    path = huge_image_page(tmp_path / "huge.pdf")
    doc = read_document(path, render_figures=False)
    assert doc.sentences and doc.sentences[0].text.startswith("Sensor networks spend")
    (fig,) = doc.figures
    assert fig.bbox == pytest.approx((72, 150, 400, 450), abs=1)


def test_images_that_cannot_be_read_leave_the_text(tmp_path, monkeypatch):
    import mmsum.ingest.images as images

    src = many_pages(tmp_path / "m.pdf", 2, figure_every=1).path

    def broken(page, *args, **kwargs):
        raise RuntimeError("cannot decode image")

    monkeypatch.setattr(images, "page_images", broken)
    doc = read_document(src, render_figures=False)
    assert {s.page for s in doc.sentences} == {0, 1}
    assert doc.status is Status.PARTIAL
    assert doc.warnings[0].startswith("2 pages could not be read completely (from page 1: its images could not "
                                      "be read")
    assert sorted(doc.damaged_pages) == [0, 1]


def test_drop_cap_rejoins_its_word(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((54, 50), "Radio Links of Sensor Nodes", fontsize=18, fontname="hebo")
    page.insert_text((54, 80), "1 Introduction", fontsize=12, fontname="hebo")
    cap = 40
    page.insert_text((54, 100 + cap * 0.7), "T", fontsize=cap)
    x = 54 + LATIN.text_length("T", cap) + 2
    words = ("he bandwidth of the radio link limits how often the nodes can report. " + lorem(4)).split()
    y, line, lines = 100 + 9, "", []
    for w in words:
        width = 480 - (x - 54 if len(lines) < 3 else 0)
        if LATIN.text_length(f"{line} {w}", 10) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    for i, text in enumerate(lines):
        page.insert_text((x if i < 3 else 54, y), text, fontsize=10)
        y += 12.5
    doc.save(tmp_path / "dropcap.pdf")
    out = read_document(tmp_path / "dropcap.pdf")
    assert out.sentences[0].text.startswith("The bandwidth of the radio link")
    assert [s.title for s in out.sections] == ["1 Introduction"]


def test_title_is_not_an_affiliation(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 70), "Department of Physics, University of Nowhere", fontsize=16)
    page.insert_text((72, 110), "Energy Use of Sensor Networks", fontsize=15, fontname="hebo")
    page.insert_text((72, 150), "Abstract", fontsize=10, fontname="hebo")
    y = 170
    for k in range(4):
        page.insert_text((72, y), lorem(1, k), fontsize=10)
        y += 14
    doc.save(tmp_path / "title.pdf")
    assert read_document(tmp_path / "title.pdf").title == "Energy Use of Sensor Networks"


@pytest.mark.parametrize("how", [{}, {"placed": True}, {"boxed": True}, {"teaser": True},
                                 {"placed": True, "teaser": True}])
def test_title_on_a_coloured_band_is_the_title(tmp_path, how):
    """A title on a band or in a box is set on a drawing, but no chart's text."""
    truth = banded_title_paper(tmp_path / "band.pdf", **how)
    assert read_document(truth.path, render_figures=False, ocr=False).title == BANDED_TITLE


def test_caption_label_styles_keep_the_documents_numbering(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.paragraph(lorem(2) + " The scheme is sketched in Fig. 1, and see Figure 2.2 for the trend.")
    b.figure("vector", "Fig. 1—Schematic of the sensor node and its radio.", height=70)
    b.figure("raster", "Figure 2.1: Daily energy use in the first deployment.", height=70)
    b.figure("vector", "Figure 2.2: Daily energy use in the second deployment.", height=70)
    b.paragraph(lorem(2, 2) + " Figs. 2.1 and 2.2 compare the deployments.")
    b.page_break()
    b.figure("raster", "Fig. A1. The enclosure used in the appendix.", height=70)
    b.figure("vector", "Figure S2. Supplementary measurements of the current.", height=70)
    b.figure("vector", "Figure 2.1: A second figure printed with the same label.", height=70)
    b.paragraph(lorem(2, 4) + " The enclosure is shown in Fig. A1 and more data in Figure S2.")
    truth = b.save(tmp_path / "labels.pdf")
    doc = read_document(truth.path, render_figures=False)
    assert [(f.label, f.id, f.number) for f in doc.figures] == [
        ("Figure 1", "fig-1", 1), ("Figure 2.1", "fig-2.1", None), ("Figure 2.2", "fig-2.2", None),
        ("Figure A1", "fig-a1", None), ("Figure S2", "fig-s2", None), ("Figure 2.1", "fig-2.1-2", None)]
    assert doc.figures[0].caption.startswith("Fig. 1—Schematic")
    cites = {s.text.split()[-1]: s.figure_ids for s in doc.sentences if s.figure_ids}
    assert cites["trend."] == ["fig-1", "fig-2.2"]
    assert cites["deployments."] == ["fig-2.1", "fig-2.1-2", "fig-2.2"]
    assert cites["S2."] == ["fig-a1", "fig-s2"]


def test_chinese_chapter_labels_and_mentions(tmp_path):
    truth = chinese_book(tmp_path / "book.pdf")
    doc = read_document(truth.path, render_figures=False)
    assert [(f.label, f.id) for f in doc.figures] == [("图 2.1", "fig-2.1"), ("图 2.2", "fig-2.2")]
    by_id = {f.id: [m.text for m in f.mentions] for f in doc.figures}
    assert by_id["fig-2.1"] == ["如图2.1所示，模型的错误率随着训练的进行而下降。"]
    assert by_id["fig-2.2"] == ["图2.2给出了学习率对收敛速度的影响。"]


def test_chinese_book_sentences_notes_and_running_headers(tmp_path):
    truth = chinese_book(tmp_path / "book.pdf")
    doc = read_document(truth.path, render_figures=False)
    texts = [s.text for s in doc.sentences]
    # every sentence is whole: lines joined without spaces, split only at 。！？
    from tests.pdfbuild import ZH_SENTENCES

    assert set(texts) >= set(ZH_SENTENCES)
    assert all(t.endswith("。") for t in texts)
    body = "".join(texts)
    assert "边注" not in body  # margin notes stay out of the body
    assert "机器学习概述" not in body and "优化算法" not in body  # running headers removed
    assert [s.title for s in doc.sections] == ["2.1 基本概念"]


def test_mentions_of_chapter_numbered_figures():
    assert cited_keys("see Figs. 2.3 and 2.4, and Figures 3-5") == [
        ("2.3", None), ("2.4", None), ("3", None), ("4", None), ("5", None)]
    assert cited_keys("Figs. 2.3–2.5 show it") == [("2.3", None), ("2.4", None), ("2.5", None)]
    assert cited_keys("如图5.3所示") == [("5.3", None)]
    assert cited_keys("图3-2给出了", {"3.2"}) == [("3.2", None)]
    assert [figure_key(x) for x in ("Figure 2.4", "图 5.13", "Figure S1", "图 3-2", None)] == [
        "2.4", "5.13", "S1", "3.2", None]


def test_block_role_is_a_string_enum_checked_where_it_is_set():
    b = Block(page=0, bbox=(0, 0, 1, 1), lines=[])
    assert b.role is Role.BODY and b.role == "body" and b.role in {"body", "caption"}
    b.role = "figure-text"
    assert b.role is Role.FIGURE_TEXT
    with pytest.raises(ValueError):
        b.role = "bodyy"


def test_truncated_pdf_without_pages_is_called_damaged(tmp_path):
    src = many_pages(tmp_path / "m.pdf", 3).path
    data = src.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:200])
    with pytest.raises(DocumentError) as info:
        read_document(cut)
    assert "damaged" in str(info.value) and "no pages" not in str(info.value)


def test_file_name_that_is_not_utf8_is_read(tmp_path):
    import os

    src = many_pages(tmp_path / "m.pdf", 1).path
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.pdf")
    with open(name, "wb") as fh:
        fh.write(src.read_bytes())
    doc = read_document(os.fsdecode(name))
    assert doc.sentences and doc.status is Status.SUCCESS


def test_heading_merged_into_its_paragraph_in_a_bold_face_without_the_flag(tmp_path):
    from tests.pdfbuild import MERGED_HEADINGS, merged_heading_paper
    truth = merged_heading_paper(tmp_path / "merged.pdf")
    with pymupdf.open(truth.path) as pdf:  # as built: each heading and its paragraph are one block, unflagged
        blocks = [" ".join(s["text"] for ln in b["lines"] for s in ln["spans"])
                  for b in pdf[0].get_text("dict")["blocks"] if b.get("lines")]
        assert len(blocks) == len(MERGED_HEADINGS) - 1 and blocks[1].startswith("5.2") and "5.3" in blocks[1]
        assert not any(s["flags"] & pymupdf.TEXT_FONT_BOLD for b in pdf[0].get_text("dict")["blocks"]
                       for ln in b.get("lines", []) for s in ln["spans"])
    doc = read_document(truth.path, render_figures=False)
    assert [s.title for s in doc.sections] == list(MERGED_HEADINGS)
    for heading, body in MERGED_HEADINGS.items():
        first = body.split(". ")[0]
        (sentence,) = [s for s in doc.sentences if s.text.startswith(first)]
        assert sentence.section == heading


def _read_with_introduction(doc, path):
    """``doc``'s first page, with "1. Introduction" and its text below 290 pt, saved and read."""
    from tests.pdfbuild import lorem

    page = doc[0]
    page.insert_textbox(pymupdf.Rect(72, 290, 523, 310), "1. Introduction", fontsize=10, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 314, 523, 800), lorem(14), fontsize=10)
    doc.save(path)
    return read_document(path, render_figures=False)


@pytest.mark.parametrize("bold", [False, True])
def test_a_title_in_the_bodys_size_is_the_title_not_a_section(tmp_path, bold):
    """A title set in the body's own size, in capitals or in bold ("ON THE LAST QUESTION OF
    STEFAN BANACH", a journal's bold title over its smaller author line), is the document's
    title, over two lines too, and no section heading; the author line under it is neither."""
    lines = ["Testing Small Study Effects", "in Multivariate Meta-Analysis"] if bold else \
        ["SPEEDING UP MCMC BY DELAYED ACCEPTANCE", "AND DATA SUBSAMPLING"]
    font = "hebo" if bold else "helv"
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 40), "Journal of Sampling, 000-000", fontsize=8)
    for k, line in enumerate(lines):
        page.insert_text((120, 100 + 13 * k), line, fontsize=10, fontname=font)
    page.insert_text((200, 140), "ROGER SAMPLE AND ANNA EXAMPLE", fontsize=8)
    page.insert_text((200, 152), "Department of Statistics, University of Nowhere", fontsize=8)
    for k, line in enumerate(ABSTRACT_LINES):  # double-spaced, a line a block (a manuscript)
        page.insert_text((90, 180 + 22 * k), line, fontsize=9)
    read = _read_with_introduction(doc, tmp_path / "title.pdf")
    assert read.title == " ".join(lines)
    assert [s.title for s in read.sections] == ["1. Introduction"]
    text = [s.text for s in read.sentences]
    assert text[:3] == ABSTRACT_SENTENCES, text[:5]
    assert not [s for s in text if "SAMPLE" in s or "Nowhere" in s]


ABSTRACT_LINES = ["Summary: Small study effects occur when smaller studies show different,",
                  "often larger, treatment effects than large ones. The most well-known reasons for",
                  "small study effects include publication bias and heterogeneity. We propose a score",
                  "test as an overall test of small study effects in multivariate meta-analysis."]
ABSTRACT_SENTENCES = ["Small study effects occur when smaller studies show different, often larger, treatment "
                      "effects than large ones.",
                      "The most well-known reasons for small study effects include publication bias and "
                      "heterogeneity.",
                      "We propose a score test as an overall test of small study effects in multivariate "
                      "meta-analysis."]


def test_an_abstract_before_a_table_of_contents_is_read_and_the_authors_are_not(tmp_path):
    """A paper whose title is set in the body's size, with its abstract (opened by its label)
    and then a table of contents before the first heading: the authors above the abstract are
    front matter, the abstract's sentences are read, the contents are neither."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((150, 80), "TOWARD A UNIFIED THEORY OF SPARSE EMBEDDINGS", fontsize=10)
    page.insert_text((180, 100), "JEAN SAMPLE, ANNA EXAMPLE, AND JOHN DOE", fontsize=8)
    page.insert_textbox(pymupdf.Rect(90, 130, 505, 170), "Abstract. Let the map be a sparse random projection with a "
                        "few non-zeroes per column. We study the settings required to preserve every norm.", fontsize=9)
    page.insert_textbox(pymupdf.Rect(90, 190, 505, 210), "Contents", fontsize=10, fontname="hebo")
    for k, entry in enumerate(["1. Introduction 1", "2. Preliminaries 3", "3. The main theorem 5"]):
        page.insert_text((90, 225 + 13 * k), entry, fontsize=9)
    read = _read_with_introduction(doc, tmp_path / "contents.pdf")
    text = [s.text for s in read.sentences]
    assert read.title == "TOWARD A UNIFIED THEORY OF SPARSE EMBEDDINGS"
    assert text[:2] == ["Let the map be a sparse random projection with a few non-zeroes per column.",
                        "We study the settings required to preserve every norm."], text[:4]
    assert not [s for s in text if "SAMPLE" in s or "Preliminaries" in s]
