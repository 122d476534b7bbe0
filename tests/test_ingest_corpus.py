"""The reader on real papers (the development corpus), when it is present.

Truth comes from the documents themselves ("Figure N" caption blocks) and from the DocBank
token annotations of 7 pages (figure boxes), independent of mmsum.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pymupdf
import pytest

from mmsum.ingest import read_document

CAPTION_RE = re.compile(r"^\s*(?:Figure|FIGURE|Fig\.?|FIG\.?)\s*(\d+)\s*[.:|—–-]")


def _labels(pdf: Path) -> set[str]:
    out = set()
    with pymupdf.open(pdf) as doc:
        for page in doc:
            for *_, text, _bno, btype in page.get_text("blocks"):
                m = CAPTION_RE.match(text) if btype == 0 else None
                if m:
                    out.add(f"Figure {int(m.group(1))}")
    return out


def _docbank_figures(tsv: Path, page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Figure token boxes of one annotated page (0..1000 scale), nested boxes dropped."""
    boxes = []
    for line in tsv.read_text(encoding="utf-8", errors="replace").splitlines():
        cols = line.split("\t")
        if len(cols) >= 10 and cols[9] == "figure":
            x0, y0, x1, y1 = (int(v) for v in cols[1:5])
            w, h = page.rect.width / 1000, page.rect.height / 1000
            boxes.append(pymupdf.Rect(x0 * w, y0 * h, x1 * w, y1 * h))
    return [b for b in boxes if not any(o != b and o.contains(b) for o in boxes)]


def _share_inside(a, b) -> float:
    a = pymupdf.Rect(a)
    i = a & pymupdf.Rect(b)
    return 0.0 if i.is_empty else i.width * i.height / (a.width * a.height)


def _iou(a, b) -> float:
    a, b = pymupdf.Rect(a), pymupdf.Rect(b)
    i = a & b
    if i.is_empty:
        return 0.0
    return i.width * i.height / (a.width * a.height + b.width * b.height - i.width * i.height)


def test_annotated_figure_boxes_are_found(corpus):
    ann = corpus / "annotations"
    if not ann.is_dir():
        pytest.skip("no DocBank annotations")
    found = total = 0
    for tsv in sorted(ann.glob("*.tsv")):
        stem, page_s = tsv.stem.rsplit(".page", 1)
        pdf = corpus / f"{stem}.pdf"
        with pymupdf.open(pdf) as doc:
            truth = _docbank_figures(tsv, doc[int(page_s)])
        figs = [f for f in read_document(pdf, render_figures=False).figures if f.page == int(page_s)]
        for box in truth:
            total += 1
            # annotated boxes may be panels of one figure: mostly inside the found box counts
            found += any(_iou(box, f.bbox) >= 0.5 or _share_inside(box, f.bbox) >= 0.6 for f in figs)
    assert total >= 9
    assert found / total >= 0.9


@pytest.mark.slow
def test_figure_labels_of_every_paper_are_found(corpus):
    want = got = 0
    for pdf in sorted(corpus.glob("*.pdf")):
        truth = _labels(pdf)
        doc = read_document(pdf, render_figures=False)
        labels = {f.label for f in doc.figures}
        want += len(truth)
        got += len(truth & labels)
        assert all(f.caption.split()[0].lower().startswith(("fig", "figure")) for f in doc.figures if f.label)
        assert doc.sentences and not doc.warnings
    assert got / want >= 0.95
