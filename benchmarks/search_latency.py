"""Search latency: one query against an embedded document, and what the figure-text channel costs.

    python benchmarks/search_latency.py [PDF] [--queries 50]

Without PDF, a 20-page paper is built (``tests.pdfbuild.many_pages``, a vector figure every
third page). The document is read and embedded once (models loaded once, no cache), then each
query is answered alone (``kind=all``: sentences and figures), as the app's search field does.
Prints per-query milliseconds, median and 95th percentile, in wall time and in process CPU
time (all threads; the fairer number on a shared machine), then ``RESULT`` lines. The second
``RESULT`` line is the figure-text channel's extra cost while reading: seconds per page for
OCR of raster figures and for embedding the figures' own text.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ["energy used by the radio", "battery voltage over time", "how the nodes were scheduled",
           "measurement series", "temperature and lithium cells", "sampling interval comparison",
           "relay load near the gateway", "power consumption with duty cycling"]


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path)
    ap.add_argument("--queries", type=int, default=50)
    args = ap.parse_args()
    from mmsum.options import ModelOptions
    from mmsum.pipeline import Summarizer
    from mmsum.search import DocumentSearch

    pdf = args.pdf
    if pdf is None:
        from tests.pdfbuild import many_pages

        pdf = Path(tempfile.mkdtemp()) / "twenty-pages.pdf"
        many_pages(pdf, 20, figure_every=3)
    s = Summarizer(ModelOptions(device="cpu", figure_ocr="on"), use_cache=False)
    s.load()
    search = DocumentSearch(s)
    t0 = time.perf_counter()
    ix = search.add(pdf)
    index_s = time.perf_counter() - t0
    pages = len(ix.document.pages)
    wall, cpu = [], []
    search.search(["warm up"], kind="all")
    for i in range(args.queries):
        q = f"{QUERIES[i % len(QUERIES)]} ({i})"  # never the same text: each query is encoded
        c, t = time.process_time(), time.perf_counter()
        search.search([q], kind="all", top=10)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    # the figure-text channel's share of reading: OCR of raster figures, then its embedding
    ft = [f.text for f in ix.document.figures if f.text]
    t = time.perf_counter()
    if ft:
        ix.text_encoder.encode(ft)
    embed_ft_s = time.perf_counter() - t
    ocr_s = ix.timings.get("figure_ocr_s", 0.0)
    p95 = lambda xs: sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]  # noqa: E731
    print(f"{pdf.name}: {pages} pages, {len(ix.document.sentences)} sentences, {len(ix.document.figures)} figures "
          f"({len(ft)} with text of their own); read and embedded in {index_s:.1f} s")
    print(f"RESULT pages={pages} queries={args.queries} median_ms={statistics.median(wall):.1f} "
          f"p95_ms={p95(wall):.1f} cpu_median_ms={statistics.median(cpu):.1f}")
    print(f"RESULT figure_text_ocr_s_per_page={ocr_s / max(pages, 1):.4f} "
          f"figure_text_embed_s_per_page={embed_ft_s / max(pages, 1):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
