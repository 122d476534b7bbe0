"""read_document on PDFs built with known truth: text order, sections, figures, captions, mentions."""
from __future__ import annotations

import logging
import re

import pymupdf
import pytest

from mmsum.ingest import read_document
from mmsum.progress import Cancelled
from tests.boxes import iou
from tests.pdfbuild import PaperBuilder, chinese_paper, lorem, many_pages, two_column_paper


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    truth = two_column_paper(tmp_path_factory.mktemp("paper") / "paper.pdf")
    return truth, read_document(truth.path)


def test_every_captioned_figure_is_found_with_its_box_and_caption(paper):
    truth, doc = paper
    labeled = [f for f in doc.figures if f.label]
    assert truth.figures and [f.label for f in labeled] == [t.label for t in truth.figures]
    for f, t in zip(labeled, truth.figures):
        assert f.page == t.page
        assert iou(f.bbox, t.bbox) >= 0.85, (f.id, f.bbox, t.bbox)
        assert f.caption == t.caption
        assert iou(f.caption_bbox, t.caption_bbox) >= 0.8


def test_kinds_ids_and_nothing_else(paper):
    truth, doc = paper
    # the logo on every page and the ruled table are not figures
    assert [f.id for f in doc.figures] == ["fig-1", "fig-2", "fig-3"]
    assert [f.kind for f in doc.figures] == ["vector", "raster", "mixed"]
    assert [f.number for f in doc.figures] == [1, 2, 3]


def test_figure_crops_are_pngs_of_the_box(paper):
    _, doc = paper
    assert len(doc.figures) == 3
    for f in doc.figures:
        pix = pymupdf.Pixmap(f.image_png)
        w, h = f.bbox[2] - f.bbox[0], f.bbox[3] - f.bbox[1]
        assert abs(pix.width - (w + 6) * 2) <= 3 and abs(pix.height - (h + 6) * 2) <= 3  # 3 pt margin
        # a rendered figure is not a blank image
        assert len(set(pix.samples[::97])) > 3


def test_sentences_in_reading_order_across_columns_and_pages(paper):
    truth, doc = paper
    trials = [int(m.group(1)) for s in doc.sentences for m in re.finditer(r"in trial (\d+)\.", s.text)]
    assert trials == list(range(1, 35))


def test_body_text_has_no_headers_captions_figure_labels_or_broken_words(paper):
    truth, doc = paper
    text = "\n".join(s.text for s in doc.sentences)
    assert truth.header not in text
    assert "Figure 1:" not in text and "Table 1:" not in text
    assert "Thermal image" not in text
    assert not re.search(r"\b\d+(\.\d)?\s+\d+(\.\d)?\s+\d", text)  # tick labels or table cells
    # each sentence of the source appears whole: hyphenation at line ends was repaired
    expected = [s for _, par in truth.paragraphs for s in re.split(r"(?<=\.) (?=[A-Z])", par)]
    got = {s.text for s in doc.sentences}
    missing = [s for s in expected if s not in got]
    assert not missing, missing[:3]


def test_sentence_boxes_hold_their_text(paper):
    truth, doc = paper
    assert len(doc.sentences) >= 10
    with pymupdf.open(truth.path) as pdf:
        for s in doc.sentences[::5]:
            page = pdf[s.page]
            inside = page.get_textbox(pymupdf.Rect(s.bbox) + (-1, -1, 1, 1))
            first = s.text.split()[0]
            assert first in inside, (s.text, inside)
            assert s.index == doc.sentences.index(s)


def test_sections_and_title(paper):
    truth, doc = paper
    assert doc.title == truth.title
    assert [s.title for s in doc.sections] == [t for _, t in truth.headings]
    assert [s.page for s in doc.sections] == [p for p, _ in truth.headings]
    by_trial = {m.group(1): s.section for s in doc.sentences for m in [re.search(r"trial (\d+)\.", s.text)] if m}
    assert by_trial["1"] == "1 Introduction"
    assert by_trial["12"] == "2 Method"
    assert by_trial["30"] == "3 Results"


