"""ROUGE-2 ratio to the best baseline per kind of document, from run.py's per-document rows.

    python benchmarks/genre_ratios.py ROUGE.jsonl [--seed 0] [--samples 2000]

The kind is the file name's prefix that ``../shared/corpus/build-large.sh`` gives: ``dbd`` and
``dbm`` arXiv papers, ``pwl`` classic computer-science papers, ``rjss`` R software papers. For
each kind: the mean of ``mmsum_r2`` over the mean of the baseline (``lead_r2``, ``lexrank_r2``,
``textrank_r2``) with the highest mean among its documents, and a 95% bootstrap interval over
the documents (the best baseline chosen again in each sample).
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

KINDS = {"dbd": "arXiv", "dbm": "arXiv", "pwl": "classic CS", "rjss": "R"}
PEERS = ("lead_r2", "lexrank_r2", "textrank_r2")


def ratio(rows: list[dict]) -> tuple[float, str]:
    """mean mmsum ROUGE-2 / mean ROUGE-2 of the best baseline of ``rows``, and that baseline."""
    best = max(PEERS, key=lambda p: sum(r[p] for r in rows))
    return sum(r["mmsum_r2"] for r in rows) / max(sum(r[best] for r in rows), 1e-9), best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rows", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--samples", type=int, default=2000)
    a = ap.parse_args()
    rows = [json.loads(line) for line in a.rows.read_text().splitlines() if line.strip()]
    for kind in (*dict.fromkeys(KINDS.values()), None):
        mine = [r for r in rows if kind is None or KINDS.get(r["doc"].split("-")[0]) == kind]
        if not mine:
            continue
        value, best = ratio(mine)
        rng = random.Random(a.seed)
        boot = sorted(ratio([rng.choice(mine) for _ in mine])[0] for _ in range(a.samples))
        lo, hi = boot[int(0.025 * a.samples)], boot[int(0.975 * a.samples) - 1]
        mean = sum(r["mmsum_r2"] for r in mine) / len(mine)
        print(f"RESULT kind={(kind or 'all').replace(' ', '_')} docs={len(mine)} mmsum_r2={mean:.2f} best_peer={best} "
              f"r2_ratio={value:.3f} r2_ratio_lo={lo:.3f} r2_ratio_hi={hi:.3f}")


if __name__ == "__main__":
    main()
