"""Figure location on a document with thousands of captions: CPU seconds, and per figure.

    python benchmarks/many_captions.py                       # 5,000 captions on 50 pages
    python benchmarks/many_captions.py --pages 250 --per-page 20 --columns 2
    python benchmarks/many_captions.py --keep /tmp/many.pdf  # keep the built file

Builds a small PDF (a few hundred KB): each page holds ``--per-page`` small vector plots,
each with its own "Figure N:" caption (numbers run 1-999, then again: a label has at most
three digits), in ``--columns`` columns, plus a paragraph. Then reads it with
``read_document`` (no crops rendered) and prints the CPU time of the whole read and of
figure location alone (the captions and layouts are read once, then ``locate_figures`` is
timed on them). Times are process CPU seconds (``resource.getrusage``), which other work on
the machine disturbs less than wall-clock time. Ends with one ``RESULT`` line.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
from pathlib import Path

import pymupdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def build(path: Path, pages: int, per_page: int, columns: int) -> int:
    """Write the test document; returns the number of captions."""
    doc = pymupdf.open()
    n = 0
    rows = (per_page + columns - 1) // columns
    col_w = (612 - 108) / columns
    for _ in range(pages):
        page = doc.new_page(width=612, height=792)
        page.insert_textbox(pymupdf.Rect(54, 40, 558, 70),
                            "A report with many small figures. Each one has its own caption below it, "
                            "and the text says little about them.", fontsize=9)
        step = (792 - 120) / rows
        for i in range(per_page):
            col, row = i % columns, i // columns
            x0 = 54 + col * col_w
            y0 = 80 + row * step
            plot = pymupdf.Rect(x0 + 10, y0, x0 + col_w - 10, y0 + step - 10)
            shape = page.new_shape()
            shape.draw_line(plot.bl, plot.br)
            shape.draw_line(plot.bl, plot.tl)
            shape.draw_polyline([pymupdf.Point(plot.x0 + k * plot.width / 8,
                                               plot.y1 - (k % 3 + 1) * plot.height / 4) for k in range(9)])
            shape.finish(color=(0, 0, 0), width=0.5, closePath=False)
            shape.commit()
            n += 1
            page.insert_text((x0 + 10, y0 + step - 3), f"Figure {(n - 1) % 999 + 1}: Series {n}.", fontsize=5)
    doc.save(path, garbage=3, deflate=True)
    doc.close()
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--per-page", type=int, default=100)
    ap.add_argument("--columns", type=int, default=4)
    ap.add_argument("--keep", type=Path, help="write the built PDF here and keep it")
    args = ap.parse_args()

    from mmsum.ingest import read_document
    from mmsum.ingest.captions import find_captions
    from mmsum.ingest.figures import locate_figures
    from mmsum.ingest.layout import read_layout
    from mmsum.ingest.margins import mark_margins

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "many-captions.pdf"
        n = build(path, args.pages, args.per_page, args.columns)
        size_kb = path.stat().st_size / 1024
        t0 = cpu()
        doc = read_document(path, render_figures=False)
        read_s = cpu() - t0

        with pymupdf.open(path) as pdf:
            layouts = [read_layout(p) for p in pdf]
        mark_margins(layouts)
        body = 9.0
        captions = [c for pl in layouts for c in find_captions(pl, body)]
        t0 = cpu()
        figures = locate_figures(layouts, captions, body)
        locate_s = cpu() - t0
    print(f"file: {size_kb:.0f} KB, {args.pages} pages, {n} captions")
    print(f"read_document: {read_s:.2f} s CPU, {len(doc.figures)} figures")
    print(f"locate_figures: {locate_s:.2f} s CPU, {len(figures)} figures, "
          f"{1000 * locate_s / max(len(figures), 1):.2f} ms per figure")
    print(f"RESULT captions={n} pages={args.pages} kb={size_kb:.0f} read_cpu_s={read_s:.2f} "
          f"locate_cpu_s={locate_s:.2f} locate_ms_per_figure={1000 * locate_s / max(len(figures), 1):.2f} "
          f"figures={len(doc.figures)}")


if __name__ == "__main__":
    main()