def test_mentions_link_sentences_and_figures(paper):
    _, doc = paper
    figs = {f.id: f for f in doc.figures}
    cites = {s.text: s.figure_ids for s in doc.sentences if s.figure_ids}
    assert cites["The daily energy budget is shown in Fig. 1 for all nodes."] == ["fig-1"]
    assert cites["Figs. 2 and 3 compare the two enclosures."] == ["fig-2", "fig-3"]
    assert cites["Figure 3(b) shows the effect of the schedule."] == ["fig-3"]
    assert [m.text for m in figs["fig-2"].mentions] == ["As Figure 2 shows, the gateway nodes age faster.",
                                                         "Figs. 2 and 3 compare the two enclosures."]
    assert sum(len(f.mentions) for f in doc.figures) >= 4
    for f in doc.figures:
        for m in f.mentions:
            assert doc.sentences[m.sentence].text == m.text and f.id in doc.sentences[m.sentence].figure_ids


def test_document_fields(paper):
    truth, doc = paper
    assert doc.page_count == truth.pages
    assert doc.pages[0].width == 612 and doc.pages[0].height == 792
    assert re.fullmatch(r"[0-9a-f]{64}", doc.content_hash)
    assert doc.warnings == []


def test_logo_is_left_out_with_a_reason_in_the_debug_log(tmp_path, caplog):
    truth = two_column_paper(tmp_path / "p.pdf")
    with caplog.at_level(logging.DEBUG, logger="mmsum.ingest"):
        doc = read_document(truth.path, render_figures=False)
    assert all(f.image_png is None for f in doc.figures)
    logo = truth.logo_rect
    assert not any(iou(f.bbox, logo) > 0 for f in doc.figures)
    assert any("repeated on several pages" in r.getMessage() for r in caplog.records)


def test_chinese_sentences_caption_and_mention(tmp_path):
    truth = chinese_paper(tmp_path / "zh.pdf")
    doc = read_document(truth.path)
    texts = [s.text for s in doc.sentences]
    assert texts[:4] == ["传感器网络的大部分能量用于无线通信。", "我们测量了每个节点的电流！", "结果如何？",
                         "如图1所示，占空比可以显著降低功耗。"]
    (fig,) = doc.figures
    assert fig.label == "图 1" and fig.caption == "图 1：每个节点的日能耗。"  # the document's own label
    assert iou(fig.bbox, truth.figures[0].bbox) >= 0.85
    assert [m.text for m in fig.mentions] == ["如图1所示，占空比可以显著降低功耗。"]
    assert doc.sections[0].title == "1 引言"


