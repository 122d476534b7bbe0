"""Figure geometry on built pages, one recurring defect class each (truth known by construction)."""
from __future__ import annotations

import pymupdf
import pytest

from mmsum.ingest import read_document
from tests import figurebuild as fb
from tests.boxes import holds, iou


def read(builder, tmp_path):
    expect, path = builder(tmp_path / f"{builder.__name__}.pdf")
    return expect, read_document(path, render_figures=False)


def check(expect, doc, *, min_iou: float = 0.85):
    labeled = [f for f in doc.figures if f.label]
    assert [f.label for f in labeled] == [e.label for e in expect]
    for f, e in zip(labeled, expect):
        assert holds(f.bbox, e.bbox), (f.label, f.bbox, e.bbox)
        assert iou(f.bbox, e.bbox) >= min_iou, (f.label, f.bbox, e.bbox)
        assert f.caption == e.caption
    assert not [f for f in doc.figures if not f.label], [f.bbox for f in doc.figures if not f.label]


# one defect class a case: the built page, and how closely each figure's box must match the truth
CASES = {
    "axis titles, tick labels and a legend outside the frame are in the crop": (fb.labels_outside_frame, 0.9),
    "a multi-row figure is claimed whole with its sub-captions": (fb.multi_row, 0.85),
    "a hairline frame is claimed with its figure": (fb.hairline_frames, 0.85),
    "a clipped image gets its visible box": (fb.clipped_image, 0.95),
    "a landscape figure keeps its turned caption": (fb.landscape_figure, 0.95),
    "side-by-side figures get their own boxes; a caption beside its figure is kept": (fb.side_by_side_and_beside, 0.9),
    "tables set as images or as text are not figures": (fb.table_image, 0.9),
    "panel titles set in the body's size are in the crop; the table of numbers above is not": (fb.panel_titles, 0.9),
    "a caption ends where its type does, not in the running text set right under it": (fb.caption_runs_into_text, 0.9),
    "a QR code in the margin beside a figure is neither in its crop nor a figure": (fb.margin_link_code, 0.9),
    "a drawing far above its caption is the figure, not the page up to its running header":
        (fb.figure_far_above_caption, 0.9),
    "panel tags set far under their panels are in the crop": (fb.panel_tags_far_below, 0.9),
    "panel captions read as one long block are in the crop": (fb.long_panel_captions, 0.9),
    "a figure found from its text keeps its turned axis title": (fb.shaded_figure_and_caption, 0.9),
    "a legend of many short entries read as one block is in the crop": (fb.long_legend, 0.9),
    "a caption whose drawing lies far off gets it, not a copy of the next figure": (fb.far_figure_over_another, 0.9),
}


@pytest.mark.parametrize("case", CASES)
def test_figures_of_a_built_page_get_their_true_boxes_and_captions(case, tmp_path):
    builder, min_iou = CASES[case]
    expect, doc = read(builder, tmp_path)
    check(expect, doc, min_iou=min_iou)


def test_body_line_starting_with_the_label_is_not_a_second_caption(tmp_path):
    expect, doc = read(fb.body_line_label, tmp_path)
    check(expect, doc, min_iou=0.95)
    assert len(doc.figures) == 1
    assert any(s.text.startswith("Figure 1. shows") or "Figure 1. shows" in s.text for s in doc.sentences)


def test_figure_text_holds_the_words_of_the_figure_without_tick_numbers(tmp_path):
    expect, doc = read(fb.labels_outside_frame, tmp_path)
    text = doc.figures[0].text
    assert expect[0].words
    for word in expect[0].words:
        assert word in text
    assert "Time (s)" in text and "Energy (J)" in text
    assert not any(tok.replace(".", "").isdigit() for tok in text.split()), text
    assert "Figure 1" not in text  # the caption is not the figure's own text
    assert "trial" not in text     # nor is the running text around it


