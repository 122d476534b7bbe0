"""The viewer's core module (mmsum.pages) and the one list of readable formats, on built PDFs."""
from __future__ import annotations

import pickle

import pymupdf
import pytest

from mmsum.errors import DocumentError
from mmsum.formats import INPUT_FORMATS, NATIVE_SUFFIXES, file_dialog_filter, format_names, is_document_name
from mmsum.pages import (PageSource, PasswordRequired, Word, find_in_words, select_words,
                         words_text)
from tests.pdfbuild import many_pages


def _text_pdf(path, lines_per_page: list[list[str]], toc=None):
    doc = pymupdf.open()
    for lines in lines_per_page:
        page = doc.new_page(width=400, height=500)
        y = 60
        for line in lines:
            page.insert_text((50, y), line, fontsize=11)
            y += 16
    if toc:
        doc.set_toc(toc)
    doc.save(path)
    doc.close()
    return path


def test_formats_are_one_list_used_by_the_opener():
    import mmsum.ingest.open as opener

    assert opener.NATIVE_SUFFIXES is NATIVE_SUFFIXES
    assert {".pdf", ".epub", ".xps"} <= NATIVE_SUFFIXES
    flt = file_dialog_filter()
    first = flt.split(";;")[0]
    for suffix in NATIVE_SUFFIXES:
        assert f"*{suffix}" in first and f"*{suffix.upper()}" in first
    assert flt.endswith("All files (*)") and flt.count(";;") == len(INPUT_FORMATS) + 1
    assert format_names().startswith("PDF, ") and " or " in format_names()
    assert is_document_name("Paper.PDF") and not is_document_name("notes.txt")


def test_sizes_render_words_and_title(tmp_path):
    path = _text_pdf(tmp_path / "a.pdf", [["Hello world"], ["Second page here"]])
    with PageSource.open(path) as src:
        assert src.page_count == 2 and src.sizes() == [(400.0, 500.0), (400.0, 500.0)]
        img = src.render(0, 0.5)
        assert (img.width, img.height) == (200, 250) and len(img.samples) == img.stride * img.height
        words = src.words(1)
        assert [w.text for w in words] == ["Second", "page", "here"]
        x0, y0, x1, y1 = words[0].bbox
        assert 49 <= x0 < x1 and y0 < 60 < y1 + 3  # points, origin top-left, on the baseline


def test_opening_uses_the_core_opener_messages(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match="empty"):
        PageSource.open(empty)
    with pytest.raises(DocumentError, match="no such file"):
        PageSource.open(tmp_path / "missing.pdf")
    junk = tmp_path / "data.bin"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DocumentError) as err:
        PageSource.open(junk)
    assert not isinstance(err.value, PasswordRequired)


def test_password_required_then_wrong_then_right(tmp_path):
    plain = _text_pdf(tmp_path / "p.pdf", [["Secret findings"]])
    locked = tmp_path / "locked.pdf"
    with pymupdf.open(plain) as d:
        d.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o", user_pw="right")
    with pytest.raises(PasswordRequired) as none:
        PageSource.open(locked)
    assert not none.value.wrong and "locked.pdf" in str(none.value)
    with pytest.raises(PasswordRequired) as wrong:
        PageSource.open(locked, "nope")
    assert wrong.value.wrong
    # crosses a process boundary (the render process) with its flag
    again = pickle.loads(pickle.dumps(wrong.value))
    assert isinstance(again, PasswordRequired) and again.wrong and str(again) == str(wrong.value)
    with PageSource.open(locked, "right") as src:
        assert [w.text for w in src.words(0)] == ["Secret", "findings"]


def test_find_counts_case_and_line_breaks(tmp_path):
    path = _text_pdf(tmp_path / "f.pdf", [
        ["The energy budget of a node", "depends on its energy source."],
        ["No match on this page"],
        ["ENERGY again, and the energy", "budget wraps here"],
    ])
    with PageSource.open(path) as src:
        hits = src.find("energy")
        assert [h.page for h in hits] == [0, 0, 2, 2]
        assert all(len(h.boxes) == 1 for h in hits)
        # the hit covers the word, not the whole line: "ENERGY" starts the line on page 2
        first = hits[2].boxes[0]
        assert first[0] == pytest.approx(50, abs=1) and first[2] < 120
        wrapped = src.find("energy  budget")  # spaces normalised; the second hit wraps a line
        assert [h.page for h in wrapped] == [0, 2]
        assert len(wrapped[0].boxes) == 1 and len(wrapped[1].boxes) == 2
        assert wrapped[1].boxes[0][1] < wrapped[1].boxes[1][1]  # first line above the second
        assert src.find("absent") == [] and src.find("   ") == []
        assert [h.page for h in src.find("energy", pages=[2, 7])] == [2, 2]


def test_find_on_a_long_document(tmp_path):
    truth = many_pages(tmp_path / "long.pdf", 30)
    with PageSource.open(truth.path) as src:
        hits = src.find("in trial 7.")
        assert [h.page for h in hits] == [2]  # trial numbers are unique: one page has it


def test_chinese_find_across_a_line_end():
    words = [Word("传感器网络的", (0, 0, 60, 10), 0, 0), Word("能量用于通信", (0, 12, 60, 22), 0, 1)]
    hits = find_in_words(words, "网络的能量")
    assert len(hits) == 1 and len(hits[0]) == 2
    assert words_text(words) == "传感器网络的能量用于通信"


def test_selection_and_its_text():
    w = [Word("Energy", (10, 10, 50, 20), 0, 0), Word("use", (55, 10, 75, 20), 0, 0),
         Word("per", (80, 10, 100, 20), 0, 0), Word("node", (10, 24, 40, 34), 0, 1),
         Word("Next", (10, 50, 40, 60), 1, 0), Word("block", (45, 50, 80, 60), 1, 0)]
    assert [x.text for x in select_words(w, (56, 15), (30, 28))] == ["use", "per", "node"]
    assert [x.text for x in select_words(w, (30, 28), (56, 15))] == ["use", "per", "node"]  # upwards
    assert [x.text for x in select_words(w, None, (12, 12))] == ["Energy"]
    assert select_words([], (0, 0), (1, 1)) == []
    assert words_text(w) == "Energy use per node\nNext block"
    hyphen = [Word("con-", (0, 0, 20, 10), 0, 0), Word("sumption", (0, 12, 40, 22), 0, 1)]
    assert words_text(hyphen) == "consumption"


def test_outline(tmp_path):
    path = _text_pdf(tmp_path / "toc.pdf", [["One"], ["Two"], ["Three"]], toc=[
        [1, "Introduction", 1, {"kind": pymupdf.LINK_GOTO, "page": 0, "to": pymupdf.Point(0, 120)}],
        [2, "Background", 2],
        [1, "Results", 3],
    ])
    with PageSource.open(path) as src:
        out = src.outline()
    assert [(e.level, e.title, e.page) for e in out] == [(1, "Introduction", 0), (2, "Background", 1),
                                                         (1, "Results", 2)]
    assert out[0].y == pytest.approx(120)
    with PageSource.open(_text_pdf(tmp_path / "none.pdf", [["x"]])) as src:
        assert src.outline() == []
