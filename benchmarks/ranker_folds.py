"""Measure fold models on the documents they were not trained on, with the evaluation's run.py.

    python benchmarks/ranker_folds.py CORPUS_DIR FOLDS_DIR OUT_DIR [--what rouge,salience] [--eval-dir ../shared/eval]

FOLDS_DIR is what ``python -m mmsum.train ... --folds-dir`` wrote: ``fold_K.json`` (a
model) and ``fold_K.txt`` (its held-out documents). For each fold, run.py measures the
held-out documents with ``--args "--ranker fold_K.json"``; the per-document rows of all
folds are joined into ``OUT_DIR/<what>.jsonl``, to be compared with a run of another ranker
on the same documents: ``run.py compare OLD.jsonl OUT_DIR/rouge.jsonl``.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("folds", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--what", default="rouge,salience")
    ap.add_argument("--only", help="these folds only, in this order (e.g. 4,3); the joined file is then not written")
    ap.add_argument("--eval-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    models = sorted(a.folds.glob("fold_*.json"))
    if a.only:
        models = [a.folds / f"fold_{k}.json" for k in a.only.split(",")]
    if not models:
        sys.exit(f"no fold_K.json in {a.folds}")
    for what in a.what.split(","):
        rows: list[str] = []
        for model in models:
            names = model.with_suffix(".txt").read_text().split()
            with tempfile.TemporaryDirectory() as tmp:
                for n in names:
                    (Path(tmp) / n).symlink_to((a.corpus / n).resolve())
                per_doc = a.out / f"{what}.{model.stem}.jsonl"
                log = a.out / f"{what}.{model.stem}.log"
                with open(log, "w") as fh:
                    subprocess.run([sys.executable, str(a.eval_dir / "run.py"), what, tmp, "--per-doc", str(per_doc),
                                    "--args", f"--ranker {model.resolve()}"], stdout=fh, stderr=subprocess.STDOUT,
                                   check=False)
                print(f"{what} {model.stem}: {log.read_text().strip().splitlines()[-1]}", flush=True)
                if per_doc.exists():
                    rows.append(per_doc.read_text())
        if a.only:
            continue
        (a.out / f"{what}.jsonl").write_text("".join(rows))
        print(joined_result(what, a.out / f"{what}.jsonl", a.eval_dir), flush=True)


def joined_result(what: str, path: Path, eval_dir: Path) -> str:
    """The RESULT line of the folds together, as run.py computes it over one run."""
    import json

    return rows_result(what, [json.loads(line) for line in path.read_text().splitlines() if line.strip()],
                       eval_dir)


def rows_result(what: str, rows: list[dict], eval_dir: Path) -> str:
    """The RESULT line of run.py's per-document ``rows`` of ``what`` (rouge or salience), with
    the evaluation's own bootstrap interval."""
    import statistics

    sys.path.insert(0, str(eval_dir))
    from run import ci_fields  # the evaluation's own bootstrap

    if not rows:
        return f"RESULT {what} joined: no rows"
    if what == "rouge":
        peer = max(("lead", "lexrank", "textrank"), key=lambda k: statistics.mean(r[f"{k}_r2"] for r in rows))
        ours, theirs = [r["mmsum_r2"] for r in rows], [r[f"{peer}_r2"] for r in rows]
        return (f"RESULT joined papers={len(rows)} mmsum_r2={statistics.mean(ours):.2f} best_peer={peer} "
                f"r2_ratio={statistics.mean(ours) / statistics.mean(theirs):.3f} {ci_fields('r2_ratio', ours, theirs)}")
    if what == "salience":
        ours, first = [r["mmsum_top1"] for r in rows], [r["figure1_top1"] for r in rows]
        return (f"RESULT joined papers={len(rows)} mmsum_top1={statistics.mean(ours):.3f} "
                f"figure1_top1={statistics.mean(first):.3f} vs_figure1={sum(ours) / max(sum(first), 1):.3f} "
                f"{ci_fields('vs_figure1', ours, first)}")
    return f"RESULT joined rows={len(rows)}"


if __name__ == "__main__":
    main()
