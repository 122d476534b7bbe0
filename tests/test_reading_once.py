"""Work done once while reading: each page's drawings, each page's display list for its crops,
and only the images that could be QR codes decoded as such; what is read stays what it was."""
from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from mmsum.export.figures import figure_record
from mmsum.ingest import read_document, reader
from mmsum.ingest.drawings import page_drawings, plain_paths
from mmsum.ingest.layout import PageLayout
from mmsum.ingest.link_codes import two_tone
from mmsum.ingest.render import crop_pixmap, render_crops
from mmsum.rank.figure_checks import ruled_text
from tests import figurebuild as fb


def _without_level(paths: list[dict]) -> list[dict]:
    return [{k: v for k, v in p.items() if k != "level"} for p in paths]


def _marker_in_two_clips(path):
    """A page whose marker is filled inside one clip and stroked inside another (as TeX's
    pgfplots draws marks), then a filled square: the extended drawings keep the fill and the
    stroke apart, the plain ones join them into one "fs" path."""
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=300)
    page.insert_text((20, 30), "A marker drawn as a fill and a stroke, each in its own clip.", fontsize=8)
    ops = (b"q 100 100 50 50 re W n 0 0 1 rg 110 110 m 140 110 l 125 140 l h f Q\n"
           b"q 90 90 70 70 re W n 1 0 0 RG 110 110 m 140 110 l 125 140 l h S Q\n"
           b"q 0 1 0 rg 200 200 20 20 re f Q\n")
    xref = page.get_contents()[0]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\n" + ops)
    doc.save(path)
    return path


def test_plain_paths_are_what_get_cdrawings_gives(tmp_path):
    with pymupdf.open(_marker_in_two_clips(tmp_path / "clips.pdf")) as doc:
        page = doc[0]
        extended = page_drawings(page)[0]
        assert [p["type"] for p in extended] == ["f", "s", "f"]
        plain = plain_paths(extended)
        assert [p["type"] for p in plain] == ["fs", "f"]
        assert _without_level(plain) == page.get_cdrawings()
        assert extended[0]["type"] == "f"  # the clusters' own paths are left as they were


def _count_drawings(monkeypatch) -> dict[int, int]:
    calls: dict[int, int] = {}
    real = pymupdf.Page.get_cdrawings

    def counted(page, *args, **kwargs):
        calls[page.number] = calls.get(page.number, 0) + 1
        return real(page, *args, **kwargs)

    monkeypatch.setattr(pymupdf.Page, "get_cdrawings", counted)
    return calls


def test_each_page_is_run_once_for_its_drawings(tmp_path, monkeypatch):
    _, path = fb.labels_outside_frame(tmp_path / "plot.pdf")
    calls = _count_drawings(monkeypatch)
    doc = read_document(path, render_figures=False, ocr=False)
    assert doc.figures and doc.figures[0].content is not None
    assert calls and set(calls.values()) == {1}, calls


def test_figures_read_from_kept_drawings_are_those_read_again(tmp_path, monkeypatch):
    _, path = fb.labels_outside_frame(tmp_path / "plot.pdf")
    kept = [figure_record(f) for f in read_document(path, render_figures=False, ocr=False).figures]
    monkeypatch.setattr(reader, "KEPT_PATH_PARTS", 0)
    calls = _count_drawings(monkeypatch)
    again = [figure_record(f) for f in read_document(path, render_figures=False, ocr=False).figures]
    assert max(calls.values()) == 2  # nothing kept: the figure's page is run again
    assert kept == again


def test_drawings_are_kept_within_the_budget(monkeypatch):
    monkeypatch.setattr(reader, "KEPT_PATH_PARTS", 10)
    small = PageLayout(0, 100, 100, paths=[{"type": "f", "items": [("l", (0, 0), (1, 1))] * 3}])
    assert reader._keep_paths(small, 0) == 4 and small.paths is not None
    over = PageLayout(1, 100, 100, paths=[{"type": "f", "items": [("l", (0, 0), (1, 1))] * 3}] * 2)
    assert reader._keep_paths(over, 4) == 4 and over.paths is None  # 4 + 8 parts: read again when needed
    monkeypatch.setattr(reader, "MAX_PATHS", 2)
    mesh = PageLayout(2, 100, 100, paths=[{"type": "f", "items": []}] * 3, path_count=3)
    assert reader._keep_paths(mesh, 4) == 4 and mesh.paths is None  # too many to read a chart from


def test_crops_from_one_display_list_are_the_crops_of_the_page(tmp_path):
    _, path = fb.side_by_side_and_beside(tmp_path / "two.pdf")
    doc = read_document(path, render_figures=False, ocr=False)
    assert len({f.page for f in doc.figures}) < len(doc.figures)  # several crops on one page
    with pymupdf.open(path) as pdf:
        page = pdf[doc.figures[0].page]
        display = page.get_displaylist()
        for f in doc.figures:
            alone, shared = crop_pixmap(page, f), crop_pixmap(page, f, display=display)
            assert shared.tobytes("png") == alone.tobytes("png")
        render_crops(pdf, doc.figures)
    assert all(f.image_png for f in doc.figures)


