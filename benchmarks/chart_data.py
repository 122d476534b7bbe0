"""Chart data read from vector drawings, against charts whose data are known by construction.

    python benchmarks/chart_data.py [--seeds N] [--keep DIR]

Builds charts with each producer (``tests/chartbuild.py``: matplotlib in seven styles and eight
kinds — line, scatter, grouped bars, log-log, negative values, error bars, two panels,
histogram — a chart drawn with PyMuPDF's own calls, and where installed gnuplot, TikZ/pgfplots,
R base graphics and ggplot2 charts in three kinds, ``tests/chartproducers.py``), places each on a page with its caption,
reads the page with ``read_document`` and scores the figure's JSON record:

- series found: share of true series matched by an extracted one within 1% of the axis ranges
  at every point;
- point error: mean distance of a found series' points from the truth, as a share of the y
  axis range (log axes: in decades);
- titles / names exact: share of axis titles and legend names read exactly;
- kind: share of charts given the right kind;
- ms per chart: time of reading the figure's content (``read_content``: drawings, text, axes,
  series, kind, description) on one core, median and worst.

One line per producer, then all pooled. Nothing here tunes anything: the seeds pick styles,
sizes and data.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=7, help="charts per kind and producer (default 7: each style once)")
    ap.add_argument("--keep", type=Path, help="keep the built PDFs in this folder")
    ap.add_argument("--producers", help="only these producers, comma-separated (e.g. r-base,ggplot2)")
    args = ap.parse_args(argv)

    import mmsum.ingest.figure_content as content
    from mmsum.export.figures import figure_record
    from mmsum.ingest import read_document
    from tests.chartbuild import KINDS, matplotlib_chart, plain_chart, score
    from tests.chartproducers import (PRODUCER_KINDS, ggplot_available, ggplot_chart, gnuplot_available, gnuplot_chart,
                                      pgfplots_available, pgfplots_chart, r_available, r_base_chart)

    spent: list[float] = []
    real = content.read_content

    def timed(page, figure, drawings):
        t = time.perf_counter()
        try:
            return real(page, figure, drawings)
        finally:
            spent.append(time.perf_counter() - t)

    content.read_content = timed
    folder = args.keep or Path(tempfile.mkdtemp(prefix="chart-data-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list] = defaultdict(list)
    jobs = [("matplotlib", k, s) for s in range(args.seeds) for k in KINDS] + \
           [("pymupdf", "line", s) for s in range(args.seeds)]
    builders = {"matplotlib": matplotlib_chart, "pymupdf": lambda path, kind, seed: plain_chart(path, seed),
                "gnuplot": gnuplot_chart, "pgfplots": pgfplots_chart, "r-base": r_base_chart, "ggplot2": ggplot_chart}
    only = set(args.producers.split(",")) if args.producers else None
    for producer, here in (("gnuplot", gnuplot_available()), ("pgfplots", pgfplots_available()),
                           ("r-base", r_available()), ("ggplot2", ggplot_available())):
        if here:
            jobs += [(producer, k, s) for s in range(args.seeds) for k in PRODUCER_KINDS]
        else:
            print(f"{producer} is not installed: its charts are left out", file=sys.stderr)
    jobs = [j for j in jobs if only is None or j[0] in only]
    for producer, kind, seed in jobs:
        path = folder / f"{producer}-{kind}-{seed}.pdf"
        truth = builders[producer](path, kind, seed)
        spent.clear()
        doc = read_document(path, render_figures=False, ocr=False)
        rec = figure_record(doc.figures[0]) if doc.figures else {}
        rows[producer].append((score(truth, rec), sum(spent)))
    print(f"{'producer':12}{'charts':>8}{'series found':>14}{'point error':>13}{'titles':>9}{'names':>8}"
          f"{'kind':>8}{'ms median':>11}{'ms worst':>10}")
    pooled = []
    for producer, items in list(rows.items()) + [("all", None)]:
        items = items if items is not None else pooled
        if producer != "all":
            pooled += items
        sc = [s for s, _ in items]
        found = sum(s.found for s in sc) / max(sum(s.total for s in sc), 1)
        errs = [s.error for s in sc if s.error is not None]
        titles = sum(s.titles_exact for s in sc) / max(sum(s.titles_total for s in sc), 1)
        names = sum(s.names_exact for s in sc) / max(sum(s.names_total for s in sc), 1)
        kind = sum(s.kind_ok for s in sc) / max(len(sc), 1)
        ms = [t * 1000 for _, t in items]
        print(f"{producer:12}{len(sc):>8}{found:>14.3f}{statistics.mean(errs) if errs else float('nan'):>13.5f}"
              f"{titles:>9.3f}{names:>8.3f}{kind:>8.3f}{statistics.median(ms):>11.1f}{max(ms):>10.1f}")
    # the pooled row once more, as the one line to quote
    print(f"RESULT charts={len(sc)} series_found={found:.3f} point_error={statistics.mean(errs) if errs else float('nan'):.5f} "
          f"titles_exact={titles:.3f} names_exact={names:.3f} kind={kind:.3f} ms_median={statistics.median(ms):.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
