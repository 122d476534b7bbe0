"""OCR of pages without a usable text layer, with the bundled engine, on built PDFs whose text is
known: a scanned page, a page whose font has no Unicode map, a Chinese scan."""
from __future__ import annotations

import re

import pymupdf
import pytest

from mmsum.ingest import read_document
from mmsum.ingest.ocr import engine_available, recognise_image
from tests.pdfbuild import (SENTENCES, PaperBuilder, chinese_paper, formula_page, glyph_soup_page, lorem, scanned,
                            unmapped_font_page)

pytestmark = pytest.mark.skipif(engine_available() is not None, reason="no OCR engine installed")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def test_recognise_image_gives_lines_with_boxes_in_the_units_asked():
    page = pymupdf.open().new_page(width=400, height=120)
    page.insert_text((20, 40), "Radio links drain the batteries.", fontsize=16)
    page.insert_text((20, 90), "Duty cycling saves energy.", fontsize=16)
    png = page.get_pixmap(dpi=144).tobytes("png")
    lines = recognise_image(png, scale=2.0)  # 144 dpi = 2 pixels per point
    assert [ln.text for ln in lines] == ["Radio links drain the batteries.", "Duty cycling saves energy."]
    top = lines[0].bbox
    assert 10 <= top[0] <= 30 and 20 <= top[1] <= 36 and 40 <= top[3] <= 50  # PDF points
    assert all(0.5 <= ln.score <= 1.0 for ln in lines)


def test_scanned_page_is_read_by_ocr_with_boxes_where_the_text_is(tmp_path):
    b = PaperBuilder(columns=1, page_numbers=False, fontsize=11)
    b.title("Energy Use of Sensor Networks")
    b.heading("1 Introduction")
    b.paragraph(lorem(4))
    b.paragraph(lorem(3, 4))
    src = b.save(tmp_path / "born.pdf").path
    scan = scanned(src, tmp_path / "scan.pdf")
    with pymupdf.open(scan) as d:
        assert not d[0].get_text().strip()  # really no text layer
    doc = read_document(scan)
    assert doc.ocr_pages == [0] and doc.ocr_engine and "PP-OCR" in doc.ocr_engine
    assert doc.warnings == [] and doc.title == "Energy Use of Sensor Networks"
    born = read_document(src)
    # most sentences come back whole, in order, with boxes over the same lines
    got = {s.text: s for s in doc.sentences}
    same = [s for s in born.sentences if s.text in got]
    assert len(same) >= 0.7 * len(born.sentences)
    for s in same:
        o = got[s.text].bbox
        assert abs(o[1] - s.bbox[1]) <= 6 and abs(o[3] - s.bbox[3]) <= 6
    assert _words(" ".join(s.text for s in doc.sentences)) >= _words(" ".join(s.text for s in born.sentences))


@pytest.mark.parametrize("private_use", [True, False])
def test_text_layer_without_unicode_is_read_by_ocr(tmp_path, private_use):
    text = " ".join(SENTENCES[:3])
    path = unmapped_font_page(tmp_path / "cid.pdf", text, private_use=private_use)
    with pymupdf.open(path) as d:
        assert "Sensor" not in d[0].get_text()  # the text layer is garbage
    doc = read_document(path)
    assert doc.ocr_pages == [0]
    assert [s.text for s in doc.sentences] == SENTENCES[:3]


def test_text_layer_of_single_glyphs_is_read_by_ocr(tmp_path):
    # one glyph per "word", coded in order of first use: the layer spells nothing, the page shows prose
    text = " ".join(SENTENCES[:5])
    path = glyph_soup_page(tmp_path / "soup.pdf", text)
    with pymupdf.open(path) as d:
        layer = d[0].get_text()
    assert layer.split()[:6] == list("ABCDEF") and "Sensor" not in layer
    doc = read_document(path)
    assert doc.ocr_pages == [0]
    assert [s.text for s in doc.sentences] == SENTENCES[:5]


def test_formula_glyphs_beside_prose_are_not_a_reason_for_ocr(tmp_path):
    # TeX's symbol fonts map their glyphs to control codes; the prose around them is fine
    path = formula_page(tmp_path / "math.pdf", SENTENCES[:6])
    with pymupdf.open(path) as d:
        text = d[0].get_text()
    assert sum(c < " " and c not in "\n\t" for c in text) >= 0.08 * len(text.replace(" ", ""))
    doc = read_document(path)
    assert doc.ocr_pages == []
    assert [s.text for s in doc.sentences[:6]] == SENTENCES[:6]


def test_chinese_scan_is_read_by_ocr(tmp_path):
    src = chinese_paper(tmp_path / "zh.pdf").path
    doc = read_document(scanned(src, tmp_path / "zh-scan.pdf", dpi=200))
    texts = [s.text for s in doc.sentences]
    assert doc.ocr_pages == [0]
    assert "传感器网络的大部分能量用于无线通信。" in texts
    assert [f.label for f in doc.figures] == ["图 1"]


def test_summary_says_which_pages_were_read_by_ocr(tmp_path):
    from mmsum.export.markdown import render_markdown
    from mmsum.export.summary_json import summary_record
    from mmsum.options import SummaryOptions
    from tests.encoders import summarizer

    b = PaperBuilder(columns=1, page_numbers=False, fontsize=11)
    b.paragraph(lorem(5))
    src = b.save(tmp_path / "born.pdf").path
    summary = summarizer().summarize(scanned(src, tmp_path / "scan.pdf"), SummaryOptions(words=40))
    record = summary_record(summary)
    assert record["ocr"]["pages"] == [0] and "PP-OCR" in record["ocr"]["engine"]
    assert "PP-OCR" in summary.models["ocr"]
    assert record["status"] == "success" and record["summary"]["text"]
    assert "Text of page 1 recognised by OCR." in render_markdown(summary)


def test_a_scanned_papers_title_is_found_from_its_characters_widths(tmp_path):
    # recognised boxes of an 18-point title and of 11-point body lines come out about as tall;
    # their characters' widths tell the sizes apart
    b = PaperBuilder(columns=1, page_numbers=False, fontsize=11)
    b.title("Functional Reactive Animation of Sensor Networks")
    b.heading("1 Introduction")
    b.paragraph(lorem(120))
    b.paragraph(lorem(120, 5))
    src = b.save(tmp_path / "titled.pdf").path
    doc = read_document(scanned(src, tmp_path / "titled-scan.pdf", dpi=200))
    assert doc.ocr_pages == [0, 1, 2, 3, 4][:len(doc.ocr_pages)] and doc.ocr_pages
    assert doc.title == "Functional Reactive Animation of Sensor Networks"