def test_only_two_tone_images_are_decoded_as_codes():
    qr = fb.qr_pixmap("https://example.org/v/plot", scale=3)
    code = np.frombuffer(qr.samples, np.uint8).reshape(qr.height, qr.width)
    assert two_tone(code)
    plot = np.full((300, 300), 255, np.uint8)
    plot[150, :] = 0
    plot[:, 20] = 0
    assert not two_tone(plot)  # a plot on white: hardly any dark
    photo = np.tile(np.linspace(40, 220, 300).astype(np.uint8), (300, 1))
    assert not two_tone(photo)  # shades of grey


@pytest.mark.parametrize("level, rules", [(110, False), (109, True)])
def test_rules_are_ink_exactly_below_the_dark_level(level, rules):
    """The grey level of a pixel is the mean of its R, G and B: (110, 110, 109) is below 110,
    (110, 110, 110) is not; three rules of that grey make a table of type only when ink."""
    rgb = np.full((120, 200, 3), 255, np.uint8)
    for y in (10, 60, 110):
        rgb[y] = (110, 110, level)
    for y in (25, 40, 75, 90):  # lines of type between the rules
        rgb[y:y + 6, 10:190:4] = 0
    assert ruled_text(rgb) is rules


def test_lines_join_by_their_ends_alone():
    """Only the end of the text joined so far decides a hyphenated word, however long the block."""
    from mmsum.ingest.layout import join_lines

    lines = ["A long para-", "graph of ten lines, " * 50 + "exam-", "ple and a range 1-", "based, a dash -",
             "kept", "and ÿ-", "accented"]
    text = join_lines(lines)
    assert "paragraph of" in text and " example and" in text
    assert "range 1- based" in text and "dash - kept" in text and "ÿaccented" in text


def test_a_crop_is_judged_a_table_as_it_is_rendered(tmp_path):
    """A table set as an image under a figure's caption, and a plot: each crop's verdict is
    made on its pixels as it is rendered, the verdict its PNG gives, and ranking takes it."""
    from mmsum.document import Figure
    from mmsum.rank.figure_checks import _pixels, is_table
    from tests.test_key_figures import table_png

    doc = pymupdf.open()
    page = doc.new_page(width=fb.W, height=fb.H)
    y = fb.paragraph(page, fb.MARGIN, fb.MARGIN, fb.W - fb.MARGIN, fb.lorem(2))
    page.insert_image(pymupdf.Rect(fb.MARGIN + 40, y + 20, fb.W - fb.MARGIN - 40, y + 220), stream=table_png())
    fb.caption(page, fb.MARGIN, y + 230, fb.W - fb.MARGIN, "Figure 1: Settings of the runs.")
    y = fb.paragraph(page, fb.MARGIN, y + 260, fb.W - fb.MARGIN, fb.lorem(2, 2))
    plot = pymupdf.Rect(fb.MARGIN + 60, y + 20, fb.W - fb.MARGIN - 60, y + 150)
    fb.frame_plot(page, plot)
    fb.caption(page, fb.MARGIN, plot.y1 + 8, fb.W - fb.MARGIN, "Figure 2: Energy per day.")
    doc.save(tmp_path / "table-figure.pdf")

    figures = read_document(tmp_path / "table-figure.pdf", ocr=False).figures
    assert [f.ruled for f in figures] == [True, False]
    assert [f.ruled for f in figures] == [ruled_text(_pixels(f.image_png)) for f in figures]
    assert is_table(Figure("f", 0, (0, 0, 1, 1), image_png=figures[1].image_png, ruled=True))
    assert not is_table(Figure("f", 0, (0, 0, 1, 1), image_png=figures[0].image_png, ruled=False))


@pytest.mark.parametrize("style", ["booktabs", "ruled"])
def test_tables_read_from_kept_drawings_are_those_read_again(tmp_path, monkeypatch, style):
    from mmsum.document import Table
    from mmsum.ingest.table_region import page_items
    from tests.tablebuild import table_paper

    truth = table_paper(tmp_path / f"{style}.pdf", style)
    with pymupdf.open(truth_path := tmp_path / f"{style}.pdf") as pdf:
        page = pdf[0]
        kept = plain_paths(page_drawings(page)[0])
        assert page_items(page, (1.0, 0.0), kept) == page_items(page, (1.0, 0.0))
        assert any(it.kind == "hrule" for it in page_items(page, (1.0, 0.0), kept).items)

    def tables() -> list[Table]:
        return read_document(truth_path, render_figures=False, ocr=False).tables

    first = tables()
    monkeypatch.setattr(reader, "KEPT_PATH_PARTS", 0)
    again = tables()
    assert first == again and first[0].rows == truth.rows
