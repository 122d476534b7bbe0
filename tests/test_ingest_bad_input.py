"""Bad input: each case is one clear DocumentError (or a warning for one bad page), never a crash."""
from __future__ import annotations

import pymupdf
import pytest

from mmsum.document import Status
from mmsum.errors import DocumentError
from mmsum.ingest import read_document
from tests.pdfbuild import gradient_pixmap, lorem, many_pages, truncated_pdf


def _error(path, **kw) -> str:
    with pytest.raises(DocumentError) as info:
        read_document(path, **kw)
    msg = str(info.value)
    assert "\n" not in msg and "Traceback" not in msg
    return msg


def test_missing_file(tmp_path):
    assert "no such file" in _error(tmp_path / "nope.pdf")


def test_folder_instead_of_file(tmp_path):
    assert "folder" in _error(tmp_path)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    assert "empty" in _error(p)


def test_file_that_is_not_a_document(tmp_path):
    p = tmp_path / "notes.bin"
    p.write_bytes(bytes(range(256)) * 40)
    assert "not a document" in _error(p)


def test_random_bytes_named_pdf(tmp_path):
    p = tmp_path / "fake.pdf"
    p.write_bytes(b"\x00\x01garbage" * 500)
    msg = _error(p)
    assert "damaged" in msg or "not a document" in msg


def test_image_file_is_not_a_document(tmp_path):
    p = tmp_path / "photo.png"
    gradient_pixmap(40, 30).save(p)
    assert "image" in _error(p)


def test_truncated_pdf_is_an_error_or_a_partial_read(tmp_path):
    full = many_pages(tmp_path / "full.pdf", 6).path
    data = full.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    try:
        doc = read_document(cut)
    except DocumentError as err:
        assert "damaged" in str(err) or "no text" in str(err) or "no pages" in str(err)
    else:  # MuPDF repaired what was left: fewer pages than the whole file, but no crash
        assert doc.page_count <= 6


def test_many_damaged_pages_are_one_warning_with_the_count_and_the_pages_listed(tmp_path):
    doc = read_document(truncated_pdf(tmp_path / "cut.pdf"), render_figures=False)
    assert doc.status is Status.PARTIAL and doc.page_count == 30
    damaged = sorted(doc.damaged_pages)
    assert len(damaged) >= 10 and damaged == list(range(damaged[0], 30))  # every page past the cut
    (warning,) = doc.warnings
    assert warning.startswith(f"{len(damaged)} pages could not be read completely (from page {damaged[0] + 1}: ")
    assert len(warning) < 200 and all(why for why in doc.damaged_pages.values())


def _encrypted(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), lorem(1))
    p = tmp_path / "secret.pdf"
    doc.save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="s3cret", owner_pw="owner")
    return p


def test_encrypted_without_password(tmp_path):
    assert "--password" in _error(_encrypted(tmp_path))


def test_encrypted_with_wrong_password(tmp_path):
    assert "wrong password" in _error(_encrypted(tmp_path), password="guess")


def test_encrypted_with_password(tmp_path):
    doc = read_document(_encrypted(tmp_path), password="s3cret")
    assert "trial 1" in doc.sentences[0].text


def test_document_without_pages(tmp_path):
    # PyMuPDF refuses to save a page-less PDF, so write the smallest one by hand
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" \
           b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    xref_at = len(body)
    body += b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    body += b"trailer << /Size 3 /Root 1 0 R >>\nstartxref\n" + str(xref_at).encode() + b"\n%%EOF\n"
    p = tmp_path / "nopages.pdf"
    p.write_bytes(body)
    assert "no pages" in _error(p)


def test_picture_pages_without_any_text_are_one_clear_error(tmp_path):
    doc = pymupdf.open()
    for _ in range(2):
        page = doc.new_page()
        page.insert_image(page.rect, pixmap=gradient_pixmap(200, 260), keep_proportion=False)
    p = tmp_path / "scan.pdf"
    doc.save(p)
    msg = _error(p)
    assert "no text was found" in msg and "OCR" in msg


def test_picture_pages_without_ocr_say_why(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=gradient_pixmap(200, 260), keep_proportion=False)
    p = tmp_path / "scan.pdf"
    doc.save(p)
    msg = _error(p, ocr=False)
    assert "no usable text layer" in msg and "OCR is turned off" in msg


def test_damaged_page_is_a_warning_and_the_rest_is_read(tmp_path):
    src = many_pages(tmp_path / "m.pdf", 5).path
    doc = pymupdf.open(src)
    xref = doc[2].xref
    # page 3's content streams point at objects that are not streams
    doc.update_object(xref, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [1 2 3] >>")
    bad = tmp_path / "bad.pdf"
    doc.save(bad)
    out = read_document(bad)
    assert out.status is Status.PARTIAL
    assert len(out.warnings) == 1 and out.warnings[0].startswith("page 3 ")
    assert {s.page for s in out.sentences} == {0, 1, 3, 4}


def test_page_that_raises_is_skipped_with_a_warning(tmp_path, monkeypatch):
    import mmsum.ingest.reader as reader

    src = many_pages(tmp_path / "m.pdf", 4).path
    real = reader.read_layout

    def flaky(page):
        if page.number == 1:
            raise RuntimeError("syntax error in content stream")
        return real(page)

    monkeypatch.setattr(reader, "read_layout", flaky)
    out = read_document(src)
    assert out.warnings == ["page 2 could not be read and was skipped (syntax error in content stream)"]
    assert {s.page for s in out.sentences} == {0, 2, 3}
    assert out.page_count == 4 and out.pages[1].width == 612


def test_svg_goes_through_the_same_path(tmp_path):
    src = many_pages(tmp_path / "m.pdf", 1).path
    with pymupdf.open(src) as doc:
        svg = doc[0].get_svg_image(text_as_path=False)
    p = tmp_path / "page.svg"
    p.write_text(svg, encoding="utf-8")
    out = read_document(p)
    assert any("trial 1" in s.text for s in out.sentences)


def test_epub_goes_through_the_same_path(tmp_path):
    import zipfile

    chapter = ("<?xml version='1.0' encoding='utf-8'?><html xmlns='http://www.w3.org/1999/xhtml'>"
               "<head><title>c</title></head><body><h1>Energy Notes</h1><h2>1 Introduction</h2><p>" + lorem(3) + "</p>"
               "<p>Figure 1 shows nothing yet, but the sentence still cites it clearly.</p></body></html>")
    opf = ("<?xml version='1.0'?><package xmlns='http://www.idpf.org/2007/opf' version='3.0' "
           "unique-identifier='id'><metadata xmlns:dc='http://purl.org/dc/elements/1.1/'>"
           "<dc:identifier id='id'>x</dc:identifier><dc:title>Test book</dc:title><dc:language>en</dc:language>"
           "</metadata><manifest><item id='c' href='c.xhtml' media-type='application/xhtml+xml'/></manifest>"
           "<spine><itemref idref='c'/></spine></package>")
    container = ("<?xml version='1.0'?><container version='1.0' xmlns='urn:oasis:names:tc:opendocument:xmlns:"
                 "container'><rootfiles><rootfile full-path='OEBPS/content.opf' "
                 "media-type='application/oebps-package+xml'/></rootfiles></container>")
    p = tmp_path / "book.epub"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", container)
        z.writestr("OEBPS/content.opf", opf)
        z.writestr("OEBPS/c.xhtml", chapter)
    doc = read_document(p)
    assert [s.text for s in doc.sentences[:3]] == lorem(3).replace(". ", ".\n").split("\n")
    assert doc.title == "Energy Notes"
    assert doc.sections[0].title == "1 Introduction"