@pytest.mark.parametrize("strips", [0, 4])
def test_scanned_page_under_an_ocr_layer_gives_each_figure_its_own_region(tmp_path, strips):
    expect, src = fb.two_figures_page(tmp_path / "source.pdf")
    scan = fb.scanned(src, tmp_path / "scan.pdf", strips=strips)
    doc = read_document(scan, render_figures=False)
    labeled = [f for f in doc.figures if f.label]
    assert [f.label for f in labeled] == [e.label for e in expect]
    for f, e in zip(labeled, expect):
        # the scan blurs edges by a pixel or two: the plot, not the page, the header or the text
        assert holds(f.bbox, e.bbox, 0.9), (f.label, f.bbox, e.bbox)
        assert iou(f.bbox, e.bbox) >= 0.75, (f.label, f.bbox, e.bbox)
    assert not [f for f in doc.figures if not f.label]


def test_scanned_cover_bands_and_blank_strips_are_not_figures(tmp_path):
    src = fb.cover_page(tmp_path / "cover.pdf")
    scan = fb.scanned(src, tmp_path / "scan.pdf", strips=6)
    doc = read_document(scan, render_figures=False)
    assert doc.figures == []


def test_scan_without_a_text_layer_finds_figures_by_shape(tmp_path):
    from mmsum.ingest.raster_regions import scan_regions
    import numpy as np

    expect, src = fb.two_figures_page(tmp_path / "source.pdf")
    with pymupdf.open(src) as d:
        pix = d[0].get_pixmap(dpi=50, colorspace=pymupdf.csGRAY)
        rect = tuple(d[0].rect)
    gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    regions = scan_regions(gray, rect, [])
    for e in expect:
        hit = [r for r in regions if iou(r, e.bbox) >= 0.6]
        assert len(hit) == 1, (e.label, e.bbox, regions)
    assert len(regions) == len(expect), regions


def test_a_rule_drawn_thick_is_a_box_not_a_line(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=fb.W, height=fb.H)
    y = fb.paragraph(page, fb.MARGIN, fb.MARGIN, fb.W - fb.MARGIN, fb.lorem(2))
    # a grey placeholder set as one horizontal stroke 80 pt wide
    page.draw_line((fb.MARGIN + 40, y + 60), (fb.W - fb.MARGIN - 40, y + 60), color=(0.8, 0.8, 0.8), width=80)
    fb.caption(page, fb.MARGIN, y + 110, fb.W - fb.MARGIN, "Figure 1: A placeholder.")
    fb.paragraph(page, fb.MARGIN, y + 140, fb.W - fb.MARGIN, fb.lorem(2, 2))
    doc.save(tmp_path / "thick.pdf")
    fig = read_document(tmp_path / "thick.pdf", render_figures=False).figures
    assert [f.label for f in fig] == ["Figure 1"]
    assert iou(fig[0].bbox, (fb.MARGIN + 40, y + 20, fb.W - fb.MARGIN - 40, y + 100)) >= 0.9, fig[0].bbox


def test_figure_text_cleaning_keeps_words_and_units():
    from mmsum.ingest.figure_text import clean_line

    assert clean_line("0 20 40 60 Time (s)") == "Time (s)"
    assert clean_line("Energy [kWh] 1.5e3 x y %") == "Energy [kWh]"
    assert clean_line("(%) − + 10^3") == "(%)"
    assert clean_line("节点 能耗 3.2") == "节点 能耗"
    assert clean_line("GGG G GGGG Income ooo") == "Income"  # plot symbols set as letters
    assert clean_line("Length mm") == "Length mm"
    # a graphics file's name (a LaTeX draft's placeholder) says what the figure shows
    assert clean_line("img/wind_speed-eps-converted-to.pdf") == "wind speed"
    assert clean_line("fig3.png Energy") == "fig3 Energy"


