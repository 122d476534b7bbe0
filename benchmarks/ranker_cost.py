"""What the learned ranker adds to a summary's time.

    python benchmarks/ranker_cost.py PDF [PDF ...] [--repeat 5]

For each document: one summary's total time (embeddings cached, as a second summary of the
same document), then the ranking stage alone, heuristic and learned (median of ``--repeat``),
on the same vectors. Prints the learned ranker's extra time as a share of the summary.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from mmsum.options import SummaryOptions
from mmsum.pipeline import Summarizer
from mmsum.rank import rank_document
from mmsum.train.data import _capture


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", type=Path, nargs="+")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    s = Summarizer()
    shares = []
    for pdf in a.pdfs:
        _capture(s, pdf)  # fills the embedding cache
        t = time.perf_counter()
        s.summarize(pdf, SummaryOptions(words=350))
        total = time.perf_counter() - t
        doc, emb, figs = _capture(s, pdf)
        rank_document(doc, emb, figs, ranker="learned")  # loads the weights once
        times = {}
        for ranker in ("heuristic", "learned"):
            runs = []
            for _ in range(a.repeat):
                t = time.perf_counter()
                rank_document(doc, emb, figs, ranker=ranker)
                runs.append(time.perf_counter() - t)
            times[ranker] = statistics.median(runs)
        extra = times["learned"] - times["heuristic"]
        shares.append(extra / total)
        print(f"{pdf.name}: summary {total:.2f} s, ranking heuristic {times['heuristic'] * 1000:.0f} ms, "
              f"learned {times['learned'] * 1000:.0f} ms, extra {100 * extra / total:.1f}% of the summary")
    print(f"RESULT docs={len(shares)} extra_share_mean={statistics.mean(shares):.4f} "
          f"extra_share_max={max(shares):.4f}")


if __name__ == "__main__":
    main()