def test_caption_styles_and_body_text_that_starts_with_a_label(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.paragraph(lorem(3))
    b.figure("raster", "Fig. 1. A raster panel.", height=90)
    b.paragraph("Figure 1 shows the raster panel and the text goes on for a while to make a paragraph.")
    b.figure("vector", "FIGURE 2: A vector plot.", height=90)
    b.figure("raster", "Fig. 3a Left half of the deployment.", height=90)
    b.paragraph(lorem(2, 3))
    truth = b.save(tmp_path / "styles.pdf")
    doc = read_document(truth.path, render_figures=False)
    assert [(f.id, f.label, f.caption) for f in doc.figures] == [
        ("fig-1", "Figure 1", "Fig. 1. A raster panel."),
        ("fig-2", "Figure 2", "FIGURE 2: A vector plot."),
        ("fig-3a", "Figure 3", "Fig. 3a Left half of the deployment."),
    ]
    # "Figure 1 shows ..." is body text that cites the figure, not a second caption
    assert any(s.text.startswith("Figure 1 shows") and s.figure_ids == ["fig-1"] for s in doc.sentences)


def test_captions_above_their_figures_are_paired_with_the_figure_below(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.paragraph(lorem(2))
    first = b.figure("vector", "Figure 1: Above the first plot.", caption_above=True, height=100)
    second = b.figure("raster", "Figure 2: Above the second image.", caption_above=True, height=100)
    b.paragraph(lorem(3, 2))
    truth = b.save(tmp_path / "above.pdf")
    doc = read_document(truth.path, render_figures=False)
    assert [f.label for f in doc.figures] == ["Figure 1", "Figure 2"]
    assert iou(doc.figures[0].bbox, first.bbox) >= 0.85
    assert iou(doc.figures[1].bbox, second.bbox) >= 0.85
    assert doc.figures[1].kind == "raster"


def test_large_image_without_caption_is_an_unlabeled_figure(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.paragraph(lorem(3))
    rect = pymupdf.Rect(100, b.y + 10, 400, b.y + 200)
    from tests.pdfbuild import gradient_pixmap

    b.page.insert_image(rect, pixmap=gradient_pixmap(), keep_proportion=False)
    b.page.insert_image(pymupdf.Rect(500, 700, 510, 710), pixmap=gradient_pixmap(8, 8))  # an icon
    b.y = rect.y1 + 12
    b.paragraph(lorem(3, 3))
    truth = b.save(tmp_path / "free.pdf")
    doc = read_document(truth.path)
    (fig,) = doc.figures
    assert fig.label is None and fig.id == "p1-1" and fig.caption == ""
    assert iou(fig.bbox, rect) > 0.95 and fig.image_png


def test_progress_and_cancel(tmp_path):
    truth = many_pages(tmp_path / "m.pdf", 12, figure_every=4)
    seen = []
    doc = read_document(truth.path, progress=lambda f, m: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 12
    assert [f.label for f in doc.figures] == ["Figure 1", "Figure 2", "Figure 3"]
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        read_document(truth.path, cancel=cancel)


def test_long_documents_are_reopened_along_the_way_without_losing_anything(tmp_path, monkeypatch):
    import mmsum.ingest.reader as reader

    monkeypatch.setattr(reader, "REOPEN_EVERY", 4)
    truth = many_pages(tmp_path / "m.pdf", 13, figure_every=3)
    src = pymupdf.open(truth.path)
    src.save(tmp_path / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    for path, pw in ((truth.path, None), (tmp_path / "locked.pdf", "pw")):
        doc = read_document(path, password=pw)
        assert [s.page for s in doc.sentences] == [p for p in range(13) for _ in range(3)]
        assert [f.page for f in doc.figures] == [0, 3, 6, 9, 12]
        assert all(f.image_png for f in doc.figures) and doc.warnings == []


def test_bibliography_and_front_matter_are_not_body_sentences(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.title("Measured Energy Budgets")
    b.paragraph("Ada Lovelace and Charles Babbage, Analytical Engines Ltd")
    b.heading("1 Introduction")
    b.paragraph(lorem(2))
    b.heading("References")
    b.paragraph("[1] A. Author. Power models of radios. Journal of Sensors, 2019. [2] B. Writer. "
                "Duty cycling in practice. Proceedings of Networks, 2020.")
    doc = read_document(b.save(tmp_path / "refs.pdf").path)
    assert [s.text for s in doc.sentences] == re.split(r"(?<=\.) ", lorem(2))
    assert [s.title for s in doc.sections] == ["1 Introduction", "References"]


def _page_with(tmp_path, lines: list[tuple[float, str]], name: str):
    """One page: a vector plot at the top, then text lines at the given y (10 pt Helvetica)."""
    from tests.pdfbuild import draw_plot

    doc = pymupdf.open()
    page = doc.new_page()
    draw_plot(page, pymupdf.Rect(72, 72, 400, 200))
    for y, text in lines:
        page.insert_text((72, y), text, fontsize=10)
    path = tmp_path / name
    doc.save(path)
    return read_document(path, render_figures=False)


def test_double_spaced_caption_is_read_whole(tmp_path):
    lines = ["Figure 1: Energy drawn by the relay nodes over the whole season, measured at the",
             "battery terminals with a shunt resistor and integrated over each day of the",
             "trial, for all three reporting policies."]
    body = "The relay nodes were chosen by the routing protocol and were not changed later on."
    doc = _page_with(tmp_path, [(222 + 24 * i, t) for i, t in enumerate(lines)] + [(310, body)], "ds.pdf")
    (fig,) = doc.figures
    assert fig.caption == " ".join(lines)
    assert [s.text for s in doc.sentences] == [body]


def test_short_caption_does_not_swallow_the_next_column_text(tmp_path):
    cont = "of the network, which is why the relay nodes were replaced twice during the season."
    doc = _page_with(tmp_path, [(222, "Figure 1: Energy per node"), (246, cont)], "short.pdf")
    (fig,) = doc.figures
    assert fig.caption == "Figure 1: Energy per node"
    assert [s.text for s in doc.sentences] == [cont]


def test_keyword_lines_are_not_body_sentences(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.paragraph("Keywords: sensor networks, duty cycling, energy harvesting,")
    b.paragraph("lithium cells, scheduling")
    b.heading("1 Introduction")
    b.paragraph(lorem(3))
    b.heading("Index Terms")
    b.paragraph("Radio communication, relaying load, gateways")
    b.heading("2 Methods")
    b.paragraph(lorem(2, 3))
    truth = b.save(tmp_path / "keywords.pdf")
    doc = read_document(truth.path, render_figures=False)
    texts = [s.text for s in doc.sentences]
    assert texts == [lorem(1, i) for i in range(3)] + [lorem(1, i) for i in range(3, 5)]
    assert [s.title for s in doc.sections] == ["1 Introduction", "2 Methods"]


def test_reference_list_without_its_heading_is_not_body_text(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.heading("4 Conclusions")
    b.paragraph(lorem(2))
    b.paragraph("[1] A. Smith and B. Jones, Energy use of sensor networks, J. Sens. Netw. 3, 1 (2010).")
    b.paragraph("[2] C. Brown, Duty cycling in practice, Proc. Sens. Conf. 12 (2012).")
    b.heading("Appendix A")
    b.paragraph(lorem(1, 4))
    truth = b.save(tmp_path / "refs.pdf")
    doc = read_document(truth.path, render_figures=False)
    assert [s.text for s in doc.sentences] == [lorem(1, 0), lorem(1, 1), lorem(1, 4)]


def test_run_in_heading_is_not_a_section(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.heading("1 Introduction")
    b.paragraph(lorem(2))
    b.heading("Lemma 4. Let")
    b.paragraph("the nodes relay packets to the gateway over several hops every night.")
    truth = b.save(tmp_path / "runin.pdf")
    doc = read_document(truth.path, render_figures=False)
    assert [s.title for s in doc.sections] == ["1 Introduction"]
    assert doc.sentences[-1].section == "1 Introduction"


def test_sentence_runs_on_over_a_formula_line(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False)
    b.heading("1 Results")
    b.paragraph("With this probability the slope and the value of the symmetry energy are within the limits of")
    b.paragraph("70 < L < 101 MeV and 33.5 < a < 36.4 MeV, respectively.")
    b.paragraph(lorem(1))
    truth = b.save(tmp_path / "formula.pdf")
    doc = read_document(truth.path, render_figures=False)
    assert [s.text for s in doc.sentences] == [
        "With this probability the slope and the value of the symmetry energy are within the limits of "
        "70 < L < 101 MeV and 33.5 < a < 36.4 MeV, respectively.", lorem(1)]


def test_a_references_heading_read_in_one_block_with_its_first_entries_starts_the_bibliography(tmp_path):
    # OCR, and some layouts, join a body-size "References" line to the author-year entries under it
    b = PaperBuilder(columns=1, page_numbers=False)
    b.heading("1 Introduction")
    b.paragraph(lorem(2))
    b.paragraph("References\nBoquist, Urban. 1999 (April). Code optimisation techniques for lazy functional "
                "languages. PhD thesis, Chalmers University of Technology.\nJohnsson, Thomas. 1984. Efficient "
                "compilation of lazy evaluation. Pages 58-69 of: Proc SIGPLAN Symposium on Compiler Construction.")
    path = b.save(tmp_path / "refs.pdf").path
    with pymupdf.open(path) as d:
        blocks = [blk for blk in d[0].get_text("dict")["blocks"] if "References" in str(blk)]
    assert len(blocks) == 1 and blocks[0]["lines"][0]["spans"][0]["text"].startswith("References Boquist")
    doc = read_document(path)
    assert [s.text for s in doc.sentences] == re.split(r"(?<=\.) ", lorem(2))


def test_a_sentence_broken_by_a_formulas_glyphs_is_read_whole(tmp_path):
    from tests.pdfbuild import formula_glyphs_paragraph
    before = ("The endemic component consists of a Cox formulation with a baseline hazard and a log-linear "
              "predictor v(t) = exp")
    after = "z(t) of covariates modeling infection from external sources."
    doc = read_document(formula_glyphs_paragraph(tmp_path / "formula.pdf", before, after), render_figures=False)
    assert f"{before} {after}" in [s.text for s in doc.sentences]


@pytest.mark.parametrize("leaders,apart", [(False, False), (True, False), (True, True)])
def test_a_table_of_contents_is_no_text_and_names_no_section(tmp_path, leaders, apart):
    # amsart sets each entry's number, heading and page apart on one row: read as sentences,
    # "Results on the vineyard 4 References 5" had been a summary's sentence
    from tests.pdfbuild import CONTENTS_ENTRIES, contents_paper
    truth = contents_paper(tmp_path / "contents.pdf", leaders=leaders, numbers_apart=apart)
    doc = read_document(truth.path, render_figures=False)
    assert [s.title for s in doc.sections] == [t for _, t in truth.headings]
    assert all(s.page == 1 for s in doc.sections)
    texts = [s.text for s in doc.sentences]
    assert not [t for t in texts if any(h in t for _, h, _ in CONTENTS_ENTRIES) and "section on" not in t]
    assert sum("opens with this sentence" in t for t in texts) == len(CONTENTS_ENTRIES) - 1