def test_grid_index_finds_what_overlaps_and_nothing_else():
    from mmsum.ingest.spatial import GridIndex

    boxes = [(0, 0, 10, 10), (100, 100, 300, 120), (500, 0, 520, 800), (55, 55, 56, 56)]
    index = GridIndex(boxes, lambda b: b)
    assert index.near((90, 90, 110, 110)) == [boxes[1]]
    assert index.near((0, 0, 60, 60)) == [boxes[0], boxes[3]]
    assert index.near((480, 400, 490, 410), margin=12) == [boxes[2]]
    assert index.near((700, 700, 710, 710)) == []


def test_a_crop_never_shows_its_captions_first_line(tmp_path):
    import numpy as np

    expect, path = fb.caption_hugs_figure(tmp_path / "hug.pdf")
    doc = read_document(path)
    labeled = [f for f in doc.figures if f.label]
    assert [f.label for f in labeled] == [e.label for e in expect]
    for f, e in zip(labeled, expect):
        assert holds(f.bbox, (e.bbox[0], e.bbox[1], e.bbox[2], e.bbox[3] - 3)), (f.label, f.bbox, e.bbox)
        pix = pymupdf.Pixmap(f.image_png)
        rgb = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3].astype(int)
        blue = (rgb[:, :, 2] > 150) & (rgb[:, :, 0] < 90) & (rgb[:, :, 1] < 90)  # the caption's ink
        assert not blue.any(), (f.label, int(blue.sum()), np.nonzero(blue.any(axis=1))[0][:5], pix.height)


def test_scanned_figures_under_labels_only_captions_on_one_row_are_found_with_their_labels(tmp_path):
    expect, src = fb.scanned_network_figures(tmp_path / "source.pdf")
    scan = fb.scanned(src, tmp_path / "scan.pdf")
    doc = read_document(scan, render_figures=False)
    labeled = [f for f in doc.figures if f.label]
    assert [f.label for f in labeled] == [e.label for e in expect], [(f.label, f.bbox) for f in doc.figures]
    for f, e in zip(labeled, expect):
        # the nodes' names are the figure's own: the crop holds them, and nothing of the other figure
        assert holds(f.bbox, e.bbox, 0.9), (f.label, f.bbox, e.bbox)
        assert iou(f.bbox, e.bbox) >= 0.75, (f.label, f.bbox, e.bbox)
        assert f.caption == e.caption


def test_a_scanned_cover_with_lettered_bands_has_no_figure(tmp_path):
    src = fb.banded_cover(tmp_path / "cover.pdf")
    for text_layer in (True, False):
        scan = fb.scanned(src, tmp_path / f"scan{text_layer}.pdf", text_layer=text_layer)
        doc = read_document(scan, render_figures=False)
        assert doc.figures == [], (text_layer, [f.bbox for f in doc.figures])


def test_a_crop_padded_for_its_strokes_shows_no_line_of_the_caption_above_it(tmp_path):
    from mmsum.ingest.page_geometry import CROP_PAD

    expect, doc = read(fb.figure_under_a_caption, tmp_path)
    check(expect, doc, min_iou=0.9)
    first, second = doc.figures
    crop = pymupdf.Rect(second.bbox) + (-CROP_PAD, -CROP_PAD, CROP_PAD, CROP_PAD)
    assert crop.y0 >= first.caption_bbox[3], (crop, first.caption_bbox)


@pytest.mark.parametrize("how", [{}, {"placed": True}, {"boxed": True}])
def test_a_teaser_figure_under_the_authors_does_not_take_in_the_title_band(tmp_path, how):
    """A figure set right under the authors: the band holding the title over them is no row of it."""
    from tests.pdfbuild import banded_title_paper
    truth = banded_title_paper(tmp_path / "teaser.pdf", teaser=True, **how)
    doc = read_document(truth.path, render_figures=False, ocr=False)
    (fig,) = doc.figures
    expect = truth.figures[0].bbox
    assert holds(fig.bbox, expect, 0.95) and iou(fig.bbox, expect) >= 0.9, (fig.bbox, expect)
