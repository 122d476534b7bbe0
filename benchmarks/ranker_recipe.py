"""Which sentence columns the learned ranker reads, chosen by nested cross-validation.

    python benchmarks/ranker_recipe.py CORPUS_DIR --eval-dir ../shared/eval --cache DIR \\
        --out OUT.jsonl [--folds-dir DIR] [--folds 5] [--inner 4]

For each outer fold, every candidate set of unused columns (:data:`CANDIDATES`) is scored by
cross-validation inside the fold's training documents (``--inner`` folds), through the summary's
own selection as ``run.py rouge`` scores it (the key figures by the hand weights, the extractive
summary at 350 words cut to the abstract's length, ROUGE-2 by run.py's scorer: the same replay as
``benchmarks/ranker_selection.py``, which matches run.py document by document). The best set is
fitted on the whole training part and scores the held-out documents, which no choice saw.
``OUT.jsonl`` has run.py's per-document rows (``doc``, ``mmsum_r2``); ``--folds-dir`` writes
each outer fold's model and documents for ``benchmarks/ranker_folds.py`` (run.py itself).
The choice on all documents (the set the shipped recipe uses, ``mmsum.train.fit.SENTENCE_UNUSED``)
is printed last.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

POSITION = ("position", "early", "intro", "section_first", "section_position")
CANDIDATES = {"all": (), "no-position": POSITION, "no-length": ("log_length",),
              "no-position-no-length": ("log_length", *POSITION)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--eval-dir", type=Path, required=True)
    ap.add_argument("--cache", type=Path, required=True, help="the training command's --cache")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--folds-dir", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--inner", type=int, default=4)
    a = ap.parse_args()
    sys.path.insert(0, str(a.eval_dir))
    import numpy as np
    from run import SCORER, _lines  # the evaluation's own scorer and sentence split

    from ranker_selection import _complete, key_figures, scores_rouge2
    from mmsum.atomic import write_text_atomic
    from mmsum.rank.features import SENTENCE_FEATURES
    from mmsum.rank.scale import unit_scale
    from mmsum.train.data import load_corpus_module
    from mmsum.train.examples import extract
    from mmsum.train.fit import assign_folds, fit, load_tables

    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    tables = load_tables(a.corpus, a.eval_dir, a.cache, log=log)
    examples = {ex.name: ex for ex in extract(sorted(a.corpus.glob("*.pdf")), load_corpus_module(a.eval_dir),
                                              a.cache / "examples", log=lambda m: None)}
    shown = {}
    for t in tables:
        ex = examples[t.name]
        for obj in (ex.doc, *ex.doc.sentences, *ex.doc.figures):
            _complete(obj)
        shown[t.name] = key_figures(ex)  # the learned sentence model keeps the hand-weighted figures

    def rouge2(t, ranker) -> float:
        """run.py's ROUGE-2 of the summary made with ``ranker``'s sentence scores (as
        :func:`mmsum.rank.learned.learned_sentence_scores` scales them)."""
        s = np.where(t.usable, ranker.sentences.score(t.xs, SENTENCE_FEATURES), 0.0)
        return scores_rouge2(examples[t.name], unit_scale(s, robust=False).astype(np.float32), shown[t.name],
                             SCORER, _lines)

    def choose(train: list, k: int) -> tuple[str, dict[str, float]]:
        inner = assign_folds([t.name for t in train], k)
        means = {}
        for name, unused in CANDIDATES.items():
            got = []
            for f in range(k):
                model = fit([t for t in train if inner[t.name] != f], sentence_unused=unused)
                got += [rouge2(t, model) for t in train if inner[t.name] == f]
            means[name] = statistics.mean(got)
        return max(means, key=means.get), means

    fold_of = assign_folds([t.name for t in tables], a.folds)
    rows = []
    for fold in range(a.folds):
        train = [t for t in tables if fold_of[t.name] != fold]
        test = [t for t in tables if fold_of[t.name] == fold]
        best, means = choose(train, a.inner)
        print(f"fold {fold}: " + " ".join(f"{n}={v:.2f}" for n, v in means.items()) + f" -> {best}", flush=True)
        model = fit(train, sentence_unused=CANDIDATES[best])
        rows += [{"doc": t.name, "mmsum_r2": rouge2(t, model), "unused": best} for t in test]
        if a.folds_dir:
            a.folds_dir.mkdir(parents=True, exist_ok=True)
            write_text_atomic(a.folds_dir / f"fold_{fold}.json", json.dumps(model.to_dict()))
            write_text_atomic(a.folds_dir / f"fold_{fold}.txt", "".join(t.name + "\n" for t in test))
    write_text_atomic(a.out, "".join(json.dumps(r) + "\n" for r in sorted(rows, key=lambda r: r["doc"])))
    print(f"RESULT papers={len(rows)} nested mmsum_r2={statistics.mean(r['mmsum_r2'] for r in rows):.2f}")
    best, means = choose(tables, a.folds)
    print("on all documents: " + " ".join(f"{n}={v:.2f}" for n, v in means.items()) + f" -> {best}")


if __name__ == "__main__":
    main()
