"""Figure boxes a reader would call wrong, counted class by class over a folder of documents.

    python benchmarks/figure_boxes.py DIR [--jsonl F] [--examples N]

Each document is read (``read_document``, no crops rendered, no tables) and each figure's box
is judged on its page with PyMuPDF alone; the rules are written apart from mmsum's own (they
measure it), each a plain test a reader could apply by eye:

- ``thin``: the box is under 10 pt high or wide (a line, or nothing);
- ``page``: the box covers over 70% of the page's area;
- ``edge``: the box runs to an edge of the page (within 1 pt) where the page's own content
  (words, drawings, images that are no full-page background) stops more than 10 pt short of
  it: it reaches into the blank margin;
- ``empty``: no word, drawing or image lies in the box;
- ``prose``: a paragraph of running text lies wholly in the box (a block of at least 40 words
  in three lines or more, in a proportional font, most lines over 60 characters), as a box
  that swallows the body text around a figure holds.

Boxes are PDF points, origin top-left. Prints one line per defective figure (up to
``--examples`` of each class) and a ``RESULT`` line of counts; ``--jsonl`` writes one row per
document (its figures' boxes and classes), for comparing two runs figure by figure.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from pathlib import Path

import pymupdf

THIN = 10.0         # points
PAGE_SHARE = 0.7    # of the page's area
EDGE = 1.0          # points: this close to the page's edge is on it
MARGIN = 10.0       # points: content stopping this far short of an edge leaves a margin there
BACKGROUND = 0.9    # of the page's area: a drawing or image this large is a background
PROSE_WORDS = 40
PROSE_LINE = 60     # characters
_MONO = re.compile(r"mono|courier|cmtt|ectt|sftt|lmtt|typewriter|consol|menlo|inconsolata", re.I)


def _content(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Boxes of what the page shows: words, drawings and images, backgrounds aside."""
    area = abs(page.rect)
    out = [pymupdf.Rect(w[:4]) for w in page.get_text("words")]
    for d in page.get_drawings():
        r = d["rect"]
        if abs(r & page.rect) < BACKGROUND * area:
            out.append(r)
    for im in page.get_image_info():
        r = pymupdf.Rect(im["bbox"])
        if abs(r & page.rect) < BACKGROUND * area:
            out.append(r)
    return out


def _prose(page: pymupdf.Page, box: pymupdf.Rect) -> str | None:
    """The first words of a paragraph of running text lying wholly in ``box``, if any."""
    for b in page.get_text("dict", clip=box)["blocks"]:
        if b.get("type") != 0 or not pymupdf.Rect(b["bbox"]) in box + (-2, -2, 2, 2):
            continue
        lines = [ln for ln in b["lines"] if ln["spans"]]
        spans = [s for ln in lines for s in ln["spans"]]
        text = " ".join("".join(s["text"] for s in ln["spans"]) for ln in lines)
        chars = sum(len(s["text"]) for s in spans) or 1
        mono = sum(len(s["text"]) for s in spans if s["flags"] & 8 or _MONO.search(s["font"])) / chars
        long = sum(1 for ln in lines if len("".join(s["text"] for s in ln["spans"])) > PROSE_LINE)
        if len(lines) >= 3 and len(text.split()) >= PROSE_WORDS and mono < 0.5 and long >= 0.6 * len(lines):
            return text[:60]
    return None


def judge(page: pymupdf.Page, bbox: tuple[float, float, float, float],
          content: list[pymupdf.Rect]) -> list[str]:
    """The classes a figure box on ``page`` falls in (see the module's docstring)."""
    box = pymupdf.Rect(bbox)
    pr = page.rect
    out = []
    if box.width < THIN or box.height < THIN:
        out.append("thin")
    if abs(box & pr) > PAGE_SHARE * abs(pr):
        out.append("page")
    if content:
        cx0 = min(r.x0 for r in content)
        cy0 = min(r.y0 for r in content)
        cx1 = max(r.x1 for r in content)
        cy1 = max(r.y1 for r in content)
        if (box.x0 <= pr.x0 + EDGE and cx0 > pr.x0 + MARGIN) or (box.y0 <= pr.y0 + EDGE and cy0 > pr.y0 + MARGIN) \
                or (box.x1 >= pr.x1 - EDGE and cx1 < pr.x1 - MARGIN) \
                or (box.y1 >= pr.y1 - EDGE and cy1 < pr.y1 - MARGIN):
            out.append("edge")
    if not any(r.x0 <= box.x1 and r.x1 >= box.x0 and r.y0 <= box.y1 and r.y1 >= box.y0 for r in content):
        out.append("empty")
    if "page" not in out and _prose(page, box):
        out.append("prose")
    return out


def main(argv: list[str] | None = None) -> int:
    from mmsum.ingest.reader import read_document

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jsonl", type=Path, help="write one row per document here")
    ap.add_argument("--examples", type=int, default=8, help="defective figures printed per class")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    files = sorted(p for p in args.folder.iterdir() if p.suffix.lower() == ".pdf")
    counts: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    figures = failed = 0
    rows = []
    for path in files:
        try:
            doc = read_document(path, render_figures=False, tables=False)
        except Exception as err:  # noqa: BLE001 - a document that cannot be read is counted, not fatal
            failed += 1
            print(f"failed {path.name}: {err}", file=sys.stderr)
            continue
        pdf = pymupdf.open(path)
        contents: dict[int, list[pymupdf.Rect]] = {}
        row = {"doc": path.name, "figures": []}
        for f in doc.figures:
            page = pdf[f.page]
            if f.page not in contents:
                contents[f.page] = _content(page)
            classes = judge(page, f.bbox, contents[f.page])
            figures += 1
            counts.update(classes)
            if classes:
                counts["defective"] += 1
            row["figures"].append({"id": f.id, "page": f.page, "bbox": [round(float(v), 1) for v in f.bbox],
                                   "classes": classes})
            for c in classes:
                shown[c] += 1
                if shown[c] <= args.examples:
                    print(f"{c:6} {path.name} {f.id} p{f.page} {[round(v) for v in f.bbox]} {f.caption[:50]!r}")
        pdf.close()
        rows.append(row)
    print(f"RESULT docs={len(files)} figures={figures} defective={counts['defective']} thin={counts['thin']} "
          f"page={counts['page']} edge={counts['edge']} empty={counts['empty']} prose={counts['prose']} "
          f"failed={failed}", flush=True)
    if args.jsonl:
        from mmsum.atomic import write_text_atomic

        write_text_atomic(args.jsonl, "".join(json.dumps(r) + "\n" for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
