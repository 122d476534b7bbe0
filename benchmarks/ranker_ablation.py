"""What each modality adds to the learned figure model, held out, as per-document rows.

    python benchmarks/ranker_ablation.py CORPUS_DIR --eval-dir ../shared/eval --cache DIR --out-dir OUT
    python ../shared/eval/run.py compare OUT/all.jsonl OUT/without-pixels.jsonl

On the training command's cached feature tables (``python -m mmsum.train ... --cache DIR``),
five folds of whole documents: for each fold a figure model is fitted on the other folds with
every feature (``all``), without the pixel columns (``without-pixels``), without the
figure-text columns (``without-figure-text``) or without both, and ranks the held-out
documents' figures. Scored on documents with three figures or more and a clear caption oracle
(what ``run.py salience`` counts): ``mmsum_top1`` (the top figure is the oracle, 0/1) and
``rr`` (1 / the oracle's rank). ``heuristic.jsonl`` (the hand weights) and ``first.jsonl``
(Figure 1) are written beside them, so every pair goes to ``run.py compare``.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import numpy as np

VARIANTS = {"all": (), "without-pixels": ("pixels",), "without-figure-text": ("figure-text",),
            "without-both": ("pixels", "figure-text")}


def rank_of(scores: np.ndarray, best: int) -> int:
    """1-based rank of ``best`` under ``scores`` (ties broken by figure order, as the summary does)."""
    order = np.argsort(-scores, kind="stable")
    return int(np.flatnonzero(order == best)[0]) + 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--eval-dir", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True, help="the training command's --cache")
    ap.add_argument("--out-dir", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args()

    from mmsum.rank.features import FIGURE_FEATURES
    from mmsum.train.fit import assign_folds, clear_oracle, fit, load_tables, with_pixels

    tables = load_tables(a.corpus, a.eval_dir, a.cache, log=lambda m: print(m, file=sys.stderr))
    fold_of = assign_folds([t.name for t in tables], a.folds)
    scored = [t for t in tables if len(t.yc) >= 3 and clear_oracle(t.yc) is not None]
    rows: dict[str, list[dict]] = {name: [] for name in (*VARIANTS, "heuristic", "first")}
    for fold in range(a.folds):
        train = [t for t in tables if fold_of[t.name] != fold]
        models = {name: fit(train, without) for name, without in VARIANTS.items()}
        for t in (t for t in scored if fold_of[t.name] == fold):
            best = clear_oracle(t.yc)
            candidates = {name: m.figures.score(with_pixels(t, m.pixel_basis), FIGURE_FEATURES)
                          for name, m in models.items()}
            candidates["heuristic"] = t.xf[:, FIGURE_FEATURES.index("heuristic")]
            candidates["first"] = -np.arange(len(t.yc), dtype=float)
            for name, s in candidates.items():
                r = rank_of(np.where(t.excluded, -np.inf, s), best)
                rows[name].append({"doc": t.name, "mmsum_top1": float(r == 1), "rr": 1.0 / r})
    a.out_dir.mkdir(parents=True, exist_ok=True)
    for name, rs in rows.items():
        rs.sort(key=lambda r: r["doc"])
        (a.out_dir / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rs))
        print(f"RESULT variant={name} papers={len(rs)} top1={statistics.mean(r['mmsum_top1'] for r in rs):.3f} "
              f"mrr={statistics.mean(r['rr'] for r in rs):.3f}")


if __name__ == "__main__":
    main()
